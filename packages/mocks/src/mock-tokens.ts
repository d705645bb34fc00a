import type { ApiIdentity } from '@cloakroom/contract';
import { scenarioStartedAt } from './scenario.ts';
import { alice, mockSession } from './session.ts';

/**
 * The BFF's client id at the dev IdP: the `sub` of its own client-credentials token.
 *
 * @example
 * ```ts
 * expect(await (await fetch('/api/billing-service/me', init)).json()).toMatchObject({ sub: bffClientId });
 * ```
 */
export const bffClientId = 'cloakroom-bff';

/**
 * Seconds a mock access token lives before the mock BFF "renews" it (the dev IdP's default).
 *
 * @example
 * ```ts
 * vi.setSystemTime(Date.now() + mockTokenLifetimeSeconds * 1000); // every token renewed once
 * ```
 */
export const mockTokenLifetimeSeconds = 300;

/**
 * The three access tokens the real BFF holds for the demo's routes, as the APIs describe them:
 * the login's token for the sample API, alice's RFC 8707 token for the billing API, and the BFF's
 * own client-credentials token for the billing API. Fingerprints stand in for SHA-256 prefixes.
 */
const tokens = {
  user: { sub: alice.sub, aud: 'api', scope: 'openid profile email', fingerprint: '3f2a9c01b7de' },
  billing: {
    sub: alice.sub,
    aud: 'urn:cloakroom:billing',
    scope: 'billing',
    fingerprint: 'b81e4d07a95c',
  },
  client: {
    sub: bffClientId,
    aud: 'urn:cloakroom:billing',
    // The route asks for no scope, and the dev IdP grants the BFF's own token none.
    scope: '',
    fingerprint: '5c0d9e62f1a3',
  },
} as const;

/** The `renewals`-th token after the first: its last four hex digits mixed with the count. */
function renewedFingerprint(fingerprint: string, renewals: number): string {
  const tail = (Number.parseInt(fingerprint.slice(8), 16) ^ (renewals * 0x9e37)) & 0xffff;
  return fingerprint.slice(0, 8) + tail.toString(16).padStart(4, '0');
}

/**
 * One of the mock BFF's tokens: `user` (the login's), `billing` (alice's for the billing API),
 * `client` (the BFF's own).
 *
 * @example
 * ```ts
 * const kind: MockTokenKind = 'client';
 * ```
 */
export type MockTokenKind = keyof typeof tokens;

/** A user's token ends with the session at the latest; the BFF's own token does not. */
function expiry(kind: MockTokenKind, tokenEnd: number): number {
  const sessionEnd = kind === 'client' ? undefined : mockSession()?.expiresAt;
  return sessionEnd === undefined ? tokenEnd : Math.min(tokenEnd, sessionEnd);
}

/**
 * What an API's `GET /me` says about the mock token of `kind`. Each token is renewed every
 * {@link mockTokenLifetimeSeconds} from the scenario's start, and a renewed token is another
 * token: its fingerprint changes with its expiry. A user's token never outlives the session.
 *
 * @example
 * ```ts
 * mockApiIdentity('client'); // { sub: 'cloakroom-bff', aud: 'urn:cloakroom:billing', ... }
 * ```
 */
export function mockApiIdentity(kind: MockTokenKind): ApiIdentity {
  const { sub, aud, scope, fingerprint } = tokens[kind];
  const issuedFrom = Math.floor(scenarioStartedAt() / 1000);
  const renewals = Math.floor((Date.now() / 1000 - issuedFrom) / mockTokenLifetimeSeconds);
  return {
    sub,
    scope,
    aud,
    clientId: bffClientId,
    tokenFingerprint: renewedFingerprint(fingerprint, renewals),
    tokenExpiresAt: expiry(kind, issuedFrom + (renewals + 1) * mockTokenLifetimeSeconds),
  };
}
