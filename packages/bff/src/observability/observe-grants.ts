import { SpanKind } from '@opentelemetry/api';
import type { Counter } from 'prom-client';
import { BffError } from '../errors/bff-error.ts';
import type { OidcClient } from '../oidc/oidc-client.ts';
import { endWithError, type Tracing } from './tracing.ts';

/** The token endpoint grants the BFF sends, as `cloakroom_token_grants_total` names them. */
export type GrantKind = 'authorization_code' | 'refresh' | 'resource' | 'client_credentials';

/**
 * Measures the OIDC client's grants where every caller goes through them: each code exchange,
 * refresh (`resource` when it asks for an RFC 8707 resource's token) and client-credentials
 * grant is counted by kind and outcome (`success`, or the BFF's error code) and, with tracing,
 * is a span `oidc <kind> grant` under the request that caused it. Neither holds a token, a
 * code, a resource or a scope.
 *
 * @example
 * observeGrants(oidc, { grants: metrics.tokenGrants, tracing });
 */
export function observeGrants(
  oidc: OidcClient,
  deps: { grants: Counter<'kind' | 'outcome'>; tracing?: Tracing | undefined },
): void {
  const { grants, tracing } = deps;
  function observed<A extends unknown[], R>(
    grant: (...args: A) => Promise<R>,
    kindOf: (...args: NoInfer<A>) => GrantKind,
  ): (...args: A) => Promise<R> {
    return async (...args) => {
      const kind = kindOf(...args);
      const span = tracing?.startChildSpan(`oidc ${kind} grant`, SpanKind.CLIENT, {
        'cloakroom.grant.kind': kind,
      });
      try {
        const result = await grant(...args);
        grants.inc({ kind, outcome: 'success' });
        span?.end();
        return result;
      } catch (error) {
        const code = error instanceof BffError ? error.code : 'error';
        grants.inc({ kind, outcome: code });
        if (span) endWithError(span, code);
        throw error;
      }
    };
  }
  oidc.exchangeCode = observed(oidc.exchangeCode.bind(oidc), () => 'authorization_code');
  oidc.refresh = observed(oidc.refresh.bind(oidc), (...[, request]) =>
    request?.resource === undefined ? 'refresh' : 'resource',
  );
  oidc.clientCredentials = observed(oidc.clientCredentials.bind(oidc), () => 'client_credentials');
}
