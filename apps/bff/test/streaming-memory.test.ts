import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// By path, not as a dependency: the bench depends on this server (its tracing loader).
import {
  startChildServer,
  streamThrough,
  type ChildServer,
} from '../../../packages/bench/src/index.ts';
import { sessionCookie } from '@cloakroom/testkit';
import { stubSpa, useStack, type BffProcess } from '@cloakroom/test-stack';

const MiB = 1024 * 1024;

// The deployable server as its launchers run it (`node --expose-gc`), a real IdP, and the
// bench's upstream, which streams downloads from one reused buffer and discards uploads: any
// memory growth seen is the BFF's. Without its external-memory governor the BFF grew ~60-70 MiB
// per transfer here (dead socket buffers waiting for V8's 64 MB external limit).
describe('large transfers through the deployable BFF server', () => {
  let upstream: ChildServer;
  beforeAll(async () => {
    upstream = await startChildServer('upstream', 'streaming-test-upstream');
  });
  afterAll(async () => {
    await upstream?.stop();
  });
  const stack = useStack(() => ({
    mode: 'process',
    apiUpstream: upstream.url,
    spa: stubSpa,
  }));
  let bff: BffProcess;
  let headers: Record<string, string>;
  let bffUrl: string;
  beforeAll(async () => {
    [bff] = stack.instances as [BffProcess];
    bffUrl = stack.bffUrl;
    headers = { cookie: sessionCookie(await stack.login()), 'x-csrf': '1' };
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
