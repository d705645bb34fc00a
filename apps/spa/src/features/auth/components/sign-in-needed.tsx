import type { ReactNode } from 'react';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';

/**
 * What a protected page shows to a visitor whose sign-in just failed: not another trip to the
 * IdP (which would fail the same way, over and over), but a page that waits for them to choose
 * "Try again" in the sign-in error's banner.
 *
 * @example
 * ```tsx
 * if (loginError) return <SignInNeeded />;
 * ```
 */
export function SignInNeeded(): ReactNode {
  useDocumentTitle('Sign in needed');
  return (
    <section aria-labelledby="sign-in-needed-title" data-testid="sign-in-needed">
      <h1 id="sign-in-needed-title" tabIndex={-1}>
        Sign in to see this page
      </h1>
      <p>This page needs a session, and the last sign-in did not complete.</p>
    </section>
  );
}
