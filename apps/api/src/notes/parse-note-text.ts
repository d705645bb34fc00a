import { ApiError } from '../api-error.ts';

/** The longest note, in characters (code points) after trimming. */
export const MAX_NOTE_LENGTH = 500;

/**
 * The trimmed `text` of a `POST /notes` body, or an `invalid_note` (400) saying what is wrong.
 *
 * @example
 * ```ts
 * parseNoteText({ text: '  hi ' }); // 'hi'
 * ```
 */
export function parseNoteText(body: unknown): string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ApiError('invalid_note', 400, 'send a JSON object like {"text": "..."}');
  }
  const { text } = body as { text?: unknown };
  if (typeof text !== 'string') {
    throw new ApiError('invalid_note', 400, '"text" must be a string');
  }
  const trimmed = text.trim();
  const length = [...trimmed].length;
  if (length < 1 || length > MAX_NOTE_LENGTH) {
    throw new ApiError('invalid_note', 400, `"text" must be 1 to ${MAX_NOTE_LENGTH} characters`);
  }
  return trimmed;
}
