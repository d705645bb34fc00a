import { describe, expect, it } from 'vitest';
import { visibleClaims } from './visible-claims.ts';

describe('visibleClaims (what /bff/user shows the SPA)', () => {
  it("drops protocol claims and keeps the user's", () => {
    expect(visibleClaims({ sub: 'a', iss: 'x', nonce: 'n', sid: 's', name: 'Alice' })).toEqual({
      sub: 'a',
      name: 'Alice',
    });
  });

  it('drops an auth_time of 0 (some IdPs\' "unknown") but keeps a real one', () => {
    expect(visibleClaims({ sub: 'a', auth_time: 0 })).toEqual({ sub: 'a' });
    expect(visibleClaims({ sub: 'a', auth_time: 1_700_000_000 })).toEqual({
      sub: 'a',
      auth_time: 1_700_000_000,
    });
  });
});
