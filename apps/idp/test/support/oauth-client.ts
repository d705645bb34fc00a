// The IdP's tests use the plain OAuth client of `@cloakroom/idp/testing`, and start the dev IdP
// with the one client it knows.
import { startIdp, type RunningIdp } from '../../src/index.ts';
import { CLIENT } from '../../src/testing/index.ts';

export * from '../../src/testing/index.ts';

export function startTestIdp(
  overrides: Partial<Parameters<typeof startIdp>[0]> = {},
): Promise<RunningIdp> {
  return startIdp({ clients: [CLIENT], ...overrides });
}
