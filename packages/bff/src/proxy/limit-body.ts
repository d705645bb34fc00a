import type { IncomingMessage } from 'node:http';
import { Transform } from 'node:stream';
import { BffError } from '../errors/bff-error.ts';

/**
 * The request body to forward, bounded by `maxBytes`. A declared `Content-Length` over the limit
 * is refused before anything is sent upstream; a chunked body is counted as it streams and cut
 * off at the limit (the upstream then sees an aborted request). Nothing is buffered.
 */
export function limitBody(req: IncomingMessage, maxBytes: number): IncomingMessage | Transform {
  const declared = req.headers['content-length'];
  if (declared !== undefined) {
    if (Number(declared) > maxBytes) {
      throw new BffError('payload_too_large');
    }
    return req;
  }
  let seen = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > maxBytes) done(new BffError('payload_too_large'));
      else done(null, chunk);
    },
  });
  req.pipe(counter);
  req.once('error', (error) => counter.destroy(error));
  return counter;
}

/** Content types a cross-site HTML form or `fetch` can send without a CORS preflight. */
export function isSimpleBody(contentType: string | undefined): boolean {
  if (!contentType) return true;
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return (
    type === 'text/plain' ||
    type === 'application/x-www-form-urlencoded' ||
    type === 'multipart/form-data'
  );
}
