import { useSession } from '@cloakroom/react';
import type { ReactNode } from 'react';

/**
 * "Log in": a full navigation to the BFF's login, coming back to `returnTo` (default: here).
 *
 * @example
 * ```tsx
 * <LoginButton returnTo="/notes" />
 * ```
 */
export function LoginButton({ returnTo }: { returnTo?: string }): ReactNode {
  const { login } = useSession();
  return (
    <button type="button" className="button button--primary" onClick={() => login(returnTo)}>
      Log in
    </button>
  );
}
