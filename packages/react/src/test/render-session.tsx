import { render } from '@testing-library/react';
import type { RenderResult } from '@testing-library/react';
import { CloakroomProvider } from '../cloakroom-provider.tsx';
import type { CloakroomProviderProps } from '../cloakroom-provider.tsx';
import { useApiFetch } from '../use-api-fetch.ts';
import { useSession } from '../use-session.ts';
import type { ApiFetch, Session } from '../session-context.ts';

/**
 * Test helper: renders a provider and a probe that prints the session, and hands back the live
 * session and api so a test can call them.
 *
 * @example
 * ```ts
 * const { view, current } = renderSession();
 * await view.findByText('authenticated');
 * ```
 */
export function renderSession(props: CloakroomProviderProps = {}): {
  view: RenderResult;
  current: () => { session: Session; api: ApiFetch };
} {
  let latest: { session: Session; api: ApiFetch } | undefined;
  function Probe() {
    const session = useSession();
    const api = useApiFetch();
    latest = { session, api };
    return (
      <dl>
        <dt>status</dt>
        <dd data-testid="status">{session.status}</dd>
        <dt>user</dt>
        <dd data-testid="user">{session.user?.sub ?? '-'}</dd>
        <dt>error</dt>
        <dd data-testid="error">{session.error?.code ?? '-'}</dd>
        <dt>expires</dt>
        <dd data-testid="expires">{session.expiresInSeconds ?? '-'}</dd>
        <dt>soon</dt>
        <dd data-testid="soon">{String(session.expiringSoon)}</dd>
        <dt>ended</dt>
        <dd data-testid="ended">{session.endedReason ?? '-'}</dd>
        <dt>login error</dt>
        <dd data-testid="login-error">
          {session.loginError
            ? [session.loginError.code, session.loginError.silent ? 'silent' : '-'].join(' ')
            : '-'}
        </dd>
      </dl>
    );
  }
  const view = render(
    <CloakroomProvider {...props}>
      <Probe />
    </CloakroomProvider>,
  );
  return {
    view,
    current: () => {
      if (!latest) throw new Error('not rendered yet');
      return latest;
    },
  };
}
