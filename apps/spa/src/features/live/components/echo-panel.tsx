import { useEffect, useId, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import type { SessionCheck } from '../api/check-session.ts';
import { useEchoSocket, type SocketStatus } from '../api/use-echo-socket.ts';
import { echoSocketUrl } from '../lib/live-urls.ts';
import { LiveStatus, type LiveTone } from './live-status.tsx';

function describe(status: SocketStatus): { tone: LiveTone; text: string } {
  switch (status.kind) {
    case 'connecting':
      return { tone: 'wait', text: 'Connecting…' };
    case 'open':
      return { tone: 'good', text: 'Connected' };
    case 'checking':
      return { tone: 'wait', text: `Connection closed (code ${status.code}) — checking…` };
    case 'closed':
      return { tone: 'bad', text: `Connection closed (code ${status.code}).` };
  }
}

/**
 * The echo WebSocket: a message box with Send, its status line, and the messages sent and
 * echoed back, newest first.
 *
 * @example
 * ```tsx
 * <EchoPanel check={check} onSessionEnded={showEnded} />
 * ```
 */
export function EchoPanel(props: {
  check: () => Promise<SessionCheck>;
  onSessionEnded: () => void;
}): ReactNode {
  // Reconnecting is a new socket: a fresh mount of the card below.
  const [attempt, setAttempt] = useState(0);
  // The Reconnect button that had focus is gone with the old card: focus the new one's title.
  useEffect(() => {
    if (attempt) document.getElementById('echo-title')?.focus();
  }, [attempt]);
  return <EchoCard key={attempt} {...props} reconnect={() => setAttempt((n) => n + 1)} />;
}

function EchoCard({
  check,
  onSessionEnded,
  reconnect,
}: {
  check: () => Promise<SessionCheck>;
  onSessionEnded: () => void;
  reconnect: () => void;
}): ReactNode {
  const id = useId();
  const [url] = useState(() => echoSocketUrl(location));
  const { status, messages, send } = useEchoSocket(url, check, onSessionEnded);
  const [text, setText] = useState('');
  const line = describe(status);
  const open = status.kind === 'open';

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (text && send(text)) setText('');
  };

  return (
    <section className="card live-panel" aria-labelledby="echo-title">
      <h2 id="echo-title" tabIndex={-1}>
        Echo WebSocket
      </h2>
      <p className="muted">
        <code>WebSocket</code> on <code>/api/live/echo</code>: the API sends back every message.
      </p>
      <LiveStatus
        testId="echo-status"
        state={status.kind}
        tone={line.tone}
        action={
          status.kind === 'closed' && (
            <button type="button" className="button" onClick={reconnect}>
              Reconnect
            </button>
          )
        }
      >
        {line.text}
      </LiveStatus>
      <form className="note-form live-form" onSubmit={onSubmit} noValidate>
        <label htmlFor={`${id}-message`}>Message</label>
        <div className="note-form__row">
          <input
            id={`${id}-message`}
            name="message"
            type="text"
            autoComplete="off"
            maxLength={1000}
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
          <button type="submit" className="button button--primary" disabled={!open || !text}>
            Send
          </button>
        </div>
      </form>
      {messages.length === 0 ? (
        <p className="empty">Nothing sent yet.</p>
      ) : (
        <ol className="live-list" aria-label="Messages" data-testid="echo-messages">
          {messages.map((message) => (
            <li key={message.id} data-testid={`echo-${message.from}`}>
              <span className="live-list__from">{message.from === 'you' ? 'You' : 'Echo'}</span>
              <span className="live-list__text">{message.text}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
