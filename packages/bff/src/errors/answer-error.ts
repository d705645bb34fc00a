import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../observability/logger.ts';
import { logFailure, toBffError } from './error-handler.ts';
import type { BffError } from './bff-error.ts';

/**
 * What the error handler does, for an answer written without Koa (the `/api` path): the same
 * status, `{ error, message }` body, headers and logging. An error after the answer has begun
 * can no longer change its status, so the connection is cut, which the browser sees as a
 * failed response rather than a silently truncated one.
 */
export function answerError(
  req: IncomingMessage,
  res: ServerResponse,
  thrown: unknown,
  deps: { logger: Logger; headers: Readonly<Record<string, string>> },
): void {
  const error = toBffError(thrown);
  logFailure(deps.logger, thrown, error, req.method, pathOnly(req.url));
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const { headers, body } = errorAnswer(error, deps.headers);
  res.writeHead(error.status, headers);
  res.end(body);
}

/**
 * The headers and `{ error, message }` body of an error answer, for whoever writes it (a
 * response, or a raw socket before an upgrade).
 *
 * @example
 * const { headers, body } = errorAnswer(new BffError('csrf'), answerHeaders);
 */
export function errorAnswer(
  error: BffError,
  answerHeaders: Readonly<Record<string, string>>,
): { headers: Record<string, string>; body: string } {
  const body = JSON.stringify(error.toJSON());
  return {
    headers: {
      ...answerHeaders,
      ...error.headers,
      'cache-control': 'no-store',
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
    },
    body,
  };
}

/** A request target without its query string, which may carry anything: what logs may show. */
export function pathOnly(url: string | undefined): string {
  const target = url ?? '';
  const query = target.indexOf('?');
  return query === -1 ? target : target.slice(0, query);
}
