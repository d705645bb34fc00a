import { useId, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { describeError } from '../../../lib/describe-error.ts';

/**
 * The "New note" field and its "Add note" button; shows the API's refusal beside the field.
 *
 * @example
 * ```tsx
 * <NoteForm onAdd={(text) => add(text)} />
 * ```
 */
export function NoteForm({ onAdd }: { onAdd: (text: string) => Promise<unknown> }): ReactNode {
  const id = useId();
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!text.trim()) {
      setError('Write something first.');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await onAdd(text);
      setText('');
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="note-form" onSubmit={(event) => void onSubmit(event)} noValidate>
      <label htmlFor={`${id}-text`}>New note</label>
      <div className="note-form__row">
        <input
          id={`${id}-text`}
          name="text"
          type="text"
          autoComplete="off"
          maxLength={500}
          value={text}
          onChange={(event) => setText(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
        <button type="submit" className="button button--primary" disabled={busy}>
          Add note
        </button>
      </div>
      {error && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
