import { waitFor } from '@testing-library/react';
import { mockLogin } from '@cloakroom/mocks';
import { server } from '@cloakroom/mocks/node';
import { errorBody } from '@cloakroom/contract';
import { http, HttpResponse } from 'msw';
import { describe, expect, test, vi } from 'vitest';
import { CloakroomError, type StepUpError } from './cloakroom-error.ts';
import { renderSession } from './test/render-session.tsx';

const MFA = 'urn:cloakroom:acr:mfa';

const stepUpAnswer = (extra: { maxAge?: number } = {}) =>
  HttpResponse.json(
    { ...errorBody('step_up_required'), acrValues: `${MFA} urn:x:gold`, ...extra },
    { status: 401 },
  );

describe('step-up', () => {
  test('useApiFetch surfaces step_up_required as a StepUpError and the session goes on', async () => {
    const onSessionEnd = vi.fn<(error?: CloakroomError) => void>();
    const { view, current } = renderSession({ onSessionEnd });
    await waitFor(() => expect(view.getByTestId('status').textContent).toBe('authenticated'));
    server.use(http.delete('/api/notes/:id', () => stepUpAnswer({ maxAge: 300 })));
    const failure = await current()
      .api('/api/notes/1', { method: 'DELETE' })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CloakroomError);
    expect(failure).toMatchObject({
      code: 'step_up_required',
      status: 401,
      acrValues: `${MFA} urn:x:gold`,
      maxAge: 300,
    });
    // Still signed in: only a stronger login is missing.
    expect(current().session.status).toBe('authenticated');
    expect(view.getByTestId('ended').textContent).toBe('-');
    expect(onSessionEnd).not.toHaveBeenCalled();
  });

  test('other errors carry no acrValues', async () => {
    const { view, current } = renderSession();
    await waitFor(() => expect(view.getByTestId('status').textContent).toBe('authenticated'));
    server.use(
      http.delete('/api/notes/:id', () =>
        HttpResponse.json({ ...errorBody('session_expired'), acrValues: MFA }, { status: 401 }),
      ),
    );
    const failure = await current()
      .api('/api/notes/1', { method: 'DELETE' })
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'session_expired' });
    expect((failure as CloakroomError).acrValues).toBeUndefined();
  });

  test('stepUp(error) logs in again with its acr_values and max_age and returns to this page', async () => {
    const assign = vi.spyOn(window.location, 'assign').mockImplementation(() => {});
    window.history.replaceState(null, '', '/notes?page=2');
    const { view, current } = renderSession();
    await waitFor(() => expect(view.getByTestId('status').textContent).toBe('authenticated'));
    server.use(http.delete('/api/notes/:id', () => stepUpAnswer({ maxAge: 0 })));
    const failure = (await current()
      .api('/api/notes/1', { method: 'DELETE' })
      .catch((error: unknown) => error)) as StepUpError;
    current().session.stepUp(failure);
    expect(assign).toHaveBeenLastCalledWith(
      '/bff/login?returnTo=%2Fnotes%3Fpage%3D2&acr_values=urn%3Acloakroom%3Aacr%3Amfa+urn%3Ax%3Agold&max_age=0',
    );
    // Without a max_age, an empty one (not asked); a returnTo may be given.
    server.use(http.delete('/api/notes/:id', () => stepUpAnswer()));
    const plain = (await current()
      .api('/api/notes/1', { method: 'DELETE' })
      .catch((error: unknown) => error)) as StepUpError;
    current().session.stepUp(plain, '/notes');
    expect(assign).toHaveBeenLastCalledWith(
      '/bff/login?returnTo=%2Fnotes&acr_values=urn%3Acloakroom%3Aacr%3Amfa+urn%3Ax%3Agold&max_age=',
    );
  });
});

describe('the mocks’ step-up', () => {
  test('deleting a note asks for mfa until a mock login grants it, which /bff/user then shows', async () => {
    const { view, current } = renderSession();
    await waitFor(() => expect(view.getByTestId('status').textContent).toBe('authenticated'));
    expect(current().session.user?.claims.acr).toBeUndefined();
    await expect(current().api('/api/notes/n1', { method: 'DELETE' })).rejects.toMatchObject({
      code: 'step_up_required',
      acrValues: MFA,
    });
    expect(mockLogin('/notes', { acrValues: `urn:x:gold ${MFA}` })).toBe('/notes');
    await current().session.refresh();
    await waitFor(() => expect(current().session.user?.claims.acr).toBe(MFA));
    await expect(current().api('/api/notes/n1', { method: 'DELETE' })).resolves.toBeUndefined();
  });
});
