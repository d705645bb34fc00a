import { Agent, request, type IncomingMessage } from 'node:http';
import { logInBrowser, sessionCookie } from '@cloakroom/testkit';
import { startBffTarget } from './bff-target.ts';
import { startChildServer } from './child-server.ts';
import { cpuMicros, residentBytes } from './proc-stats.ts';

/** What holding many open event streams costs a proxy process. */
export interface LiveStreamsRow {
  name: string;
  streams: number;
  /** RSS growth from no stream to all open, per stream. */
  rssPerStreamBytes: number;
  /** CPU the process used while every stream sat open and quiet, in % of one core. */
  idleCpuPercent: number;
}

export interface LiveStreamsResult {
  streams: number;
  sessions: number;
  rows: LiveStreamsRow[];
  /** From one logout-everywhere request to the last of the BFF's streams ended at the client. */
  closeAllMs: number;
  /** Streams that ended after that logout (the goal: all). */
  closed: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Opens `count` event streams at `url` with `headers`; resolves once every one has its headers. */
async function openStreams(
  url: string,
  headers: Record<string, string>,
  count: number,
  agent: Agent,
) {
  const responses = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<IncomingMessage>((resolve, reject) => {
          const req = request(
            url,
            { agent, headers: { accept: 'text/event-stream', ...headers } },
            resolve,
          );
          req.on('error', reject);
          req.end();
        }),
    ),
  );
  const bad = responses.filter((response) => response.statusCode !== 200).length;
  if (bad > 0) throw new Error(`${bad} of ${count} event streams were refused`);
  const ended = responses.map(
    (response) =>
      new Promise<void>((resolve) => {
        response.resume();
        response.once('close', () => resolve());
      }),
  );
  return { responses, ended };
}

/** RSS per stream and idle CPU of `pid` while `count` streams are opened at `url` and held quiet. */
async function measureHolding(
  pid: number,
  url: string,
  headers: Record<string, string>[],
  count: number,
  agent: Agent,
) {
  await sleep(1_000);
  const rssBefore = residentBytes(pid);
  const perHeader = Math.ceil(count / headers.length);
  const opened = await Promise.all(
    headers.map((h, i) => openStreams(url, h, Math.min(perHeader, count - i * perHeader), agent)),
  );
  await sleep(2_000);
  const rssAfter = residentBytes(pid);
  const cpuBefore = cpuMicros(pid);
  const idleMs = 10_000;
  await sleep(idleMs);
  const idleCpuPercent = ((cpuMicros(pid) - cpuBefore) / (idleMs * 1000)) * 100;
  return {
    rssPerStreamBytes: (rssAfter - rssBefore) / count,
    idleCpuPercent,
    responses: opened.flatMap((o) => o.responses),
    ended: opened.flatMap((o) => o.ended),
  };
}

/**
 * `streams` quiet event streams held open through the bare Node proxy (the baseline) and through
 * one BFF on the memory store, spread over `sessions` sessions of one user: the RSS each stream
 * costs, the CPU both use while nothing flows, and for the BFF, how long one logout-everywhere
 * takes to end every stream.
 *
 * @example
 * const result = await liveStreams({ upstream: 'http://127.0.0.1:4001', streams: 1000, sessions: 100 });
 */
export async function liveStreams(options: {
  upstream: string;
  streams: number;
  sessions: number;
  logDir?: string;
}): Promise<LiveStreamsResult> {
  const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
  const rows: LiveStreamsRow[] = [];
  const bare = await startChildServer('bare-proxy', 'live-bare-proxy', {
    args: [options.upstream, 'unlimited'],
  });
  try {
    const held = await measureHolding(
      bare.pid,
      `${bare.url}/api/events`,
      [{}],
      options.streams,
      agent,
    );
    rows.push({ name: 'bare proxy', streams: options.streams, ...pick(held) });
    for (const response of held.responses) response.destroy();
  } finally {
    await bare.stop();
  }

  const perSession = Math.ceil(options.streams / options.sessions);
  const target = await startBffTarget({
    name: 'bff-live',
    store: 'memory',
    apiUpstream: options.upstream,
    liveMaxPerSession: perSession,
    ...(options.logDir ? { logDir: options.logDir } : {}),
  });
  try {
    const publicUrl = `http://localhost:${new URL(target.server.url).port}`;
    const sessions = [target.headers];
    while (sessions.length < options.sessions) {
      sessions.push({ cookie: sessionCookie(await logInBrowser(publicUrl)), 'x-csrf': '1' });
    }
    const held = await measureHolding(
      target.server.pid,
      `${target.server.url}/api/events`,
      sessions,
      options.streams,
      agent,
    );
    rows.push({ name: 'bff (memory)', streams: options.streams, ...pick(held) });
    let closed = 0;
    // `ended` never rejects (see openStreams).
    for (const ended of held.ended)
      void ended.then(
        () => (closed += 1),
        () => undefined,
      );
    const started = performance.now();
    const logout = await fetch(`${target.server.url}/bff/logout`, {
      method: 'POST',
      headers: { ...target.headers, 'content-type': 'application/json' },
      body: '{"everywhere":true}',
    });
    await logout.body?.cancel();
    if (logout.status !== 200) throw new Error(`logout everywhere answered ${logout.status}`);
    await Promise.race([Promise.all(held.ended), sleep(30_000)]);
    const closeAllMs = performance.now() - started;
    for (const response of held.responses) response.destroy();
    return { streams: options.streams, sessions: options.sessions, rows, closeAllMs, closed };
  } finally {
    agent.destroy();
    await target.stop();
  }
}

const pick = (held: { rssPerStreamBytes: number; idleCpuPercent: number }) => ({
  rssPerStreamBytes: held.rssPerStreamBytes,
  idleCpuPercent: held.idleCpuPercent,
});
