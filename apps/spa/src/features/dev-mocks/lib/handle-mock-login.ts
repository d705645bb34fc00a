import { mockLogin } from '@cloakroom/mocks';

/**
 * Mock mode's stand-in for the BFF's `GET /bff/login`. That request is a full-page navigation,
 * which Vite answers with index.html, so the app itself plays the BFF: start the mock session and
 * go to `returnTo` (in `idp-down`, back with `login_error`; a silent login in `anonymous`, back
 * with `login_error=login_required`); a step-up login (`acr_values` naming mfa) gets the mfa
 * level. Returns true when it is navigating away.
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
  // The same rule as the real BFF: only a same-origin path. A step-up's acr_values go along.
  const safe = /^\/(?![/\\])/.test(returnTo) ? returnTo : '/';
  location.replace(
    mockLogin(safe, {
      prompt: query.get('prompt') ?? undefined,
      acrValues: query.get('acr_values') ?? undefined,
    }),
  );
  return true;
}
