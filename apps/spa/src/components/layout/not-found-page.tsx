import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { paths } from '../../app/paths.ts';
import { useDocumentTitle } from '../../lib/use-document-title.ts';

/**
 * The page for a path no route knows.
 *
 * @example
 * ```tsx
 * { path: '*', element: <NotFoundPage /> }
 * ```
 */
export function NotFoundPage(): ReactNode {
  useDocumentTitle('Page not found');
  return (
    <>
      <h1 tabIndex={-1}>Page not found</h1>
      <p>
        There is nothing here. Go back to the <Link to={paths.home}>home page</Link>.
      </p>
    </>
  );
}
