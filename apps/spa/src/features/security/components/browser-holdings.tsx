import { useState } from 'react';
import type { ReactNode } from 'react';
import { findTokenShapes } from '../../../lib/find-token-shapes.ts';
import { readBrowserStorage, storageText } from '../../../lib/read-browser-storage.ts';

const empty = <p className="empty-value">(empty)</p>;

function Entries({ entries }: { entries: Array<[string, string]> }): ReactNode {
  if (entries.length === 0) return empty;
  return (
    <ul className="kv">
      {entries.map(([key, value]) => (
        <li key={key}>
          <code>{key}</code> = <code>{value}</code>
        </li>
      ))}
    </ul>
  );
}

/** One thing the page's scripts can read, by its JavaScript name. */
function Holding(props: { name: string; testId: string; children: ReactNode }): ReactNode {
  return (
    <div>
      <dt>
        <code>{props.name}</code>
      </dt>
      <dd data-testid={props.testId}>{props.children}</dd>
    </div>
  );
}

/**
 * Section 1: what this origin's JavaScript can read of the browser's storage, with a verdict.
 *
 * @example
 * ```tsx
 * <BrowserHoldings />
 * ```
 */
export function BrowserHoldings(): ReactNode {
  const [storage, setStorage] = useState(readBrowserStorage);
  const findings = findTokenShapes(storageText(storage));
  return (
    <section className="card" aria-labelledby="holdings-title">
      <h2 id="holdings-title">1. What your browser holds</h2>
      <p>
        Everything below is what any script on this page can read. The session cookie is{' '}
        <code>HttpOnly</code>, so it is not in <code>document.cookie</code>.
      </p>
      <dl className="holdings">
        <Holding name="document.cookie" testId="holdings-cookie">
          {storage.cookie ? <code>{storage.cookie}</code> : empty}
        </Holding>
        <Holding name="localStorage" testId="holdings-local-storage">
          <Entries entries={storage.localStorage} />
        </Holding>
        <Holding name="sessionStorage" testId="holdings-session-storage">
          <Entries entries={storage.sessionStorage} />
        </Holding>
      </dl>
      <p
        className={findings.length ? 'verdict verdict--bad' : 'verdict verdict--good'}
        data-testid="storage-verdict"
      >
        {findings.length
          ? `Found something token-shaped: ${findings.join('; ')}.`
          : 'No token and no session id: none of these holds a JWT, an OAuth token or the session cookie.'}
      </p>
      <button type="button" className="button" onClick={() => setStorage(readBrowserStorage())}>
        Read again
      </button>
    </section>
  );
}
