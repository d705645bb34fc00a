import {
  errorBody,
  errorCatalog,
  type ApiErrorBody,
  type ApiErrorCode,
  type BffErrorCode,
} from '@cloakroom/contract';
import { HttpResponse } from 'msw';

/**
 * What the BFF answers for `code`: the contract's status and message, nothing the real BFF
 * would not send.
 *
 * @example
 * ```ts
 * return bffErrorResponse('unauthenticated'); // 401 { error: 'unauthenticated', message: ... }
 * ```
 */
export function bffErrorResponse(code: BffErrorCode): Response {
  return HttpResponse.json(errorBody(code), { status: errorCatalog[code].status });
}

/**
 * An error answer of the sample API, which the BFF's proxy passes through as it is.
 *
 * @example
 * ```ts
 * return apiErrorResponse(404, 'not_found', 'no such note');
 * ```
 */
export function apiErrorResponse(status: number, code: ApiErrorCode, message: string): Response {
  return HttpResponse.json({ error: code, message } satisfies ApiErrorBody, { status });
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
  return request.headers.get('x-csrf') === '1' ? undefined : bffErrorResponse('csrf');
}
