import type { StepUpErrorBody } from '@cloakroom/contract';
import { CloakroomError } from './cloakroom-error.ts';

/** `fetch` options plus `json`: a value sent as the JSON body (with its content type). */
export interface ApiFetchInit extends RequestInit {
  json?: unknown;
}

/**
 * `fetch` for the BFF and its `/api` proxy: always sends `X-CSRF: 1` and the same-origin
 * cookie, turns any non-2xx answer into a {@link CloakroomError}, and returns the parsed JSON
 * body (`undefined` when the body is empty, e.g. `204`). It knows nothing of the session; inside
 * a {@link CloakroomProvider} prefer {@link useApiFetch}, which also ends the session on `401`.
 *
 * @example
 * ```ts
 * const notes = await apiFetch<Note[]>('/api/notes');
 * const note = await apiFetch<Note>('/api/notes', { method: 'POST', json: { text: 'Hi' } });
 * ```
 */
export async function apiFetch<T = unknown>(url: string, init: ApiFetchInit = {}): Promise<T> {
  const { json, ...rest } = init;
  const headers = new Headers(rest.headers);
  headers.set('X-CSRF', '1');
  if (json !== undefined) {
    headers.set('Content-Type', 'application/json');
    rest.body = JSON.stringify(json);
  }
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'same-origin', ...rest, headers });
  } catch (cause) {
    throw new CloakroomError('network_error', 0, 'The server could not be reached.', { cause });
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  if (!response.ok) {
    const { error, message, acrValues, maxAge } = (body ?? {}) as Partial<StepUpErrorBody>;
    // A step-up answer also says what to log in with (see `useSession().stepUp`).
    throw Object.assign(
      new CloakroomError(error || 'http_error', response.status, message),
      error == 'step_up_required' && { acrValues, maxAge },
    );
  }
  return body as T;
}
