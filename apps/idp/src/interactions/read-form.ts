import type { Context } from 'koa';
import { readLimited } from '@cloakroom/http-server';

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
  // Past the limit the rest is dropped, not the stream destroyed: that would reset the socket
  // and the browser would never see the 413 page.
  const body = await readLimited(ctx.req, LIMIT_BYTES);
  if (!body) throw new FormError(413, 'form too large');
  return new URLSearchParams(body.toString('utf8'));
}
