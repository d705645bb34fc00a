import { describe, expect, it } from 'vitest';
import { htuMatches } from './htu-matches.ts';

describe('htuMatches', () => {
  it.each([
    ['http://127.0.0.1:4001/me', true],
    ['http://127.0.0.1:4001/me?x=1#y', true],
    ['HTTP://127.0.0.1:4001/me', true],
    ['http://127.0.0.1:4001/./me', true],
    ['http://127.0.0.1:4001/me/', false],
    ['http://127.0.0.1:4001/ME', false],
    ['http://127.0.0.1/me', false],
    ['https://127.0.0.1:4001/me', false],
    ['http://user:pw@127.0.0.1:4001/me', false],
    ['/me', false],
    [42, false],
  ])('%s against http://127.0.0.1:4001/me: %s', (htu, expected) => {
    expect(htuMatches(htu, 'http://127.0.0.1:4001/me')).toBe(expected);
  });
});
