import { errorCatalog, type StepUpErrorBody } from '@cloakroom/contract';
import { isAcrValues, isMaxAge } from '../oidc/authentication-request.ts';
import { parseChallenges } from './parse-challenges.ts';

/** What an API's RFC 9470 challenge asks the user to log in with. */
export interface StepUp {
  /** Space-separated, as the API named them; '' when it named only a `max_age`. */
  acrValues: string;
  maxAge?: number;
}

/**
 * Reads an upstream's `WWW-Authenticate` for an RFC 9470 step-up challenge: a `Bearer` (or
 * `DPoP`) challenge with `error="insufficient_user_authentication"` and an `acr_values` and/or
 * `max_age` this BFF could pass to `/bff/login` (the same checks as there). Anything else
 * (another error, an unparsable header, values the login would refuse) is `undefined`, and
 * the upstream's answer goes to the browser as it was.
 *
 * @example
 * ```ts
 * readStepUp('Bearer error="insufficient_user_authentication", acr_values="urn:cloakroom:acr:mfa"');
 * // { acrValues: 'urn:cloakroom:acr:mfa' }
 * ```
 */
export function readStepUp(header: string | string[] | undefined): StepUp | undefined {
  // Cheap refusal first: this runs on every upstream 401.
  if (header === undefined) return undefined;
  const values = typeof header === 'string' ? [header] : header;
  if (!values.some((value) => value.includes('insufficient_user_authentication'))) {
    return undefined;
  }
  const challenge = parseChallenges(values)?.find(
    ({ scheme, params }) =>
      (scheme === 'bearer' || scheme === 'dpop') &&
      params.error === 'insufficient_user_authentication',
  );
  if (!challenge) return undefined;
  const { acr_values: acrValues, max_age: maxAge } = challenge.params;
  if (acrValues === undefined && maxAge === undefined) return undefined;
  if (acrValues !== undefined && !isAcrValues(acrValues)) return undefined;
  if (maxAge !== undefined && !isMaxAge(maxAge)) return undefined;
  return {
    acrValues: acrValues ?? '',
    ...(maxAge === undefined ? {} : { maxAge: Number(maxAge) }),
  };
}

/**
 * The BFF's answer to a step-up challenge: `401 step_up_required` with what to log in with.
 *
 * @example
 * ```ts
 * stepUpBody({ acrValues: 'urn:cloakroom:acr:mfa' });
 * // { error: 'step_up_required', message: '...', acrValues: 'urn:cloakroom:acr:mfa' }
 * ```
 */
export function stepUpBody(stepUp: StepUp): StepUpErrorBody {
  return {
    error: 'step_up_required',
    message: errorCatalog.step_up_required.message,
    ...stepUp,
  };
}
