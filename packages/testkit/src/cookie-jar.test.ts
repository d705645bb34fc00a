import { describe, expect, it } from 'vitest';
import { CookieJar } from './cookie-jar.ts';

describe('CookieJar', () => {
  it('scopes cookies by host name, not by port', () => {
    const jar = new CookieJar();
    jar.store('http://127.0.0.1:4000/auth', ['_session=s; path=/; httponly', '_interaction=i']);
    expect(jar.header('http://127.0.0.1:4000/interaction/abc')).toBe('_session=s; _interaction=i');
    expect(jar.header('http://127.0.0.1:9999/')).toBe('_session=s; _interaction=i');
    expect(jar.header('http://localhost:4000/')).toBeUndefined();
    expect(jar.get('127.0.0.1', '_session')?.attributes).toEqual({ path: '/', httponly: true });
  });

  it('deletes cookies that are expired by Expires or Max-Age', () => {
    const jar = new CookieJar();
    const url = 'http://127.0.0.1:4000/';
    jar.store(url, ['a=1; path=/', 'b=2; path=/']);
    jar.store(url, ['a=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT', 'b=; path=/; max-age=0']);
    expect(jar.header(url)).toBeUndefined();
    expect(jar.get('127.0.0.1', 'a')).toBeUndefined();
    expect(jar.received.map((r) => r.line)).toHaveLength(4);
  });
});
