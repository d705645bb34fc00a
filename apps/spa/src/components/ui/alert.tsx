import type { ReactNode } from 'react';

/**
 * A message that must be noticed (an error): announced at once by screen readers.
 *
 * @example
 * ```tsx
 * <Alert title="Could not load your notes">The notes service is unavailable.</Alert>
 * ```
 */
export function Alert({
  title,
  children,
  action,
}: {
  title: string;
  children?: ReactNode;
  action?: ReactNode;
}): ReactNode {
  return (
    <div className="alert" role="alert">
      <p className="alert__title">{title}</p>
      {children && <p>{children}</p>}
      {action}
    </div>
  );
}
