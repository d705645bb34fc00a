import type { KoaContextWithOIDC } from 'oidc-provider';
import { escapeHtml, layout } from './html.ts';

/**
 * A small error page with the OAuth error code and description, never a stack trace.
 *
 * @example
 * ```ts
 * ctx.body = errorPage('invalid_request', 'the interaction expired');
 * ```
 */
export function errorPage(error: string, description?: string): string {
  const detail = description ? `<p>${escapeHtml(description)}</p>` : '';
  return layout(
    'Something went wrong',
    `<p class="error"><code>${escapeHtml(error)}</code></p>${detail}
<p class="hint">Go back to the application and sign in again.</p>`,
  );
}

/** oidc-provider's `renderError`: `out` holds `error` and `error_description`, already public. */
export function renderError(
  ctx: KoaContextWithOIDC,
  out: { error: string; error_description?: string },
): void {
  ctx.type = 'html';
  ctx.body = errorPage(out.error, out.error_description);
}
