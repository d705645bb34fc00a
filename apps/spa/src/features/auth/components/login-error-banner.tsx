import { useSession } from '@cloakroom/react';
import type { ReactNode } from 'react';
import { describeLoginError } from '../lib/describe-login-error.ts';

/**
 * Says why the last sign-in failed, when the BFF sent the browser back with `login_error`
 * (already taken out of the URL by the provider, so a reload does not show it again), with
 * "Try again" and a way to close it. Only sentences chosen by known codes are shown. A silent
 * login's failure shows nothing: the user asked for nothing and simply stays signed out.
 *
 * @example
 * ```tsx
 * <LoginErrorBanner />
 * ```
 */
export function LoginErrorBanner(): ReactNode {
  const { loginError, login, dismissLoginError } = useSession();
  if (!loginError || loginError.silent) return null;
  return (
    <div className="notice-banner notice-banner--bad" role="alert" data-testid="login-error">
      <div className="notice-banner__inner">
        <p>{describeLoginError(loginError)}</p>
        <div className="notice-banner__actions">
          <button type="button" className="button button--primary" onClick={() => login()}>
            Try again
          </button>
          <button type="button" className="button" onClick={dismissLoginError}>
            Dismiss
          </button>
        </div>
      </div>
    </div>
  );
}
