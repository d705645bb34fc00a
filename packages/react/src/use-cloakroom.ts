import { useContext } from 'react';
import { SessionContext } from './session-context.ts';
import type { ApiFetch, Session } from './session-context.ts';

/** @internal The provider's value; a clear error when a hook is used outside the provider. */
export function useCloakroom(): { session: Session; api: ApiFetch } {
  const value = useContext(SessionContext);
  if (!value) throw new TypeError('Cloakroom hooks need a <CloakroomProvider> above them');
  return value;
}
