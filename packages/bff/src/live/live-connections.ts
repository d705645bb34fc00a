import { BffError } from '../errors/bff-error.ts';
import type { SessionEnd } from './session-end-signal.ts';

export type LiveKind = 'event_stream' | 'websocket';

/** The session a live connection belongs to (none on `client` and `none` routes). */
export interface LiveOwner {
  /** The session's store key. */
  key: string;
  sub: string;
  sid?: string | undefined;
}

/** Why a live connection is being closed by the BFF. */
export type CloseReason = 'session_ended' | 'shutdown';

interface Entry {
  kind: LiveKind;
  owner: LiveOwner | undefined;
  close: (reason: CloseReason) => void;
  closing: boolean;
}

/**
 * The live connections (event streams, WebSockets) open on this instance, by session, so that
 * the end of a session can close them, with the caps that keep one browser or one instance from
 * holding unbounded sockets: `maxPerSession` (a tab per session rarely needs more than a few;
 * a browser allows 6 HTTP/1.1 connections per origin anyway) and `maxPerInstance`.
 *
 * `open` reserves a place before any upstream connection is made and returns the release,
 * which the connection calls once when it has closed, whoever closed it.
 *
 * @example
 * const release = live.open('websocket', owner, (reason) => socket.close(4401));
 * socket.on('close', release);
 * live.end({ sub: 'alice' }); // closes alice's connections on this instance
 */
export function createLiveConnections(
  limits: { maxPerSession: number; maxPerInstance: number },
  events: {
    onRefused?: (kind: LiveKind, cap: 'per_session' | 'per_instance') => void;
    onClosed?: (kind: LiveKind, reason: CloseReason) => void;
  } = {},
) {
  const bySession = new Map<string, Set<Entry>>();
  const all = new Set<Entry>();
  const open = { event_stream: 0, websocket: 0 };

  function closeEntry(entry: Entry, reason: CloseReason): void {
    if (entry.closing) return;
    entry.closing = true;
    events.onClosed?.(entry.kind, reason);
    entry.close(reason);
  }

  return {
    open(kind: LiveKind, owner: LiveOwner | undefined, close: Entry['close']): () => void {
      if (all.size >= limits.maxPerInstance) {
        events.onRefused?.(kind, 'per_instance');
        throw new BffError(
          'too_many_connections',
          'This server holds all the live connections it may; try again later.',
        );
      }
      const mine = owner ? bySession.get(owner.key) : undefined;
      if (mine && mine.size >= limits.maxPerSession) {
        events.onRefused?.(kind, 'per_session');
        throw new BffError('too_many_connections');
      }
      const entry: Entry = { kind, owner, close, closing: false };
      all.add(entry);
      open[kind] += 1;
      if (owner) {
        if (mine) mine.add(entry);
        else bySession.set(owner.key, new Set([entry]));
      }
      let released = false;
      return function release() {
        if (released) return;
        released = true;
        all.delete(entry);
        open[kind] -= 1;
        if (!owner) return;
        const set = bySession.get(owner.key);
        set?.delete(entry);
        if (set?.size === 0) bySession.delete(owner.key);
      };
    },
    /** Closes every connection of the sessions `end` names; returns how many it closed. */
    end(end: SessionEnd): number {
      let closed = 0;
      if ('key' in end) {
        for (const entry of bySession.get(end.key) ?? []) {
          if (!entry.closing) closed += 1;
          closeEntry(entry, 'session_ended');
        }
        return closed;
      }
      // By IdP session or user (back-channel logout): rare, so a scan of the sessions.
      for (const entries of bySession.values()) {
        for (const entry of entries) {
          const owner = entry.owner!;
          const matches = 'sid' in end ? owner.sid === end.sid : owner.sub === end.sub;
          if (!matches) continue;
          if (!entry.closing) closed += 1;
          closeEntry(entry, 'session_ended');
        }
      }
      return closed;
    },
    /** Closes every connection (a shutdown). */
    closeAll(): void {
      for (const entry of all) closeEntry(entry, 'shutdown');
    },
    /** Open connections by kind (for the metrics gauge). */
    counts(): Readonly<Record<LiveKind, number>> {
      return open;
    },
  };
}

export type LiveConnections = ReturnType<typeof createLiveConnections>;
