import { Fragment } from 'react';
import type { ReactNode } from 'react';
import { TableScroll } from '../../../components/ui/table-scroll.tsx';

/** A claim name that may wrap after its underscores (`preferred_<wbr>username`) on a phone. */
function ClaimName({ name }: { name: string }): ReactNode {
  return name.split('_').map((part, i) => (
    <Fragment key={i}>
      {i > 0 && (
        <>
          _<wbr />
        </>
      )}
      {part}
    </Fragment>
  ));
}

function formatClaim(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * The user's claims as the BFF shares them, one row per claim.
 *
 * @example
 * ```tsx
 * <ClaimsTable claims={user.claims} />
 * ```
 */
export function ClaimsTable({ claims }: { claims: Record<string, unknown> }): ReactNode {
  const entries = Object.entries(claims);
  return (
    <TableScroll label="Claims table">
      <table className="claims" data-testid="claims">
        <caption>Your claims, as the BFF shares them ({entries.length})</caption>
        <thead>
          <tr>
            <th scope="col">Claim</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          {entries.map(([name, value]) => (
            <tr key={name}>
              <th scope="row">
                <code>
                  <ClaimName name={name} />
                </code>
              </th>
              <td>{formatClaim(value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
