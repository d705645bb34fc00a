import { request } from 'node:http';
import * as fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { cookieName } from '@cloakroom/testkit';
import { useStack } from '@cloakroom/test-stack';

const stack = useStack();
let validCookie = '';
beforeAll(async () => {
  const browser = await stack.login();
  validCookie = browser.jar.get('localhost', cookieName)!.value;
});

/** Keeps the characters an HTTP/1.1 request line or header may carry (the client refuses others). */
function visibleOnly(text: string): string {
  return [...text].filter((c) => c.charCodeAt(0) > 0x20 && c.charCodeAt(0) < 0x7f).join('');
}

const pathPiece = fc.constantFrom(
  '/bff',
  '/api',
  '/login',
  '/callback',
  '/user',
  '/logout',
  '/backchannel-logout',
  '/me',
  '/notes',
  '/..',
  '/%2e%2e',
  '%2f',
  '%00',
  '%',
  '//',
  '/./',
  '?returnTo=//evil',
  '?state=',
  '?code=x&state=' + 'A'.repeat(43),
  '?error=x',
  '#',
  '/é',
);
const target = fc
  .tuple(
    fc.constantFrom('/bff', '/api', '/bff/', '/api/'),
    fc.array(fc.oneof(pathPiece, fc.string({ maxLength: 5 })), { maxLength: 6 }),
  )
  .map(([prefix, parts]) => visibleOnly(`${prefix}${parts.join('')}`));
const header = fc.record(
  {
    'x-csrf': fc.constantFrom('1', '0', '', '1, 1'),
    origin: fc.constantFrom('http://evil.example', 'null', 'http://localhost', ''),
    'sec-fetch-site': fc.constantFrom('same-origin', 'cross-site', 'none', 'bogus'),
    'sec-fetch-dest': fc.constantFrom('document', 'iframe', 'empty'),
    'content-type': fc.constantFrom(
      'application/json',
      'text/plain',
      'application/x-www-form-urlencoded',
      'x/y; a=%',
    ),
    cookie: fc.oneof(
      fc.constant(`${cookieName}=VALID`),
      fc
        .string({ maxLength: 60 })
        .map((v) => `${cookieName}=${visibleOnly(v).replaceAll(';', '')}`),
      fc.constant(`${cookieName}=a; ${cookieName}=b`),
      fc.constant('__Host-cloakroom-login-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=v1.x.y.z.w'),
    ),
  },
  { requiredKeys: [] },
);
const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS');
const body = fc.oneof(fc.constant(''), fc.string({ maxLength: 200 }), fc.json());

function send(input: {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}): Promise<number> {
  const url = new URL(stack.bffUrl);
  const headers = { ...input.headers };
  if (headers.cookie) headers.cookie = headers.cookie.replace('VALID', validCookie);
  return new Promise((resolve) => {
    const req = request(
      { host: '127.0.0.1', port: url.port, method: input.method, path: input.path, headers },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', () => resolve(-1)); // the parser refusing the request line is not a 5xx
    req.setTimeout(5_000, () => {
      req.destroy();
      resolve(-2);
    });
    if (input.method !== 'GET' && input.method !== 'HEAD' && input.body) req.write(input.body);
    req.end();
  });
}

describe('HTTP fuzzing of /bff and /api', () => {
  it('answers 1,500 generated requests without a 5xx or a hang', async () => {
    const inputs = fc.sample(fc.record({ method, path: target, headers: header, body }), {
      numRuns: 1500,
      seed: 20261128,
    });
    const failures: string[] = [];
    const seen = new Set<number>();
    for (let i = 0; i < inputs.length; i += 25) {
      const batch = inputs.slice(i, i + 25);
      const statuses = await Promise.all(batch.map(send));
      statuses.forEach((status, j) => {
        seen.add(status);
        // 502/503/504 are our stable answers for upstream or IdP trouble; none should occur here.
        if (status >= 500 || status === -2)
          failures.push(`${status} ${batch[j]!.method} ${batch[j]!.path}`);
      });
    }
    expect(failures).toEqual([]);
    // The inputs reached past the front door: successes, refusals and not-founds all occurred.
    for (const status of [200, 400, 401, 403, 404]) expect(seen).toContain(status);
  });
});
