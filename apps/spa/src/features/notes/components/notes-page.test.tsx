import { mfaAcr, mockLogin } from '@cloakroom/mocks';
import { CloakroomProvider } from '@cloakroom/react';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, test, vi } from 'vitest';
import { NotesPage } from './notes-page.tsx';

function renderPage() {
  return render(
    <CloakroomProvider>
      <NotesPage />
    </CloakroomProvider>,
  );
}

const deleteFirstNote = async () => {
  const [first] = await screen.findAllByTestId('note');
  fireEvent.click(within(first!).getByRole('button', { name: 'Delete' }));
  return first!;
};

describe('deleting a note on the Notes page', () => {
  test('explains the second step, keeps the note, and the button logs in again for mfa', async () => {
    const assign = vi.spyOn(window.location, 'assign').mockImplementation(() => {});
    window.history.replaceState(null, '', '/notes');
    renderPage();
    const before = (await screen.findAllByTestId('note')).length;
    await deleteFirstNote();
    const notice = await screen.findByTestId('step-up-notice');
    expect(notice.textContent).toContain('Deleting needs a second step: a one-time code');
    expect(screen.getAllByTestId('note')).toHaveLength(before);
    // No second, per-note error under the note.
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.click(within(notice).getByRole('button', { name: 'Continue with a one-time code' }));
    expect(assign).toHaveBeenCalledWith(
      `/bff/login?returnTo=%2Fnotes&acr_values=${encodeURIComponent(mfaAcr)}&max_age=`,
    );
  });

  test('deletes at once after a step-up', async () => {
    mockLogin('/notes', { acrValues: mfaAcr });
    renderPage();
    const before = (await screen.findAllByTestId('note')).length;
    await deleteFirstNote();
    await waitFor(() => expect(screen.queryAllByTestId('note')).toHaveLength(before - 1));
    expect(screen.queryByTestId('step-up-notice')).toBeNull();
  });
});
