import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  TracerProvider,
  type Sampler,
  type SpanExporter,
} from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { SamplerName, TracingConfig } from './tracing-config.ts';

type ExporterOptions = NonNullable<ConstructorParameters<typeof OTLPTraceExporter>[0]>;

/**
 * The OpenTelemetry SDK as the server runs it: an OTLP/HTTP (JSON) exporter to the configured
 * URL behind a batch processor, the `service.name` resource, and the configured sampler. Every
 * setting comes from the parsed `OTEL_*` variables (SDK 3 no longer reads the sampler or batch
 * variables itself). `exporter` replaces OTLP, for tests.
 *
 * @example
 * const provider = createTracerProvider(config.tracing);
 * createBff({ ...options, tracing: { tracerProvider: provider } }, app);
 * await provider.shutdown(); // flushes what is queued
 */
export function createTracerProvider(
  config: TracingConfig,
  exporter: SpanExporter = new OTLPTraceExporter({
    url: config.url,
    headers: config.headers,
    ...(config.timeoutMillis !== undefined ? { timeoutMillis: config.timeoutMillis } : {}),
    // The exporter's CompressionAlgorithm enum has exactly these string values.
    ...(config.compression !== undefined
      ? { compression: config.compression as ExporterOptions['compression'] }
      : {}),
  }) as unknown as SpanExporter,
): TracerProvider {
  return new TracerProvider({
    resource: resourceFromAttributes({
      ...config.resourceAttributes,
      [ATTR_SERVICE_NAME]: config.serviceName,
    }),
    sampler: sampler(config.sampler, config.samplerRatio),
    spanProcessors: [new BatchSpanProcessor({ exporter, ...config.batch })],
  });
}

function sampler(name: SamplerName, ratio: number): Sampler {
  switch (name) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(ratio);
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) });
    default:
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}
