import type { Middleware } from 'koa';
import type { Logger } from '../observability/logger.ts';
import { BffError } from './bff-error.ts';

/**
 * Turns every thrown error into the contract's JSON shape. Unknown errors become a bare
 * `500 internal` with nothing of the original in the body: stack traces and library messages
 * can carry URLs with codes or tokens, so they go to the (redacting) log only.
 */
export function errorHandler(logger: Logger): Middleware {
  return async function handleErrors(ctx, next) {
    try {
      await next();
    } catch (thrown) {
      const error = toBffError(thrown);
      logFailure(logger, thrown, error, ctx.method, ctx.path);
      ctx.status = error.status;
      ctx.set(error.headers);
      ctx.set('Cache-Control', 'no-store');
      ctx.body = error.toJSON();
    }
  };
}

/** Failures on our side (5xx) are logged, by class and code only; a client's mistakes are not. */
export function logFailure(
  logger: Logger,
  thrown: unknown,
  error: BffError,
  method: string | undefined,
  path: string,
): void {
  if (error.status < 500) return;
  logger.error({ err: describeCause(thrown), code: error.code, method, path }, 'request failed');
}

/** Any thrown value as the BFF error a client may see. */
export function toBffError(thrown: unknown): BffError {
  if (thrown instanceof BffError) return thrown;
  // Koa and its body readers throw http-errors with `status` and `expose` for client mistakes.
  const status = (thrown as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    if (status === 413) return new BffError('payload_too_large');
    if (status === 415) return new BffError('unsupported_media_type');
    return new BffError('bad_request');
  }
  return new BffError('internal', { cause: thrown });
}

/** Only the error's class and code reach the log: messages of lower layers may embed URLs. */
export function describeCause(thrown: unknown): { type: string; code?: string } {
  let cause = thrown;
  if (thrown instanceof BffError && thrown.cause !== undefined) cause = thrown.cause;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === 'string' ? { type: cause.name, code } : { type: cause.name };
  }
  return { type: typeof cause };
}
