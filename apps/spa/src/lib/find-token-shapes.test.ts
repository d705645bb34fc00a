import { describe, expect, test } from 'vitest';
import { findTokenShapes } from './find-token-shapes.ts';

const jwt =
  'eyJhbGciOiJSUzI1NiIsInR5cCI6ImF0K2p3dCJ9.eyJzdWIiOiJhbGljZSIsImF1ZCI6ImFwaSJ9.c2lnbmF0dXJl';

describe('findTokenShapes', () => {
  test('finds a JWT anywhere in a text, showing only its prefix', () => {
    const findings = findTokenShapes(`Bearer ${jwt}`);
    expect(findings).toEqual(['JWT-shaped string "eyJhbGciOiJSUzI1…"']);
    expect(findings.join()).not.toContain(jwt);
  });

  test('finds OAuth token field names', () => {
    expect(findTokenShapes('{"refresh_token":"x","ID_TOKEN":1}')).toEqual([
      'token field name "refresh_token"',
      'token field name "ID_TOKEN"',
    ]);
  });

  test('finds a readable __Host- session cookie', () => {
    expect(findTokenShapes('theme=dark; __Host-cloakroom=abc')).toEqual([
      'session cookie name "__Host-cloakroom"',
    ]);
  });

  test('finds nothing in what the BFF is meant to return', () => {
    const user = { sub: 'alice', claims: { name: 'Alice', email: 'a@example.test' }, expiresAt: 1 };
    expect(findTokenShapes(JSON.stringify(user))).toEqual([]);
    expect(findTokenShapes('cloakroom-mock-scenario=alice')).toEqual([]);
  });
});
