/** The methods semantic conventions name; anything else a client sends is `_OTHER`. */
const knownMethods = new Set([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
  'CONNECT',
  'TRACE',
]);

/**
 * A request method as span names and attributes may hold it: bounded (a client can send any
 * token as a method), as OpenTelemetry's HTTP conventions say.
 *
 * @example
 * spanMethod('GET'); // 'GET'
 * spanMethod('FROB'); // '_OTHER'
 */
export function spanMethod(method: string | undefined): string {
  return method !== undefined && knownMethods.has(method) ? method : '_OTHER';
}
