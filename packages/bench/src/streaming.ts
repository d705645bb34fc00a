import { request } from 'node:http';
import {
  peakResidentBytes,
  residentBytes,
  resetPeakResident,
  sampleResident,
} from './proc-stats.ts';

/** One large transfer through a proxy. */
export interface StreamResult {
  direction: 'download' | 'upload';
  bytes: number;
  seconds: number;
  mbPerSecond: number;
  /** Peak RSS of the proxy process during the transfer minus its RSS just before, bytes. */
  rssGrowthBytes: number;
  ok: boolean;
}

const chunk = Buffer.alloc(64 * 1024, 'u');

/**
 * Streams `bytes` through `baseUrl` (`GET /api/download?bytes=N` or `POST /api/upload`) and
 * watches the proxy's memory: the kernel's peak mark is reset first where allowed, and RSS is
 * also sampled every 20 ms, so growth is seen either way.
 *
 * @example
 * await streamThrough({ baseUrl, headers, direction: 'download', bytes: 1 << 30, proxyPid });
 */
export async function streamThrough(options: {
  baseUrl: string;
  headers: Record<string, string>;
  direction: 'download' | 'upload';
  bytes: number;
  proxyPid: number;
}): Promise<StreamResult> {
  const { direction, bytes, proxyPid } = options;
  const canReset = resetPeakResident(proxyPid);
  const before = residentBytes(proxyPid);
  const stopSampling = sampleResident(proxyPid);
  const started = process.hrtime.bigint();
  let moved = 0;
  let ok = false;
  try {
    ok =
      direction === 'download'
        ? await download(options, (n) => (moved += n))
        : await upload(options, (n) => (moved = n));
  } catch {
    ok = false;
  }
  const sampled = stopSampling();
  const peak = canReset ? Math.max(sampled, peakResidentBytes(proxyPid)) : sampled;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    direction,
    bytes: moved,
    seconds,
    mbPerSecond: moved / (1024 * 1024) / seconds,
    rssGrowthBytes: Math.max(0, peak - before),
    ok: ok && moved === bytes,
  };
}

function download(
  options: { baseUrl: string; headers: Record<string, string>; bytes: number },
  onBytes: (n: number) => void,
): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${options.baseUrl}/api/download?bytes=${options.bytes}`,
      { headers: options.headers, agent: false },
      (res) => {
        res.on('data', (data: Buffer) => onBytes(data.length));
        res.on('end', () => resolve(res.statusCode === 200));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

function upload(
  options: { baseUrl: string; headers: Record<string, string>; bytes: number },
  onReceived: (n: number) => void,
): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${options.baseUrl}/api/upload`,
      {
        method: 'POST',
        headers: {
          ...options.headers,
          'content-type': 'application/octet-stream',
          'content-length': String(options.bytes),
        },
        agent: false,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (text: string) => (body += text));
        res.on('end', () => {
          try {
            onReceived(Number((JSON.parse(body) as { bytes?: unknown }).bytes) || 0);
          } catch {
            onReceived(0);
          }
          resolve(res.statusCode === 200);
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    let left = options.bytes;
    const pump = () => {
      while (left > 0) {
        const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
        left -= piece.length;
        if (!req.write(piece)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}
