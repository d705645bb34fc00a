import { Writable } from 'node:stream';
import { createLogger, type Logger } from '@cloakroom/bff';

/**
 * The BFF's own logger (its redaction rules) at debug level, writing every line into `lines`
 * for the leak checks.
 *
 * @example
 * const lines: string[] = [];
 * const logger = captureLogger(lines);
 */
export function captureLogger(lines: string[]): Logger {
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return createLogger({ level: 'debug', destination });
}
