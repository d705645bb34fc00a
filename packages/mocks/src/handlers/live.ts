// The Live page's two connections in mock mode, as the BFF's `/api/live` route (token `user`,
// WebSocket upgrades, same-origin reads) and the sample API's /events and /echo behave:
// - the event stream sends {counter, time, sub} every `every` seconds; the echo socket echoes;
// - when the mock session ends (`expiring`, `session-expires`) the BFF ends the stream and
//   closes the socket with 4401; a reconnect then gets the BFF's 401;
// - `live-drops`: the live API drops every connection after 5 s while the session lives: the
//   stream ends and the browser's own reconnect (told to come after 0.5 s) gets the BFF's 502
//   for 2 s after a drop; the socket closes with 1011. A later connection (the page's
//   Reconnect) works again.
import { http, sse, ws, type RequestHandler, type WebSocketHandler } from 'msw';
import { apiErrorResponse, bffErrorResponse } from '../errors.ts';
import { currentScenario } from '../scenario.ts';
import { alice, mockSession, mockSessionExpired, spendAccessToken } from '../session.ts';

/** How long a connection lasts in `live-drops`. */
export const liveDropAfterMs = 5000;

/** In `live-drops`: how long after a stream dropped a new one is refused (502). */
export const liveDownForMs = 2000;

// In `live-drops`: when a stream last dropped.
let droppedAt = 0;

/** The close code of a WebSocket whose session ended (the BFF's). */
const sessionEndedCode = 4401;

/** Whether the BFF would still let this session's connections live (see session.ts). */
function sessionLives(): boolean {
  return mockSession() !== undefined && spendAccessToken();
}

/** The BFF's answer to a live request without a session, else `undefined`. */
function refuseWithoutSession(): Response | undefined {
  if (mockSession() && spendAccessToken()) return undefined;
  return bffErrorResponse(mockSessionExpired() ? 'session_expired' : 'unauthenticated');
}

/** `every` as the sample API reads it, or `undefined` when it would answer 400. */
function intervalMs(url: URL): number | undefined {
  const every = url.searchParams.get('every') ?? '1';
  const seconds = /^\d{1,4}(\.\d{1,3})?$/.test(every) ? Number(every) : NaN;
  return seconds >= 0.1 && seconds <= 3600 ? seconds * 1000 : undefined;
}

/**
 * The handlers of `/api/live/events` and `/api/live/echo`. A function, not an array like the
 * others: msw's `sse()` needs `EventSource`, which the browser has and Node does not, so
 * mock mode adds them (browser.ts) and a Node test that fakes EventSource makes its own.
 *
 * @example
 * ```ts
 * const worker = setupWorker(...handlers, ...createLiveHandlers());
 * ```
 */
export function createLiveHandlers(): Array<RequestHandler | WebSocketHandler> {
  const echo = ws.link(/\/api\/live\/echo$/);
  return [
    // What the BFF decides before the stream reaches the API. No X-CSRF: the route allows
    // same-origin reads, and an EventSource cannot send it. Falls through when admitted.
    http.get('/api/live/events', ({ request }) => {
      const refused = refuseWithoutSession();
      if (refused) return refused;
      if (currentScenario() === 'live-drops' && Date.now() - droppedAt < liveDownForMs) {
        return bffErrorResponse('upstream_unavailable');
      }
      if (intervalMs(new URL(request.url)) === undefined) {
        return apiErrorResponse(
          400,
          'invalid_interval',
          'every must be a number of seconds from 0.1 to 3600',
        );
      }
      return undefined;
    }),

    sse('/api/live/events', ({ client, request }) => {
      const every = intervalMs(new URL(request.url)) ?? 1000;
      const openedAt = Date.now();
      let counter = 0;
      // The browser's own reconnect comes soon, within the time the API is down.
      if (currentScenario() === 'live-drops') client.send({ retry: 500 });
      const timer = setInterval(() => {
        if (request.signal.aborted) {
          clearInterval(timer);
        } else if (!sessionLives()) {
          clearInterval(timer);
          client.close(); // the BFF ends the stream of an ended session
        } else if (currentScenario() === 'live-drops' && Date.now() - openedAt >= liveDropAfterMs) {
          clearInterval(timer);
          droppedAt = Date.now();
          client.close();
        } else {
          counter += 1;
          const data = { counter, time: new Date().toISOString(), sub: alice.sub };
          client.send({ id: String(counter), data });
        }
      }, every);
      request.signal.addEventListener('abort', () => clearInterval(timer), { once: true });
    }),

    echo.addEventListener('connection', ({ client }) => {
      if (!sessionLives()) {
        // The real BFF refuses the handshake (the browser sees 1006); a mock cannot, so it
        // closes at once the way it closes an ended session's socket.
        client.close(sessionEndedCode, 'session ended');
        return;
      }
      const openedAt = Date.now();
      const watch = setInterval(() => {
        if (!sessionLives()) client.close(sessionEndedCode, 'session ended');
        else if (currentScenario() === 'live-drops' && Date.now() - openedAt >= liveDropAfterMs) {
          client.close(1011, 'the live API went away');
        }
      }, 250);
      client.addEventListener('message', (event) => client.send(event.data));
      client.addEventListener('close', () => clearInterval(watch));
    }),
  ];
}
