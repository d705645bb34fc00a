import type { StepUpError } from '@cloakroom/react';
import { useState, type ReactNode } from 'react';
import { Alert } from '../../../components/ui/alert.tsx';
import { LoadingState } from '../../../components/ui/loading-state.tsx';
import { describeError } from '../../../lib/describe-error.ts';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import { useNotes } from '../api/use-notes.ts';
import { NoteForm } from './note-form.tsx';
import { NoteItem } from './note-item.tsx';
import { StepUpNotice } from './step-up-notice.tsx';

/**
 * The notes, stored by the sample API behind the BFF: list, add, delete. Deleting needs a
 * stronger login (the API answers `step_up_required`): the page then explains and offers it.
 *
 * @example
 * ```tsx
 * { path: paths.notes, element: <NotesPage /> }
 * ```
 */
export function NotesPage(): ReactNode {
  useDocumentTitle('Notes');
  const { state, reload, add, remove } = useNotes();

  const [stepUp, setStepUp] = useState<StepUpError>();

  const onDelete = async (id: string) => {
    try {
      await remove(id);
    } catch (error) {
      if ((error as StepUpError).code === 'step_up_required') setStepUp(error as StepUpError);
      throw error;
    }
    setStepUp(undefined);
    // The button that had focus is gone; put focus somewhere predictable.
    document.getElementById('notes-list-title')?.focus();
  };

  return (
    <>
      <h1 tabIndex={-1}>Notes</h1>
      <p className="muted">
        Each call goes to <code>/api/notes</code> on this origin; the BFF adds your access token.
      </p>
      <NoteForm onAdd={add} />
      {stepUp && <StepUpNotice error={stepUp} />}
      <section aria-labelledby="notes-list-title" aria-busy={state.status === 'loading'}>
        <h2 id="notes-list-title" tabIndex={-1}>
          Your notes{state.status === 'ready' && ` (${state.items.length})`}
        </h2>
        {state.status === 'loading' && <LoadingState>Loading notes…</LoadingState>}
        {state.status === 'error' && (
          <Alert
            title="Could not load your notes"
            action={
              <button type="button" className="button" onClick={reload}>
                Try again
              </button>
            }
          >
            {describeError(state.error)}
          </Alert>
        )}
        {state.status === 'ready' && state.items.length === 0 && (
          <p className="empty" data-testid="notes-empty">
            No notes yet. Write your first one above.
          </p>
        )}
        {state.status === 'ready' && state.items.length > 0 && (
          <ul className="notes" aria-label="Notes">
            {state.items.map((note) => (
              <NoteItem key={note.id} note={note} onDelete={onDelete} />
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
