import { useSession } from '@cloakroom/react';
import { useEffect } from 'react';
import type { ReactNode } from 'react';
import { Outlet, useLocation } from 'react-router-dom';

/**
 * Wraps the public pages: a returning visitor whose IdP session is still alive should not have
 * to press "Log in" to be signed in. When the first session check says anonymous, this tries a
 * silent login (`prompt=none`) back to this page, once per tab (`silentLogin` remembers it, so
 * it never loops and never undoes a logout). Not after a sign-in that just failed, a session
 * that ended while in use, or when the BFF could not be asked. If the IdP has no session, the
 * page comes back with a quiet failure and the visitor stays anonymous, with no message.
 *
 * Protected pages need none of this: their `RequireSession` starts a normal login, which the
 * IdP answers without a form while its session lives.
 *
 * @example
 * ```tsx
 * <Route element={<TrySilentLogin />}><Route path="/" element={<HomePage />} /></Route>
 * ```
 */
export function TrySilentLogin(): ReactNode {
  const { status, error, endedReason, loginError, silentLogin } = useSession();
  const { pathname, search } = useLocation();
  const tryIt = status === 'anonymous' && !error && !endedReason && !loginError;

  useEffect(() => {
    if (tryIt) silentLogin(pathname + search);
  }, [tryIt, silentLogin, pathname, search]);

  // The page stays as it is while the browser leaves: the round trip is short, and a visitor
  // who stays anonymous sees no flicker on the way back.
  return <Outlet />;
}
