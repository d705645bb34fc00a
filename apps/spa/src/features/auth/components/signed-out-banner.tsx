import { useSession } from '@cloakroom/react';
import type { ReactNode } from 'react';

/**
 * Says, on every page, that a session in use has ended (it expired, could not be renewed, was
 * ended on the server, or was logged out in another tab), with the way back in. Announced at once
 * (`role="alert"`): the page changed under the user without them doing anything. A visitor who
 * never signed in does not see it.
 *
 * @example
 * ```tsx
 * <SignedOutBanner />
 * ```
 */
export function SignedOutBanner(): ReactNode {
  const { status, endedReason, login } = useSession();
  if (status !== 'anonymous' || !endedReason) return null;
  return (
    <div className="notice-banner notice-banner--warn" role="alert" data-testid="signed-out">
      <div className="notice-banner__inner">
        <p>
          {endedReason === 'logged-out'
            ? 'You were signed out in another tab. Sign in again to continue.'
            : 'You were signed out. Sign in again to continue.'}
        </p>
        <div className="notice-banner__actions">
          {/* login() comes back to this path and query. */}
          <button type="button" className="button button--primary" onClick={() => login()}>
            Sign in
          </button>
        </div>
      </div>
    </div>
  );
}
