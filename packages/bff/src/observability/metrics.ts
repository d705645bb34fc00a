import { Counter, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Prometheus metrics of one BFF. Counters only on the proxy's hot path: a histogram per request
 * would cost more than the rest of the BFF's own work.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'cloakroom_' });
  const logins = new Counter({
    name: 'cloakroom_logins_total',
    help: 'Completed login callbacks by outcome.',
    labelNames: ['outcome'] as const,
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
  const backchannelLogouts = new Counter({
    name: 'cloakroom_backchannel_logouts_total',
    help: 'Back-channel logout requests by outcome.',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const proxied = new Counter({
    name: 'cloakroom_proxy_requests_total',
    help: 'Requests forwarded to the API.',
    registers: [registry],
  });
  const sessionsEnded = new Counter({
    name: 'cloakroom_sessions_ended_total',
    help: 'Sessions ended on this instance, by reason (backchannel: by the IdP).',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  return { registry, logins, refreshes, clientGrants, backchannelLogouts, proxied, sessionsEnded };
}
