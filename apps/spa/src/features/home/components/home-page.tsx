import { useSession } from '@cloakroom/react';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { paths } from '../../../app/paths.ts';
import { displayName } from '../../../lib/display-name.ts';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import { LoginButton } from '../../auth/components/login-button.tsx';

/**
 * What Cloakroom is, and the way in: "Log in" when anonymous, the app's pages when not.
 *
 * @example
 * ```tsx
 * { path: paths.home, element: <HomePage /> }
 * ```
 */
export function HomePage(): ReactNode {
  const { status, user } = useSession();
  useDocumentTitle();
  return (
    <>
      <section className="hero" aria-labelledby="home-title">
        <h1 id="home-title" tabIndex={-1}>
          Your tokens stay in the cloakroom
        </h1>
        <p className="lead">
          Cloakroom is a token handler (a backend-for-frontend) for single-page apps. The BFF logs
          you in with OpenID Connect and keeps the access and refresh tokens on the server. Your
          browser gets only an opaque, HttpOnly, SameSite=Strict session cookie.
        </p>
        {status === 'anonymous' && (
          <div className="hero__actions">
            <LoginButton returnTo={paths.notes} />
            <span className="muted">Dev users: alice / alice-pw, bob / bob-pw.</span>
          </div>
        )}
        {status === 'authenticated' && (
          <p className="hero__welcome">
            Welcome back, <strong>{displayName(user)}</strong>. Go to your{' '}
            <Link to={paths.notes}>notes</Link>, your <Link to={paths.profile}>profile</Link>, see{' '}
            <Link to={paths.apis}>which token each API gets</Link>, or try the{' '}
            <Link to={paths.security}>security demo</Link>.
          </p>
        )}
      </section>
      <section aria-labelledby="how-title">
        <h2 id="how-title">How it works</h2>
        <ol className="steps">
          <li>
            <strong>Log in.</strong> The BFF runs the authorization code flow with PKCE; the IdP
            never talks to this page.
          </li>
          <li>
            <strong>Call the API.</strong> This page calls <code>/api/…</code> on its own origin
            with an <code>X-CSRF: 1</code> header; the BFF adds the access token and forwards it.
          </li>
          <li>
            <strong>Log out anywhere.</strong> The BFF destroys the session and revokes the refresh
            token; every open tab notices.
          </li>
        </ol>
        <p>
          The <Link to={paths.security}>Security page</Link> checks these claims in your own
          browser.
        </p>
      </section>
    </>
  );
}
