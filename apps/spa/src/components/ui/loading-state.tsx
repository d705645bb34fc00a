import type { ReactNode } from 'react';

/**
 * A polite "working on it" message with a spinner that respects reduced motion.
 *
 * @example
 * ```tsx
 * <LoadingState>Loading notes…</LoadingState>
 * ```
 */
export function LoadingState({ children }: { children: ReactNode }): ReactNode {
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {children}
    </p>
  );
}
