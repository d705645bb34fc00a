import type { Context } from 'koa';
import { principalOf } from '../auth/require-bearer.ts';
import { parseInterval } from '../live/parse-interval.ts';

/** What each event of `GET /events` carries (its `data`, as JSON). */
export interface LiveEvent {
  /** 1 for the first event of a stream, or one more than the `Last-Event-ID` it resumes. */
  counter: number;
  /** When the event was sent, ISO 8601. */
  time: string;
  /** The caller, from the access token the stream was opened with. */
  sub: string;
}

/** The `Last-Event-ID` an EventSource sends when it reconnects: where the counter goes on. */
function resumeFrom(ctx: Context): number {
  const last = ctx.get('last-event-id');
  return /^\d{1,15}$/.test(last) ? Number(last) : 0;
}

/**
 * `GET /events?every=<seconds>`: a server-sent event stream, one event every `every` seconds
 * (default 1, see parseInterval), each `id: <counter>` and `data: {counter, time, sub}`.
 * The headers go out at once (an EventSource reports "open" on them); nothing may buffer or
 * cache the stream; the timer stops as soon as the client goes away.
 *
 * Written past Koa (`ctx.respond = false`): Koa would only start the answer with the first
 * event, and a stream is not a body Koa should measure or compress.
 *
 * @example
 * ```ts
 * router.get('/events', streamEvents);
 * ```
 */
export function streamEvents(ctx: Context): void {
  const everyMs = parseInterval(ctx.query['every']) * 1000;
  const { sub } = principalOf(ctx);
  let counter = resumeFrom(ctx);

  ctx.status = 200;
  ctx.respond = false;
  const { req, res } = ctx;
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    // nginx and similar proxies would otherwise hold events back until a buffer fills.
    'X-Accel-Buffering': 'no',
  });
  res.flushHeaders();

  const timer = setInterval(() => {
    counter += 1;
    const event: LiveEvent = { counter, time: new Date().toISOString(), sub };
    res.write(`id: ${counter}\ndata: ${JSON.stringify(event)}\n\n`);
  }, everyMs);
  const stop = () => clearInterval(timer);
  // 'close' comes both when the client leaves and when the server shuts the socket.
  req.once('close', stop);
  res.once('close', stop);
}
