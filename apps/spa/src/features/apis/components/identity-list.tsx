import type { ApiIdentity } from '@cloakroom/contract';
import type { ReactNode } from 'react';
import { formatRelativeTime } from '../../../lib/format-relative-time.ts';

const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

// The answer comes from an API over the network: a field it left out (an older API) reads
// "not given" rather than breaking the page.
const notGiven = <span className="muted">(not given)</span>;

function text(value: unknown, empty: ReactNode = notGiven): ReactNode {
  if (typeof value !== 'string') return notGiven;
  return value ? <code>{value}</code> : empty;
}

/** Who a subject is, from this page's point of view. */
function subjectNote(identity: ApiIdentity, userSub: string | undefined): string {
  if (identity.sub === userSub) return ' (you)';
  if (identity.sub === identity.clientId) return ' (the BFF’s own client)';
  return '';
}

function Expiry({ at, now }: { at: unknown; now: number }): ReactNode {
  if (typeof at !== 'number' || !Number.isFinite(at)) return notGiven;
  const expires = new Date(at * 1000);
  return (
    <>
      {formatRelativeTime(at - now)}{' '}
      <span className="muted">
        (<time dateTime={expires.toISOString()}>{timeFormat.format(expires)}</time>)
      </span>
    </>
  );
}

/**
 * What one API says it received: the token's subject, audience, scope, client, fingerprint and
 * expiry (relative to `now`, unix seconds, with the wall-clock time beside it).
 *
 * @example
 * ```tsx
 * <IdentityList identity={identity} userSub={user?.sub} now={now} />
 * ```
 */
export function IdentityList({
  identity,
  userSub,
  now,
}: {
  identity: ApiIdentity;
  userSub: string | undefined;
  now: number;
}): ReactNode {
  return (
    <dl className="identity">
      <div>
        <dt>Subject</dt>
        <dd data-testid="identity-sub">
          {text(identity.sub)}
          {subjectNote(identity, userSub)}
        </dd>
      </div>
      <div>
        <dt>Audience</dt>
        <dd data-testid="identity-aud">{text(identity.aud)}</dd>
      </div>
      <div>
        <dt>Scope</dt>
        <dd>{text(identity.scope, '(none)')}</dd>
      </div>
      <div>
        <dt>Client</dt>
        <dd>{text(identity.clientId)}</dd>
      </div>
      <div>
        <dt>Token fingerprint</dt>
        <dd data-testid="identity-fingerprint">{text(identity.tokenFingerprint)}</dd>
      </div>
      <div>
        <dt>Token expires</dt>
        <dd>
          <Expiry at={identity.tokenExpiresAt} now={now} />
        </dd>
      </div>
    </dl>
  );
}
