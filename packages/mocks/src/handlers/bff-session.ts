import type { LogoutResponse, UserResponse } from '@cloakroom/contract';
import { http, HttpResponse } from 'msw';
import { bffErrorResponse, rejectWithoutCsrf } from '../errors.ts';
import { mockAcr, mockLogin, useScenario } from '../scenario.ts';
import { alice, mockSession } from '../session.ts';

/** The contract's rule for `returnTo`: a same-origin path, nothing that escapes the origin. */
function isSafeReturnTo(value: string): boolean {
  // oxlint-disable-next-line no-control-regex -- control characters are exactly what we refuse
  return /^\/(?![/\\])/.test(value) && !/[\u0000-\u001f\u007f]/.test(value);
}

/**
 * The BFF's session endpoints. Logging in skips the IdP: it starts the `alice` session (or restarts
 * the current scenario's) and redirects to `returnTo` — in `idp-down`, back to `returnTo` with
 * `login_error=idp_unavailable` instead. Logging out switches to `anonymous`.
 *
 * @example
 * ```ts
 * const server = setupServer(...bffSessionHandlers);
 * ```
 */
export const bffSessionHandlers = [
  http.get('/bff/user', ({ request }) => {
    const session = mockSession();
    return (
      rejectWithoutCsrf(request) ??
      (session
        ? HttpResponse.json({
            ...alice,
            claims: { ...alice.claims, ...(mockAcr() ? { acr: mockAcr() } : {}) },
            expiresAt: session.expiresAt,
          } satisfies UserResponse)
        : bffErrorResponse('unauthenticated'))
    );
  }),

  http.get('/bff/login', ({ request }) => {
    const returnTo = new URL(request.url).searchParams.get('returnTo') ?? '/';
    if (!isSafeReturnTo(returnTo)) return bffErrorResponse('invalid_return_to');
    const acrValues = new URL(request.url).searchParams.get('acr_values') ?? undefined;
    // Like the real BFF, which may answer either, and 303 when a failed login goes back.
    return new HttpResponse(null, {
      status: 303,
      headers: { location: mockLogin(returnTo, acrValues) },
    });
  }),

  http.post('/bff/logout', ({ request }) => {
    const rejected = rejectWithoutCsrf(request);
    if (rejected) return rejected;
    useScenario('anonymous');
    return HttpResponse.json({ redirectTo: '/' } satisfies LogoutResponse);
  }),
];
