import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../session/memory-store.ts';
import type { SessionStore } from '../session/session-store.ts';
import { createMetrics } from './metrics.ts';
import { observeStore } from './observed-store.ts';
import { createTracing } from './tracing.ts';

const record = { data: 'sealed-data', sub: 'alice', sid: 'sid-1', expiresAt: Date.now() + 60_000 };

describe('observeStore', () => {
  it('times every call by operation and outcome, and answers as the store does', async () => {
    const metrics = createMetrics();
    const store = observeStore(createMemoryStore(), { durations: metrics.storeDuration });
    expect(await store.set('key-1', record)).toBe(1);
    expect(await store.get('key-1')).toMatchObject({ sub: 'alice', version: 1 });
    expect(await store.listBySub('alice')).toHaveLength(1);
    await store.destroy('key-1');
    const text = await metrics.registry.metrics();
    for (const operation of ['set', 'get', 'listBySub', 'destroy']) {
      expect(text).toMatch(
        new RegExp(
          `^cloakroom_session_store_call_duration_seconds_count\\{operation="${operation}",outcome="ok"\\} 1$`,
          'm',
        ),
      );
    }
  });

  it('counts a failing call as an error and rethrows it', async () => {
    const metrics = createMetrics();
    const failing = Object.assign(createMemoryStore(), {
      get: () => Promise.reject(new Error('store down')),
    }) as SessionStore;
    const store = observeStore(failing, { durations: metrics.storeDuration });
    await expect(store.get('k')).rejects.toThrow('store down');
    expect(await metrics.registry.metrics()).toMatch(
      /^cloakroom_session_store_call_duration_seconds_count\{operation="get",outcome="error"\} 1$/m,
    );
  });

  it('wraps methods an adapter adds beyond the contract, and reads other properties through', async () => {
    const metrics = createMetrics();
    const extended = Object.assign(createMemoryStore(), {
      label: 'extended',
      publish: async (channel: string) => channel.length,
    });
    const store = observeStore(extended, { durations: metrics.storeDuration });
    expect(await store.publish('abc')).toBe(3);
    expect(store.label).toBe('extended');
    expect(await metrics.registry.metrics()).toContain('operation="publish"');
  });

  it('makes a span per call only inside a request, holding the operation and no key or record', async () => {
    const exporter = new InMemorySpanExporter();
    const tracing = createTracing({
      tracerProvider: new TracerProvider({
        spanProcessors: [new SimpleSpanProcessor({ exporter })],
      }),
    });
    const store = observeStore(createMemoryStore(), {
      durations: createMetrics().storeDuration,
      tracing,
    });
    await store.set('key-outside', record);
    expect(exporter.getFinishedSpans()).toHaveLength(0);

    const request = tracing.startServerSpan('GET /api', {}, {});
    await tracing.runWithin(request, () => store.get('key-inside'));
    request.end();
    const spans = exporter.getFinishedSpans();
    expect(spans.map((span) => span.name)).toEqual(['session_store get', 'GET /api']);
    expect(spans[0]!.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
    expect(spans[0]!.attributes).toEqual({ 'cloakroom.store.operation': 'get' });
    expect(JSON.stringify(spans[0]!.attributes)).not.toContain('key-inside');
  });
});
