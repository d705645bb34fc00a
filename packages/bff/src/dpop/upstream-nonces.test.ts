import { describe, expect, it } from 'vitest';
import type { UpstreamResponse } from '../proxy/upstream-client.ts';
import { createUpstreamNonces } from './upstream-nonces.ts';

const answer = (statusCode: number, headers: Record<string, string>) =>
  ({ statusCode, headers }) as unknown as UpstreamResponse;

describe('upstream DPoP nonces', () => {
  it('keeps the nonce of any answer, per upstream, and says when a 401 asked for it', () => {
    const nonces = createUpstreamNonces();
    expect(nonces.learn('http://a', answer(200, { 'dpop-nonce': 'n1' }))).toBe(false);
    expect(nonces.get('http://a')).toBe('n1');
    expect(nonces.get('http://b')).toBeUndefined();
    const challenge = answer(401, {
      'dpop-nonce': 'n2',
      'www-authenticate':
        'DPoP error="use_dpop_nonce", error_description="Resource server requires nonce"',
    });
    expect(nonces.learn('http://a', challenge)).toBe(true);
    expect(nonces.get('http://a')).toBe('n2');
  });

  it('does not retry for another 401, or for a nonce that is not a visible ASCII token', () => {
    const nonces = createUpstreamNonces();
    const invalidToken = answer(401, {
      'dpop-nonce': 'n',
      'www-authenticate': 'DPoP error="invalid_token"',
    });
    expect(nonces.learn('http://a', invalidToken)).toBe(false);
    const spaced = answer(401, {
      'dpop-nonce': 'a b',
      'www-authenticate': 'DPoP error="use_dpop_nonce"',
    });
    expect(nonces.learn('http://b', spaced)).toBe(false);
    expect(nonces.get('http://b')).toBeUndefined();
  });
});
