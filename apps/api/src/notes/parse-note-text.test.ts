import { describe, expect, it } from 'vitest';
import { ApiError } from '../api-error.ts';
import { parseNoteText } from './parse-note-text.ts';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  return undefined;
}

describe('parseNoteText', () => {
  it('throws ApiError', () => {
    expect(thrown(() => parseNoteText({}))).toBeInstanceOf(ApiError);
  });

  it('trims the text', () => {
    expect(parseNoteText({ text: '  hi \n' })).toBe('hi');
  });

  it.each([[undefined], [null], ['text'], [{ text: '' }], [{ text: 'x'.repeat(501) }], [{}]])(
    'refuses %j with invalid_note',
    (body) => {
      expect(thrown(() => parseNoteText(body))).toMatchObject({
        code: 'invalid_note',
        status: 400,
      });
    },
  );
});
