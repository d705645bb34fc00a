import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bffClient, type RunningIdp } from '@cloakroom/idp';
import { sessionEndedCloseCode } from '@cloakroom/contract';
import { stubSpa, useRunning, useStack, type BffProcess, type Nginx } from '@cloakroom/test-stack';
import { openSocket, openStream } from '../../../packages/bff/test/support/live-clients.ts';
import { startLiveUpstream } from '../../../packages/bff/test/support/live-upstream.ts';
import {
  canRunRedis,
  requireDebianPackage,
  freeLoopbackPort,
  logInBrowser,
  parseForm,
  type RedisServer,
  sessionCookie,
  startRedisServer,
} from '@cloakroom/testkit';

// Real processes: redis-server, nginx round-robin over three `node apps/bff/src/main.ts`, one
// shared Redis; the IdP and the sample API run in this process. Everything on loopback.

const secret = 'scale-out-test-secret-0123456789abcdef';
// The BFF renews a token when less than min(30 s, half its lifetime) remains: a 14 s token is
// "fresh" for 7 s, so the refresh storm below needs a wait of seconds, not of minutes, and has
// seconds to finish before the token it got is due again.
const accessTokenTtlSeconds = 14;
const freshForMs = (accessTokenTtlSeconds - Math.min(30, accessTokenTtlSeconds / 2)) * 1000;

const needs = 'the scale-out test (3 BFF processes, nginx, Redis)';
// Both are asked, so a machine missing both hears of both.
const canRun = [canRunRedis(needs), requireDebianPackage('nginx', needs)].every(Boolean);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!canRun)('several BFF instances behind nginx, sharing Redis', () => {
  let redis: RedisServer;
  let singlePort: number;
  beforeAll(async () => {
    // Persistent, so that a Redis killed and restarted comes back with the sessions.
    redis = await startRedisServer({ persistent: true });
    singlePort = await freeLoopbackPort();
  });
  afterAll(async () => {
    redis?.resume();
    await redis?.stop();
  });
  // After Redis above, closed before it: three processes on it behind nginx (the public URL),
  // and a client for the single BFF on SQLite at the end.
  // An upstream with an event stream and a WebSocket echo, for the live-connection test.
  const live = useRunning(() => startLiveUpstream());
  const stack = useStack(() => ({
    mode: 'process',
    instances: 3,
    routes: [
      { path: '/api', upstream: '{api}', token: 'user' },
      { path: '/api/live', upstream: live.url, token: 'user', websocket: true },
    ],
    nginx: true,
    store: redis.url,
    env: { SESSION_SECRET: secret },
    spa: stubSpa,
    accessTokenTtlSeconds,
    clients: [bffClient(`http://localhost:${singlePort}`, 'cloakroom-single', 'single-secret')],
  }));
  let idp: RunningIdp;
  let instances: BffProcess[];
  let nginx: Nginx;
  beforeAll(() => {
    ({ idp, instances } = stack);
    nginx = stack.nginx!;
  });

  /** A browser logged in through nginx, and its session cookie header. */
  const login = async (user = 'alice') => {
    const browser = await stack.login({ login: user, password: `${user}-pw` });
    return { browser, cookie: sessionCookie(browser), at: Date.now() };
  };
  /** GET `path` at `base` with the session cookie and the CSRF header; status and body. */
  const call = async (base: string, cookie: string, path = '/api/me', init: RequestInit = {}) => {
    const response = await fetch(`${base}${path}`, {
      ...init,
      headers: { cookie, 'x-csrf': '1', ...init.headers },
    });
    const text = await response.text();
    return { status: response.status, text };
  };
  const proxiedCount = async (instance: BffProcess) => {
    const text = await (await fetch(`${instance.directUrl}/metrics`)).text();
    // Every route and status class: the histogram's `_count` lines added up.
    const counts = [
      ...text.matchAll(/^cloakroom_proxy_request_duration_seconds_count\{[^}]*\} (\d+)/gm),
    ];
    return counts.reduce((sum, [, count]) => sum + Number(count), 0);
  };
  const readyz = async (instance: BffProcess) =>
    (await fetch(`${instance.directUrl}/readyz`)).status;
  /** Calls until `check` holds (bounded); returns how long it took. */
  const waitFor = async (check: () => Promise<boolean>, ms: number, what: string) => {
    const started = performance.now();
    while (performance.now() - started < ms) {
      if (await check().catch(() => false)) return performance.now() - started;
      await sleep(50);
    }
    throw new Error(`${what}: not within ${ms} ms`);
  };
  /** `total` calls, `parallel` at a time, each returning its status. */
  const load = async (total: number, parallel: number, one: (i: number) => Promise<number>) => {
    const statuses: number[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: parallel }, async () => {
        while (next < total) statuses.push(await one(next++));
      }),
    );
    return statuses;
  };
  const countBy = (statuses: number[]) =>
    statuses.reduce<Record<number, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});

  // Logged in early so that its access token is stale by the time of the storm.
  let stormSession: Awaited<ReturnType<typeof login>>;
  let alice: Awaited<ReturnType<typeof login>>;

  it('spreads 300 API calls across the three instances, all succeeding', async () => {
    stormSession = await login('bob');
    alice = await login('alice');
    const before = await Promise.all(instances.map(proxiedCount));
    const statuses = await load(300, 20, async () => (await call(nginx.url, alice.cookie)).status);
    expect(countBy(statuses)).toEqual({ 200: 300 });
    const after = await Promise.all(instances.map(proxiedCount));
    const served = after.map((count, i) => count - (before[i] ?? 0));
    expect(served.every((n) => n > 0)).toBe(true);
    expect(served.reduce((a, b) => a + b, 0)).toBe(300);
  });

  it('logs out through one instance and every instance answers 401 at once', async () => {
    const session = await login('alice');
    for (const instance of instances) {
      expect((await call(instance.directUrl, session.cookie)).status).toBe(200);
    }
    const [first] = instances;
    const logout = await call(first!.directUrl, session.cookie, '/bff/logout', { method: 'POST' });
    expect(logout.status).toBe(200);
    const after = await Promise.all(instances.map((i) => call(i.directUrl, session.cookie)));
    expect(after.map((r) => r.status)).toEqual([401, 401, 401]);
    // Someone else's session is untouched.
    expect((await call(nginx.url, alice.cookie)).status).toBe(200);
  });

  it('ends the session on every instance when one receives a back-channel logout', async () => {
    const session = await login('alice');
    for (const instance of instances) {
      expect((await call(instance.directUrl, session.cookie)).status).toBe(200);
    }
    const delivered = idp.stats.backchannelSuccess;
    // The user signs out at the IdP; the IdP posts the logout token to the public URL (nginx),
    // so exactly one instance receives it.
    const page = await session.browser.follow(`${idp.issuer}/session/end?client_id=cloakroom-bff`);
    const form = parseForm(await page.response.text(), page.url);
    if (!form) throw new Error(`no <form> on ${page.url}`);
    form.fields.set('logout', 'yes');
    await session.browser.follow(form.action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.fields,
    });
    expect(idp.stats.backchannelSuccess).toBe(delivered + 1);
    const after = await Promise.all(instances.map((i) => call(i.directUrl, session.cookie)));
    expect(after.map((r) => r.status)).toEqual([401, 401, 401]);
    expect((await call(nginx.url, alice.cookie)).status).toBe(200);
  });

  it('lists the same sessions on every instance and ends one by id through another, for all', async () => {
    const [here, there] = [await login('alice'), await login('alice')];
    const lists = await Promise.all(
      instances.map(async (instance) => {
        const answer = await call(instance.directUrl, here.cookie, '/bff/sessions');
        expect(answer.status).toBe(200);
        return (JSON.parse(answer.text) as { sessions: Array<{ id: string; current: boolean }> })
          .sessions;
      }),
    );
    expect(lists[1]).toEqual(lists[0]);
    expect(lists[2]).toEqual(lists[0]);
    expect(lists[0]!.filter((s) => s.current)).toHaveLength(1);
    // The newest session that is not this one is `there`'s (logged in last).
    const other = lists[0]!.find((s) => !s.current)!;
    const [, second, third] = instances;
    const ended = await call(second!.directUrl, here.cookie, `/bff/sessions/${other.id}`, {
      method: 'DELETE',
    });
    expect(ended.status).toBe(204);
    const after = await Promise.all(instances.map((i) => call(i.directUrl, there.cookie)));
    expect(after.map((r) => r.status)).toEqual([401, 401, 401]);
    expect((await call(third!.directUrl, here.cookie)).status).toBe(200);
    const again = await call(third!.directUrl, here.cookie, `/bff/sessions/${other.id}`, {
      method: 'DELETE',
    });
    expect(again.status).toBe(404);
  });

  it('closes within 2 s the live connections one instance holds when another ends the session', async () => {
    const session = await login('alice');
    const [holder, ender] = [instances[0]!, instances[1]!];
    const origin = new URL(nginx.url).origin;
    // One WebSocket and one stream straight on the first instance, one WebSocket through nginx.
    const direct = await openSocket(holder.directUrl, session.browser, '/api/live/echo', {
      origin,
    });
    const proxied = await openSocket(nginx.url, session.browser, '/api/live/echo');
    const stream = await openStream(
      holder.directUrl,
      session.browser,
      '/api/live/events?every=100',
    );
    expect(stream.status).toBe(200);
    proxied.socket.send('through nginx');
    await waitFor(async () => proxied.received.length === 1, 2_000, 'the echo through nginx');
    const started = performance.now();
    expect(
      (await call(ender.directUrl, session.cookie, '/bff/logout', { method: 'POST' })).status,
    ).toBe(200);
    const [one, two] = await Promise.all([direct.closed, proxied.closed, stream.ended]);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect([one.code, two.code]).toEqual([sessionEndedCloseCode, sessionEndedCloseCode]);
  });

  it('fails closed with 503 while Redis is stalled, and resumes by itself', async () => {
    const [instance] = instances;
    redis.pause();
    try {
      let started = performance.now();
      const stalled = await call(nginx.url, alice.cookie);
      const apiMs = performance.now() - started;
      expect(stalled.status).toBe(503);
      expect(JSON.parse(stalled.text)).toMatchObject({ error: 'session_store_unavailable' });
      started = performance.now();
      expect(await readyz(instance!)).toBe(503);
      const readyMs = performance.now() - started;
      console.warn(
        `stalled Redis: API 503 in ${apiMs.toFixed(0)} ms, /readyz 503 in ${readyMs.toFixed(0)} ms`,
      );
      expect(apiMs).toBeLessThan(2_500);
      expect(readyMs).toBeLessThan(2_500);
    } finally {
      redis.resume();
    }
    const resumedMs = await waitFor(
      async () => (await call(nginx.url, alice.cookie)).status === 200,
      10_000,
      'service after SIGCONT',
    );
    console.warn(`stalled Redis: service back ${resumedMs.toFixed(0)} ms after SIGCONT`);
    for (const i of instances) expect(await readyz(i)).toBe(200);
  });

  it('fails closed with 503 while Redis is down, and resumes when it restarts', async () => {
    await redis.kill();
    // Let each instance notice the closed connection; then a call must fail without waiting.
    await sleep(200);
    const answers: string[] = [];
    let slowest = 0;
    for (let i = 0; i < 6; i++) {
      const started = performance.now();
      const response = await call(nginx.url, alice.cookie);
      slowest = Math.max(slowest, performance.now() - started);
      answers.push(`${response.status} ${JSON.parse(response.text).error}`);
    }
    expect(answers).toEqual(Array(6).fill('503 session_store_unavailable'));
    console.warn(`Redis down: slowest API 503 took ${slowest.toFixed(0)} ms`);
    expect(slowest).toBeLessThan(1_500);
    for (const i of instances) expect(await readyz(i)).toBe(503);

    await redis.restart();
    const resumedMs = await waitFor(
      async () => (await call(nginx.url, alice.cookie)).status === 200,
      10_000,
      'service after Redis restart',
    );
    console.warn(`Redis down: service back ${resumedMs.toFixed(0)} ms after the restart`);
    for (const i of instances) expect(await readyz(i)).toBe(200);
  });

  it('refreshes once for a storm of 200 parallel calls across instances', async () => {
    await sleep(Math.max(0, stormSession.at + freshForMs + 500 - Date.now()));
    const grants = idp.stats.grants.refresh_token ?? 0;
    const failures = { ...idp.stats.grantErrors };
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: 200 }, () => call(nginx.url, stormSession.cookie)),
    );
    const took = performance.now() - started;
    expect(countBy(results.map((r) => r.status))).toEqual({ 200: 200 });
    expect(results.every((r) => JSON.parse(r.text).sub === 'bob')).toBe(true);
    expect(idp.stats.grants.refresh_token ?? 0).toBe(grants + 1);
    expect(idp.stats.grantErrors).toEqual(failures);
    // The one refreshed token is "fresh" for ~7 s: the storm must end before that.
    expect(took).toBeLessThan(freshForMs);
  });

  it('keeps every session working through the other two when one instance is killed', async () => {
    const sessions = [alice, stormSession];
    const victim = instances[2]!;
    const victimBefore = await proxiedCount(victim);
    let victimServed = 0;
    const statuses = await load(300, 10, async (i) => {
      if (i === 60) {
        victimServed = (await proxiedCount(victim)) - victimBefore;
        await victim.crash();
      }
      const session = sessions[i % sessions.length]!;
      return (await call(nginx.url, session.cookie)).status;
    });
    expect(countBy(statuses)).toEqual({ 200: 300 });
    expect(victimServed).toBeGreaterThan(0);
    for (const session of sessions) {
      for (const instance of instances.slice(0, 2)) {
        expect((await call(instance.directUrl, session.cookie)).status).toBe(200);
      }
    }
  });

  it('keeps sessions across a restart of a single BFF on the SQLite default', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cloakroom-sqlite-'));
    const url = `http://localhost:${singlePort}`;
    const env = {
      PUBLIC_URL: url,
      SESSION_STORE: `sqlite:${join(dir, 'sessions.db')}`,
      SESSION_SECRET: secret,
      OIDC_CLIENT_ID: 'cloakroom-single',
      OIDC_CLIENT_SECRET: 'single-secret',
    };
    const first = stack.startBffProcess(singlePort, env);
    await first.ready();
    const cookie = sessionCookie(await logInBrowser(url));
    expect((await call(first.directUrl, cookie)).status).toBe(200);

    await first.crash();
    const second = stack.startBffProcess(singlePort, env);
    await second.ready();
    const after = await call(second.directUrl, cookie);
    expect(after.status).toBe(200);
    expect(JSON.parse(after.text)).toMatchObject({ sub: 'alice' });
    await second.stop();
    rmSync(dir, { recursive: true, force: true });
  });
});
