import { TraceFlags } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { readTraceContext, writeTraceContext } from './trace-context.ts';

const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const spanId = '00f067aa0ba902b7';

describe('W3C trace context', () => {
  it('reads a well-formed traceparent and its tracestate as a remote context', () => {
    const context = readTraceContext({
      traceparent: `00-${traceId}-${spanId}-01`,
      tracestate: 'vendor=abc',
    });
    expect(context).toMatchObject({ traceId, spanId, traceFlags: 1, isRemote: true });
    expect(context?.traceState?.get('vendor')).toBe('abc');
  });

  it('refuses anything else: bad version, zero ids, upper case, extra fields on 00, garbage', () => {
    for (const traceparent of [
      `ff-${traceId}-${spanId}-01`,
      `00-${'0'.repeat(32)}-${spanId}-01`,
      `00-${traceId}-${'0'.repeat(16)}-01`,
      `00-${traceId.toUpperCase()}-${spanId}-01`,
      `00-${traceId}-${spanId}-01-extra`,
      `00-${traceId}-${spanId}`,
      'x'.repeat(2000),
    ]) {
      expect(readTraceContext({ traceparent })).toBeUndefined();
    }
    expect(readTraceContext({})).toBeUndefined();
  });

  it('accepts a future version with more fields, keeping the four it knows', () => {
    expect(readTraceContext({ traceparent: `01-${traceId}-${spanId}-03-more` })).toMatchObject({
      traceId,
      spanId,
      traceFlags: TraceFlags.SAMPLED,
    });
  });

  it('writes traceparent (and tracestate) over whatever the headers held', () => {
    const headers: Record<string, string | string[]> = {
      traceparent: 'from-the-browser',
      tracestate: 'browser=1',
    };
    writeTraceContext({ traceId, spanId, traceFlags: TraceFlags.SAMPLED }, headers);
    expect(headers).toEqual({ traceparent: `00-${traceId}-${spanId}-01` });
  });
});
