import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveUpstream, writeRoutesFile } from './api-upstreams.ts';

const apiUrls = { api: 'http://127.0.0.1:4001', billing: 'http://127.0.0.1:4003' };

describe('resolveUpstream', () => {
  it('replaces {api} with the default API and {api:<name>} with that API', () => {
    expect(resolveUpstream('{api}', apiUrls)).toBe('http://127.0.0.1:4001');
    expect(resolveUpstream('{api:billing}/v1', apiUrls)).toBe('http://127.0.0.1:4003/v1');
    expect(resolveUpstream('{api:api}', apiUrls)).toBe('http://127.0.0.1:4001');
  });

  it('leaves an upstream without a placeholder alone', () => {
    expect(resolveUpstream('http://127.0.0.1:9/x', apiUrls)).toBe('http://127.0.0.1:9/x');
  });

  it('refuses a name the stack did not start, naming it', () => {
    expect(() => resolveUpstream('{api:bililng}', apiUrls)).toThrow(
      /no API named "bililng" \(api, billing\)/,
    );
    expect(() => resolveUpstream('{api}', {})).toThrow(/no API named "api" \(none\)/);
  });
});

describe('writeRoutesFile', () => {
  it('writes the routes with their upstreams resolved, and removes the file', () => {
    const file = writeRoutesFile(
      [
        { path: '/api', upstream: '{api}', token: 'user' },
        { path: '/api/billing', upstream: '{api:billing}', token: 'client', resource: 'urn:x' },
        'not a route',
      ],
      apiUrls,
    );
    expect(JSON.parse(readFileSync(file.path, 'utf8'))).toEqual([
      { path: '/api', upstream: 'http://127.0.0.1:4001', token: 'user' },
      {
        path: '/api/billing',
        upstream: 'http://127.0.0.1:4003',
        token: 'client',
        resource: 'urn:x',
      },
      'not a route',
    ]);
    file.remove();
    expect(existsSync(file.path)).toBe(false);
  });
});
