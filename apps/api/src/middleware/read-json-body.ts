import type { Context } from 'koa';
import { readLimited } from '@cloakroom/http-server';
import { ApiError } from '../api-error.ts';

/** Notes are at most 500 characters; 16 KB leaves room for JSON escaping and nothing more. */
export const BODY_LIMIT_BYTES = 16 * 1024;

/**
 * Reads the request body as JSON: 415 unless `application/json`, 413 beyond 16 KB, 400 when it
 * does not parse. Stops collecting as soon as the limit is crossed.
 *
 * @example
 * ```ts
 * const body = await readJsonBody(ctx);
 * ```
 */
export async function readJsonBody(ctx: Context): Promise<unknown> {
  if (!ctx.is('application/json')) {
    throw new ApiError('unsupported_media_type', 415, 'send the body as application/json');
  }
  const declared = Number(ctx.get('content-length') || 0);
  if (declared > BODY_LIMIT_BYTES) {
    throw new ApiError('payload_too_large', 413, `the body exceeds ${BODY_LIMIT_BYTES} bytes`);
  }
  const body = await readLimited(ctx.req, BODY_LIMIT_BYTES);
  if (body === undefined) {
    throw new ApiError('payload_too_large', 413, `the body exceeds ${BODY_LIMIT_BYTES} bytes`);
  }
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    throw new ApiError('invalid_json', 400, 'the body is not valid JSON');
  }
}
