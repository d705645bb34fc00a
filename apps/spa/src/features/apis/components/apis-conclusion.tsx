import type { ApiIdentity } from '@cloakroom/contract';
import type { ReactNode } from 'react';
import { describeSummary, summarizeIdentities } from '../lib/summarize-identities.ts';
import { BrowserView } from './browser-view.tsx';

/** "alice (you) on 2 calls, cloakroom-bff (the BFF itself) on 1". */
function subjectsText(
  subjects: Array<{ sub: string; count: number }>,
  userSub: string | undefined,
  clientIds: ReadonlySet<string>,
): string {
  return subjects
    .map(({ sub, count }) => {
      const who = sub === userSub ? ' (you)' : clientIds.has(sub) ? ' (the BFF itself)' : '';
      return `${sub}${who} on ${count === 1 ? '1 call' : `${count} calls`}`;
    })
    .join(', ');
}

/**
 * The page's conclusion, computed from the answers so far: how many tokens and audiences the
 * calls used and whom the APIs saw, then what the browser itself can see. Waits for every call.
 *
 * @example
 * ```tsx
 * <ApisConclusion calls={3} settled={!loading} answers={identities} userSub="alice" />
 * ```
 */
export function ApisConclusion({
  calls,
  settled,
  answers,
  userSub,
}: {
  calls: number;
  settled: boolean;
  answers: readonly ApiIdentity[];
  userSub: string | undefined;
}): ReactNode {
  const summary = summarizeIdentities(calls, answers);
  const clientIds = new Set(answers.flatMap((answer) => answer.clientId ?? []));
  return (
    <section className="card" aria-labelledby="apis-conclusion-title">
      <h2 id="apis-conclusion-title">What this shows</h2>
      <div aria-live="polite">
        {settled ? (
          <>
            <p className="apis-summary" data-testid="apis-summary">
              {describeSummary(summary)}
            </p>
            {summary.answered > 0 && (
              <p data-testid="apis-subjects">
                The APIs saw {summary.subjects.length === 1 ? 'one subject' : 'these subjects'}:{' '}
                {subjectsText(summary.subjects, userSub, clientIds)}.
              </p>
            )}
          </>
        ) : (
          <p className="muted">Waiting for every call to answer…</p>
        )}
      </div>
      <p>
        Each call from this page went to its own origin with the session cookie and an{' '}
        <code>X-CSRF: 1</code> header, nothing else. The BFF looked up the session, chose the token
        the route asks for, and attached it on the way to the API.
      </p>
      <BrowserView answers={answers} />
    </section>
  );
}
