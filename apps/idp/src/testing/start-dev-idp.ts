import { bffClient } from '../bff-client.ts';
import { startIdp } from '../start-idp.ts';
import type { IdpClient, RunningIdp } from '../types.ts';

/**
 * The dev IdP on a free 127.0.0.1 port, knowing the BFF at `bffUrl` (and any other `clients`).
 * Its `close()` may be called twice: a test that stops the IdP itself leaves it to the stack.
 *
 * @example
 * const idp = await startDevIdp('http://localhost:3000', { accessTokenTtlSeconds: 37 });
 */
export async function startDevIdp(
  bffUrl: string,
  options: { accessTokenTtlSeconds?: number; clients?: IdpClient[] } = {},
): Promise<RunningIdp> {
  const started = await startIdp({
    clients: [bffClient(bffUrl), ...(options.clients ?? [])],
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 300,
  });
  let stopped: Promise<void> | undefined;
  return { ...started, close: () => (stopped ??= started.close()) };
}
