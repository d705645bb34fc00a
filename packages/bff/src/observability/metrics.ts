import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

const statusClasses = ['other', '1xx', '2xx', '3xx', '4xx', '5xx'];

/**
 * A response status as its class: `2xx`, `4xx`, … (bounded: never the raw code). A table, not
 * a template string: this runs on every proxied request.
 *
 * @example
 * statusClass(404); // '4xx'
 */
export function statusClass(status: number): string {
  return status >= 100 && status < 600 ? statusClasses[Math.floor(status / 100)]! : 'other';
}

/** Seconds; API calls through the BFF are mostly loopback-to-LAN fast, with slow tails. */
const proxyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Seconds; a store call is a memory lookup, a SQLite row or a Redis round trip. */
const storeBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 1];

/**
 * Prometheus metrics of one BFF (see docs/operations.md for what each means and what to alert
 * on). Every label is bounded: a route's configured `path` (never the raw request path), a
 * status class, a grant kind, an error code, a store operation. No label ever holds a value a
 * client chose, a session or a user.
 *
 * The proxy's hot path costs one histogram observation: `cloakroom_proxy_request_duration_seconds`
 * (its `_count` is the request counter).
 *
 * @example
 * const metrics = createMetrics();
 * metrics.proxyDuration.observe({ route: '/api', status_class: '2xx' }, 0.004);
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'cloakroom_' });
  const logins = new Counter({
    name: 'cloakroom_logins_total',
    help: 'Completed login callbacks by outcome (success, failure) and, for a failure, its reason (the error code).',
    labelNames: ['outcome', 'reason'] as const,
    registers: [registry],
  });
  const refreshes = new Counter({
    name: 'cloakroom_token_refreshes_total',
    help: 'Access token refresh attempts by outcome (reused: another request had refreshed).',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const clientGrants = new Counter({
    name: 'cloakroom_client_token_grants_total',
    help: 'Client-credentials token renewals by outcome (reused: another instance had renewed).',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const tokenGrants = new Counter({
    name: 'cloakroom_token_grants_total',
    help: 'Token endpoint grants sent to the IdP by kind (authorization_code, refresh, resource, client_credentials) and outcome (success, or the error code).',
    labelNames: ['kind', 'outcome'] as const,
    registers: [registry],
  });
  const backchannelLogouts = new Counter({
    name: 'cloakroom_backchannel_logouts_total',
    help: 'Back-channel logout requests by outcome.',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const proxyDuration = new Histogram({
    name: 'cloakroom_proxy_request_duration_seconds',
    help: 'Requests to /api until the answer is handed to the browser (a streamed body may go on), by route path and status class.',
    labelNames: ['route', 'status_class'] as const,
    buckets: proxyBuckets,
    registers: [registry],
  });
  const sessionsEnded = new Counter({
    name: 'cloakroom_sessions_ended_total',
    help: 'Sessions ended on this instance, by reason (backchannel: by the IdP).',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const storeDuration = new Histogram({
    name: 'cloakroom_session_store_call_duration_seconds',
    help: 'Session store calls by operation (get, set, replace, destroy, …) and outcome (ok, error).',
    labelNames: ['operation', 'outcome'] as const,
    buckets: storeBuckets,
    registers: [registry],
  });
  return {
    registry,
    logins,
    refreshes,
    clientGrants,
    tokenGrants,
    backchannelLogouts,
    proxyDuration,
    storeDuration,
    sessionsEnded,
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
