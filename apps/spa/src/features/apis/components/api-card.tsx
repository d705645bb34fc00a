import { CloakroomError } from '@cloakroom/react';
import { useId } from 'react';
import type { ReactNode } from 'react';
import { Alert } from '../../../components/ui/alert.tsx';
import { LoadingState } from '../../../components/ui/loading-state.tsx';
import { describeError } from '../../../lib/describe-error.ts';
import type { IdentityCall } from '../api/use-api-identities.ts';
import type { DemoRoute } from '../lib/demo-routes.ts';
import { IdentityList } from './identity-list.tsx';

/** A failure as the card shows it: the server's message, then the status and stable code. */
function Failure({ error }: { error: unknown }): ReactNode {
  if (!(error instanceof CloakroomError)) return describeError(error);
  return (
    <>
      {error.message}{' '}
      <code data-testid="api-card-error-code">
        {error.status || 'no answer'} {error.code}
      </code>
    </>
  );
}

/**
 * One route's card: its path, the token the BFF attaches there, and what the API received — or
 * why the call failed, with a Retry button for that route alone.
 *
 * @example
 * ```tsx
 * <ApiCard route={route} call={calls[route.path]} onRetry={() => retry(route.path)} userSub="alice" now={now} />
 * ```
 */
export function ApiCard({
  route,
  call,
  onRetry,
  userSub,
  now,
}: {
  route: DemoRoute;
  call: IdentityCall;
  onRetry: () => void;
  userSub: string | undefined;
  now: number;
}): ReactNode {
  const id = useId();
  return (
    <section
      className="card api-card"
      aria-labelledby={`${id}-title`}
      aria-busy={call.status === 'loading'}
      data-testid="api-card"
      data-route={route.path}
      data-status={call.status}
    >
      <h2 id={`${id}-title`} className="api-card__title" tabIndex={-1}>
        <code>{route.path}</code>
      </h2>
      <p className="api-card__token">
        <span className="label">Token:</span> {route.token}
      </p>
      <p className="muted api-card__how">{route.how}</p>
      <h3>What the API received</h3>
      {call.status === 'loading' && <LoadingState>Calling the API…</LoadingState>}
      {call.status === 'error' && (
        <Alert
          title="The call failed"
          action={
            <button
              type="button"
              className="button"
              onClick={() => {
                onRetry();
                // The button goes away while the call runs: keep focus on this card.
                document.getElementById(`${id}-title`)?.focus();
              }}
            >
              Retry<span className="visually-hidden"> {route.path}</span>
            </button>
          }
        >
          <Failure error={call.error} />
        </Alert>
      )}
      {call.status === 'ready' && (
        <IdentityList identity={call.identity} userSub={userSub} now={now} />
      )}
    </section>
  );
}
