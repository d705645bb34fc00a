// A dev IdP in one profile, knowing the test client (and any other clients).
import { afterEach } from 'vitest';
import {
  startIdp,
  type IdpBehaviour,
  type IdpClient,
  type IdpProfileName,
  type RunningIdp,
} from '../../src/index.ts';
import { CLIENT } from '../../src/testing/index.ts';

export function startProfileIdp(
  profile: IdpProfileName,
  behaviour: Partial<IdpBehaviour> = {},
  clients: IdpClient[] = [CLIENT],
): Promise<RunningIdp> {
  return startIdp({ clients, profile, behaviour, accessTokenTtlSeconds: 60 });
}

/**
 * A `start` for the tests of one describe block: each test's IdP is closed after it.
 *
 * @example
 * const start = useProfileIdps();
 * it('...', async () => { const idp = await start('okta'); });
 */
export function useProfileIdps(): typeof startProfileIdp {
  let idp: RunningIdp | undefined;
  afterEach(async () => {
    await idp?.close();
    idp = undefined;
  });
  return async (...args) => {
    idp = await startProfileIdp(...args);
    return idp;
  };
}

export async function discover(
  idp: RunningIdp,
  issuer = idp.issuer,
): Promise<Record<string, unknown>> {
  const response = await fetch(`${issuer}/.well-known/openid-configuration`);
  if (response.status !== 200) throw new Error(`discovery answered ${response.status}`);
  return (await response.json()) as Record<string, unknown>;
}

export const errorOf = async (response: Response) =>
  ((await response.json()) as { error: string }).error;
