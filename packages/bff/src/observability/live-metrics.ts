import { Counter, Gauge, type Registry } from 'prom-client';
import type { CloseReason, LiveKind } from '../live/live-connections.ts';

/**
 * The live-connection metrics: how many are open (read when scraped, so nothing runs per
 * connection), how many the caps refused, and how many the BFF closed and why.
 *
 * @example
 * const liveMetrics = createLiveMetrics(registry, () => live.connections.counts());
 */
export function createLiveMetrics(
  registry: Registry,
  counts: () => Readonly<Record<LiveKind, number>>,
) {
  const openGauge = new Gauge({
    name: 'cloakroom_live_connections',
    help: 'Open live connections (event streams, WebSockets) on this instance.',
    labelNames: ['kind'] as const,
    registers: [registry],
    collect() {
      for (const [kind, count] of Object.entries(counts())) this.set({ kind }, count);
    },
  });
  const refused = new Counter({
    name: 'cloakroom_live_connections_refused_total',
    help: 'Live connections refused by a cap (per_session, per_instance).',
    labelNames: ['kind', 'cap'] as const,
    registers: [registry],
  });
  const closed = new Counter({
    name: 'cloakroom_live_connections_closed_total',
    help: 'Live connections the BFF closed, by reason (session_ended, shutdown).',
    labelNames: ['kind', 'reason'] as const,
    registers: [registry],
  });
  return {
    open: openGauge,
    onRefused: (kind: LiveKind, cap: 'per_session' | 'per_instance') => refused.inc({ kind, cap }),
    onClosed: (kind: LiveKind, reason: CloseReason) => closed.inc({ kind, reason }),
  };
}
