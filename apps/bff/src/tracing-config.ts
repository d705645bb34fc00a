type Env = Record<string, string | undefined>;

/** The samplers of the OpenTelemetry environment specification (`OTEL_TRACES_SAMPLER`). */
const samplers = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;
export type SamplerName = (typeof samplers)[number];

/** Tracing as the standard `OTEL_*` variables configure it (see docs/operations.md). */
export interface TracingConfig {
  /** The OTLP/HTTP traces URL (`…/v1/traces`). */
  url: string;
  /** `OTEL_EXPORTER_OTLP_(TRACES_)HEADERS`: sent with every export (an API key, often). */
  headers: Record<string, string>;
  timeoutMillis: number | undefined;
  compression: 'none' | 'gzip' | undefined;
  serviceName: string;
  /** `OTEL_RESOURCE_ATTRIBUTES`. */
  resourceAttributes: Record<string, string>;
  sampler: SamplerName;
  samplerRatio: number;
  batch: {
    scheduledDelayMillis?: number;
    exportTimeoutMillis?: number;
    maxQueueSize?: number;
    maxExportBatchSize?: number;
  };
  /** `TRACE_TRUST_INCOMING=true`: continue a request's incoming `traceparent`. */
  trustIncomingContext: boolean;
}

/**
 * Reads the standard OpenTelemetry variables: tracing is on when `OTEL_EXPORTER_OTLP_ENDPOINT`
 * (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set and neither `OTEL_SDK_DISABLED=true` nor
 * `OTEL_TRACES_EXPORTER=none` says otherwise. Every bad value is a problem naming its variable
 * (a header's value is never quoted: it is often a key). The SDK itself only warns and goes on
 * without the value; the server refuses to start instead, like every other bad variable.
 *
 * @example
 * const { tracing, problems } = readTracingEnv(process.env);
 */
export function readTracingEnv(env: Env): {
  tracing: TracingConfig | undefined;
  problems: string[];
} {
  const problems: string[] = [];
  const set = (name: string) => (env[name]?.trim() ? env[name].trim() : undefined);
  const disabled = set('OTEL_SDK_DISABLED');
  if (disabled !== undefined && !['true', 'false'].includes(disabled.toLowerCase())) {
    problems.push('OTEL_SDK_DISABLED: true or false');
  }
  const exporter = set('OTEL_TRACES_EXPORTER');
  if (exporter !== undefined && !['otlp', 'none'].includes(exporter)) {
    problems.push(
      'OTEL_TRACES_EXPORTER: otlp or none (the server exports traces by OTLP/HTTP only)',
    );
  }
  for (const name of ['OTEL_EXPORTER_OTLP_PROTOCOL', 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL']) {
    const protocol = set(name);
    if (protocol !== undefined && !['http/json', 'http/protobuf'].includes(protocol)) {
      problems.push(`${name}: http/json or http/protobuf (grpc is not supported; JSON is sent)`);
    }
  }
  const url = exportUrl(env, problems);
  const headers = {
    ...keyValueList(env, 'OTEL_EXPORTER_OTLP_HEADERS', problems),
    ...keyValueList(env, 'OTEL_EXPORTER_OTLP_TRACES_HEADERS', problems),
  };
  const timeoutMillis =
    positiveInteger(env, 'OTEL_EXPORTER_OTLP_TRACES_TIMEOUT', problems) ??
    positiveInteger(env, 'OTEL_EXPORTER_OTLP_TIMEOUT', problems);
  const compression =
    oneOf(env, 'OTEL_EXPORTER_OTLP_TRACES_COMPRESSION', ['none', 'gzip'], problems) ??
    oneOf(env, 'OTEL_EXPORTER_OTLP_COMPRESSION', ['none', 'gzip'], problems);
  const serviceName = env.OTEL_SERVICE_NAME;
  if (serviceName !== undefined && serviceName.trim() === '') {
    problems.push('OTEL_SERVICE_NAME: must not be empty (unset, it is cloakroom-bff)');
  }
  const resourceAttributes = keyValueList(env, 'OTEL_RESOURCE_ATTRIBUTES', problems);
  const sampler = oneOf(env, 'OTEL_TRACES_SAMPLER', samplers, problems) ?? 'parentbased_always_on';
  const ratioText = set('OTEL_TRACES_SAMPLER_ARG');
  const samplerRatio = ratioText === undefined ? 1 : Number(ratioText);
  if (ratioText !== undefined && !(samplerRatio >= 0 && samplerRatio <= 1)) {
    problems.push('OTEL_TRACES_SAMPLER_ARG: a ratio between 0 and 1');
  }
  const batch = {
    scheduledDelayMillis: positiveInteger(env, 'OTEL_BSP_SCHEDULE_DELAY', problems),
    exportTimeoutMillis: positiveInteger(env, 'OTEL_BSP_EXPORT_TIMEOUT', problems),
    maxQueueSize: positiveInteger(env, 'OTEL_BSP_MAX_QUEUE_SIZE', problems),
    maxExportBatchSize: positiveInteger(env, 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE', problems),
  };
  if ((batch.maxExportBatchSize ?? 512) > (batch.maxQueueSize ?? 2048)) {
    problems.push('OTEL_BSP_MAX_EXPORT_BATCH_SIZE: must not exceed OTEL_BSP_MAX_QUEUE_SIZE');
  }
  const trust = set('TRACE_TRUST_INCOMING');
  if (trust !== undefined && !['true', 'false'].includes(trust)) {
    problems.push('TRACE_TRUST_INCOMING: true or false');
  }
  const off = disabled?.toLowerCase() === 'true' || exporter === 'none' || url === undefined;
  if (off || problems.length > 0) return { tracing: undefined, problems };
  return {
    tracing: {
      url,
      headers,
      timeoutMillis,
      compression,
      serviceName: serviceName ?? resourceAttributes['service.name'] ?? 'cloakroom-bff',
      resourceAttributes,
      sampler,
      samplerRatio,
      batch: Object.fromEntries(Object.entries(batch).filter(([, value]) => value !== undefined)),
      trustIncomingContext: trust === 'true',
    },
    problems,
  };
}

/** The traces URL: the per-signal variable as given, else the base endpoint + `v1/traces`. */
function exportUrl(env: Env, problems: string[]): string | undefined {
  for (const [name, suffix] of [
    ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', ''],
    ['OTEL_EXPORTER_OTLP_ENDPOINT', 'v1/traces'],
  ] as const) {
    const value = env[name]?.trim();
    if (!value) continue;
    if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) {
      problems.push(`${name}: an http(s) URL (the OTLP/HTTP receiver, e.g. http://collector:4318)`);
      return undefined;
    }
    return suffix ? new URL(suffix, value.endsWith('/') ? value : `${value}/`).href : value;
  }
  return undefined;
}

/** `key=value,key2=value2` (W3C baggage-like, percent-encoded values); values never quoted. */
function keyValueList(env: Env, name: string, problems: string[]): Record<string, string> {
  const value = env[name]?.trim();
  if (!value) return {};
  const out: Record<string, string> = {};
  for (const [index, entry] of value.split(',').entries()) {
    const at = entry.indexOf('=');
    const key = entry.slice(0, at).trim();
    if (at <= 0 || key === '') {
      problems.push(`${name}: entry ${index + 1} is not key=value`);
      continue;
    }
    try {
      out[key] = decodeURIComponent(entry.slice(at + 1).trim());
    } catch {
      problems.push(`${name}: the value of ${key} is not valid percent-encoding`);
    }
  }
  return out;
}

function positiveInteger(env: Env, name: string, problems: string[]): number | undefined {
  const value = env[name]?.trim();
  if (!value) return undefined;
  if (!/^[1-9]\d{0,8}$/.test(value)) {
    problems.push(`${name}: a whole number above 0`);
    return undefined;
  }
  return Number(value);
}

function oneOf<T extends string>(
  env: Env,
  name: string,
  allowed: readonly T[],
  problems: string[],
): T | undefined {
  const value = env[name]?.trim();
  if (!value) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    problems.push(`${name}: one of ${allowed.join(', ')}`);
    return undefined;
  }
  return value as T;
}
