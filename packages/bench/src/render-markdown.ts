import type { BenchReport } from './bench-report.ts';
import type { StormResult } from './refresh-storm.ts';
import { checkGoals } from './goals.ts';

const MiB = 1024 * 1024;
const n = (value: number | undefined, digits = 2) =>
  value === undefined || !Number.isFinite(value) ? 'n/a' : value.toFixed(digits);
const int = (value: number) =>
  Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'n/a';
const verdict = (pass: boolean | undefined) =>
  pass === undefined ? 'not measured' : pass ? '**pass**' : '**FAIL**';

/**
 * The human report: machine, load table, half-load latency, streaming, refresh storm, and the
 * issue's targets with pass/fail. Section headings are stable (the CI smoke looks for them).
 */
export function renderMarkdown(report: BenchReport): string {
  const { options, machine } = report;
  const lines: string[] = [];
  const push = (...more: string[]) => lines.push(...more);
  push(
    '# Cloakroom benchmark: the BFF next to a bare Node reverse proxy',
    '',
    `Run ${report.startedAt} (${report.seconds} s), \`pnpm bench${options.quick ? ' --quick' : ''}${options.profile ? ' --profile' : ''}\`. ` +
      `Each server runs in its own process; autocannon loads one at a time from the harness process, ` +
      `${options.connections} connections, ${options.warmupSec} s warm-up, then ${options.rounds} interleaved round(s) × ${options.durationSec} s per target. ` +
      'Every request is `GET /api/item` (~200 bytes of JSON from the upstream) with the session cookie and `X-CSRF: 1`.',
    '',
    '## Machine',
    '',
    `- CPU: ${machine.cpu}, ${machine.cores} cores`,
    `- Memory: ${machine.memoryGiB} GiB`,
    `- Node.js ${machine.node}, ${machine.kernel}`,
    `- Load average (1 min) at the end of the run: ${machine.loadAverage}`,
    `- CPU pinning: ${machine.pinning}`,
    '',
    '## Throughput and latency',
    '',
    '| target | req/s (median) | × bare proxy (median of rounds) | p50 ms | p99 ms | requests | errors | non-2xx | CPU µs/request | peak RSS MiB |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const t of report.targets) {
    push(
      `| ${t.name}${t.role === 'reference' ? ' (reference)' : ''}${t.restarts ? ` (crashed ${t.restarts}×, replaced)` : ''} | ${int(t.rps)} | ${n(t.ratio)} | ${n(t.p50Ms)} | ${n(t.p99Ms)} | ${int(t.requests)} | ${t.errors} | ${t.non2xx} | ${n(t.cpuMicrosPerRequest, 0)} | ${n(t.peakRssBytes / MiB, 1)} |`,
    );
  }
  for (const missing of report.unavailable)
    push(`| ${missing.name} | not available: ${missing.reason} | | | | | | | | |`);
  push('', 'Ratio to the bare proxy in each round:', '');
  for (const t of report.targets) push(`- ${t.name}: ${t.ratios.map((r) => n(r)).join(', ')}`);
  const redis = report.targets.find((t) => t.redisCommandsPerRequest !== undefined);
  if (redis) push('', `Redis commands per proxied request: ${n(redis.redisCommandsPerRequest)}.`);
  if (report.unavailable.length) {
    push(
      '',
      ...report.unavailable.map(
        (m) => `- ${m.name.replace('bff ', '')}: not available (${m.reason})`,
      ),
    );
  }

  const peers = report.targets.filter((t) => t.role === 'peer');
  const peerMissing = report.unavailable.filter((m) => m.name.endsWith('(peer)'));
  if (peers.length || peerMissing.length) {
    push(
      '',
      '## Peers',
      '',
      "Other answers to the same job, each logged in at its own dev IdP and proxying the same `GET /api/item` to the same upstream with the access token attached, loaded in the same rounds: express-openid-connect 3.4 with http-proxy-middleware 4 (its defaults: a rolling session in a sealed cookie; a keep-alive upstream agent like the bare proxy's), and Apache httpd with mod_auth_openidc (Debian's, event MPM defaults; CPU counts all its processes, the peak RSS column only its parent's).",
      '',
      '| target | × bare proxy (median of rounds) | CPU µs/request |',
      '|---|---:|---:|',
    );
    for (const name of ['bare proxy', 'bff memory', 'bff redis', ...peers.map((p) => p.name)]) {
      const t = report.targets.find((target) => target.name === name);
      if (t) push(`| ${t.name} | ${n(t.ratio)} | ${n(t.cpuMicrosPerRequest, 0)} |`);
    }
    for (const missing of peerMissing) push(`| ${missing.name} | skipped: ${missing.reason} | |`);
  }

  if (report.sessionScale) {
    const scale = report.sessionScale;
    push(
      '',
      '## Many stored sessions',
      '',
      `Each store once with the bench's one session and once with ${int(scale.sessions)} more, filled before its BFF started (sealed data of ${int(scale.sealedBytes)} bytes each, the size of the bench's real session; four sessions a user, an IdP session id each). Both are loaded in the same interleaved rounds above; the ratio is the median over rounds of the full store's req/s ÷ the one-session store's.`,
      '',
      '| store | fill time s | bytes per stored session | req/s with many ÷ with one (median) | each round |',
      '|---|---:|---:|---:|---|',
    );
    for (const row of scale.rows) {
      push(
        `| ${row.store} | ${n(row.fillSeconds, 1)} | ${int(row.bytesPerSession)} | ${n(row.ratio)} | ${row.ratios.map((r) => n(r)).join(', ')} |`,
      );
    }
    push(
      '',
      'Bytes per session: SQLite, the file ÷ sessions (indexes included); Redis, the growth of `used_memory` ÷ sessions (hash, sub and sid index entries).',
    );
  }

  const bareHalf = report.halfLoad.rows.find((r) => r.name === 'bare proxy')?.result;
  push(
    '',
    '## Latency at half load',
    '',
    `Every target at ${int(report.halfLoad.rate)} req/s (half the bare proxy's median), sent at an even pace (open loop) over up to ${options.connections} connections for ${options.durationSec} s after an unrecorded second that fills the connection pools, in ${options.rounds} interleaved round(s); medians of the rounds.`,
    '',
    'Latency counts from when a request is handed to the client, including any wait for a free connection: the pace never waits for answers, so a target that falls behind shows its queueing.',
    '',
    '| target | achieved req/s | p50 ms | p99 ms | p99 − bare proxy p99, ms | p99 of each round, ms | requests | errors | non-2xx |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const row of report.halfLoad.rows) {
    const r = row.result;
    push(
      `| ${row.name} | ${int(r.rps)} | ${n(r.p50Ms)} | ${n(r.p99Ms)} | ${bareHalf ? n(r.p99Ms - bareHalf.p99Ms) : 'n/a'} | ${row.p99PerRoundMs.map((p) => n(p)).join(', ')} | ${int(r.requests)} | ${r.errors} | ${r.non2xx} |`,
    );
  }

  push(
    '',
    '## Streaming',
    '',
    `${n(report.streaming.bytes / MiB, 0)} MiB in one request each way (\`GET /api/download\`, \`POST /api/upload\`), ${report.streaming.rows[0]?.transfers ?? 0} time(s) per proxy, alternating between the bare proxy and the BFF, through proxies started fresh for each direction and warmed up by one unmeasured transfer of 1/16 the size. MiB/s and seconds are medians; RSS growth is the largest of the transfers (a proxy's peak during one minus its RSS just before it).`,
    '',
    '| target | direction | MiB/s | × bare proxy | largest RSS growth MiB | seconds | complete |',
    '|---|---|---:|---:|---:|---:|---|',
  );
  for (const row of report.streaming.rows) {
    push(
      `| ${row.target} | ${row.direction} | ${n(row.mbPerSecond, 0)} | ${n(row.ratio)} | ${n(row.rssGrowthBytes / MiB, 1)} | ${n(row.seconds)} | ${row.ok ? 'yes' : 'NO'} |`,
    );
  }

  push('', '## Refresh storm', '');
  push(...stormLines(report.storm));
  push('', '## Refresh storm across resources and instances', '');
  push(...stormLines(report.resourceStorm));
  push('', '## Live connections: open event streams', '');
  push(...liveLines(report.liveStreams));

  if (report.peerStorms?.length) {
    push(
      '',
      '## Refresh storm on the peers',
      '',
      `The same ${options.stormCalls} parallel calls on an expired access token (rotating refresh tokens, reuse revokes the grant), through each peer, each call to the upstream's \`/fresh\`, which answers 200 only to an unexpired token. express-openid-connect refreshes as its README shows (\`if (accessToken.isExpired()) await accessToken.refresh()\`); mod_auth_openidc with \`OIDCRefreshAccessTokenBeforeExpiry 0\`. The call afterwards carries the last cookie the peer set.`,
      '',
      '| peer | refresh grants issued | calls answered 200 | failed | token requests refused | a call afterwards |',
      '|---|---:|---:|---:|---|---:|',
    );
    for (const { name, result } of report.peerStorms) {
      if ('error' in result) {
        push(`| ${name} | did not run: ${result.error} | | | | |`);
        continue;
      }
      const refused =
        Object.entries(result.grantErrors)
          .map(([e, c]) => `${e} × ${c}`)
          .join(', ') || 'none';
      push(
        `| ${name} | ${result.refreshGrants} | ${result.ok} | ${result.failed} | ${refused} | ${result.afterwardsStatus} |`,
      );
    }
  }

  if (report.crashes.length) {
    push('', '## Crashes', '');
    for (const crash of report.crashes) {
      push(
        `- **${crash.name}** exited on its own (${crash.code !== null ? `code ${crash.code}` : crash.signal}); the load rounds after it ran on a replacement, marked in the table. Its output began:`,
        '',
        '  ```',
        ...crash.output.map((line) => `  ${line}`),
        '  ```',
      );
    }
  }

  push('', '## Targets (issue 7)', '', '| target | measured | result |', '|---|---|---|');
  for (const check of checkGoals(report))
    push(`| ${check.goal} | ${check.measured} | ${verdict(check.pass)} |`);
  if (options.quick) {
    push('', '_A `--quick` smoke run: too short for its numbers to mean much._');
  }

  if (report.profiles.length) {
    push('', '## CPU profiles (`--cpu-prof`)', '');
    for (const profile of report.profiles) {
      push(
        `### ${profile.name} (busy ${int(profile.busyMs)} ms)`,
        '',
        '| area | self ms | share |',
        '|---|---:|---:|',
      );
      for (const area of profile.areas.slice(0, 12)) {
        push(`| ${area.area} | ${int(area.selfMs)} | ${n(area.share * 100, 1)} % |`);
      }
      push('', '| function | where | self ms | share |', '|---|---|---:|---:|');
      for (const f of profile.functions) {
        push(`| ${f.name} | ${f.where} | ${int(f.selfMs)} | ${n(f.share * 100, 1)} % |`);
      }
      push('');
    }
  }
  push('');
  return lines.join('\n');
}

/** The live-connection section: cost per open stream, idle CPU, and closing them all. */
function liveLines(live: BenchReport['liveStreams'] | undefined): string[] {
  if (!live) return ['Not measured in this run.'];
  if ('error' in live) return [`Did not run: ${live.error}`];
  return [
    `${live.streams} quiet event streams held open at once (the BFF's over ${live.sessions} sessions of one user), then one \`POST /bff/logout {"everywhere":true}\`.`,
    '',
    '| proxy | open streams | RSS per stream | CPU while idle |',
    '|---|---:|---:|---:|',
    ...live.rows.map(
      (row) =>
        `| ${row.name} | ${row.streams} | ${(row.rssPerStreamBytes / 1024).toFixed(1)} KiB | ${row.idleCpuPercent.toFixed(2)} % |`,
    ),
    '',
    `Logout everywhere ended ${live.closed} of ${live.streams} streams in ${Math.round(live.closeAllMs)} ms.`,
  ];
}

/** One refresh storm's lines: what was sent, what the IdP saw, and whether the session lived. */
function stormLines(storm: StormResult | { error: string }): string[] {
  if ('error' in storm) return [`Did not run: ${storm.error}`];
  const where =
    storm.instances > 1
      ? `spread over ${storm.instances} BFF processes on one ${storm.store} store`
      : `through the BFF (${storm.store} store)`;
  const tokens =
    storm.staleTokens > 1
      ? `${storm.staleTokens} expired access tokens of one session (the login's and ${storm.staleTokens - 1} RFC 8707 resource token(s), one refresh token for all)`
      : 'an expired access token';
  return [
    `${storm.calls} parallel API calls ${where} on ${tokens}; the dev IdP rotates refresh tokens and revokes the grant when one is reused.`,
    '',
    `- Refresh grants at the IdP: ${storm.refreshGrants} (the fewest possible: ${storm.staleTokens})`,
    `- Calls answered 200: ${storm.ok}; failed: ${storm.failed} (statuses: ${Object.entries(
      storm.statuses,
    )
      .map(([s, c]) => `${s} × ${c}`)
      .join(', ')})`,
    `- Token requests the IdP refused: ${
      Object.entries(storm.grantErrors)
        .map(([e, c]) => `${e} × ${c}`)
        .join(', ') || 'none'
    }`,
    `- A call afterwards: ${storm.afterwardsStatus}`,
  ];
}
