import { CloakroomProvider } from '@cloakroom/react';
import type { ReactNode } from 'react';
import { BrowserRouter } from 'react-router-dom';
import { AppRoutes } from './app-routes.tsx';

/**
 * The whole SPA: the BFF session (same origin) around the router.
 *
 * @example
 * ```tsx
 * createRoot(root).render(<App />);
 * ```
 */
export function App(): ReactNode {
  return (
    <CloakroomProvider expiryWarningSeconds={120}>
      <BrowserRouter>
        <AppRoutes />
      </BrowserRouter>
    </CloakroomProvider>
  );
}
