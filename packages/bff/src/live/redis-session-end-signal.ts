import { randomUUID } from 'node:crypto';
import { duplicateRedisClient, type RedisClient } from '../redis/create-redis-client.ts';
import type { Logger } from '../observability/logger.ts';
import {
  createListeners,
  isSessionEnd,
  type SessionEnd,
  type SessionEndSignal,
} from './session-end-signal.ts';
import { createMissedMessageDetector } from './missed-message-detector.ts';

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
 * instance's subscriber reconnects is lost. So every message carries its sender's sequence
 * number, and every instance also publishes a numbered beat every `heartbeatMs` (2 s): a
 * receiver that sees a number jump has missed something (see `missed-message-detector.ts`), and
 * calls `onMissedEnds` listeners; live connections then re-read their sessions at once, so a
 * session ended during the gap closes its connections within a beat of Redis being back, not at
 * their next scheduled read. A reconnect of the subscriber itself (standalone and Sentinel) calls
 * them as soon as it is subscribed again.
 *
 * @example
 * const signal = createRedisSessionEndSignal({ client: store.client, prefix: store.prefix, logger });
 */
export function createRedisSessionEndSignal(deps: {
  client: RedisClient;
  prefix: string;
  logger: Pick<Logger, 'warn'>;
  heartbeatMs?: number;
}): SessionEndSignal {
  const channel = `${deps.prefix}session-ended`;
  const from = randomUUID();
  const warnOfListener = (error: unknown) =>
    deps.logger.warn({ code: (error as { code?: string }).code }, 'session-end listener failed');
  const listeners = createListeners(warnOfListener);
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
    const { from: sender, seq, end } = (parsed ?? {}) as Record<string, unknown>;
    if (sender === from || typeof sender !== 'string' || typeof seq !== 'number') return;
    if (missedBefore.seen(sender, seq)) missedEnds();
    if (isSessionEnd(end)) listeners.call(end);
  });
  const missed = createListeners<void>(warnOfListener);
  const missedEnds = () => missed.call();
  const heartbeatMs = deps.heartbeatMs ?? 2_000;
  const missedBefore = createMissedMessageDetector({
    now: Date.now,
    // Two beats: long enough to have heard every live instance once.
    graceMs: 2 * heartbeatMs,
    forgetAfterMs: 30 * heartbeatMs,
  });
  let seq = 0;
  const publish = (fields: { end?: SessionEnd }) =>
    deps.client.publish(channel, JSON.stringify({ from, seq: ++seq, ...fields }));
  const beat = setInterval(() => {
    publish({}).catch(() => undefined); // a lost beat is itself a jump the others will see
  }, heartbeatMs);
  beat.unref(); // a heartbeat must not keep the process alive
  const subscribe = () =>
    subscriber.subscribe(channel).then(missedEnds, (error: unknown) => {
      deps.logger.warn({ code: (error as { code?: string }).code }, 'session-end subscribe failed');
    });
  const subscribed = subscribe();
  // After a lost connection: ioredis subscribes again by itself, but only our own SUBSCRIBE's
  // answer says when messages are heard again, which is when the missed ones must be looked for.
  let lost = false;
  subscriber.on('close', () => void (lost = true));
  subscriber.on('ready', () => {
    if (!lost) return;
    lost = false;
    // Never rejects: a failed SUBSCRIBE is logged, and the next reconnect tries again.
    subscribe().catch(() => undefined);
  });

  return {
    announce(end: SessionEnd) {
      listeners.call(end);
      publish({ end }).catch((error: unknown) => {
        // The number is spent: the others see the jump at this instance's next beat and re-read.
        deps.logger.warn(
          { code: (error as { code?: string }).code },
          'session end could not be published',
        );
      });
    },
    listen: (listener) => listeners.add(listener),
    onMissedEnds: (listener) => missed.add(listener),
    async close() {
      clearInterval(beat);
      await subscribed;
      subscriber.disconnect();
    },
  };
}
