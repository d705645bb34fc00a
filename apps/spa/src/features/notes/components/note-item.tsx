import type { Note } from '@cloakroom/contract';
import { useId, useState } from 'react';
import type { ReactNode } from 'react';
import { describeError } from '../../../lib/describe-error.ts';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * One note with its "Delete" button (described by the note's text, for screen readers).
 *
 * @example
 * ```tsx
 * <NoteItem note={note} onDelete={remove} />
 * ```
 */
export function NoteItem({
  note,
  onDelete,
}: {
  note: Note;
  onDelete: (id: string) => Promise<void>;
}): ReactNode {
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const onClick = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await onDelete(note.id);
    } catch (failure) {
      // A step-up is explained once for the page (see StepUpNotice), not under each note.
      if ((failure as { code?: unknown }).code !== 'step_up_required') {
        setError(describeError(failure));
      }
      setBusy(false);
    }
  };

  return (
    <li className="note" data-testid="note">
      <div className="note__body">
        <p id={`${id}-text`} className="note__text">
          {note.text}
        </p>
        <time className="note__time" dateTime={note.createdAt}>
          {dateFormat.format(new Date(note.createdAt))}
        </time>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </div>
      <button
        type="button"
        className="button button--danger"
        onClick={() => void onClick()}
        disabled={busy}
        aria-describedby={`${id}-text`}
      >
        Delete
      </button>
    </li>
  );
}
