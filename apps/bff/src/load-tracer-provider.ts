import type { TracerProvider } from '@opentelemetry/sdk-trace';
import type { TracingConfig } from './tracing-config.ts';

/**
 * The server's tracer provider (see `tracer-provider.ts`), with the OpenTelemetry SDK loaded
 * only now: a server without `OTEL_EXPORTER_OTLP_ENDPOINT` never reads a module of it (and the
 * SDK 3 packages need Node 22.15, the server otherwise 22.13).
 *
 * @example
 * const { tracing } = readTracingEnv(process.env);
 * const provider = tracing && (await loadTracerProvider(tracing));
 */
export async function loadTracerProvider(config: TracingConfig): Promise<TracerProvider> {
  const { createTracerProvider } = await import('./tracer-provider.ts');
  return createTracerProvider(config);
}
