import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import {
  canRunRedis,
  cookieName,
  type HttpBrowser,
  scanForSecrets,
  startRedisServer,
} from '@cloakroom/testkit';
import { createSealer } from '../src/crypto/sealer.ts';
import { createSessionCodec } from '../src/session/session-codec.ts';
import { storeKey } from '../src/session/store-key.ts';
import type { TokenSet } from '../src/session/session-data.ts';
import { createRedisStore, createSqliteStore } from '../src/index.ts';
import { startStack, useStack } from '@cloakroom/test-stack';

const dbFile = join(mkdtempSync(join(tmpdir(), 'cloakroom-leak-')), 'sessions.db');
const stack = useStack(() => ({ store: createSqliteStore({ file: dbFile }) }));
/** Everything the browser could see from the BFF during one full cycle: bodies and headers. */
const seenByBrowser: string[] = [];
let secrets: string[] = [];

async function record(response: Response): Promise<Response> {
  const body = await response.text();
  seenByBrowser.push(
    `${response.url} ${response.status} ${JSON.stringify([...response.headers])} ${body}`,
  );
  return new Response(body, { status: response.status, headers: response.headers });
}

beforeAll(async () => {
  const browser: HttpBrowser = await stack.login();
  const callback = new URL(browser.hops.find((hop) => hop.url.includes('/bff/callback?'))!.url);
  const sessionId = browser.jar.get('localhost', cookieName)!.value;
  const codec = createSessionCodec(createSealer(['integration-test-secret-0123456789'], 'session'));
  const key = storeKey(sessionId);
  const tokens = codec.decode(key, (await stack.store.get(key))!)!.tokens as TokenSet;
  secrets = [
    sessionId,
    callback.searchParams.get('code')!,
    tokens.accessToken,
    tokens.refreshToken!,
    tokens.idToken!,
  ];

  // The BFF's own answers on the way in: the callback hop's headers.
  for (const hop of browser.hops.filter((h) => h.url.startsWith(stack.bffUrl))) {
    seenByBrowser.push(
      `${hop.url.replace(/code=[^&]+/, 'code=<redacted in test>')} ${hop.status} ${hop.location ?? ''}`,
    );
  }
  await record(await stack.call(browser, '/bff/user'));
  await record(await stack.call(browser, '/api/me'));
  await record(
    await stack.call(browser, '/api/notes', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'leak check' }),
    }),
  );
  await record(await stack.call(browser, '/api/notes'));
  await record(await browser.request(`${stack.bffUrl}/api/notes`)); // 403 csrf
  await record(await stack.call(browser, '/api/../bff/user')); // 400
  await record(await stack.call(browser, '/bff/logout', { method: 'POST' }));
  await record(await stack.call(browser, '/bff/user')); // 401 afterwards
});

describe('secrets never leak', () => {
  it('found the secrets it looks for (the check itself works)', () => {
    expect(secrets).toHaveLength(5);
    expect(secrets.every((s) => s.length >= 20)).toBe(true);
    expect(scanForSecrets(`x ${secrets[2]} y`, secrets).length).toBeGreaterThan(0);
  });

  it('no response body or header the browser saw holds a token, the code, or a JWT', () => {
    const withoutCookieHeaders = seenByBrowser.map((entry) =>
      entry.replaceAll(secrets[0]!, '<session cookie>'),
    );
    expect(
      withoutCookieHeaders.flatMap((entry) => scanForSecrets(entry, secrets.slice(1))),
    ).toEqual([]);
  });

  it('the session id travels only in Set-Cookie, never in a body', () => {
    const bodies = seenByBrowser.map((entry) => entry.slice(entry.lastIndexOf(']') + 1));
    expect(bodies.filter((body) => body.includes(secrets[0]!))).toEqual([]);
  });

  it('no log line of the whole login → API → logout cycle holds a secret', () => {
    expect(stack.logLines.length).toBeGreaterThan(5);
    expect(stack.logLines.flatMap((line) => scanForSecrets(line, secrets))).toEqual([]);
    expect(stack.logLines.join('\n')).not.toContain('code=');
  });

  it('a dump of the SQLite store holds no token, no session id and no JWT', async () => {
    const browser = await stack.login();
    const live = browser.jar.get('localhost', cookieName)!.value;
    const dump = readFileSync(dbFile).toString('latin1') + readWal();
    expect(scanForSecrets(dump, [...secrets, live])).toEqual([]);
    expect(dump).not.toContain('alice@example.com');
  });
});

describe('a dump of the Redis store', () => {
  it.skipIf(!canRunRedis('the Redis store dump check'))(
    'holds no token, no session id and no JWT',
    async () => {
      const redis = await startRedisServer();
      const redisStack = await startStack({ store: createRedisStore({ url: redis.url }) });
      const client = new Redis(redis.url);
      try {
        const browser = await redisStack.login();
        expect((await redisStack.call(browser, '/api/me')).status).toBe(200);
        const live = browser.jar.get('localhost', cookieName)!.value;
        const keys = await client.keys('*');
        expect(keys.length).toBeGreaterThan(0);
        const values = await Promise.all(
          keys.map(async (key) => {
            const type = await client.type(key);
            if (type === 'hash') return JSON.stringify(await client.hgetall(key));
            if (type === 'set') return JSON.stringify(await client.smembers(key));
            if (type === 'string') return (await client.get(key)) ?? '';
            return type;
          }),
        );
        const dump = keys.join('\n') + values.join('\n');
        expect(scanForSecrets(dump, [live])).toEqual([]);
        expect(dump).not.toContain('alice@example.com');
      } finally {
        client.disconnect();
        await redisStack.close();
        await redis.stop();
      }
    },
  );
});

function readWal(): string {
  try {
    return readFileSync(`${dbFile}-wal`).toString('latin1');
  } catch {
    return '';
  }
}
