import { useScenario } from '@cloakroom/mocks';
import { server } from '@cloakroom/mocks/node';
import { CloakroomProvider } from '@cloakroom/react';
import { render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { LoginErrorBanner } from './login-error-banner.tsx';
import { TrySilentLogin } from './try-silent-login.tsx';

afterEach(() => {
  sessionStorage.clear();
  server.events.removeAllListeners();
});

/** Resolves once the mock BFF has answered `/bff/user`, and React had a moment to act on it. */
function sessionChecked(): Promise<void> {
  return new Promise((resolve) =>
    server.events.on('response:mocked', ({ request }) => {
      if (new URL(request.url).pathname === '/bff/user') setTimeout(resolve, 50);
    }),
  );
}

/** A public page under TrySilentLogin, with the banner, at `url` (the browser's address). */
function renderPublicPage(url: string) {
  window.history.replaceState(null, '', url);
  const assign = vi.spyOn(window.location, 'assign').mockImplementation(() => {});
  const checked = sessionChecked();
  const view = render(
    <CloakroomProvider>
      <LoginErrorBanner />
      <MemoryRouter initialEntries={['/?tab=1']}>
        <Routes>
          <Route element={<TrySilentLogin />}>
            <Route path="/" element={<h1>Home</h1>} />
          </Route>
        </Routes>
      </MemoryRouter>
    </CloakroomProvider>,
  );
  return { assign, view, checked };
}

describe('TrySilentLogin', () => {
  test('tries a silent login back to the page when the first check says anonymous', async () => {
    useScenario('anonymous');
    const { assign } = renderPublicPage('/?tab=1');
    await waitFor(() =>
      expect(assign).toHaveBeenCalledExactlyOnceWith(
        '/bff/login?returnTo=%2F%3Ftab%3D1&prompt=none',
      ),
    );
  });

  test('shows no banner and tries no more when the silent login comes back failed', async () => {
    useScenario('anonymous');
    sessionStorage.setItem('cloakroom-silent', '1'); // the silent login left from this tab
    const { assign, checked } = renderPublicPage('/?tab=1&login_error=login_required');
    await screen.findByRole('heading', { name: 'Home' });
    await checked;
    expect(screen.queryByTestId('login-error')).toBeNull();
    expect(assign).not.toHaveBeenCalled();
  });

  test('tries nothing after a sign-in the user asked for failed, and shows its banner', async () => {
    useScenario('anonymous');
    const { assign, checked } = renderPublicPage('/?login_error=access_denied');
    expect((await screen.findByTestId('login-error')).textContent).toContain(
      'Sign-in was cancelled',
    );
    await checked;
    expect(assign).not.toHaveBeenCalled();
  });

  test('tries nothing for a signed-in user', async () => {
    useScenario('alice');
    const { assign, checked } = renderPublicPage('/');
    await checked;
    expect(assign).not.toHaveBeenCalled();
  });
});
