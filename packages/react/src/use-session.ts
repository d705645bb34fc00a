import type { Session } from './session-context.ts';
import { useCloakroom } from './use-cloakroom.ts';

/**
 * The BFF session: its status, the user's claims, when it expires, and login/logout.
 *
 * @example
 * ```tsx
 * function AccountButton() {
 *   const { status, user, login, logout } = useSession();
 *   if (status == 'loading') return null;
 *   return status == 'authenticated' ? (
 *     <button onClick={() => void logout()}>Log out {String(user?.claims.name)}</button>
 *   ) : (
 *     <button onClick={() => login()}>Log in</button>
 *   );
 * }
 * ```
 */
export function useSession(): Session {
  return useCloakroom().session;
}
