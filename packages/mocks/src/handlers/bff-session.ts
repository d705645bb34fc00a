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
 * `login_error=idp_unavailable` instead; a silent login (`prompt=none`) in `anonymous` comes
 * back with `login_error=login_required`; one with mfa in `acr_values` (a step-up) gives the
 * session that `acr` (see `mockLogin`). Logging out switches to `anonymous`.
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
    const query = new URL(request.url).searchParams;
    const returnTo = query.get('returnTo') ?? '/';
    if (!isSafeReturnTo(returnTo)) return bffErrorResponse('invalid_return_to');
    const prompt = query.get('prompt') ?? undefined;
    if (prompt !== undefined && !['none', 'login', 'consent', 'select_account'].includes(prompt)) {
      return bffErrorResponse('invalid_prompt');
    }
    const acrValues = query.get('acr_values') ?? undefined;
    // Like the real BFF, which may answer either, and 303 when a failed login goes back.
    const location = mockLogin(returnTo, { prompt, acrValues });
    return new HttpResponse(null, { status: 303, headers: { location } });
  }),

  http.post('/bff/logout', ({ request }) => {
    const rejected = rejectWithoutCsrf(request);
    if (rejected) return rejected;
    useScenario('anonymous');
    return HttpResponse.json({ redirectTo: '/' } satisfies LogoutResponse);
  }),
];
