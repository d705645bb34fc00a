import { describe, expect, it } from 'vitest';
import { checkRequestTarget, upstreamPath } from './upstream-path.ts';

describe('upstreamPath', () => {
  it.each([
    ['/notes', '/', '/notes'],
    ['/notes?x=1&y=%2F', '/', '/notes?x=1&y=%2F'],
    ['/notes/42', '/v1/', '/v1/notes/42'],
    ['/a%20b', '/', '/a%20b'],
    ['', '/notes', '/notes'],
    ['?x=1', '/notes', '/notes?x=1'],
    ['', '/', '/'],
  ])('maps %j under base %j to %j', (rest, base, expected) => {
    expect(upstreamPath(rest, base)).toBe(expected);
  });

  it.each([
    '/../admin',
    '/notes/../../admin',
    '/%2e%2e/admin',
    '/%2E%2E/admin',
    '/.%2e/admin',
    '/./notes',
    '/notes%2f..%2fadmin',
    '/notes%5c..',
    '/notes\\..\\admin',
    '/notes%00',
    '/notes\u0000',
    '/.. ',
    '//evil.example/x',
    '/..#',
    '/notes#frag',
    '/notes/é',
    '/%zz',
    'notes',
  ])('refuses %j with invalid_path', (rest) => {
    expect(() => upstreamPath(rest, '/')).toThrow(
      expect.objectContaining({ code: 'invalid_path' }),
    );
  });
});

describe('checkRequestTarget (normalisation before routing)', () => {
  it.each([
    ['/api/%62illing/me', '/api/billing/me'],
    ['/api/%7Euser/%2Dx%5F', '/api/~user/-x_'],
    ['/api/a%2fb'.replace('%2f', '%20'), '/api/a%20b'],
    ['/api/a%3cb', '/api/a%3Cb'],
    ['/api/notes.json', '/api/notes.json'],
    ['/api/notes/', '/api/notes/'],
  ])('decodes escapes of unreserved characters: %j is routed as %j', (raw, path) => {
    expect(checkRequestTarget(raw).path).toBe(path);
  });

  it('keeps the query exactly as sent', () => {
    expect(checkRequestTarget('/api/x?a=%2F&b=..;').query).toBe('?a=%2F&b=..;');
  });

  it('matches on the path without ;parameters, as Tomcat and Spring read it', () => {
    expect(checkRequestTarget('/api/notes;v=1/x')).toEqual({
      path: '/api/notes;v=1/x',
      matchPath: '/api/notes/x',
      query: '',
    });
  });

  it.each([
    '/api/..;/admin',
    '/api/..;x=1/admin',
    '/api/%2e%2e;/admin',
    '/api/.;/admin',
    '/api/%252e%252e/admin',
    '/api/%252E./admin',
    '/api/.%252e;/admin',
    '/api/%252fadmin',
    '/api/%255cadmin',
    '/api/a%3bb',
    '/api//admin',
    '/api/notes//x',
    '/api/%2',
    '/api/%g0',
  ])('refuses %j with invalid_path', (raw) => {
    expect(() => checkRequestTarget(raw)).toThrow(
      expect.objectContaining({ code: 'invalid_path' }),
    );
  });
});
