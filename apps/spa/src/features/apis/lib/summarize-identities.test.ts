import type { ApiIdentity } from '@cloakroom/contract';
import { describe, expect, test } from 'vitest';
import { describeSummary, summarizeIdentities } from './summarize-identities.ts';

const identity = (sub: string, aud: string, tokenFingerprint: string): ApiIdentity => ({
  sub,
  aud,
  scope: 'billing',
  clientId: 'cloakroom-bff',
  tokenFingerprint,
  tokenExpiresAt: 1_800_000_000,
});

const user = identity('alice', 'api', '3f2a9c01b7de');
const billing = identity('alice', 'urn:cloakroom:billing', 'b81e4d07a95c');
const client = identity('cloakroom-bff', 'urn:cloakroom:billing', '5c0d9e62f1a3');

describe('summarizeIdentities', () => {
  test('counts tokens by fingerprint, audiences, and each subject', () => {
    expect(summarizeIdentities(3, [user, billing, client])).toEqual({
      calls: 3,
      answered: 3,
      tokens: 3,
      audiences: 2,
      subjects: [
        { sub: 'alice', count: 2 },
        { sub: 'cloakroom-bff', count: 1 },
      ],
    });
  });

  test('counts one token twice as one', () => {
    expect(summarizeIdentities(2, [user, { ...user }])).toMatchObject({ answered: 2, tokens: 1 });
  });
});

describe('describeSummary', () => {
  test('says three calls used three tokens for two audiences, from one session cookie', () => {
    expect(describeSummary(summarizeIdentities(3, [user, billing, client]))).toBe(
      '3 calls, 3 different tokens (3 fingerprints), 2 audiences — and your browser sent only its session cookie.',
    );
  });

  test('counts only the answers when a call failed', () => {
    expect(describeSummary(summarizeIdentities(3, [user]))).toBe(
      '1 of 3 calls answered: one token (1 fingerprint), 1 audience — and your browser sent only its session cookie.',
    );
  });

  test('says so when two answers name the same token', () => {
    expect(describeSummary(summarizeIdentities(2, [user, user]))).toContain(
      '2 calls, the same token (1 fingerprint), 1 audience',
    );
  });

  test('has nothing to compare when no call answered', () => {
    expect(describeSummary(summarizeIdentities(3, []))).toBe(
      'None of the 3 calls answered, so there is nothing to compare.',
    );
  });
});
