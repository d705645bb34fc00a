import { useSession } from '@cloakroom/react';
import type { ReactNode } from 'react';
import { NavLink } from 'react-router-dom';
import { paths } from '../../app/paths.ts';
import { LoginErrorBanner } from '../../features/auth/components/login-error-banner.tsx';
import { LogoutButton } from '../../features/auth/components/logout-button.tsx';
import { SignedOutBanner } from '../../features/auth/components/signed-out-banner.tsx';
import { displayName } from '../../lib/display-name.ts';
import { ExpiryBanner } from './expiry-banner.tsx';

const links = [
  { to: paths.home, label: 'Home' },
  { to: paths.notes, label: 'Notes' },
  { to: paths.profile, label: 'Profile' },
  { to: paths.apis, label: 'APIs' },
  { to: paths.sessions, label: 'Sessions' },
  { to: paths.live, label: 'Live' },
  { to: paths.security, label: 'Security' },
];

/**
 * The banner: the brand, the main navigation, and who is logged in with a Log out button; under
 * it the notices about the session (about to expire, signed out, sign-in failed).
 *
 * @example
 * ```tsx
 * <SiteHeader />
 * ```
 */
export function SiteHeader(): ReactNode {
  const { status, user } = useSession();
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <NavLink to={paths.home} className="brand" aria-label="Cloakroom home">
          <svg aria-hidden="true" viewBox="0 0 32 32" width="28" height="28">
            <rect width="32" height="32" rx="6" fill="currentColor" />
            <path d="M10 14h12v10H10z" fill="#fff" />
            <path d="M12 14v-3a4 4 0 0 1 8 0v3" stroke="#fff" strokeWidth="2.5" fill="none" />
          </svg>
          <span>Cloakroom</span>
        </NavLink>
        <nav aria-label="Main" className="site-nav">
          <ul>
            {links.map((link) => (
              <li key={link.to}>
                <NavLink to={link.to} end={link.to === paths.home}>
                  {link.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="account">
          {status === 'authenticated' && (
            <>
              <span className="account__name" data-testid="user-name">
                {displayName(user)}
              </span>
              <LogoutButton />
            </>
          )}
        </div>
      </div>
      <ExpiryBanner />
      <SignedOutBanner />
      <LoginErrorBanner />
    </header>
  );
}
