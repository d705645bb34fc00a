import { describe, expect, it } from 'vitest';
import { CookieJar } from './cookie-jar.ts';

const withCookies = (...cookies: string[]) => {
  const headers = new Headers();
  for (const cookie of cookies) headers.append('set-cookie', cookie);
  return new Response(null, { headers });
};

describe('CookieJar', () => {
  it('scopes cookies by host name and path', () => {
    const jar = new CookieJar();
    jar.store(
      'http://127.0.0.1:4000/auth',
      withCookies('_session=s; path=/; httponly', '_interaction=i; path=/interaction/abc'),
    );
    expect(jar.header('http://127.0.0.1:4000/interaction/abc')).toBe('_session=s; _interaction=i');
    expect(jar.header('http://127.0.0.1:4000/interaction/abcd')).toBe('_session=s');
    expect(jar.header('http://127.0.0.1:9999/')).toBe('_session=s');
    expect(jar.header('http://localhost:4000/')).toBe('');
  });

  it('deletes cookies that are expired by Expires or Max-Age', () => {
    const jar = new CookieJar();
    const url = 'http://127.0.0.1:4000/';
    jar.store(url, withCookies('a=1; path=/', 'b=2; path=/'));
    jar.store(
      url,
      withCookies('a=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT', 'b=; path=/; max-age=0'),
    );
    expect(jar.header(url)).toBe('');
    expect(jar.get(url, 'a')).toBeUndefined();
  });
});
