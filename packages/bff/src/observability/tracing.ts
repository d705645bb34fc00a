import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingHttpHeaders } from 'node:http';
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Span,
  type Tracer,
  type TracerProvider,
} from '@opentelemetry/api';
import { readTraceContext, writeTraceContext } from './trace-context.ts';

/** The `tracing` option of `createBff`. */
export interface TracingOptions {
  /**
   * Where spans go: an OpenTelemetry SDK `TracerProvider` the application built (the deployable
   * server builds one from the standard `OTEL_*` variables, exporting by OTLP/HTTP).
   */
  tracerProvider: TracerProvider;
  /**
   * Continue the trace named by an incoming `traceparent`/`tracestate` (default `false`). Off,
   * every request starts a new trace, and a well-formed incoming `traceparent` is only recorded
   * as a span link: a browser (anyone on the internet) cannot make the BFF join, or force the
   * sampling of, a trace of its choosing. Turn it on when a trusted proxy in front sets them.
   */
  trustIncomingContext?: boolean;
}

/** The BFF's spans, made only when tracing is configured (see `createBff`'s `tracing`). */
export interface Tracing {
  tracer: Tracer;
  /** A server span for an incoming request: a new root, or the incoming trace when trusted. */
  startServerSpan(name: string, headers: IncomingHttpHeaders, attributes: Attributes): Span;
  /** A span under the current request's span, or undefined outside a request. */
  startChildSpan(name: string, kind: SpanKind, attributes: Attributes): Span | undefined;
  /** Runs `work` with `span` as the current request's span (for the store, grants, upstream). */
  runWithin<T>(span: Span, work: () => T): T;
  /** Writes `traceparent` (and `tracestate`) for `span` into outgoing headers, replacing any. */
  inject(span: Span, headers: Record<string, string | string[]>): void;
}

/**
 * Tracing as the BFF does it, built once at construction. Only called when the application
 * configured it: without the option no `Tracing` exists and no code path touches OpenTelemetry.
 *
 * The current request's span is kept in an AsyncLocalStorage of our own, not in the global
 * OpenTelemetry context manager: a library must not need the host to register one, and the
 * store, grant and upstream spans must find their parent whatever the host did.
 *
 * @example
 * const tracing = createTracing({ tracerProvider });
 * const span = tracing.startServerSpan('GET /bff/user', req.headers, {});
 */
export function createTracing(options: TracingOptions): Tracing {
  const tracer = options.tracerProvider.getTracer('@cloakroom/bff');
  const current = new AsyncLocalStorage<Context>();
  const trusting = options.trustIncomingContext === true;

  return {
    tracer,
    startServerSpan(name, headers, attributes) {
      const remote = headers.traceparent === undefined ? undefined : readTraceContext(headers);
      if (remote === undefined) {
        return tracer.startSpan(name, { kind: SpanKind.SERVER, attributes }, ROOT_CONTEXT);
      }
      if (trusting) {
        const parent = trace.setSpanContext(ROOT_CONTEXT, remote);
        return tracer.startSpan(name, { kind: SpanKind.SERVER, attributes }, parent);
      }
      // Recorded, not followed: a link lets the browser's trace be found without joining it.
      const links: Link[] = [{ context: remote }];
      return tracer.startSpan(name, { kind: SpanKind.SERVER, attributes, links }, ROOT_CONTEXT);
    },
    startChildSpan(name, kind, attributes) {
      const parent = current.getStore();
      if (parent === undefined) return undefined;
      return tracer.startSpan(name, { kind, attributes }, parent);
    },
    runWithin(span, work) {
      return current.run(trace.setSpan(ROOT_CONTEXT, span), work);
    },
    inject(span, headers) {
      writeTraceContext(span.spanContext(), headers);
    },
  };
}

/**
 * Ends `span` for a failure: error status and `error.type` = the BFF's stable error code (never
 * the message, which may quote an IdP's answer).
 */
export function endWithError(span: Span, code: string): void {
  span.setAttribute('error.type', code);
  span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}

/**
 * Ends a server span once the answer is known: named by the matched route (`GET /api/billing`)
 * when there is one, with `http.route` and the status; a `5xx` marks it as an error.
 */
export function endServerSpan(
  span: Span,
  method: string,
  route: string | undefined,
  status: number,
): void {
  if (route !== undefined) {
    span.setAttribute('http.route', route);
    span.updateName(`${method} ${route}`);
  }
  span.setAttribute('http.response.status_code', status);
  if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}
