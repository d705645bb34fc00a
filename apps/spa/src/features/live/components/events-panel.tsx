import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import type { SessionCheck } from '../api/check-session.ts';
import { useEventStream, type StreamStatus } from '../api/use-event-stream.ts';
import { liveEventsPath } from '../lib/live-urls.ts';
import { LiveStatus, type LiveTone } from './live-status.tsx';

const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

const lines: Record<StreamStatus, { tone: LiveTone; text: string }> = {
  connecting: { tone: 'wait', text: 'Connecting…' },
  live: { tone: 'good', text: 'Live — a new event every second' },
  reconnecting: { tone: 'wait', text: 'Connection lost — reconnecting…' },
  stopped: { tone: 'bad', text: 'The event stream stopped.' },
};

/**
 * The server-sent event stream: its status line and its last events, newest first.
 *
 * @example
 * ```tsx
 * <EventsPanel check={check} />
 * ```
 */
export function EventsPanel({ check }: { check: () => Promise<SessionCheck> }): ReactNode {
  // Reconnecting is a new stream: a fresh mount of the card below.
  const [attempt, setAttempt] = useState(0);
  // The Reconnect button that had focus is gone with the old card: focus the new one's title.
  useEffect(() => {
    if (attempt) document.getElementById('events-title')?.focus();
  }, [attempt]);
  return <EventsCard key={attempt} check={check} reconnect={() => setAttempt((n) => n + 1)} />;
}

function EventsCard({
  check,
  reconnect,
}: {
  check: () => Promise<SessionCheck>;
  reconnect: () => void;
}): ReactNode {
  const { status, events } = useEventStream(liveEventsPath, check);
  const line = lines[status];
  return (
    <section className="card live-panel" aria-labelledby="events-title">
      <h2 id="events-title" tabIndex={-1}>
        Event stream
      </h2>
      <p className="muted">
        <code>EventSource</code> on <code>/api/live/events</code>: the API sends a counter, the time
        and who you are, once a second.
      </p>
      <LiveStatus
        testId="events-status"
        state={status}
        tone={line.tone}
        action={
          status === 'stopped' && (
            <button type="button" className="button" onClick={reconnect}>
              Reconnect
            </button>
          )
        }
      >
        {line.text}
      </LiveStatus>
      {events.length === 0 ? (
        <p className="empty">No events yet.</p>
      ) : (
        <ol className="live-list" aria-label="Latest events" data-testid="live-events">
          {events.map((event) => (
            <li key={event.key} data-testid="live-event">
              <span className="live-list__counter">#{event.counter}</span>
              <time dateTime={event.time}>{timeFormat.format(new Date(event.time))}</time>
              <span className="muted">for {event.sub}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
