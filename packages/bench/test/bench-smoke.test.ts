import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// CI smoke of `pnpm bench --quick`: that the harness runs end to end and writes every section.
// No timing assertions: CI machines are shared and noisy; the numbers are for people to read.
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), 'cloakroom-bench-smoke-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

function runQuickBench(): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      // 10,000 stored sessions: the many-sessions section runs, without a long fill.
      ['bench/run.ts', '--quick', '--sessions', '10000', '--out', outDir],
      { cwd: repoRoot, timeout: 170_000, maxBuffer: 16 * 1024 * 1024 },
      (error, _stdout, stderr) => resolve({ code: error ? (child.exitCode ?? 1) : 0, stderr }),
    );
  });
}

describe('pnpm bench --quick', () => {
  it('completes and writes latest.md with every section, an SVG chart and raw JSON', async () => {
    const { code, stderr } = await runQuickBench();
    expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });

    const markdown = readFileSync(join(outDir, 'latest.md'), 'utf8');
    for (const heading of [
      '## Machine',
      '## Throughput and latency',
      '## Latency at half load',
      '## Peers',
      '## Many stored sessions',
      '## Refresh storm on the peers',
      '## Streaming',
      '## Refresh storm',
      '## Refresh storm across resources and instances',
      '## Targets (issue 7)',
    ]) {
      expect(markdown).toContain(heading);
    }
    expect(markdown).toMatch(/CPU: .+, \d+ cores/);
    expect(readFileSync(join(outDir, 'latest.svg'), 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);

    const report = JSON.parse(readFileSync(join(outDir, 'raw', 'latest.json'), 'utf8')) as {
      targets: Array<{ name: string; requests: number; non2xx: number }>;
      unavailable: Array<{ name: string }>;
      halfLoad: { rows: Array<{ name: string; result: { requests: number } }> };
      streaming: { rows: Array<{ bytes: number }> };
      storm: { calls?: number; error?: string };
      resourceStorm: {
        calls?: number;
        instances?: number;
        staleTokens?: number;
        refreshGrants?: number;
        failed?: number;
        error?: string;
      };
      crashes: unknown[];
      sessionScale?: { sessions: number; rows: Array<{ store: string; bytesPerSession: number }> };
    };
    const names = report.targets.map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'bare proxy',
        'bff memory',
        'bff memory, tracing on',
        'bff memory, resource token route',
        'bff memory, client token route',
        'bff memory, DPoP',
        'bff sqlite',
      ]),
    );
    expect(
      names.includes('bff redis') || report.unavailable.some((u) => u.name === 'bff redis'),
    ).toBe(true);
    // Peers: express-openid-connect always (a devDependency); Apache where Debian's packages are.
    expect(names).toContain('express-openid-connect (peer)');
    expect(
      names.includes('Apache mod_auth_openidc (peer)') ||
        report.unavailable.some((u) => u.name === 'Apache mod_auth_openidc (peer)'),
    ).toBe(true);
    expect(names).toContain('bff sqlite, 10,000 sessions');
    expect(report.sessionScale?.sessions).toBe(10_000);
    for (const row of report.sessionScale?.rows ?? [])
      expect([row.store, row.bytesPerSession > 100]).toEqual([row.store, true]);
    for (const target of report.targets)
      expect([target.name, target.requests > 0, target.non2xx]).toEqual([target.name, true, 0]);
    for (const row of report.halfLoad.rows)
      expect([row.name, row.result.requests > 0]).toEqual([row.name, true]);
    expect(report.streaming.rows).toHaveLength(4);
    for (const row of report.streaming.rows) expect(row.bytes).toBeGreaterThan(0);
    expect(report.storm.error).toBeUndefined();
    expect(report.storm.calls).toBe(200);
    // Runs where Redis does (the Redis row's rule above), with two tokens over three instances.
    // One grant per expired token, no failed call: the claim the storm exists to check.
    const expected = { calls: 200, instances: 3, staleTokens: 2, refreshGrants: 2, failed: 0 };
    expect(names.includes('bff redis') ? report.resourceStorm : expected).toMatchObject(expected);
  }, 180_000);
});
