import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBffTarget } from './bff-target.ts';
import type { BenchOptions } from './bench-options.ts';
import type { BenchReport, HalfLoadRow, StreamRow, TargetReport } from './bench-report.ts';
import { startChildServer, type ChildServer } from './child-server.ts';
import { runLoad, type LoadResult } from './load.ts';
import { runPacedLoad } from './paced-load.ts';
import { cpuPlan, pinToCpu } from './cpu-pinning.ts';
import { describeMachine } from './machine.ts';
import { peakResidentBytes } from './proc-stats.ts';
import { summarizeProfile } from './profile-summary.ts';
import { redisCommandsProcessed } from './redis-info.ts';
import { findRedisServer, startRedisServer } from '@cloakroom/testkit';
import { liveStreams } from './live-streams.ts';
import { refreshStorm } from './refresh-storm.ts';
import { renderChart } from './render-chart.ts';
import { renderMarkdown } from './render-markdown.ts';
import { median } from './stats.ts';
import { streamThrough, type StreamResult } from './streaming.ts';
import { fillRedis, fillSqlite, type FillResult } from './session-fill.ts';
import { sealedSessionBytes } from './sealed-session-bytes.ts';
import { startExpressOidcTarget } from './peer-targets.ts';
import { apacheUnavailable, startApacheTarget } from './apache-target.ts';
import { peerStorm } from './peer-storm.ts';

interface LoadTarget {
  name: string;
  role: TargetReport['role'];
  url: string;
  headers: Record<string, string>;
  pid: number;
  redisUrl?: string;
  /** Starts a replacement after a crash (BFF targets), so the run can go on; counted. */
  restart?: () => Promise<{ url: string; headers: Record<string, string>; pid: number }>;
  restarts: number;
  crashed?: () => boolean;
}

const log = (line: string) => console.warn(`bench: ${line}`);
/** The RFC 8707 resource of the bench's per-resource and client-credentials routes. */
const benchResource = 'urn:cloakroom:bench-billing';

/**
 * Runs the whole benchmark and writes `latest.md`, `latest.svg` and `raw/latest.json` to
 * `options.outDir` (with `--profile`: `raw/profile.md` and the profiles, leaving latest.* alone,
 * since profiling slows the servers). Every process it starts is stopped before it returns or
 * throws, and on SIGINT/SIGTERM.
 *
 * @example
 * const report = await runBench(parseBenchArgs(process.argv.slice(2), 'bench/results'));
 */
export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const started = Date.now();
  const rawDir = join(options.outDir, 'raw');
  mkdirSync(rawDir, { recursive: true });
  const profileDir = options.profile ? join(rawDir, 'profiles') : undefined;
  if (profileDir) {
    rmSync(profileDir, { recursive: true, force: true });
    mkdirSync(profileDir, { recursive: true });
  }
  const logDir = join(rawDir, 'logs');
  rmSync(logDir, { recursive: true, force: true });
  mkdirSync(logDir, { recursive: true });
  const cpuProfileDir = profileDir ? { cpuProfileDir: profileDir, logDir } : { logDir };
  const servers: ChildServer[] = [];
  const watch = <T extends ChildServer>(server: T): T => {
    servers.push(server);
    return server;
  };
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).toReversed()) await stop().catch(() => undefined);
  };
  const onSignal = () => void stopAll().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const scratch = mkdtempSync(join(tmpdir(), 'cloakroom-bench-'));
  stops.push(async () => rmSync(scratch, { recursive: true, force: true }));

  const unavailable: BenchReport['unavailable'] = [];
  // The harness (autocannon, the dev IdP) on its CPU; the servers pin themselves as they start.
  const plan = cpuPlan();
  if (plan) pinToCpu(process.pid, plan.harness);
  const pinRedis = (redis: { pid(): number | undefined }) => {
    const pid = redis.pid();
    if (plan && pid) pinToCpu(pid, plan.harness);
  };
  let report: BenchReport;
  try {
    log('starting the upstream, the bare proxy and the BFFs (each in its own process)');
    const upstream = watch(await startChildServer('upstream', 'upstream', { logDir }));
    stops.push(() => upstream.stop());
    const bare = watch(
      await startChildServer('bare-proxy', 'bare-proxy', {
        args: [upstream.url],
        ...cpuProfileDir,
      }),
    );
    stops.push(() => bare.stop());
    /**
     * A BFF on `store` as a load target: started, stopped at the end, watched for crashes, and
     * replaced by a fresh one (new login) when it crashed.
     */
    const bffLoadTarget = async (
      name: string,
      slug: string,
      store: string,
      redisUrl?: string,
      routes: {
        resources?: string[];
        clientResource?: string;
        dpop?: boolean;
        tracingEndpoint?: string;
      } = {},
    ): Promise<LoadTarget & { headers: Record<string, string> }> => {
      const start = async (suffix = '') => {
        const bff = await startBffTarget({
          name: `${slug}${suffix}`,
          store,
          apiUpstream: upstream.url,
          ...routes,
          ...cpuProfileDir,
        });
        stops.push(() => bff.stop());
        watch(bff.server);
        return bff;
      };
      let current = await start();
      return {
        name,
        role: 'bff',
        url: `${current.server.url}/api/item`,
        headers: current.headers,
        pid: current.server.pid,
        restarts: 0,
        crashed: () => current.server.crashed() !== undefined,
        async restart() {
          current = await start(`-restart-${Date.now()}`);
          return {
            url: `${current.server.url}/api/item`,
            headers: current.headers,
            pid: current.server.pid,
          };
        },
        ...(redisUrl ? { redisUrl } : {}),
      };
    };
    // The memory BFF also serves a per-resource route and a client-credentials route, so their
    // cost is measured on the same process as the login token's route.
    const bffMemory = await bffLoadTarget('bff memory', 'bff-memory', 'memory', undefined, {
      resources: [benchResource],
      clientResource: benchResource,
    });
    /** The same BFF process loaded on another route (no restart of its own). */
    const onRoute = (name: string, path: string): LoadTarget => ({
      name,
      role: 'bff',
      url: bffMemory.url.replace('/api/item', path),
      headers: bffMemory.headers,
      pid: bffMemory.pid,
      restarts: 0,
      crashed: () => bffMemory.crashed?.() ?? false,
    });
    // Tracing on: the same as `bff memory` (whose row is tracing off, which does no tracing work
    // at all), with every request's spans exported by OTLP/HTTP to a sink that only accepts.
    const otlpSink = await startChildServer('otlp-sink', 'otlp-sink');
    stops.push(() => otlpSink.stop());
    const bffTraced = await bffLoadTarget(
      'bff memory, tracing on',
      'bff-traced',
      'memory',
      undefined,
      { tracingEndpoint: otlpSink.url },
    );
    // DPoP: the same as `bff memory`, plus a proof signed for every upstream call.
    const bffDpop = await bffLoadTarget('bff memory, DPoP', 'bff-dpop', 'memory', undefined, {
      dpop: true,
    });
    const bffSqlite = await bffLoadTarget(
      'bff sqlite',
      'bff-sqlite',
      `sqlite:${join(scratch, 'sessions.db')}`,
    );
    const sessionHeaders = bffMemory.headers;
    const targets: LoadTarget[] = [
      {
        name: 'upstream (direct)',
        role: 'reference',
        url: `${upstream.url}/item`,
        headers: sessionHeaders,
        pid: upstream.pid,
        restarts: 0,
      },
      {
        name: 'bare proxy',
        role: 'floor',
        url: `${bare.url}/api/item`,
        headers: sessionHeaders,
        pid: bare.pid,
        restarts: 0,
      },
      bffMemory,
      bffTraced,
      onRoute('bff memory, resource token route', '/api/r0/item'),
      onRoute('bff memory, client token route', '/api/client/item'),
      bffDpop,
      bffSqlite,
    ];

    let redisUrlForStorm: string | undefined;
    if (!findRedisServer()) {
      unavailable.push({ name: 'bff redis', reason: 'no redis-server on PATH' });
    } else {
      try {
        const redis = await startRedisServer();
        stops.push(() => redis.stop());
        pinRedis(redis);
        redisUrlForStorm = redis.url;
        targets.push(await bffLoadTarget('bff redis', 'bff-redis', redis.url, redis.url));
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        unavailable.push({
          name: 'bff redis',
          reason: `the Redis store is not available: ${reason}`,
        });
      }
    }

    // Peers, logged in at their own dev IdP, proxying to the same upstream: another project's
    // answer to the same job, in the same rounds. A peer that cannot run here is listed as such.
    try {
      const eoc = await startExpressOidcTarget({ apiUpstream: upstream.url, ...cpuProfileDir });
      stops.push(() => eoc.stop());
      watch(eoc.server);
      targets.push({
        name: 'express-openid-connect (peer)',
        role: 'peer',
        url: `${eoc.server.url}/api/item`,
        headers: eoc.headers,
        pid: eoc.server.pid,
        restarts: 0,
        crashed: () => eoc.server.crashed() !== undefined,
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      unavailable.push({ name: 'express-openid-connect (peer)', reason });
    }
    const apacheMissing = apacheUnavailable();
    if (apacheMissing) {
      unavailable.push({ name: 'Apache mod_auth_openidc (peer)', reason: apacheMissing });
    } else {
      try {
        const apache = await startApacheTarget({ apiUpstream: upstream.url, logDir });
        stops.push(() => apache.stop());
        targets.push({
          name: 'Apache mod_auth_openidc (peer)',
          role: 'peer',
          url: `${apache.url}/api/item`,
          headers: apache.headers,
          pid: apache.pid,
          restarts: 0,
        });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        unavailable.push({ name: 'Apache mod_auth_openidc (peer)', reason });
      }
    }

    // The same stores holding `options.sessions` sessions, filled before their BFF starts (the
    // SQLite file is held exclusively by its BFF), loaded in the same rounds as the stores
    // with one session: the ratio of the two is the cost of a full store.
    const scaleFills: Array<{ store: 'sqlite' | 'redis'; single: string; fill: FillResult }> = [];
    let sealedBytes = 0;
    if (options.sessions > 0) {
      const count = options.sessions.toLocaleString('en-US');
      sealedBytes = (redisUrlForStorm && (await sealedSessionBytes(redisUrlForStorm))) || 2_400;
      log(`many sessions: filling SQLite with ${count} sessions of ${sealedBytes} sealed bytes`);
      const filledFile = join(scratch, 'sessions-many.db');
      const sqliteFill = await fillSqlite(filledFile, options.sessions, sealedBytes);
      log(`many sessions: SQLite filled in ${sqliteFill.seconds.toFixed(1)} s`);
      targets.push(
        await bffLoadTarget(
          `bff sqlite, ${count} sessions`,
          'bff-sqlite-many',
          `sqlite:${filledFile}`,
        ),
      );
      scaleFills.push({ store: 'sqlite', single: 'bff sqlite', fill: sqliteFill });
      if (redisUrlForStorm) {
        const manyRedis = await startRedisServer();
        pinRedis(manyRedis);
        stops.push(() => manyRedis.stop());
        log(`many sessions: filling Redis with ${count} sessions`);
        const redisFill = await fillRedis(manyRedis.url, options.sessions, sealedBytes);
        log(`many sessions: Redis filled in ${redisFill.seconds.toFixed(1)} s`);
        targets.push(
          await bffLoadTarget(
            `bff redis, ${count} sessions`,
            'bff-redis-many',
            manyRedis.url,
            manyRedis.url,
          ),
        );
        scaleFills.push({ store: 'redis', single: 'bff redis', fill: redisFill });
      }
    }
    for (const missing of unavailable) log(`${missing.name}: not available (${missing.reason})`);

    const ensureRunning = async (target: LoadTarget) => {
      if (target.crashed?.() && target.restart) {
        log(`${target.name} crashed; starting a replacement to go on (the crash is reported)`);
        Object.assign(target, await target.restart());
        target.restarts += 1;
      }
    };
    const load = async (target: LoadTarget, durationSec: number) => {
      await ensureRunning(target);
      return runLoad({
        url: target.url,
        headers: target.headers,
        connections: options.connections,
        durationSec,
        serverPid: target.pid,
      });
    };
    const paced = async (target: LoadTarget, rate: number) => {
      await ensureRunning(target);
      return runPacedLoad({
        url: target.url,
        headers: target.headers,
        rate,
        connections: options.connections,
        durationSec: options.durationSec,
      });
    };

    log(`warm-up: ${options.warmupSec} s per target`);
    for (const target of targets) await load(target, options.warmupSec);

    const rounds = new Map<string, LoadResult[]>(targets.map((t) => [t.name, []]));
    const redisCommands = new Map<string, { commands: number; requests: number }>();
    for (let round = 0; round < options.rounds; round += 1) {
      // Rotate the order each round so no target always runs right after another.
      const order = targets.map((_, i) => targets[(i + round) % targets.length] as LoadTarget);
      for (const target of order) {
        const before = target.redisUrl ? await redisCommandsProcessed(target.redisUrl) : 0;
        const result = await load(target, options.durationSec);
        if (target.redisUrl) {
          const seen = redisCommands.get(target.name) ?? { commands: 0, requests: 0 };
          seen.commands += (await redisCommandsProcessed(target.redisUrl)) - before - 1;
          seen.requests += result.requests;
          redisCommands.set(target.name, seen);
        }
        rounds.get(target.name)?.push(result);
        log(
          `round ${round + 1}/${options.rounds} ${target.name}: ${Math.round(result.rps)} req/s, ` +
            `p99 ${result.p99Ms.toFixed(2)} ms, errors ${result.errors}, non-2xx ${result.non2xx}`,
        );
      }
    }
    const bareRounds = rounds.get('bare proxy') ?? [];
    const targetReports: TargetReport[] = targets.map((target) => {
      const results = rounds.get(target.name) ?? [];
      const ratios = results.map((r, i) => r.rps / (bareRounds[i]?.rps ?? Number.NaN));
      const redis = redisCommands.get(target.name);
      return {
        name: target.name,
        role: target.role,
        rounds: results,
        ratios,
        ratio: median(ratios),
        ...combineRounds(results),
        peakRssBytes: peakResidentBytes(target.pid),
        restarts: target.restarts,
        ...(redis && redis.requests
          ? { redisCommandsPerRequest: redis.commands / redis.requests }
          : {}),
      };
    });

    const sessionScale: BenchReport['sessionScale'] = options.sessions
      ? {
          sessions: options.sessions,
          sealedBytes,
          rows: scaleFills.map(({ store, single, fill }) => {
            const many = `bff ${store}, ${options.sessions.toLocaleString('en-US')} sessions`;
            const singleRounds = rounds.get(single) ?? [];
            const ratios = (rounds.get(many) ?? []).map(
              (r, i) => r.rps / (singleRounds[i]?.rps ?? Number.NaN),
            );
            return {
              store,
              single,
              many,
              fillSeconds: fill.seconds,
              bytesPerSession: fill.bytesPerSession,
              ratio: median(ratios),
              ratios,
            };
          }),
        }
      : undefined;

    const halfRate = Math.max(1, Math.floor(median(bareRounds.map((r) => r.rps)) / 2));
    log(
      `half load: ${halfRate} req/s (half the bare proxy's) for ${options.durationSec} s per target`,
    );
    // Open-loop, evenly paced load in interleaved rounds; each target's median p50/p99.
    const halfRounds = new Map<string, LoadResult[]>(targets.map((t) => [t.name, []]));
    for (let round = 0; round < options.rounds; round += 1) {
      const order = targets.map((_, i) => targets[(i + round) % targets.length] as LoadTarget);
      for (const target of order) {
        const result = await paced(target, halfRate);
        halfRounds.get(target.name)?.push(result);
        log(
          `half load round ${round + 1} ${target.name}: p50 ${result.p50Ms.toFixed(2)} ms, ` +
            `p99 ${result.p99Ms.toFixed(2)} ms, errors ${result.errors}`,
        );
      }
    }
    const halfRows: HalfLoadRow[] = targets.map((target) => {
      const results = halfRounds.get(target.name) ?? [];
      return {
        name: target.name,
        result: combineRounds(results),
        p99PerRoundMs: results.map((r) => r.p99Ms),
      };
    });

    log(
      `streaming: ${options.streamBytes / 1024 / 1024} MiB down and up through the bare proxy and the BFF`,
    );
    // Fresh processes per direction: growth is measured from a just-started, warmed-up server,
    // not from one whose heap the load phase (or the other direction) already grew. A single
    // transfer's throughput swung 0.73-1.13x between runs, so each target moves it several
    // times, alternating with the other: median throughput, largest growth.
    const streamRows: StreamRow[] = [];
    const transfers = options.quick ? 1 : 3;
    for (const direction of ['download', 'upload'] as const) {
      const freshBare = await startChildServer('bare-proxy', `stream-${direction}-bare-proxy`, {
        args: [upstream.url],
        logDir,
      }).then((server) => ({ server, headers: sessionHeaders, stop: () => server.stop() }));
      stops.push(() => freshBare.stop());
      const freshBff = await startBffTarget({
        name: `stream-${direction}-bff-memory`,
        store: 'memory',
        apiUpstream: upstream.url,
        logDir,
      });
      stops.push(() => freshBff.stop());
      const proxies = [
        { name: 'bare proxy', proxy: freshBare, results: [] as StreamResult[] },
        { name: 'bff memory', proxy: freshBff, results: [] as StreamResult[] },
      ];
      const transfer = (proxy: (typeof proxies)[number]['proxy'], bytes: number) =>
        streamThrough({
          baseUrl: proxy.server.url,
          headers: proxy.headers,
          direction,
          bytes,
          proxyPid: proxy.server.pid,
        });
      // An unmeasured 1/16 of the transfer first: one-time growth (compiling the streaming
      // path, the young generation growing to its working size) is not growth per transfer.
      for (const { proxy } of proxies) {
        watch(proxy.server);
        await transfer(proxy, Math.round(options.streamBytes / 16));
      }
      for (let i = 0; i < transfers; i += 1) {
        for (const entry of i % 2 ? proxies.toReversed() : proxies) {
          const result = await transfer(entry.proxy, options.streamBytes);
          entry.results.push(result);
          log(
            `${direction} via ${entry.name}: ${result.mbPerSecond.toFixed(0)} MiB/s, ` +
              `RSS +${(result.rssGrowthBytes / 1024 / 1024).toFixed(1)} MiB${result.ok ? '' : ' (FAILED)'}`,
          );
        }
      }
      await freshBare.stop();
      await freshBff.stop();
      const combined = proxies.map(({ name, results }) => ({
        target: name,
        direction,
        bytes: options.streamBytes,
        transfers: results.length,
        mbPerSecond: median(results.map((r) => r.mbPerSecond)),
        seconds: median(results.map((r) => r.seconds)),
        rssGrowthBytes: Math.max(...results.map((r) => r.rssGrowthBytes)),
        ok: results.every((r) => r.ok),
      }));
      const bareMbPerSecond = combined[0]!.mbPerSecond;
      for (const row of combined)
        streamRows.push({ ...row, ratio: row.mbPerSecond / bareMbPerSecond });
    }

    log(`refresh storm: ${options.stormCalls} parallel calls on an expired access token`);
    let storm: BenchReport['storm'];
    try {
      storm = await refreshStorm({
        apiUpstream: upstream.url,
        calls: options.stormCalls,
        ttlSeconds: options.stormTtlSeconds,
        logDir,
      });
      log(`refresh storm: ${storm.refreshGrants} refresh grant(s), ${storm.failed} failed call(s)`);
    } catch (error) {
      storm = { error: error instanceof Error ? error.message : String(error) };
    }

    log(
      `refresh storm across resources: ${options.stormCalls} calls, 3 BFF processes on Redis, two expired tokens`,
    );
    let resourceStorm: BenchReport['resourceStorm'];
    try {
      if (!redisUrlForStorm) throw new Error('no Redis (redis-server not available)');
      resourceStorm = await refreshStorm({
        apiUpstream: upstream.url,
        calls: options.stormCalls,
        ttlSeconds: options.stormTtlSeconds,
        instances: 3,
        store: redisUrlForStorm,
        resources: [benchResource],
        logDir,
      });
      log(
        `refresh storm across resources: ${resourceStorm.refreshGrants} refresh grant(s), ${resourceStorm.failed} failed call(s)`,
      );
    } catch (error) {
      resourceStorm = { error: error instanceof Error ? error.message : String(error) };
    }

    log(`live connections: ${options.liveStreams} open event streams, bare proxy and BFF`);
    let live: BenchReport['liveStreams'];
    try {
      live = await liveStreams({
        upstream: upstream.url,
        streams: options.liveStreams,
        sessions: options.liveStreams / 10,
        logDir,
      });
      log(
        `live connections: ${live.closed}/${live.streams} closed ${Math.round(live.closeAllMs)} ms after logout everywhere`,
      );
    } catch (error) {
      live = { error: error instanceof Error ? error.message : String(error) };
    }

    // The same storm on each peer that ran (their own sessions and IdPs, short-lived tokens).
    const peerStorms: NonNullable<BenchReport['peerStorms']> = [];
    const peerStarts = [
      {
        name: 'express-openid-connect (peer)',
        start: async () => {
          const eoc = await startExpressOidcTarget({
            apiUpstream: upstream.url,
            accessTokenTtlSeconds: options.stormTtlSeconds,
            name: 'express-openid-connect-storm',
            logDir,
          });
          return { url: eoc.server.url, headers: eoc.headers, idp: eoc.idp, stop: eoc.stop };
        },
      },
      ...(apacheMissing
        ? []
        : [
            {
              name: 'Apache mod_auth_openidc (peer)',
              start: () =>
                startApacheTarget({
                  apiUpstream: upstream.url,
                  accessTokenTtlSeconds: options.stormTtlSeconds,
                  logDir,
                }),
            },
          ]),
    ];
    for (const peer of peerStarts) {
      if (!targets.some((t) => t.name === peer.name)) continue;
      log(`refresh storm on ${peer.name}: ${options.stormCalls} parallel calls`);
      try {
        const result = await peerStorm(peer.start, options.stormCalls, options.stormTtlSeconds);
        peerStorms.push({ name: peer.name, result });
        log(`${peer.name}: ${result.refreshGrants} refresh grant(s), ${result.failed} failed`);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        peerStorms.push({ name: peer.name, result: { error: message } });
      }
    }

    report = {
      startedAt: new Date(started).toISOString(),
      seconds: 0,
      options,
      machine: describeMachine(),
      targets: targetReports,
      unavailable,
      halfLoad: { rate: halfRate, rows: halfRows },
      streaming: { bytes: options.streamBytes, rows: streamRows },
      storm,
      resourceStorm,
      liveStreams: live,
      crashes: [],
      profiles: [],
      ...(sessionScale ? { sessionScale } : {}),
      peerStorms,
    };
  } finally {
    await stopAll();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }

  // A server that died on its own is a finding: say so, with the head of what it printed.
  report.crashes = servers.flatMap((server) => {
    const crash = server.crashed();
    if (!crash) return [];
    const output =
      crash.log && existsSync(crash.log)
        ? readFileSync(crash.log, 'utf8')
            .split('\n')
            .filter((line) => line.trim() && !line.startsWith('{'))
            .slice(0, 8)
        : [];
    return [{ name: server.name, code: crash.code, signal: crash.signal, output }];
  });
  for (const crash of report.crashes)
    log(`${crash.name} CRASHED (exit ${crash.code ?? crash.signal})`);
  if (profileDir) {
    // Profiles are written when the children exit, which stopAll() waited for.
    report.profiles = readdirSync(profileDir)
      .filter((file) => file.endsWith('.cpuprofile'))
      .toSorted()
      .map((file) => summarizeProfile(join(profileDir, file)));
  }
  report.seconds = Math.round((Date.now() - started) / 100) / 10;
  const markdown = renderMarkdown(report);
  if (options.profile) {
    writeFileSync(join(rawDir, 'profile.md'), markdown);
    writeFileSync(join(rawDir, 'profile.json'), JSON.stringify(report, null, 2));
  } else {
    writeFileSync(join(options.outDir, 'latest.md'), markdown);
    writeFileSync(join(options.outDir, 'latest.svg'), renderChart(report));
    writeFileSync(join(rawDir, 'latest.json'), JSON.stringify(report, null, 2));
  }
  log(
    `done in ${report.seconds} s; wrote ${options.profile ? join(rawDir, 'profile.md') : join(options.outDir, 'latest.md')}`,
  );
  return report;
}

/** One target's rounds as one result: medians of rates and latencies, sums of counts. */
function combineRounds(results: readonly LoadResult[]): LoadResult {
  const cpu = results.flatMap((r) =>
    r.cpuMicrosPerRequest === undefined ? [] : [r.cpuMicrosPerRequest],
  );
  return {
    rps: median(results.map((r) => r.rps)),
    p50Ms: median(results.map((r) => r.p50Ms)),
    p99Ms: median(results.map((r) => r.p99Ms)),
    requests: results.reduce((sum, r) => sum + r.requests, 0),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
    cpuMicrosPerRequest: cpu.length ? median(cpu) : undefined,
  };
}
