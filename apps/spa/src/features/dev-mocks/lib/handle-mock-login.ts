import { mockLogin } from '@cloakroom/mocks';

/**
 * Mock mode's stand-in for the BFF's `GET /bff/login`. That request is a full-page navigation,
 * which Vite answers with index.html, so the app itself plays the BFF: start the mock session and
 * go to `returnTo` (in `idp-down`, back with `login_error`; a silent login in `anonymous`, back
 * with `login_error=login_required`). Returns true when it is navigating away.
 *
 * @example
 * ```ts
 * if (handleMockLogin()) return;
 * ```
 */
export function handleMockLogin(): boolean {
  if (location.pathname !== '/bff/login') return false;
  const query = new URLSearchParams(location.search);
  const returnTo = query.get('returnTo') ?? '/';
  // The same rule as the real BFF: only a same-origin path.
  const safe = /^\/(?![/\\])/.test(returnTo) ? returnTo : '/';
  location.replace(mockLogin(safe, query.get('prompt') ?? undefined));
  return true;
}
