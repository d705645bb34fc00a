import type { SessionSummary } from '@cloakroom/contract';
import { useId, useState } from 'react';
import type { ReactNode } from 'react';
import { describeError } from '../../../lib/describe-error.ts';
import { formatRelativeTime } from '../../../lib/format-relative-time.ts';
import { describeDevice } from '../lib/describe-device.ts';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const isoFromSeconds = (seconds: number) => new Date(seconds * 1000).toISOString();

/**
 * One session: the device that logged in, when, when it was last used, "This device" for the
 * browser looking at it, and its "End" button (described by the device, for screen readers).
 *
 * @example
 * ```tsx
 * <SessionItem session={session} now={now} onEnd={end} />
 * ```
 */
export function SessionItem({
  session,
  now,
  onEnd,
}: {
  session: SessionSummary;
  /** Unix seconds, for "last seen 3 minutes ago". */
  now: number;
  onEnd: (session: SessionSummary) => Promise<void>;
}): ReactNode {
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const device = describeDevice(session.userAgent);

  const onClick = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await onEnd(session);
    } catch (failure) {
      setError(describeError(failure));
      setBusy(false);
    }
  };

  return (
    <li
      className={session.current ? 'session session--current' : 'session'}
      data-testid="session"
      data-current={session.current}
    >
      <div className="session__body">
        <p id={`${id}-device`} className="session__device">
          <span>{device.label}</span>
          {session.current && (
            <span className="badge" data-testid="this-device">
              This device
            </span>
          )}
        </p>
        <dl className="session__times">
          <div>
            <dt>Signed in</dt>
            <dd>
              <time dateTime={isoFromSeconds(session.createdAt)}>
                {dateFormat.format(session.createdAt * 1000)}
              </time>
            </dd>
          </div>
          <div>
            <dt>Last active</dt>
            <dd>
              <time dateTime={isoFromSeconds(session.lastSeenAt)}>
                {session.current
                  ? 'now'
                  : formatRelativeTime(Math.min(0, session.lastSeenAt - now))}
              </time>
            </dd>
          </div>
        </dl>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </div>
      <button
        type="button"
        className="button button--danger"
        onClick={() => void onClick()}
        disabled={busy}
        aria-describedby={`${id}-device`}
      >
        {session.current ? 'End and sign out' : 'End'}
      </button>
    </li>
  );
}
