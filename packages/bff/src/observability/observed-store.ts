import { SpanKind, type Span } from '@opentelemetry/api';
import type { Histogram } from 'prom-client';
import type { SessionStore } from '../session/session-store.ts';
import { endWithError, type Tracing } from './tracing.ts';

/**
 * The session store with every call measured: its latency in
 * `cloakroom_session_store_call_duration_seconds{operation}` and, with tracing, a span
 * `session_store <operation>` under the request that made it (calls outside a request, such as
 * expiry sweeps, make no span). Neither ever holds a key, a `sub`, a `sid` or a record.
 *
 * Every method is wrapped, including ones an adapter adds beyond the contract; other properties
 * are read through from the store itself.
 *
 * @example
 * const store = observeStore(createMemoryStore(), { durations: metrics.storeDuration });
 */
export function observeStore<S extends SessionStore>(
  store: S,
  deps: { durations: Histogram<'operation' | 'outcome'>; tracing?: Tracing | undefined },
): S {
  const observed = Object.create(store) as S;
  for (const name of methodNames(store)) {
    const original = (store as unknown as Record<string, (...args: unknown[]) => unknown>)[name]!;
    // Children made once per method: observing by a labels object hashes it on every call,
    // and `get` runs on every proxied request.
    const ok = deps.durations.labels({ operation: name, outcome: 'ok' });
    const failed = deps.durations.labels({ operation: name, outcome: 'error' });
    const tracing = deps.tracing;
    (observed as unknown as Record<string, unknown>)[name] = function observedCall(
      ...args: unknown[]
    ): unknown {
      const started = performance.now();
      const span: Span | undefined = tracing?.startChildSpan(
        `session_store ${name}`,
        SpanKind.CLIENT,
        { 'cloakroom.store.operation': name },
      );
      const done = (error?: unknown) => {
        const seconds = (performance.now() - started) / 1000;
        (error === undefined ? ok : failed).observe(seconds);
        if (!span) return;
        if (error === undefined) span.end();
        else endWithError(span, error instanceof Error ? error.name : 'error');
      };
      let result: unknown;
      try {
        result = original.apply(store, args);
      } catch (error) {
        done(error ?? 'error');
        throw error;
      }
      if (!(result instanceof Promise)) {
        done();
        return result;
      }
      return result.then(
        (value: unknown) => {
          done();
          return value;
        },
        (error: unknown) => {
          done(error ?? 'error');
          throw error;
        },
      );
    };
  }
  return observed;
}

/** The store's methods, own and inherited (an adapter may be a class), but not Object's. */
function methodNames(store: object): string[] {
  const names = new Set<string>();
  for (let o: object | null = store; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    for (const name of Object.getOwnPropertyNames(o)) {
      if (name === 'constructor') continue;
      const descriptor = Object.getOwnPropertyDescriptor(o, name);
      if (typeof descriptor?.value === 'function') names.add(name);
    }
  }
  return [...names];
}
