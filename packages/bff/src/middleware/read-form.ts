import type { Context } from 'koa';
import { BffError } from '../errors/bff-error.ts';

/**
 * Reads a small `application/x-www-form-urlencoded` body, refusing other types and anything over
 * `limitBytes` without reading further (no unbounded buffering on an unauthenticated endpoint).
 */
export async function readForm(ctx: Context, limitBytes = 16 * 1024): Promise<URLSearchParams> {
  if (!ctx.is('application/x-www-form-urlencoded')) {
    throw new BffError('unsupported_media_type', 'Send application/x-www-form-urlencoded.');
  }
  const declared = Number(ctx.get('content-length') || 0);
  if (declared > limitBytes) throw new BffError('payload_too_large');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) {
      throw new BffError('payload_too_large');
    }
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
