import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';
import { readTracingEnv } from './tracing-config.ts';

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    return error instanceof ConfigError ? error.problems : [String(error)];
  }
};

describe('tracing from OTEL_* variables', () => {
  it('is off without an OTLP endpoint, and with OTEL_SDK_DISABLED or OTEL_TRACES_EXPORTER=none', () => {
    expect(loadConfig({}).tracing).toBeUndefined();
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };
    expect(readTracingEnv({ ...endpoint, OTEL_SDK_DISABLED: 'true' }).tracing).toBeUndefined();
    expect(readTracingEnv({ ...endpoint, OTEL_TRACES_EXPORTER: 'none' }).tracing).toBeUndefined();
  });

  it('exports to <endpoint>/v1/traces as cloakroom-bff, sampling parent-based always-on', () => {
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).tracing).toEqual({
      url: 'http://collector:4318/v1/traces',
      headers: {},
      timeoutMillis: undefined,
      compression: undefined,
      serviceName: 'cloakroom-bff',
      resourceAttributes: {},
      sampler: 'parentbased_always_on',
      samplerRatio: 1,
      batch: {},
      trustIncomingContext: false,
    });
  });

  it('reads the per-signal endpoint as given, the service name, headers, sampler and batch settings', () => {
    const { tracing } = readTracingEnv({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://ignored:4318',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://traces.example/otlp/v1/traces',
      OTEL_SERVICE_NAME: 'shop-bff',
      OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=abc%3D,tenant=t1',
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.25',
      OTEL_BSP_SCHEDULE_DELAY: '1000',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=prod',
      TRACE_TRUST_INCOMING: 'true',
    });
    expect(tracing).toMatchObject({
      url: 'https://traces.example/otlp/v1/traces',
      serviceName: 'shop-bff',
      headers: { 'x-api-key': 'abc=', tenant: 't1' },
      sampler: 'parentbased_traceidratio',
      samplerRatio: 0.25,
      batch: { scheduledDelayMillis: 1000 },
      resourceAttributes: { 'deployment.environment': 'prod' },
      trustIncomingContext: true,
    });
  });

  it('refuses to start on bad values, naming each variable and never quoting a header value', () => {
    const problems = problemsOf({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      OTEL_EXPORTER_OTLP_HEADERS: 'secret-api-key-value',
      OTEL_TRACES_SAMPLER: 'sometimes',
      OTEL_TRACES_SAMPLER_ARG: '2',
      OTEL_BSP_MAX_QUEUE_SIZE: '-1',
      OTEL_SERVICE_NAME: ' ',
      TRACE_TRUST_INCOMING: 'yes',
    });
    expect(problems.map((problem) => problem.split(':')[0])).toEqual([
      'OTEL_EXPORTER_OTLP_PROTOCOL',
      'OTEL_EXPORTER_OTLP_ENDPOINT',
      'OTEL_EXPORTER_OTLP_HEADERS',
      'OTEL_SERVICE_NAME',
      'OTEL_TRACES_SAMPLER',
      'OTEL_TRACES_SAMPLER_ARG',
      'OTEL_BSP_MAX_QUEUE_SIZE',
      'TRACE_TRUST_INCOMING',
    ]);
    expect(problems.join('\n')).not.toContain('secret-api-key-value');
  });
});
