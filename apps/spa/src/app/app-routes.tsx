import { lazy, Suspense } from 'react';
import type { ReactNode } from 'react';
import { Route, Routes } from 'react-router-dom';
import { AppLayout } from '../components/layout/app-layout.tsx';
import { NotFoundPage } from '../components/layout/not-found-page.tsx';
import { RequireSession } from '../features/auth/components/require-session.tsx';
import { TrySilentLogin } from '../features/auth/components/try-silent-login.tsx';
import { HomePage } from '../features/home/components/home-page.tsx';
import { NotesPage } from '../features/notes/components/notes-page.tsx';
import { ProfilePage } from '../features/profile/components/profile-page.tsx';
import { LoadingState } from '../components/ui/loading-state.tsx';
import { paths } from './paths.ts';

// The security demo is the largest page and not on the way to the app's work: load it on demand.
const SecurityPage = lazy(async () => ({
  default: (await import('../features/security/components/security-page.tsx')).SecurityPage,
}));
// So is the several-APIs demo; the initial bundle is close to its budget.
const ApisPage = lazy(async () => ({
  default: (await import('../features/apis/components/apis-page.tsx')).ApisPage,
}));

// The Sessions page parses user agents (bowser; the page is ~9.5 KB gz with it): load on demand.
const SessionsPage = lazy(async () => ({
  default: (await import('../features/sessions/components/sessions-page.tsx')).SessionsPage,
}));

// The Live page (an event stream and a WebSocket) is a demo of its own: load it on demand too.
const LivePage = lazy(async () => ({
  default: (await import('../features/live/components/live-page.tsx')).LivePage,
}));

/**
 * The route tree: Home and Security are public (a returning visitor is signed in silently when
 * the IdP's session lives); Notes, Profile, APIs, Sessions and Live need a session.
 *
 * Declarative routes rather than `createBrowserRouter`: the data router adds about 16 KB
 * min+gzip of loaders and actions this app does not use, which would break the 90 KB budget.
 *
 * @example
 * ```tsx
 * <BrowserRouter><AppRoutes /></BrowserRouter>
 * ```
 */
export function AppRoutes(): ReactNode {
  return (
    <Routes>
      <Route element={<AppLayout />}>
        <Route element={<TrySilentLogin />}>
          <Route path={paths.home} element={<HomePage />} />
          <Route
            path={paths.security}
            element={
              <Suspense fallback={<LoadingState>Loading the security demo…</LoadingState>}>
                <SecurityPage />
              </Suspense>
            }
          />
        </Route>
        <Route element={<RequireSession />}>
          <Route path={paths.notes} element={<NotesPage />} />
          <Route path={paths.profile} element={<ProfilePage />} />
          <Route
            path={paths.apis}
            element={
              <Suspense fallback={<LoadingState>Loading the APIs demo…</LoadingState>}>
                <ApisPage />
              </Suspense>
            }
          />
          <Route
            path={paths.sessions}
            element={
              <Suspense fallback={<LoadingState>Loading your sessions…</LoadingState>}>
                <SessionsPage />
              </Suspense>
            }
          />
          <Route
            path={paths.live}
            element={
              <Suspense fallback={<LoadingState>Loading the live demo…</LoadingState>}>
                <LivePage />
              </Suspense>
            }
          />
        </Route>
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
