import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAttacker, type RunningAttacker } from './start-attacker.ts';

let attacker: RunningAttacker;

beforeAll(async () => {
  attacker = await startAttacker({ bffUrl: 'http://localhost:3999/ignored/path' });
});

afterAll(async () => {
  await attacker?.close();
});

describe('startAttacker', () => {
  it('listens on 127.0.0.1, another site than the BFF on localhost', () => {
    expect(attacker.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('serves the page aimed at the BFF origin, with a CSP that allows no inline script', async () => {
    const response = await fetch(attacker.url);
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain('form-action http://localhost:3999;');
    const html = await response.text();
    expect(html).toContain('<meta name="cloakroom-target" content="http://localhost:3999" />');
    expect(html).toContain('action="http://localhost:3999/bff/logout"');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    for (const id of ['attack-form', 'attack-fetch', 'attack-fetch-header', 'attack-img']) {
      expect(html).toContain(`data-testid="${id}-result"`);
    }
  });

  it('serves its script and style as files, and nothing else', async () => {
    const script = await fetch(new URL('/attack.js', attacker.url));
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await fetch(new URL('/evil.css', attacker.url))).status).toBe(200);
    expect((await fetch(new URL('/../package.json', attacker.url))).status).toBe(404);
    expect((await fetch(attacker.url, { method: 'POST' })).status).toBe(405);
  });

  it('refuses a target that is not an http(s) URL, at start-up', async () => {
    await expect(startAttacker({ bffUrl: 'javascript:alert(1)' })).rejects.toThrow(TypeError);
    await expect(startAttacker({ bffUrl: 'localhost:3000' })).rejects.toThrow(TypeError);
  });
});
