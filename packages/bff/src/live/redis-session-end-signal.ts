import { randomUUID } from 'node:crypto';
import { duplicateRedisClient, type RedisClient } from '../redis/create-redis-client.ts';
import type { Logger } from '../observability/logger.ts';
import {
  createListeners,
  isSessionEnd,
  type SessionEnd,
  type SessionEndSignal,
} from './session-end-signal.ts';

/**
 * The end-of-session signal shared through Redis pub/sub, so that a session ended on one
 * instance closes its live connections on every instance within moments.
 *
 * `announce` calls this instance's listeners at once and publishes `{ from, end }` on
 * `<prefix>session-ended`; a subscriber connection (a duplicate of the store's client) hands
 * other instances' messages to the listeners and skips this instance's own. What travels is a
 * store key (a hash of the cookie's session id, useless as a cookie), a `sid` or a `sub`: never
 * a token or a cookie value.
 *
 * Pub/sub does not queue for a subscriber that is down: a message published while this
 * instance's subscriber reconnects is lost. Live connections therefore also re-read their
 * session now and then (see `session-watch.ts`), which bounds how long such a miss can last.
 *
 * @example
 * const signal = createRedisSessionEndSignal({ client: store.client, prefix: store.prefix, logger });
 */
export function createRedisSessionEndSignal(deps: {
  client: RedisClient;
  prefix: string;
  logger: Pick<Logger, 'warn'>;
}): SessionEndSignal {
  const channel = `${deps.prefix}session-ended`;
  const from = randomUUID();
  const listeners = createListeners((error) =>
    deps.logger.warn({ code: (error as { code?: string }).code }, 'session-end listener failed'),
  );
  // A subscribed connection can run no other command; it queues its SUBSCRIBE until connected
  // and subscribes again after each reconnect (ioredis' autoResubscribe).
  const subscriber = duplicateRedisClient(deps.client, { enableOfflineQueue: true });
  subscriber.on('message', (received: string, message: string) => {
    if (received !== channel) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(message);
    } catch {
      return;
    }
    const { from: sender, end } = (parsed ?? {}) as { from?: unknown; end?: unknown };
    if (sender === from || !isSessionEnd(end)) return;
    listeners.call(end);
  });
  const subscribed = subscriber.subscribe(channel).catch((error: unknown) => {
    deps.logger.warn({ code: (error as { code?: string }).code }, 'session-end subscribe failed');
  });

  return {
    announce(end: SessionEnd) {
      listeners.call(end);
      deps.client.publish(channel, JSON.stringify({ from, end })).catch((error: unknown) => {
        // The other instances find out at their next re-read of the session instead.
        deps.logger.warn(
          { code: (error as { code?: string }).code },
          'session end could not be published',
        );
      });
    },
    listen: (listener) => listeners.add(listener),
    async close() {
      await subscribed;
      subscriber.disconnect();
    },
  };
}
