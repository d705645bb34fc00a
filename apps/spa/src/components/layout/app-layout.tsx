import type { ReactNode } from 'react';
import { Outlet } from 'react-router-dom';
import { SiteHeader } from './site-header.tsx';
import { useRouteFocus } from './use-route-focus.ts';

/**
 * The frame of every page: skip link, header (with the expiry warning), the page, footer.
 *
 * @example
 * ```tsx
 * { element: <AppLayout />, children: [...] }
 * ```
 */
export function AppLayout(): ReactNode {
  useRouteFocus();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <SiteHeader />
      <main id="main" tabIndex={-1} className="page">
        <Outlet />
      </main>
      <footer className="site-footer">
        <p>
          Cloakroom keeps OAuth tokens on the server. This page holds only an HttpOnly session
          cookie that JavaScript cannot read.
        </p>
      </footer>
    </>
  );
}
