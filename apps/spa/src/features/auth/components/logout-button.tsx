import { useSession } from '@cloakroom/react';
import { useState } from 'react';
import type { ReactNode } from 'react';

/**
 * "Log out": ends the session at the BFF, then follows its redirect to the IdP's logout.
 *
 * @example
 * ```tsx
 * <LogoutButton />
 * ```
 */
export function LogoutButton(): ReactNode {
  const { logout } = useSession();
  const [busy, setBusy] = useState(false);
  const onClick = async () => {
    setBusy(true);
    await logout(); // on success the page navigates away; on failure the session shows the error
    setBusy(false);
  };
  return (
    <button
      type="button"
      className="button button--quiet"
      onClick={() => void onClick()}
      aria-disabled={busy || undefined}
      disabled={busy}
    >
      Log out
    </button>
  );
}
