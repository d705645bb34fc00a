import { act, cleanup, waitFor } from '@testing-library/react';
import { alice, useScenario } from '@cloakroom/mocks';
import { server } from '@cloakroom/mocks/node';
import { errorBody } from '@cloakroom/contract';
import { http, HttpResponse } from 'msw';
import { describe, expect, test, vi } from 'vitest';
import { CloakroomError } from './cloakroom-error.ts';
import type { StepUpError } from './cloakroom-error.ts';
import type { Session } from './session-context.ts';
import { renderSession } from './test/render-session.tsx';

const stepUpError = Object.assign(new CloakroomError('step_up_required', 401), {
  acrValues: 'urn:cloakroom:acr:mfa',
}) as StepUpError;

function stubNavigation() {
  return vi.spyOn(window.location, 'assign').mockImplementation(() => {});
}

describe('CloakroomProvider', () => {
  test('goes from loading to authenticated with the user from /bff/user', async () => {
    const { view, current } = renderSession();
    expect(view.getByTestId('status').textContent).toBe('loading');
    await waitFor(() => expect(view.getByTestId('status').textContent).toBe('authenticated'));
    const { session } = current();
    expect(session.user).toEqual({ sub: 'alice', claims: alice.claims });
    expect(session.expiresAt).toBeGreaterThan(Date.now() / 1000);
    expect(session.error).toBeUndefined();
  });

  test('is anonymous, without an error, when /bff/user answers 401', async () => {
    useScenario('anonymous');
    const { view, current } = renderSession();
    await waitFor(() => expect(view.getByTestId('status').textContent).toBe('anonymous'));
    expect(current().session.user).toBeUndefined();
    expect(current().session.error).toBeUndefined();
  });

  test('keeps the error when the BFF cannot answer at start-up', async () => {
    server.use(
      http.get('/bff/user', () =>
        HttpResponse.json(errorBody('session_store_unavailable'), { status: 503 }),
      ),
    );
    const { view, current } = renderSession();
    await waitFor(() =>
      expect(view.getByTestId('error').textContent).toBe('session_store_unavailable'),
    );
    expect(current().session.status).toBe('anonymous');
    expect(current().session.error?.status).toBe(503);
  });

  test('warns before expiry: expiresInSeconds counts down and expiringSoon turns true', async () => {
    useScenario('expiring');
    const { view, current } = renderSession({ expiryWarningSeconds: 90 });
    await waitFor(() => expect(view.getByTestId('soon').textContent).toBe('true'));
    const seconds = current().session.expiresInSeconds ?? 0;
    expect(seconds).toBeGreaterThan(55);
    expect(seconds).toBeLessThanOrEqual(60);
  });

  test('does not warn while the session has longer than expiryWarningSeconds left', async () => {
    const { view } = renderSession({ expiryWarningSeconds: 120 });
    await waitFor(() => expect(view.getByTestId('status').textContent).toBe('authenticated'));
    expect(view.getByTestId('soon').textContent).toBe('false');
  });

  test('login() goes to /bff/login with the current path and query as returnTo', async () => {
    const assign = stubNavigation();
    window.history.replaceState(null, '', '/notes?filter=a b');
    const { current } = renderSession();
    current().session.login();
    expect(assign).toHaveBeenCalledWith('/bff/login?returnTo=%2Fnotes%3Ffilter%3Da%2520b');
    current().session.login('/profile');
    expect(assign).toHaveBeenLastCalledWith('/bff/login?returnTo=%2Fprofile');
  });

  test('login() passes a prompt to the BFF', () => {
    const assign = stubNavigation();
    const { current } = renderSession();
    current().session.login('/notes', { prompt: 'login' });
    expect(assign).toHaveBeenCalledWith('/bff/login?returnTo=%2Fnotes&prompt=login');
  });

  test('silentLogin() goes to /bff/login with prompt=none once per tab, then answers false', () => {
    const assign = stubNavigation();
    window.history.replaceState(null, '', '/?tab=1');
    const { current } = renderSession();
    expect(current().session.silentLogin()).toBe(true);
    expect(assign).toHaveBeenCalledExactlyOnceWith('/bff/login?returnTo=%2F%3Ftab%3D1&prompt=none');
    expect(current().session.silentLogin('/notes')).toBe(false);
    expect(assign).toHaveBeenCalledOnce();
  });

  test('marks the failure a silent login comes back with as silent, and tries no more in this tab', async () => {
    useScenario('anonymous');
    const assign = stubNavigation();
    renderSession().current().session.silentLogin('/');
    cleanup(); // the page goes to the IdP and comes back, failed, to a fresh page
    window.history.replaceState(null, '', '/?login_error=login_required');
    const { view, current } = renderSession();
    expect(view.getByTestId('login-error').textContent).toBe('login_required silent');
    await waitFor(() => expect(view.getByTestId('status').textContent).toBe('anonymous'));
    expect(current().session.silentLogin()).toBe(false);
    expect(assign).toHaveBeenCalledOnce();
  });

  test('reports the next failure, of a login the user asked for, as not silent', () => {
    stubNavigation();
    renderSession().current().session.silentLogin('/');
    cleanup();
    renderSession(); // back from the silent login, signed in
    cleanup();
    window.history.replaceState(null, '', '/?login_error=access_denied');
    expect(renderSession().view.getByTestId('login-error').textContent).toBe('access_denied -');
  });

  test('reports the failure of a login the user started before a silent one came back as not silent', () => {
    stubNavigation();
    const { current } = renderSession();
    current().session.silentLogin('/');
    current().session.login('/'); // "Log in" pressed while the silent login was on its way
    cleanup();
    window.history.replaceState(null, '', '/?login_error=access_denied');
    expect(renderSession().view.getByTestId('login-error').textContent).toBe('access_denied -');
  });

  test.each([
    ['a step-up', (session: Session) => session.stepUp(stepUpError, '/notes')],
    ['a prompt=login', (session: Session) => session.login('/', { prompt: 'login' })],
  ])(
    'reports the failure of %s started before a silent login came back as not silent',
    (_, start) => {
      stubNavigation();
      const { current } = renderSession();
      current().session.silentLogin('/');
      start(current().session);
      cleanup();
      window.history.replaceState(null, '', '/?login_error=insufficient_user_authentication');
      expect(renderSession().view.getByTestId('login-error').textContent).toBe(
        'insufficient_user_authentication -',
      );
    },
  );

  test('never tries a silent login in a tab that logged out', async () => {
    stubNavigation();
    const { current } = renderSession();
    await act(() => current().session.logout());
    expect(current().session.silentLogin()).toBe(false);
  });

  test('never tries a silent login without sessionStorage (it could not tell it had)', () => {
    const assign = stubNavigation();
    const denied = () => {
      throw new DOMException('denied', 'SecurityError');
    };
    vi.stubGlobal('sessionStorage', { getItem: denied, setItem: denied });
    try {
      const { current } = renderSession();
      expect(current().session.silentLogin()).toBe(false);
      expect(assign).not.toHaveBeenCalled();
    } finally {
      vi.unstubAllGlobals();
    }
  });

  test('logout() posts to /bff/logout and follows the redirectTo it gets back', async () => {
    const endSession = 'http://127.0.0.1:4000/session/end?client_id=bff';
    server.use(http.post('/bff/logout', () => HttpResponse.json({ redirectTo: endSession })));
    const assign = stubNavigation();
    const { view, current } = renderSession();
    await waitFor(() => expect(view.getByTestId('status').textContent).toBe('authenticated'));
    await act(() => current().session.logout());
    expect(assign).toHaveBeenCalledWith(endSession);
  });

  test('logout() refuses a redirectTo that is not an http(s) URL or a path', async () => {
    server.use(
      http.post('/bff/logout', () => HttpResponse.json({ redirectTo: 'javascript:alert(1)' })),
    );
    const assign = stubNavigation();
    const { current } = renderSession();
    await act(() => current().session.logout());
    expect(assign).toHaveBeenCalledWith('/');
  });

  test('logout() tells the other tabs, by event name only', async () => {
    stubNavigation();
    const otherTab = new BroadcastChannel('cloakroom');
    const heard: unknown[] = [];
    otherTab.addEventListener('message', (message) => heard.push(message.data));
    const { current } = renderSession();
    await act(() => current().session.logout());
    await waitFor(() => expect(heard).toContain('logged-out'));
    otherTab.close();
    expect(heard.every((event) => event === 'logged-out' || event === 'session-changed')).toBe(
      true,
    );
  });

  test('a logout in another tab makes this tab re-check and end the session', async () => {
    const onSessionEnd = vi.fn<(error?: CloakroomError) => void>();
    const { view } = renderSession({ onSessionEnd });
    await waitFor(() => expect(view.getByTestId('status').textContent).toBe('authenticated'));
    useScenario('anonymous'); // what the other tab's logout did at the BFF
    const otherTab = new BroadcastChannel('cloakroom');
    // oxlint-disable-next-line unicorn/require-post-message-target-origin -- BroadcastChannel
    otherTab.postMessage('logged-out');
    otherTab.close();
    await waitFor(() => expect(view.getByTestId('status').textContent).toBe('anonymous'));
    expect(view.getByTestId('error').textContent).toBe('unauthenticated');
    expect(view.getByTestId('ended').textContent).toBe('logged-out');
    expect(onSessionEnd).toHaveBeenCalledOnce();
  });

  test('a session that ends on a re-check (not a logout elsewhere) ended as expired', async () => {
    const { view } = renderSession();
    await waitFor(() => expect(view.getByTestId('status').textContent).toBe('authenticated'));
    useScenario('anonymous');
    window.dispatchEvent(new Event('focus'));
    await waitFor(() => expect(view.getByTestId('ended').textContent).toBe('expired'));
  });

  test('offers a failed login from the URL as loginError, and takes it out of the URL', async () => {
    useScenario('anonymous');
    window.history.replaceState(null, '', '/notes?login_error=access_denied');
    const { view, current } = renderSession();
    expect(view.getByTestId('login-error').textContent).toBe('access_denied -');
    expect(location.pathname + location.search).toBe('/notes');
    await waitFor(() => expect(view.getByTestId('status').textContent).toBe('anonymous'));
    expect(current().session.endedReason).toBeUndefined();
    act(() => current().session.dismissLoginError());
    expect(view.getByTestId('login-error').textContent).toBe('-');
  });

  test('has no loginError without login_error in the URL', () => {
    window.history.replaceState(null, '', '/notes?login_error_x=access_denied');
    const { view } = renderSession();
    expect(view.getByTestId('login-error').textContent).toBe('-');
  });

  test('re-checks the session when the window regains focus', async () => {
    const { view } = renderSession();
    await waitFor(() => expect(view.getByTestId('status').textContent).toBe('authenticated'));
    useScenario('anonymous');
    window.dispatchEvent(new Event('focus'));
    await waitFor(() => expect(view.getByTestId('status').textContent).toBe('anonymous'));
  });

  test('polls /bff/user when pollIntervalMs is set', async () => {
    const { view } = renderSession({ pollIntervalMs: 50 });
    await waitFor(() => expect(view.getByTestId('status').textContent).toBe('authenticated'));
    useScenario('anonymous');
    await waitFor(() => expect(view.getByTestId('status').textContent).toBe('anonymous'));
  });
});
