import { sessionCookie, type HttpBrowser } from '@cloakroom/testkit';
import { WebSocket } from 'ws';

/** An event stream read the way a browser's fetch would: its status, events so far, and its end. */
export interface OpenStream {
  status: number;
  contentType: string | null;
  events: string[];
  /** Resolves when the stream ends (cleanly or not); never rejects. */
  ended: Promise<void>;
  isEnded(): boolean;
  cancel(): Promise<void>;
}

/**
 * Opens `path` on the BFF as an event stream for `browser` (its cookie, `Accept:
 * text/event-stream`, plus `headers`, by default `X-CSRF: 1`).
 */
export async function openStream(
  bffUrl: string,
  browser: HttpBrowser | undefined,
  path: string,
  headers: Record<string, string> = { 'x-csrf': '1' },
): Promise<OpenStream> {
  const response = await fetch(`${bffUrl}${path}`, {
    headers: {
      accept: 'text/event-stream',
      ...(browser ? { cookie: sessionCookie(browser) } : {}),
      ...headers,
    },
  });
  const events: string[] = [];
  let done = false;
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  const ended = (async () => {
    try {
      for (;;) {
        const { value, done: finished } = await reader.read();
        if (finished) break;
        buffered += decoder.decode(value, { stream: true });
        let at: number;
        while ((at = buffered.indexOf('\n\n')) !== -1) {
          events.push(buffered.slice(0, at));
          buffered = buffered.slice(at + 2);
        }
      }
    } catch {
      // Cut: ended all the same.
    } finally {
      done = true;
    }
  })();
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    events,
    ended,
    isEnded: () => done,
    cancel: () => reader.cancel().catch(() => undefined),
  };
}

/** A WebSocket to the BFF as a browser page would open it, and what happened to it. */
export interface OpenSocket {
  socket: WebSocket;
  /** The close code and when it came (ms since opened). */
  closed: Promise<{ code: number; reason: string }>;
  received: Array<{ data: string; binary: boolean }>;
}

/**
 * Opens a WebSocket to `path` on the BFF with `browser`'s cookie and `Origin` (default: the
 * BFF's own); resolves once open, or rejects with the HTTP status of a refused handshake.
 */
export function openSocket(
  bffUrl: string,
  browser: HttpBrowser | undefined,
  path: string,
  options: { origin?: string | null; headers?: Record<string, string> } = {},
): Promise<OpenSocket> {
  const origin = options.origin === undefined ? new URL(bffUrl).origin : options.origin;
  const socket = new WebSocket(`${bffUrl.replace(/^http/, 'ws')}${path}`, {
    headers: {
      ...(browser ? { cookie: sessionCookie(browser) } : {}),
      ...options.headers,
    },
    ...(origin === null ? {} : { origin }),
  });
  const received: OpenSocket['received'] = [];
  socket.on('message', (data, binary) => received.push({ data: String(data), binary }));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.once('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ socket, closed, received }));
    socket.once('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk));
      response.on('end', () =>
        reject(
          Object.assign(new Error(`handshake refused ${response.statusCode}`), {
            status: response.statusCode,
            body,
          }),
        ),
      );
    });
    socket.once('error', reject);
  });
}

/** The refusal of a handshake: `{ status, body }` (body parsed as JSON). */
export async function refusedHandshake(opening: Promise<OpenSocket>) {
  try {
    const opened = await opening;
    opened.socket.terminate();
    throw new Error('the handshake was accepted');
  } catch (error) {
    const { status, body } = error as { status?: number; body?: string };
    if (status === undefined) throw error;
    return { status, body: JSON.parse(body ?? 'null') as { error: string; message: string } };
  }
}
