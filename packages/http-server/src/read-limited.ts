import type { IncomingMessage } from 'node:http';

/**
 * The whole body, or `undefined` once it grows past `limit`. Past the limit the rest is read and
 * dropped rather than the stream destroyed: destroying a request also kills its socket, and the
 * client would see a reset instead of the 413.
 *
 * @example
 * const body = await readLimited(ctx.req, 16 * 1024); // undefined: answer 413
 */
export function readLimited(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else {
        req.off('data', onData);
        req.resume();
        resolve(undefined);
      }
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}
