import type { SessionData } from '../session/session-data.ts';
import type { TokenRequest } from '../tokens/token-slot.ts';
import { createLiveConnections, type CloseReason, type LiveKind } from './live-connections.ts';
import { watchSession, type SessionWatch, type SessionWatchDeps } from './session-watch.ts';

/** A session-bound live connection: its session as read when it opened, and its route's token. */
export interface LiveSession {
  key: string;
  session: SessionData;
  /** The route's token request (user-token routes); the watch keeps that token renewed. */
  route: TokenRequest | undefined;
}

/**
 * Live connections as the proxy and the WebSocket upgrade use them: admitting one reserves its
 * place under the caps and, when it belongs to a session, watches that session (see
 * {@link watchSession}); the end of the session, from whichever instance, closes it.
 *
 * @example
 * const release = live.admit('event_stream', { key, session, route }, (reason) => stream.end());
 * res.once('close', release);
 */
export function createLive(deps: {
  limits: { maxPerSession: number; maxPerInstance: number };
  events?: Parameters<typeof createLiveConnections>[1];
  watch: SessionWatchDeps;
  /** Quiet time after which an event stream from the upstream is cut (0: never). */
  streamIdleTimeoutMs: number;
}) {
  const connections = createLiveConnections(deps.limits, deps.events);
  const watches = new Set<SessionWatch>();
  return {
    connections,
    /**
     * Makes every watched connection read its session now: called when end-of-session messages
     * may have been missed (a Redis subscriber that was reconnecting), so that a session ended
     * meanwhile closes its connections now, not at their next scheduled read.
     */
    recheckAll(): void {
      for (const watch of watches) watch.recheckNow();
    },
    streamIdleTimeoutMs: deps.streamIdleTimeoutMs,
    /**
     * Reserves a place for a connection (throws `too_many_connections` past a cap) and returns
     * its release, to call once when it has closed. `close` is called at most once, when the BFF
     * closes it: its session ended, or the process shuts down.
     */
    admit(
      kind: LiveKind,
      owned: LiveSession | undefined,
      close: (reason: CloseReason) => void,
    ): () => void {
      const owner = owned && { key: owned.key, sub: owned.session.sub, sid: owned.session.sid };
      const release = connections.open(kind, owner, close);
      if (!owned) return release;
      // Ending through the registry closes every connection of the session, each once.
      const watch = watchSession(owned, deps.watch, () => connections.end({ key: owned.key }));
      watches.add(watch);
      return () => {
        watches.delete(watch);
        watch.stop();
        release();
      };
    },
  };
}

export type Live = ReturnType<typeof createLive>;

/** Whether a request asks for an event stream (`EventSource` always sends this `Accept`). */
export function isEventStreamRequest(method: string | undefined, accept: string | undefined) {
  return (
    (method === 'GET' || method === 'HEAD') &&
    accept !== undefined &&
    accept.toLowerCase().includes('text/event-stream')
  );
}

/** Whether an answer is an event stream. */
export function isEventStreamAnswer(contentType: string | string[] | undefined): boolean {
  return (
    typeof contentType === 'string' && contentType.toLowerCase().startsWith('text/event-stream')
  );
}
