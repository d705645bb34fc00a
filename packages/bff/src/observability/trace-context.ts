import type { IncomingHttpHeaders } from 'node:http';
import {
  TraceFlags,
  createTraceState,
  isSpanContextValid,
  type SpanContext,
} from '@opentelemetry/api';

/**
 * W3C Trace Context (`traceparent`, `tracestate`) read and written by hand, with the API's
 * types: @opentelemetry/core's propagator needs Node 22.15, and the library supports 22.13.
 * Reading is strict: anything but a well-formed header is no context at all.
 */

// version-traceid-parentid-flags; a future version may append fields after a dash.
const traceparentPattern = /^([\da-f]{2})-([\da-f]{32})-([\da-f]{16})-([\da-f]{2})(-.*)?$/;

/**
 * The remote span context an incoming `traceparent` (and `tracestate`) names, or undefined.
 *
 * @example
 * readTraceContext({ traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' });
 */
export function readTraceContext(headers: IncomingHttpHeaders): SpanContext | undefined {
  const header = headers.traceparent;
  if (typeof header !== 'string') return undefined;
  const match = traceparentPattern.exec(header.trim());
  if (!match) return undefined;
  const [, version, traceId, spanId, flags, rest] = match;
  // Version ff is invalid; version 00 has exactly four fields.
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  const state = headers.tracestate;
  const context: SpanContext = {
    traceId: traceId!,
    spanId: spanId!,
    traceFlags: Number.parseInt(flags!, 16) & TraceFlags.SAMPLED,
    isRemote: true,
    ...(state === undefined
      ? {}
      : { traceState: createTraceState(Array.isArray(state) ? state.join(',') : state) }),
  };
  return isSpanContextValid(context) ? context : undefined;
}

/**
 * Writes `traceparent` (and `tracestate`, when the context has one) for `context` into
 * outgoing headers, replacing whatever was there.
 *
 * @example
 * writeTraceContext(span.spanContext(), headers);
 */
export function writeTraceContext(
  context: SpanContext,
  headers: Record<string, string | string[]>,
): void {
  delete headers.traceparent;
  delete headers.tracestate;
  const flags = (context.traceFlags & TraceFlags.SAMPLED).toString(16).padStart(2, '0');
  headers.traceparent = `00-${context.traceId}-${context.spanId}-${flags}`;
  const state = context.traceState?.serialize();
  if (state) headers.tracestate = state;
}
