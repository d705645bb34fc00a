import { describe, expect, it } from 'vitest';
import { HttpBrowser } from '@cloakroom/testkit';
import { startStack, useStack } from '@cloakroom/test-stack';

const stack = useStack();

describe('response headers', () => {
  it('marks every /bff answer no-store, nosniff and no-referrer', async () => {
    const browser = await stack.login();
    for (const path of ['/bff/user', '/bff/nope']) {
      const response = await stack.call(browser, path);
      expect({
        path,
        cache: response.headers.get('cache-control'),
        sniff: response.headers.get('x-content-type-options'),
        referrer: response.headers.get('referrer-policy'),
      }).toEqual({ path, cache: 'no-store', sniff: 'nosniff', referrer: 'no-referrer' });
    }
  });

  it('sends Clear-Site-Data on logout', async () => {
    const browser = await stack.login();
    const response = await stack.call(browser, '/bff/logout', { method: 'POST' });
    expect(response.headers.get('clear-site-data')).toBe('"cache", "cookies"');
  });

  it('does not send HSTS over plain-HTTP localhost', async () => {
    const response = await stack.call(new HttpBrowser(), '/bff/user');
    expect(response.headers.get('strict-transport-security')).toBeNull();
  });

  it('never answers with a stack trace', async () => {
    const response = await fetch(`${stack.bffUrl}/bff/backchannel-logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'logout_token=%%%',
    });
    const text = await response.text();
    expect(response.status).toBeLessThan(500);
    expect(text).not.toMatch(/\bat .+:\d+:\d+/);
  });
});

describe('HSTS over HTTPS', () => {
  it('sends Strict-Transport-Security when the public URL is https', async () => {
    const secure = await startStack({ bffOptions: { publicUrl: 'https://app.example.com' } });
    try {
      const response = await fetch(`${secure.bffUrl}/bff/user`, { headers: { 'x-csrf': '1' } });
      expect(response.headers.get('strict-transport-security')).toContain('max-age=');
    } finally {
      await secure.close();
    }
  });
});
