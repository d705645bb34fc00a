import type { ReactNode } from 'react';

/** How a status line looks: waiting, working, or stopped. */
export type LiveTone = 'wait' | 'good' | 'bad';

/**
 * One connection's status line, with a coloured dot and, when it has stopped, an action
 * (Reconnect). Announced politely to screen readers as it changes.
 *
 * @example
 * ```tsx
 * <LiveStatus testId="events-status" state="live" tone="good">Live</LiveStatus>
 * ```
 */
export function LiveStatus({
  testId,
  state,
  tone,
  children,
  action,
}: {
  testId: string;
  /** For tests and styling: the machine-readable state. */
  state: string;
  tone: LiveTone;
  children: ReactNode;
  action?: ReactNode;
}): ReactNode {
  return (
    <div className={`live-status live-status--${tone}`}>
      <p role="status" data-testid={testId} data-state={state}>
        <span className="live-status__dot" aria-hidden="true" />
        {children}
      </p>
      {action}
    </div>
  );
}
