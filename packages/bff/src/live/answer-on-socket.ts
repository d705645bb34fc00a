import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { errorAnswer } from '../errors/answer-error.ts';
import type { BffError } from '../errors/bff-error.ts';

/**
 * Answers a refused upgrade on the raw socket (there is no response object before an upgrade):
 * the same status, headers and `{ error, message }` body as any other refusal, then the socket
 * is closed.
 *
 * @example
 * answerOnSocket(socket, new BffError('csrf'), answerHeaders);
 */
export function answerOnSocket(
  socket: Duplex,
  error: BffError,
  answerHeaders: Readonly<Record<string, string>>,
): void {
  if (socket.destroyed || !socket.writable) {
    socket.destroy();
    return;
  }
  const { headers, body } = errorAnswer(error, answerHeaders);
  const lines = [`HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? ''}`];
  for (const [name, value] of Object.entries({ ...headers, connection: 'close' })) {
    lines.push(`${name}: ${value}`);
  }
  socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`);
  // A peer that never reads must not keep the socket (and its place) forever.
  setTimeout(() => socket.destroy(), 1_000).unref();
}
