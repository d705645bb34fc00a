import { HttpResponse } from 'msw';

/**
 * The contract's error JSON, `{ error, message }`, with a status.
 *
 * @example
 * ```ts
 * return errorResponse(403, 'csrf', 'Missing X-CSRF header');
 * ```
 */
export function errorResponse(status: number, error: string, message: string): Response {
  return HttpResponse.json({ error, message }, { status });
}

/**
 * What the BFF answers a request without `X-CSRF: 1`, or `undefined` when the header is there.
 *
 * @example
 * ```ts
 * http.get('/bff/user', ({ request }) => rejectWithoutCsrf(request) ?? HttpResponse.json(user));
 * ```
 */
export function rejectWithoutCsrf(request: Request): Response | undefined {
  return request.headers.get('x-csrf') === '1'
    ? undefined
    : errorResponse(403, 'csrf', 'This request needs the X-CSRF: 1 header.');
}
