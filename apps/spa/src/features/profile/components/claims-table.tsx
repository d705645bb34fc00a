import type { ReactNode } from 'react';
import { TableScroll } from '../../../components/ui/table-scroll.tsx';

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
    <TableScroll label="Claims">
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
                <code>{name}</code>
              </th>
              <td>{formatClaim(value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
