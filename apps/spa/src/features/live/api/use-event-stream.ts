import { useEffect, useRef, useState } from 'react';
import { parseLiveEvent, type LiveEvent } from '../lib/parse-live-event.ts';
import type { SessionCheck } from './check-session.ts';

/** `EventSource.CLOSED`: the browser gave up and will not reconnect by itself. */
const CLOSED = 2;

/** How many events the page keeps (newest first). */
export const keptEvents = 10;

/** A received event, with a key of its own: a stream that starts over repeats counters. */
export type ReceivedEvent = LiveEvent & { key: number };

/**
 * Where an event stream stands: opening; receiving; lost and being reopened by the browser;
 * stopped for good while the session lives (the API or the network: the user may reconnect).
 * A stream stopped because the session ended is the page's business (`check` says so).
 */
export type StreamStatus = 'connecting' | 'live' | 'reconnecting' | 'stopped';

/**
 * Opens an `EventSource` on `url` and keeps its last {@link keptEvents} events. Whenever the
 * stream breaks, `check` asks the BFF about the session: a BFF that ended the session ends the
 * stream, and the browser's automatic reconnect then meets a 401, which no EventSource can
 * see; the check can. When it says `ended` the source is closed at once (no more reconnects).
 * Closed on unmount; to reconnect, mount it again (a React `key`).
 *
 * @example
 * ```ts
 * const { status, events, reconnect } = useEventStream(liveEventsPath, check);
 * ```
 */
export function useEventStream(
  url: string,
  check: () => Promise<SessionCheck>,
): { status: StreamStatus; events: ReceivedEvent[] } {
  const [status, setStatus] = useState<StreamStatus>('connecting');
  const [events, setEvents] = useState<ReceivedEvent[]>([]);
  const received = useRef(0);

  useEffect(() => {
    let active = true;
    const source = new EventSource(url);
    source.addEventListener('open', () => active && setStatus('live'));
    source.addEventListener('message', (message: MessageEvent) => {
      const event = parseLiveEvent(message.data);
      if (!event || !active) return;
      const next = { ...event, key: received.current++ };
      setEvents((list) => [next, ...list].slice(0, keptEvents));
    });
    source.addEventListener('error', () => {
      if (!active) return;
      // CONNECTING: the browser retries by itself; CLOSED: it has given up.
      setStatus(source.readyState === CLOSED ? 'stopped' : 'reconnecting');
      // check() answers 'unknown' for any failure of its own; it has nothing to reject with.
      check().then(
        (session) => {
          if (!active) return;
          if (session === 'ended') source.close();
          else if (source.readyState === CLOSED) setStatus('stopped');
        },
        () => {},
      );
    });
    return () => {
      active = false;
      source.close();
    };
  }, [url, check]);

  return { status, events };
}
