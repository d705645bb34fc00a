import type { Context } from 'koa';
import { BffError } from '../errors/bff-error.ts';

/**
 * Reads a small JSON body: `undefined` when the request sent none (whatever its `Content-Type`
 * says, so an empty POST from any client keeps working), the parsed value for `application/json`,
 * and `415`/`413`/`400` for a body of another type, more than `limitBytes`, or JSON that does not
 * parse. Nothing is buffered past the limit.
 *
 * @example
 * const body = await readJson(ctx); // { everywhere: true }, or undefined
 */
export async function readJson(ctx: Context, limitBytes = 4 * 1024): Promise<unknown> {
  const declared = Number(ctx.get('content-length') || 0);
  if (declared > limitBytes) throw new BffError('payload_too_large');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) throw new BffError('payload_too_large');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  if (!ctx.is('application/json')) {
    throw new BffError('unsupported_media_type', 'Send application/json.');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BffError('bad_request', 'The request body is not valid JSON.');
  }
}
