import { useEffect } from 'react';

/**
 * Sets the tab's title for the current page: `Notes — Cloakroom`, or `Cloakroom` for the home.
 *
 * @example
 * ```ts
 * useDocumentTitle('Notes');
 * ```
 */
export function useDocumentTitle(page?: string): void {
  useEffect(() => {
    document.title = page ? `${page} — Cloakroom` : 'Cloakroom';
  }, [page]);
}
