import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';

/** The logger the BFF writes to: any pino logger (or child) fits. */
export type Logger = Pick<
  PinoLogger,
  'info' | 'warn' | 'error' | 'debug' | 'child' | 'isLevelEnabled'
>;

/**
 * Field paths that must never be printed, wherever a caller puts them. The BFF itself logs only
 * method, path (never the query string: the callback's carries the authorization code), status
 * and error class; this list is the second line of defence for fields added later.
 */
export const redactedPaths = [
  'accessToken',
  'refreshToken',
  'idToken',
  'access_token',
  'refresh_token',
  'id_token',
  'logout_token',
  'authorization',
  'cookie',
  'headers.cookie',
  'headers.authorization',
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  'tokens',
  '*.tokens',
  'resourceTokens',
  '*.resourceTokens',
];

/**
 * A pino logger with the BFF's redaction rules, writing to stdout unless `destination` says
 * otherwise (a file, or a test's capture of every line).
 *
 * @example
 * const logger = createLogger({ level: 'info' });
 */
export function createLogger(
  options: { level?: string; name?: string; destination?: DestinationStream } = {},
): Logger {
  const settings = {
    name: options.name ?? 'cloakroom-bff',
    level: options.level ?? 'info',
    redact: { paths: redactedPaths, censor: '[redacted]' },
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}
