import { useSession } from '@cloakroom/react';
import type { ReactNode } from 'react';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';

/**
 * What a protected page shows to a visitor whose sign-in just failed: not another trip to the
 * IdP (which would fail the same way, over and over), but a page that waits for them to choose
 * to sign in again, here or with the banner's "Try again" (the banner may have been dismissed).
 *
 * @example
 * ```tsx
 * if (loginError) return <SignInNeeded />;
 * ```
 */
export function SignInNeeded(): ReactNode {
  const { login } = useSession();
  useDocumentTitle('Sign in needed');
  return (
    <section aria-labelledby="sign-in-needed-title" data-testid="sign-in-needed">
      <h1 id="sign-in-needed-title" tabIndex={-1}>
        Sign in to see this page
      </h1>
      <p>This page needs a session, and the last sign-in did not complete.</p>
      <button type="button" className="button button--primary" onClick={() => login()}>
        Sign in
      </button>
    </section>
  );
}
