import { useSession } from '@cloakroom/react';
import type { ReactNode } from 'react';
import { displayName } from '../../../lib/display-name.ts';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import { ClaimsTable } from './claims-table.tsx';
import { SessionExpiry } from './session-expiry.tsx';

/**
 * Who you are to the BFF (your claims) and how long the session has left.
 *
 * @example
 * ```tsx
 * { path: paths.profile, element: <ProfilePage /> }
 * ```
 */
export function ProfilePage(): ReactNode {
  useDocumentTitle('Profile');
  const { user } = useSession();
  return (
    <>
      <h1 tabIndex={-1}>Profile</h1>
      <p className="lead">
        Logged in as <strong>{displayName(user)}</strong> (subject <code>{user?.sub}</code>).
      </p>
      <section aria-labelledby="expiry-title">
        <h2 id="expiry-title">Session</h2>
        <SessionExpiry />
        <p className="muted">
          The session lives on the server. When it ends, or when you log out in any tab, this page
          asks you to log in again.
        </p>
      </section>
      <section aria-labelledby="claims-title">
        <h2 id="claims-title">Claims</h2>
        {user && <ClaimsTable claims={user.claims} />}
      </section>
    </>
  );
}
