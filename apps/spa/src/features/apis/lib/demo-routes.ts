/**
 * The three routes of `apps/bff/dev-routes.json` that the APIs page calls, and which token the BFF
 * attaches on each, in words. The BFF decides the token by route; the page only names the path.
 */

/** One BFF route to a sample API, as the page describes it. */
export interface DemoRoute {
  /** The route's path prefix; the page calls `<path>/me`. */
  path: string;
  /** The token the BFF sends upstream on this route, in the user's words. */
  token: string;
  /** How the BFF came by that token. */
  how: string;
}

/**
 * The routes, in the order the page shows them.
 *
 * @example
 * ```ts
 * demoRoutes.map((route) => `${route.path}/me`); // ['/api/me', '/api/billing/me', ...]
 * ```
 */
export const demoRoutes: readonly DemoRoute[] = [
  {
    path: '/api',
    token: 'your login’s token',
    how: 'The access token the BFF received when you logged in, for the sample API.',
  },
  {
    path: '/api/billing',
    token: 'your token for the billing API (RFC 8707)',
    how: 'A token of yours that the BFF asked the identity provider for, with a resource indicator, so that its audience is the billing API.',
  },
  {
    path: '/api/billing-service',
    token: 'the BFF’s own client token',
    how: 'A client-credentials token of the BFF itself: it speaks for the app, not for you, and every session shares it.',
  },
];
