import type { ApiIdentity } from '@cloakroom/contract';

/** What the answers of the APIs page's calls show, counted. */
export interface IdentitiesSummary {
  /** Calls made. */
  calls: number;
  /** Calls that answered. */
  answered: number;
  /** Different token fingerprints among the answers: different tokens. */
  tokens: number;
  /** Different audiences among the answers. */
  audiences: number;
  /** Each subject the APIs saw, with how many answers named it, in order of first sight. */
  subjects: Array<{ sub: string; count: number }>;
}

/**
 * Counts what the answered calls have in common and what differs.
 *
 * @example
 * ```ts
 * summarizeIdentities(3, [userToken, billingToken, clientToken]);
 * // { calls: 3, answered: 3, tokens: 3, audiences: 2, subjects: [{ sub: 'alice', count: 2 }, ...] }
 * ```
 */
export function summarizeIdentities(
  calls: number,
  identities: readonly ApiIdentity[],
): IdentitiesSummary {
  const subjects = new Map<string, number>();
  for (const { sub } of identities) subjects.set(sub, (subjects.get(sub) ?? 0) + 1);
  return {
    calls,
    answered: identities.length,
    tokens: new Set(identities.map((identity) => identity.tokenFingerprint)).size,
    audiences: new Set(identities.map((identity) => identity.aud)).size,
    subjects: [...subjects].map(([sub, count]) => ({ sub, count })),
  };
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * The summary as one sentence for the user.
 *
 * @example
 * ```ts
 * describeSummary({ calls: 3, answered: 3, tokens: 3, audiences: 2, subjects: [] });
 * // '3 calls, 3 different tokens (3 fingerprints), 2 audiences — and your browser sent only its session cookie.'
 * ```
 */
export function describeSummary(summary: IdentitiesSummary): string {
  const { calls, answered, tokens, audiences } = summary;
  if (answered === 0) return `None of the ${calls} calls answered, so there is nothing to compare.`;
  const head =
    answered === calls
      ? `${plural(calls, 'call', 'calls')},`
      : `${answered} of ${calls} calls answered:`;
  const tokenText =
    tokens === 1
      ? `${answered === 1 ? 'one token' : 'the same token'} (1 fingerprint)`
      : `${tokens} different tokens (${tokens} fingerprints)`;
  return `${head} ${tokenText}, ${plural(audiences, 'audience', 'audiences')} — and your browser sent only its session cookie.`;
}
