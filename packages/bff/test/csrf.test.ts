import type { Note } from '@cloakroom/contract';
import { describe, expect, it } from 'vitest';
import { useStack } from '@cloakroom/test-stack';
import { readJson } from './support/read-json.ts';

const stack = useStack({
  bffOptions: {
    allowedOrigins: ['http://localhost:5173'],
    routes: [
      { path: '/api', upstream: '{api}' },
      { path: '/api/notes', upstream: '{api}/notes', sameOriginReads: true },
    ],
  },
});

const json = { 'content-type': 'application/json' };

describe('CSRF: cross-site requests cannot act with the session', () => {
  it('refuses a cross-site form POST to /bff/logout (no custom header) and the session survives', async () => {
    const browser = await stack.login();
    const response = await browser.request(`${stack.bffUrl}/bff/logout`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'http://127.0.0.1:4002',
        'sec-fetch-site': 'cross-site',
      },
      body: 'x=1',
    });
    expect(response.status).toBe(403);
    expect((await stack.call(browser, '/bff/user')).status).toBe(200);
  });

  it('refuses an API write whose Origin is another site even when it forges X-CSRF', async () => {
    const browser = await stack.login();
    const response = await stack.call(browser, '/api/notes', {
      method: 'POST',
      headers: { ...json, origin: 'http://evil.example' },
      body: JSON.stringify({ text: 'forged' }),
    });
    expect(response.status).toBe(403);
    const notes = await readJson<Note[]>(await stack.call(browser, '/api/notes'));
    expect(notes.map((n) => n.text)).not.toContain('forged');
  });

  it.each(['cross-site', 'same-site'])(
    'refuses an API call the browser marks Sec-Fetch-Site: %s',
    async (site) => {
      const browser = await stack.login();
      const response = await stack.call(browser, '/api/me', {
        headers: { 'sec-fetch-site': site },
      });
      expect(response.status).toBe(403);
      expect(await readJson(response)).toMatchObject({ error: 'csrf' });
    },
  );

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])(
    'refuses a body of %s, which a cross-site form could send without a preflight',
    async (type) => {
      const browser = await stack.login();
      const response = await stack.call(browser, '/api/notes', {
        method: 'POST',
        headers: { 'content-type': type },
        body: 'text=forged',
      });
      expect(response.status).toBe(415);
      expect(await readJson(response)).toMatchObject({ error: 'unsupported_media_type' });
    },
  );

  it('accepts an origin from the allowlist', async () => {
    const browser = await stack.login();
    const response = await stack.call(browser, '/api/me', {
      headers: { origin: 'http://localhost:5173' },
    });
    expect(response.status).toBe(200);
  });

  it('lets a route opt in to header-less reads only when Fetch Metadata proves same-origin (SSE, downloads)', async () => {
    const browser = await stack.login();
    const cookie = { cookie: browser.jar.header(stack.bffUrl)! };
    const proven = await fetch(`${stack.bffUrl}/api/notes`, {
      headers: { ...cookie, 'sec-fetch-site': 'same-origin' },
    });
    expect(proven.status).toBe(200);
    const unproven = await fetch(`${stack.bffUrl}/api/notes`, { headers: cookie });
    expect(unproven.status).toBe(403);
    const crossSite = await fetch(`${stack.bffUrl}/api/notes`, {
      headers: { ...cookie, 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.status).toBe(403);
    const write = await fetch(`${stack.bffUrl}/api/notes`, {
      method: 'POST',
      headers: { ...cookie, ...json, 'sec-fetch-site': 'same-origin' },
      body: JSON.stringify({ text: 'x' }),
    });
    expect(write.status).toBe(403);
    // Routes without the opt-in still need the header.
    const other = await fetch(`${stack.bffUrl}/api/me`, {
      headers: { ...cookie, 'sec-fetch-site': 'same-origin' },
    });
    expect(other.status).toBe(403);
  });
});
