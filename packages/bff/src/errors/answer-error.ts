import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../observability/logger.ts';
import { logFailure, toBffError } from './error-handler.ts';

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
  const url = req.url ?? '';
  const query = url.indexOf('?');
  // The path only: the query string may carry anything.
  logFailure(deps.logger, thrown, error, req.method, query === -1 ? url : url.slice(0, query));
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify(error.toJSON());
  res.writeHead(error.status, {
    ...deps.headers,
    ...error.headers,
    'cache-control': 'no-store',
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}
