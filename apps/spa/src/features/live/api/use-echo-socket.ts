import { useCallback, useEffect, useRef, useState } from 'react';
import type { SessionCheck } from './check-session.ts';

/** The close code the BFF uses when it closes a WebSocket because its session ended. */
export const sessionEndedCloseCode = 4401;

/** `WebSocket.OPEN`. */
const OPEN = 1;

/** How many messages the page keeps (newest first). */
export const keptMessages = 10;

/** One line of the echo box: what the user sent, or what came back. */
export interface EchoMessage {
  id: number;
  from: 'you' | 'echo';
  text: string;
}

/**
 * Where the echo socket stands: opening; open; closed and asking the BFF why; closed for good
 * with its close code while the session lives (the user may reconnect).
 */
export type SocketStatus =
  | { kind: 'connecting' }
  | { kind: 'open' }
  | { kind: 'checking'; code: number }
  | { kind: 'closed'; code: number };

function describeData(data: unknown): string {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return `[binary, ${data.byteLength} bytes]`;
  return '[binary]';
}

/**
 * Opens a WebSocket on `url` that the sample API echoes. A close with code 4401 is the BFF
 * saying the session ended: `onSessionEnded` at once. Any other close asks `check`: a session
 * that ended before or during the handshake (refused with 401, which a WebSocket only sees as
 * code 1006) is `onSessionEnded` too; otherwise the status keeps the close code. Closed on
 * unmount; to reconnect, mount it again (a React `key`).
 *
 * @example
 * ```ts
 * const { status, messages, send, reconnect } = useEchoSocket(url, check, showEnded);
 * ```
 */
export function useEchoSocket(
  url: string,
  check: () => Promise<SessionCheck>,
  onSessionEnded: () => void,
): {
  status: SocketStatus;
  messages: EchoMessage[];
  send: (text: string) => boolean;
} {
  const [status, setStatus] = useState<SocketStatus>({ kind: 'connecting' });
  const [messages, setMessages] = useState<EchoMessage[]>([]);
  const socket = useRef<WebSocket>(undefined);
  const nextId = useRef(0);

  const add = useCallback((from: EchoMessage['from'], text: string) => {
    const message = { id: nextId.current++, from, text };
    setMessages((list) => [message, ...list].slice(0, keptMessages));
  }, []);

  useEffect(() => {
    let active = true;
    const ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    socket.current = ws;
    ws.addEventListener('open', () => active && setStatus({ kind: 'open' }));
    ws.addEventListener(
      'message',
      (event: MessageEvent) => active && add('echo', describeData(event.data)),
    );
    ws.addEventListener('close', ({ code }: CloseEvent) => {
      if (!active) return;
      if (code === sessionEndedCloseCode) {
        onSessionEnded();
        return;
      }
      setStatus({ kind: 'checking', code });
      // check() answers 'unknown' for any failure of its own; it has nothing to reject with.
      check().then(
        (session) => {
          if (!active) return;
          if (session === 'ended') onSessionEnded();
          else setStatus({ kind: 'closed', code });
        },
        () => {},
      );
    });
    return () => {
      active = false;
      socket.current = undefined;
      ws.close(1000);
    };
  }, [url, check, onSessionEnded, add]);

  const send = useCallback(
    (text: string) => {
      const ws = socket.current;
      if (ws?.readyState !== OPEN) return false;
      ws.send(text);
      add('you', text);
      return true;
    },
    [add],
  );

  return { status, messages, send };
}
