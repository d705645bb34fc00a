import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChildServer, streamThrough, type ChildServer } from '@cloakroom/bench';
import { bffClient, startIdp, type RunningIdp } from '@cloakroom/idp';
import { freeLoopbackPort, HttpBrowser, loginOverHttp } from '@cloakroom/testkit';
import { startBffProcess, type BffProcess } from './support/bff-process.ts';

const MiB = 1024 * 1024;
const cookieName = '__Host-cloakroom';

// The deployable server as its launchers run it (`node --expose-gc`), a real IdP, and the
// bench's upstream, which streams downloads from one reused buffer and discards uploads: any
// memory growth seen is the BFF's. Without its external-memory governor the BFF grew ~60-70 MiB
// per transfer here (dead socket buffers waiting for V8's 64 MB external limit).
describe('large transfers through the deployable BFF server', () => {
  let idp: RunningIdp;
  let upstream: ChildServer;
  let bff: BffProcess;
  let spaDist: string;
  let headers: Record<string, string>;
  let bffUrl: string;

  beforeAll(async () => {
    const port = await freeLoopbackPort();
    bffUrl = `http://localhost:${port}`;
    idp = await startIdp({ clients: [bffClient(bffUrl)] });
    upstream = await startChildServer('upstream', 'streaming-test-upstream');
    spaDist = mkdtempSync(join(tmpdir(), 'spa-'));
    writeFileSync(join(spaDist, 'index.html'), '<!doctype html><title>Cloakroom</title>');
    bff = startBffProcess(port, {
      PUBLIC_URL: bffUrl,
      OIDC_ISSUER: idp.issuer,
      API_UPSTREAM: upstream.url,
      SESSION_STORE: 'memory',
      SPA_DIST: spaDist,
    });
    await bff.ready();
    const browser = new HttpBrowser();
    const login = await loginOverHttp(browser, bffUrl, { login: 'alice', password: 'alice-pw' });
    await login.response.body?.cancel();
    const cookie = browser.jar.get('localhost', cookieName);
    if (!cookie) throw new Error('no session cookie after login');
    headers = { cookie: `${cookieName}=${cookie.value}`, 'x-csrf': '1' };
  }, 30_000);

  afterAll(async () => {
    await bff?.stop();
    await upstream?.stop();
    await idp?.close();
    if (spaDist) rmSync(spaDist, { recursive: true, force: true });
  });

  // The download is long enough that, ungoverned, dead buffers reach V8's 64 MB external limit
  // (measured without --expose-gc: +64.5 MiB). Uploads stay under the default route's 100 MiB
  // body limit, so that case shows the body is streamed, never held: a buffered one is +96 MiB.
  for (const [direction, size, claim] of [
    ['download', 512, 'keeps memory flat over a 512 MiB download'],
    ['upload', 96, 'streams a 96 MiB upload without holding it'],
  ] as const) {
    it(`${claim}: under 30 MiB of RSS growth`, async () => {
      const transfer = (bytes: number) =>
        streamThrough({ baseUrl: bffUrl, headers, direction, bytes, proxyPid: bff.pid });
      // One-time growth (compiling the path, the young generation sizing up) is not per transfer.
      expect((await transfer(32 * MiB)).ok).toBe(true);
      const result = await transfer(size * MiB);
      if (!result.ok) throw new Error(`the transfer failed; the BFF printed:\n${bff.output()}`);
      expect(result.bytes).toBe(size * MiB);
      expect(result.rssGrowthBytes / MiB).toBeLessThan(30);
    }, 60_000);
  }
});
