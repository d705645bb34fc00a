import { useSession, type StepUpError } from '@cloakroom/react';
import type { ReactNode } from 'react';

/**
 * What the Notes page shows when the API asked for a stronger login (`step_up_required`): why,
 * and a button that logs in again with what it asked for and comes back here, where the delete
 * can be tried again.
 *
 * @example
 * ```tsx
 * {stepUp && <StepUpNotice error={stepUp} />}
 * ```
 */
export function StepUpNotice({ error }: { error: StepUpError }): ReactNode {
  const { stepUp } = useSession();
  return (
    <div className="notice" role="status" data-testid="step-up-notice">
      <p className="notice__title">Deleting needs a second step: a one-time code</p>
      <p>
        Your sign-in is enough to read and write notes. To delete one, sign in again with a one-time
        code; you will come back to this page and can delete it then.
      </p>
      <button type="button" className="button" onClick={() => stepUp(error)}>
        Continue with a one-time code
      </button>
    </div>
  );
}
