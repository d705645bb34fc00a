import * as fc from 'fast-check';
import { createLocalJWKSet, exportJWK, generateKeyPair } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyLogoutToken } from './verify-logout-token.ts';

let keys: ReturnType<typeof createLocalJWKSet>;
beforeAll(async () => {
  const { publicKey } = await generateKeyPair('RS256');
  keys = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k', alg: 'RS256' }] });
});

const b64 = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const jwtish = fc
  .tuple(
    fc.oneof(fc.json(), fc.constant({ alg: 'RS256', kid: 'k' }), fc.constant({ alg: 'none' })),
    fc.json(),
    fc.string(),
  )
  .map(([header, payload, sig]) => `${b64(header)}.${b64(payload)}.${b64(sig)}`);

describe('verifyLogoutToken (property-based)', () => {
  it('refuses every malformed or unsigned token without throwing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), jwtish), async (token) => {
        const result = await verifyLogoutToken(token, {
          keys,
          issuer: 'http://idp',
          clientId: 'c',
        });
        expect(result.ok).toBe(false);
      }),
      { numRuns: 1500 },
    );
  });
});
