import { errorBody } from '@cloakroom/contract';
import { useScenario } from '@cloakroom/mocks';
import { server } from '@cloakroom/mocks/node';
import { CloakroomProvider, useSession } from '@cloakroom/react';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { describe, expect, test } from 'vitest';
import { SessionsPage } from './sessions-page.tsx';

/** The home page stand-in: says where the session stands. */
function Home() {
  return <p>home page, {useSession().status}</p>;
}

function renderPage() {
  return render(
    <CloakroomProvider>
      <MemoryRouter initialEntries={['/sessions']}>
        <Routes>
          <Route path="/sessions" element={<SessionsPage />} />
          <Route path="/" element={<Home />} />
        </Routes>
      </MemoryRouter>
    </CloakroomProvider>,
  );
}

const items = () => screen.getAllByTestId('session');

describe('the Sessions page', () => {
  test('lists every session with its device, marks this one, and ends another', async () => {
    useScenario('several-sessions');
    renderPage();
    await waitFor(() => expect(items()).toHaveLength(4));
    expect(screen.getAllByTestId('this-device')).toHaveLength(1);
    const phone = items().find((item) => item.textContent?.includes('Safari 18 on iOS 18.0'))!;
    expect(phone).toBeTruthy();
    fireEvent.click(within(phone).getByRole('button', { name: 'End' }));
    await waitFor(() => expect(items()).toHaveLength(3));
    expect(document.activeElement?.id).toBe('sessions-list-title');
    expect(screen.queryByText(/Safari 18 on iOS/)).toBeNull();
  });

  test('ends all other sessions at once', async () => {
    useScenario('several-sessions');
    renderPage();
    fireEvent.click(await screen.findByRole('button', { name: 'End all other sessions' }));
    await screen.findByTestId('sessions-only-this');
    expect(items()).toHaveLength(1);
    expect(items()[0]!.dataset['current']).toBe('true');
  });

  test('says why the list could not load, with a way to try again', async () => {
    useScenario('sessions-down');
    renderPage();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not load your sessions');
    expect(alert.textContent).toContain('Sessions are unavailable right now.');
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeTruthy();
  });

  test('shows a failed end next to its button and keeps the session listed', async () => {
    useScenario('several-sessions');
    server.use(
      http.delete('/bff/sessions/:id', () =>
        HttpResponse.json(errorBody('session_store_unavailable'), { status: 503 }),
      ),
    );
    renderPage();
    await waitFor(() => expect(items()).toHaveLength(4));
    const other = items().find((item) => item.dataset['current'] === 'false')!;
    fireEvent.click(within(other).getByRole('button', { name: 'End' }));
    expect((await within(other).findByRole('alert')).textContent).toBe(
      'Sessions are unavailable right now.',
    );
    expect(items()).toHaveLength(4);
  });

  test('ending this browser’s own session signs out and goes to the home page', async () => {
    renderPage();
    fireEvent.click(await screen.findByRole('button', { name: 'End and sign out' }));
    expect(await screen.findByText('home page, anonymous')).toBeTruthy();
  });
});
