/**
 * @internal What this tab remembers about silent logins (`prompt=none`), in `sessionStorage`
 * (one tab, gone with it): `'1'` while one is on its way to the IdP, `'2'` once this tab has
 * tried, or logged out (a silent login must not undo a logout). The marker is what tells a
 * silent login's failure (no message: the user asked for nothing) from a login the user asked
 * for, and what keeps a failing silent login from looping. Without storage this answers `'2'`:
 * a tab that cannot remember trying never tries.
 *
 * @example
 * ```ts
 * silentLoginMark('1'); // a silent login leaves now
 * silentLoginMark() == null; // whether this tab may still try one
 * ```
 */
export function silentLoginMark(value?: '1' | '2'): string | null {
  try {
    if (value) sessionStorage.setItem('cloakroom-silent', value);
    return sessionStorage.getItem('cloakroom-silent');
  } catch {
    return '2';
  }
}
