import { Writable } from 'node:stream';
import { pino } from 'pino';
import { redactedPaths } from '../../src/observability/logger.ts';
import type { Logger } from '../../src/index.ts';

/** A pino logger with the BFF's redaction that writes every line into `lines`. */
export function createLogger(lines: string[]): Logger {
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return pino({ level: 'debug', redact: { paths: redactedPaths, censor: '[redacted]' } }, sink);
}
