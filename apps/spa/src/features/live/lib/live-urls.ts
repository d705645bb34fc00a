/**
 * Where the Live page connects: the BFF's `/api/live` route (token `user`, WebSocket upgrades
 * and same-origin reads allowed), which leads to the sample API's `/events` and `/echo`.
 */

/** The event stream: one event a second. */
export const liveEventsPath = '/api/live/events?every=1';

/**
 * The echo WebSocket's URL on this page's origin: `ws:` beside `http:`, `wss:` beside `https:`
 * (the BFF admits an upgrade only from its own origin).
 *
 * @example
 * ```ts
 * echoSocketUrl(new URL('https://app.example/live')); // 'wss://app.example/api/live/echo'
 * ```
 */
export function echoSocketUrl(page: Pick<URL, 'protocol' | 'host'>): string {
  return `${page.protocol === 'https:' ? 'wss:' : 'ws:'}//${page.host}/api/live/echo`;
}
