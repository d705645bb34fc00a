import { BffError } from '../errors/bff-error.ts';

/** What a login asks the IdP for beyond a plain login (OIDC Core §3.1.2.1, RFC 9470). */
export interface AuthenticationRequest {
  /** Space-separated `acr_values`, in the order given. */
  acrValues?: string | undefined;
  /** `max_age` in seconds. */
  maxAge?: number | undefined;
}

/**
 * One value: printable ASCII without space, `"` or `\` (the characters an RFC 9470 challenge
 * can carry in its quoted `acr_values` without escapes), so URIs (`urn:x:mfa`) and tokens pass.
 */
const acrValue = String.raw`[\x21\x23-\x5B\x5D-\x7E]{1,256}`;
/** At most 10 values, single spaces between them, nothing else. */
const acrValuesPattern = new RegExp(`^${acrValue}(?: ${acrValue}){0,9}$`);
/** 512: room for ten real URIs; the whole login cookie stays small. */
export const maxAcrValuesLength = 512;
/** A year: a bound, so that no value overflows anything on the way. */
export const maxMaxAgeSeconds = 366 * 24 * 60 * 60;

/**
 * Whether `value` is an `acr_values` list this BFF passes on (see {@link parseAuthenticationRequest}).
 *
 * @example
 * ```ts
 * isAcrValues('urn:cloakroom:acr:mfa'); // true
 * isAcrValues('a  b'); // false
 * ```
 */
export function isAcrValues(value: string): boolean {
  return value.length <= maxAcrValuesLength && acrValuesPattern.test(value);
}

/**
 * Whether `value` is a `max_age` this BFF passes on: a decimal whole number of seconds, no sign,
 * no leading zero, at most a year.
 *
 * @example
 * ```ts
 * isMaxAge('300'); // true
 * isMaxAge('-1'); // false
 * ```
 */
export function isMaxAge(value: string): boolean {
  return /^(?:0|[1-9]\d{0,8})$/.test(value) && Number(value) <= maxMaxAgeSeconds;
}

/**
 * Reads `acr_values` and `max_age` from a `/bff/login` query. Absent or empty means "not asked";
 * anything else that is not one single valid value is `400 invalid_acr_values` or
 * `400 invalid_max_age` (a repeated parameter too: which one would the user have meant?).
 *
 * @example
 * ```ts
 * parseAuthenticationRequest({ acr_values: 'urn:cloakroom:acr:mfa', max_age: '300' });
 * // { acrValues: 'urn:cloakroom:acr:mfa', maxAge: 300 }
 * ```
 */
export function parseAuthenticationRequest(query: Record<string, unknown>): AuthenticationRequest {
  const request: AuthenticationRequest = {};
  const acrValues = query.acr_values;
  if (acrValues !== undefined && acrValues !== '') {
    if (typeof acrValues !== 'string' || !isAcrValues(acrValues)) {
      throw new BffError('invalid_acr_values');
    }
    request.acrValues = acrValues;
  }
  const maxAge = query.max_age;
  if (maxAge !== undefined && maxAge !== '') {
    if (typeof maxAge !== 'string' || !isMaxAge(maxAge)) throw new BffError('invalid_max_age');
    request.maxAge = Number(maxAge);
  }
  return request;
}

/**
 * The authorization request parameters of `request`.
 *
 * @example
 * ```ts
 * authenticationParams({ maxAge: 0 }); // { max_age: '0' }
 * ```
 */
export function authenticationParams(request: AuthenticationRequest): Record<string, string> {
  return {
    ...(request.acrValues === undefined ? {} : { acr_values: request.acrValues }),
    ...(request.maxAge === undefined ? {} : { max_age: String(request.maxAge) }),
  };
}
