import { act, waitFor } from '@testing-library/react';
import { mfaAcr, mockLogin, useScenario } from '@cloakroom/mocks';
import { server } from '@cloakroom/mocks/node';
import { errorBody } from '@cloakroom/contract';
import { http, HttpResponse } from 'msw';
import { describe, expect, test, vi } from 'vitest';
import { CloakroomError } from './cloakroom-error.ts';
import { renderSession } from './test/render-session.tsx';

describe('useApiFetch', () => {
  test('returns the API answer while the session lasts', async () => {
    const { current } = renderSession();
    await expect(current().api('/api/me')).resolves.toMatchObject({
      sub: 'alice',
      aud: 'api',
      tokenFingerprint: expect.stringMatching(/^[0-9a-f]{12}$/),
    });
  });

  test('a 401 during use moves the session to anonymous and keeps the error', async () => {
    const onSessionEnd = vi.fn<(error?: CloakroomError) => void>();
    const { view, current } = renderSession({ onSessionEnd });
    await waitFor(() => expect(view.getByTestId('status').textContent).toBe('authenticated'));
    server.use(
      http.get('/api/notes', () =>
        HttpResponse.json({ error: 'session_expired', message: 'Expired' }, { status: 401 }),
      ),
    );
    const failure = await current()
      .api('/api/notes')
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CloakroomError);
    expect(failure).toMatchObject({ code: 'session_expired', status: 401 });
    await waitFor(() => expect(view.getByTestId('status').textContent).toBe('anonymous'));
    expect(view.getByTestId('error').textContent).toBe('session_expired');
    expect(view.getByTestId('ended').textContent).toBe('expired');
    expect(onSessionEnd).toHaveBeenCalledWith(failure);
  });

  test('a 401 unauthenticated during use also marks the session as ended', async () => {
    const { view, current } = renderSession();
    await waitFor(() => expect(view.getByTestId('status').textContent).toBe('authenticated'));
    expect(view.getByTestId('ended').textContent).toBe('-');
    server.use(
      http.get('/api/notes', () =>
        HttpResponse.json(errorBody('unauthenticated'), { status: 401 }),
      ),
    );
    await expect(current().api('/api/notes')).rejects.toMatchObject({ code: 'unauthenticated' });
    await waitFor(() => expect(view.getByTestId('ended').textContent).toBe('expired'));
    expect(current().session.status).toBe('anonymous');
  });

  test('the ended state outlives later checks, which the BFF answers unauthenticated', async () => {
    const { view, current } = renderSession();
    await waitFor(() => expect(view.getByTestId('status').textContent).toBe('authenticated'));
    server.use(
      http.get('/api/notes', () =>
        HttpResponse.json(errorBody('session_expired'), { status: 401 }),
      ),
    );
    await expect(current().api('/api/notes')).rejects.toThrow(CloakroomError);
    useScenario('anonymous'); // the BFF has dropped the session
    await current().session.refresh();
    await current()
      .api('/api/me')
      .catch(() => {});
    await waitFor(() => expect(view.getByTestId('ended').textContent).toBe('expired'));
    expect(view.getByTestId('error').textContent).toBe('session_expired');
  });

  test('a visitor who never signed in is not told a session ended', async () => {
    useScenario('anonymous');
    const { view, current } = renderSession();
    await waitFor(() => expect(view.getByTestId('status').textContent).toBe('anonymous'));
    await expect(current().api('/api/notes')).rejects.toMatchObject({ status: 401 });
    expect(view.getByTestId('ended').textContent).toBe('-');
    expect(current().session.endedReason).toBeUndefined();
  });

  test('signing in again clears the ended state', async () => {
    const { view, current } = renderSession();
    await waitFor(() => expect(view.getByTestId('status').textContent).toBe('authenticated'));
    server.use(
      http.get(
        '/api/notes',
        () => HttpResponse.json(errorBody('session_expired'), { status: 401 }),
        { once: true },
      ),
    );
    await expect(current().api('/api/notes')).rejects.toThrow(CloakroomError);
    await waitFor(() => expect(view.getByTestId('ended').textContent).toBe('expired'));
    await act(() => current().session.refresh()); // e.g. a login in another tab
    expect(view.getByTestId('status').textContent).toBe('authenticated');
    expect(view.getByTestId('ended').textContent).toBe('-');
  });

  test('with loginOnUnauthenticated, a 401 goes to login with the current location', async () => {
    const assign = vi.spyOn(window.location, 'assign').mockImplementation(() => {});
    window.history.replaceState(null, '', '/notes');
    const { view, current } = renderSession({ loginOnUnauthenticated: true });
    await waitFor(() => expect(view.getByTestId('status').textContent).toBe('authenticated'));
    server.use(
      http.get('/api/notes', () =>
        HttpResponse.json(errorBody('unauthenticated'), { status: 401 }),
      ),
    );
    await expect(current().api('/api/notes')).rejects.toThrow(CloakroomError);
    expect(assign).toHaveBeenCalledWith('/bff/login?returnTo=%2Fnotes');
  });

  test('other failures leave the session alone', async () => {
    mockLogin('/', { acrValues: mfaAcr }); // past the mocks' step-up, to the 404
    const { view, current } = renderSession();
    await waitFor(() => expect(view.getByTestId('status').textContent).toBe('authenticated'));
    await expect(current().api('/api/notes/nope', { method: 'DELETE' })).rejects.toMatchObject({
      code: 'not_found',
      status: 404,
    });
    expect(view.getByTestId('status').textContent).toBe('authenticated');
  });
});
