import type { CloakroomError } from '@cloakroom/react';
import type { ReactNode } from 'react';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';

/**
 * What a protected page shows once its session ended while in use: expired, revoked, or logged
 * out in another tab. The way back in is the "Sign in" of the {@link SignedOutBanner} in the header,
 * which every page shows (and screen readers announce) at the same moment: one button, not two.
 *
 * @example
 * ```tsx
 * if (error?.status === 401) return <SessionEnded error={error} />;
 * ```
 */
export function SessionEnded({ error }: { error: CloakroomError }): ReactNode {
  useDocumentTitle('Session ended');
  const reason =
    error.code === 'session_expired'
      ? 'It expired. Sessions are kept short on purpose.'
      : 'It expired, it was revoked, or you logged out in another tab.';
  return (
    <section className="session-ended" data-testid="session-ended" aria-labelledby="ended-title">
      <h1 id="ended-title" tabIndex={-1}>
        Your session has ended — log in again
      </h1>
      <p>{reason} Nothing on this page can be used until you sign in again.</p>
    </section>
  );
}
