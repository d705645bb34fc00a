import { useSession } from '@cloakroom/react';
import type { ReactNode } from 'react';
import { formatDuration } from '../../lib/format-duration.ts';

/**
 * Warns, once the session is within the provider's warning window, that it is about to end.
 *
 * @example
 * ```tsx
 * <ExpiryBanner />
 * ```
 */
export function ExpiryBanner(): ReactNode {
  const { status, expiringSoon, expiresInSeconds } = useSession();
  if (status !== 'authenticated' || !expiringSoon || expiresInSeconds === undefined) return null;
  return (
    <div className="expiry-banner" role="status" data-testid="expiry-warning">
      <p>
        Your session ends in <strong>{formatDuration(expiresInSeconds)}</strong>. After that you
        will need to log in again.
      </p>
    </div>
  );
}
