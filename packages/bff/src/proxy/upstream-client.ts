import type { Readable } from 'node:stream';
import { Pool, errors as undiciErrors } from 'undici';
import { BffError } from '../errors/bff-error.ts';

export interface UpstreamResponse {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: NodeJS.ReadableStream & { dump(): Promise<void>; arrayBuffer(): Promise<ArrayBuffer> };
}

/**
 * A keep-alive connection pool to one upstream origin (undici): measured as the cheapest way for
 * a Node proxy to call an upstream. Bodies stream both ways; nothing is buffered.
 */
export function createUpstreamClient(
  origin: string,
  options: {
    connectTimeoutMs: number;
    headersTimeoutMs: number;
    bodyTimeoutMs: number;
    /** null: no cap. */
    connections: number | null;
  },
) {
  const pool = new Pool(origin, {
    connections: options.connections,
    connect: { timeout: options.connectTimeoutMs },
    headersTimeout: options.headersTimeoutMs,
    bodyTimeout: options.bodyTimeoutMs,
    keepAliveTimeout: 4_000,
  });

  return {
    async request(init: {
      method: string;
      path: string;
      headers: Record<string, string | string[]>;
      body: Readable | undefined;
      signal: AbortSignal;
      /** Over the pool's body idle timeout for this request (0: none). */
      bodyTimeout?: number;
    }): Promise<UpstreamResponse> {
      try {
        const response = await pool.request({
          method: init.method as 'GET',
          path: init.path,
          headers: init.headers,
          body: init.body ?? null,
          signal: init.signal,
          ...(init.bodyTimeout === undefined ? {} : { bodyTimeout: init.bodyTimeout }),
        });
        // The body may error more than once (an abort after the browser left, then a destroy);
        // whoever reads it handles the first error, and this keeps a later one from being an
        // unhandled 'error' event that would take the process down.
        response.body.on('error', ignore);
        return response as unknown as UpstreamResponse;
      } catch (error) {
        throw translateUpstreamError(error);
      }
    },
    close(): Promise<void> {
      return pool.close();
    },
  };
}

export type UpstreamClient = ReturnType<typeof createUpstreamClient>;

function ignore(): void {}

/** Maps undici failures (and our own refusals surfacing through it) to stable BFF errors. */
export function translateUpstreamError(error: unknown): BffError {
  // Our own refusal (a body over the limit) surfacing through undici.
  if (error instanceof BffError) return error;
  if ((error as { cause?: unknown } | null)?.cause instanceof BffError)
    return (error as { cause: BffError }).cause;
  if (
    error instanceof undiciErrors.HeadersTimeoutError ||
    error instanceof undiciErrors.BodyTimeoutError
  ) {
    return new BffError('upstream_timeout', { cause: error });
  }
  if (
    error instanceof undiciErrors.RequestAbortedError ||
    (error as Error | null)?.name === 'AbortError'
  ) {
    return new BffError('bad_request', 'The request was aborted.', { cause: error });
  }
  return new BffError('upstream_unavailable', { cause: error });
}
