import { describe, expect, it } from 'vitest';
import { fillEndSessionTemplate } from './end-session-template.ts';

const params = {
  client_id: 'app client',
  post_logout_redirect_uri: 'https://app.example/?a=1&b=2',
  state: 'S',
};

describe("fillEndSessionTemplate (a non-standard logout endpoint such as Cognito's)", () => {
  it('fills each placeholder URL-encoded, so no value adds a parameter of its own', () => {
    const url = fillEndSessionTemplate(
      'https://auth.example/logout?client_id={client_id}&logout_uri={post_logout_redirect_uri}',
      params,
    );
    expect(url.origin + url.pathname).toBe('https://auth.example/logout');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'app client',
      logout_uri: 'https://app.example/?a=1&b=2',
      state: 'S',
    });
  });

  it("adds state when the template has none, and uses the template's place when it has", () => {
    const url = fillEndSessionTemplate('https://auth.example/logout?s={state}', params);
    expect(Object.fromEntries(url.searchParams)).toEqual({ s: 'S' });
  });

  it('adds id_token_hint only when given', () => {
    const url = fillEndSessionTemplate('https://auth.example/logout', {
      ...params,
      id_token_hint: 'hint',
    });
    expect(url.searchParams.get('id_token_hint')).toBe('hint');
    expect(
      fillEndSessionTemplate('https://auth.example/logout', params).searchParams.has(
        'id_token_hint',
      ),
    ).toBe(false);
  });
});
