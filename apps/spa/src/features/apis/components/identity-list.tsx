import type { ApiIdentity } from '@cloakroom/contract';
import type { ReactNode } from 'react';
import { formatRelativeTime } from '../../../lib/format-relative-time.ts';

const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

/** Who a subject is, from this page's point of view. */
function subjectNote(identity: ApiIdentity, userSub: string | undefined): string {
  if (identity.sub === userSub) return ' (you)';
  if (identity.sub === identity.clientId) return ' (the BFF’s own client)';
  return '';
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
  const expires = new Date(identity.tokenExpiresAt * 1000);
  return (
    <dl className="identity">
      <div>
        <dt>Subject</dt>
        <dd data-testid="identity-sub">
          <code>{identity.sub}</code>
          {subjectNote(identity, userSub)}
        </dd>
      </div>
      <div>
        <dt>Audience</dt>
        <dd data-testid="identity-aud">
          <code>{identity.aud}</code>
        </dd>
      </div>
      <div>
        <dt>Scope</dt>
        <dd>{identity.scope ? <code>{identity.scope}</code> : '(none)'}</dd>
      </div>
      <div>
        <dt>Client</dt>
        <dd>{identity.clientId ? <code>{identity.clientId}</code> : '(not named)'}</dd>
      </div>
      <div>
        <dt>Token fingerprint</dt>
        <dd data-testid="identity-fingerprint">
          <code>{identity.tokenFingerprint}</code>
        </dd>
      </div>
      <div>
        <dt>Token expires</dt>
        <dd>
          {formatRelativeTime(identity.tokenExpiresAt - now)}{' '}
          <span className="muted">
            (<time dateTime={expires.toISOString()}>{timeFormat.format(expires)}</time>)
          </span>
        </dd>
      </div>
    </dl>
  );
}
