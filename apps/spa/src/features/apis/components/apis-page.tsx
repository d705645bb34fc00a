import type { ApiIdentity } from '@cloakroom/contract';
import { useSession } from '@cloakroom/react';
import type { ReactNode } from 'react';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import { useNow } from '../../../lib/use-now.ts';
import { useApiIdentities } from '../api/use-api-identities.ts';
import type { IdentityCall } from '../api/use-api-identities.ts';
import { demoRoutes } from '../lib/demo-routes.ts';
import { ApiCard } from './api-card.tsx';
import { ApisConclusion } from './apis-conclusion.tsx';

const loading: IdentityCall = { status: 'loading' };

/**
 * Several APIs, one session (issue 13): calls three BFF routes to two APIs in parallel and shows
 * which token each API received — the login's, an RFC 8707 token for another audience, the
 * BFF's own — while the browser holds only its session cookie.
 *
 * @example
 * ```tsx
 * { path: paths.apis, element: <ApisPage /> }
 * ```
 */
export function ApisPage(): ReactNode {
  useDocumentTitle('APIs');
  const { user } = useSession();
  const { calls, retry, callAll } = useApiIdentities();
  const now = useNow(15_000);
  const cards = demoRoutes.map((route) => ({ route, call: calls[route.path] ?? loading }));
  const answers: ApiIdentity[] = cards.flatMap(({ call }) =>
    call.status === 'ready' ? [call.identity] : [],
  );

  return (
    <>
      <h1 tabIndex={-1}>Several APIs, one session</h1>
      <p className="lead">
        This page calls <code>/me</code> on three routes of the BFF at once. Each route leads to an
        API that wants its own token; the BFF holds them all and attaches the right one. Each API
        answers what it received: whose token, for which audience, and a fingerprint that tells
        tokens apart without revealing them.
      </p>
      <p>
        <button type="button" className="button button--primary" onClick={callAll}>
          Call again
        </button>
      </p>
      <div className="api-cards">
        {cards.map(({ route, call }) => (
          <ApiCard
            key={route.path}
            route={route}
            call={call}
            onRetry={() => retry(route.path)}
            userSub={user?.sub}
            now={now}
          />
        ))}
      </div>
      <ApisConclusion
        calls={demoRoutes.length}
        settled={cards.every(({ call }) => call.status !== 'loading')}
        answers={answers}
        userSub={user?.sub}
      />
    </>
  );
}
