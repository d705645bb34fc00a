import { waitFor } from '@testing-library/react';
import { server } from '@cloakroom/mocks/node';
import { errorBody } from '@cloakroom/contract';
import { http, HttpResponse } from 'msw';
import { describe, expect, test, vi } from 'vitest';
import { CloakroomError } from './cloakroom-error.ts';
import { renderSession } from './test/render-session.tsx';

describe('useApiFetch', () => {
  test('returns the API answer while the session lasts', async () => {
    const { current } = renderSession();
    await expect(current().api('/api/me')).resolves.toEqual({
      sub: 'alice',
      scope: 'openid notes',
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
    expect(onSessionEnd).toHaveBeenCalledWith(failure);
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
    const { view, current } = renderSession();
    await waitFor(() => expect(view.getByTestId('status').textContent).toBe('authenticated'));
    await expect(current().api('/api/notes/nope', { method: 'DELETE' })).rejects.toMatchObject({
      code: 'not_found',
      status: 404,
    });
    expect(view.getByTestId('status').textContent).toBe('authenticated');
  });
});
