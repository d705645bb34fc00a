import type { Context } from 'koa';
import { ApiError } from '../api-error.ts';
import { principalOf } from '../auth/require-bearer.ts';
import { readJsonBody } from '../middleware/read-json-body.ts';
import type { NoteStore } from '../notes/note-store.ts';
import { parseNoteText } from '../notes/parse-note-text.ts';

/**
 * Handlers for `/notes`, each seeing only the caller's (`sub`'s) notes.
 *
 * @example
 * ```ts
 * const notes = notesRoutes(createNoteStore());
 * router.get('/notes', notes.list);
 * ```
 */
export function notesRoutes(store: NoteStore) {
  return {
    /** `GET /notes`: the caller's notes, oldest first. */
    list(ctx: Context): void {
      ctx.body = store.list(principalOf(ctx).sub);
    },

    /** `POST /notes` `{text}`: 201 and the new note. */
    async create(ctx: Context): Promise<void> {
      const text = parseNoteText(await readJsonBody(ctx));
      ctx.status = 201;
      ctx.body = store.add(principalOf(ctx).sub, text);
    },

    /** `DELETE /notes/:id`: 204, or 404 when the caller has no such note. */
    remove(ctx: Context): void {
      const id = String(ctx.params?.id ?? '');
      if (!store.remove(principalOf(ctx).sub, id)) {
        throw new ApiError('not_found', 404, 'no such note');
      }
      ctx.status = 204;
    },
  };
}
