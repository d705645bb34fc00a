import type { ReactNode } from 'react';

/**
 * Lets a wide table scroll sideways on a phone; focusable so keyboard users can scroll it too.
 *
 * @example
 * ```tsx
 * <TableScroll label="Claims table"><table>…</table></TableScroll>
 * ```
 */
export function TableScroll({
  label,
  children,
}: {
  label: string;
  children: ReactNode;
}): ReactNode {
  return (
    // oxlint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scrollable region must be focusable
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
