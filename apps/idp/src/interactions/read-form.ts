import type { Context } from 'koa';

const LIMIT_BYTES = 8 * 1024;

/** Why a form body was refused; the interaction routes turn it into an HTTP status. */
export class FormError extends Error {
  readonly status: 400 | 413 | 415;
  constructor(status: 400 | 413 | 415, message: string) {
    super(message);
    this.status = status;
  }
}

/**
 * Reads an `application/x-www-form-urlencoded` body (at most 8 KB). The IdP takes exactly one
 * form, the login form, so a body-parser dependency would be more than it needs.
 *
 * @example
 * ```ts
 * const form = await readForm(ctx);
 * form.get('login');
 * ```
 */
export async function readForm(ctx: Context): Promise<URLSearchParams> {
  if (!ctx.is('application/x-www-form-urlencoded')) {
    throw new FormError(415, 'expected an application/x-www-form-urlencoded form');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > LIMIT_BYTES) throw new FormError(413, 'form too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
