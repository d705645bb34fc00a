import { useSession } from '@cloakroom/react';
import type { ReactNode } from 'react';
import { formatDuration } from '../../../lib/format-duration.ts';

const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

/**
 * When the session ends: a countdown (a `timer`, which screen readers do not announce every
 * second) and the wall-clock time.
 *
 * @example
 * ```tsx
 * <SessionExpiry />
 * ```
 */
export function SessionExpiry(): ReactNode {
  const { expiresAt, expiresInSeconds, expiringSoon } = useSession();
  if (expiresAt === undefined || expiresInSeconds === undefined) {
    return <p>The BFF did not say when this session ends.</p>;
  }
  return (
    <dl className={expiringSoon ? 'expiry expiry--soon' : 'expiry'}>
      <div>
        <dt>Session ends in</dt>
        <dd>
          <span role="timer" data-testid="expiry-countdown">
            {formatDuration(expiresInSeconds)}
          </span>
        </dd>
      </div>
      <div>
        <dt>Session ends at</dt>
        <dd>
          <time dateTime={new Date(expiresAt * 1000).toISOString()}>
            {timeFormat.format(new Date(expiresAt * 1000))}
          </time>
        </dd>
      </div>
    </dl>
  );
}
