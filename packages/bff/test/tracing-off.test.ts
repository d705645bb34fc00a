import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { useStack } from '@cloakroom/test-stack';

// "Off means off": without the `tracing` option, a login and proxied calls never call into
// OpenTelemetry (its API's trace, context and propagation, which every span and every trace
// header goes through). The same
// traffic with tracing on does, which shows the spies see what they should.
const calls = vi.hoisted(() => [] as string[]);

vi.mock('@opentelemetry/api', async (importOriginal) => {
  const real = await importOriginal<typeof import('@opentelemetry/api')>();
  const spied = <T extends object>(name: string, target: T): T =>
    new Proxy(target, {
      get(object, property) {
        const value: unknown = Reflect.get(object, property);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls.push(`${name}.${String(property)}`);
          return (value as (...a: unknown[]) => unknown).apply(object, args);
        };
      },
    });
  return {
    ...real,
    trace: spied('trace', real.trace),
    context: spied('context', real.context),
    propagation: spied('propagation', real.propagation),
  };
});

const untraced = useStack();
const exporter = new InMemorySpanExporter();
const traced = useStack({
  bffOptions: {
    tracing: {
      tracerProvider: new TracerProvider({
        spanProcessors: [new SimpleSpanProcessor({ exporter })],
      }),
    },
  },
});

beforeEach(() => {
  calls.length = 0;
});

describe('tracing off', () => {
  it('a login, /bff/user and proxied calls never call into OpenTelemetry', async () => {
    const browser = await untraced.login();
    expect((await untraced.call(browser, '/bff/user')).status).toBe(200);
    const proxied = await untraced.call(browser, '/api/me', {
      headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
    });
    expect(proxied.status).toBe(200);
    expect((await untraced.call(browser, '/api/notes')).status).toBe(200);
    expect(calls).toEqual([]);
  });

  it('the same traffic with tracing on does (the spies work)', async () => {
    const browser = await traced.login();
    expect((await traced.call(browser, '/api/me')).status).toBe(200);
    expect(calls).toContain('trace.setSpan');
    expect(exporter.getFinishedSpans().map((span) => span.name)).toContain('GET /api');
  });
});
