import type { ApiIdentity } from '@cloakroom/contract';
import type { ReactNode } from 'react';
import { findTokenShapes } from '../../../lib/find-token-shapes.ts';
import { readBrowserStorage, storageText } from '../../../lib/read-browser-storage.ts';

const entries = (n: number, keys: Array<[string, string]>): ReactNode =>
  n === 0 ? (
    'empty'
  ) : (
    <>
      {n === 1 ? '1 entry' : `${n} entries`}:{' '}
      {keys.map(([key], i) => [i ? ', ' : '', <code key={key}>{key}</code>])}
    </>
  );

/**
 * The browser's side of the story: what this page's JavaScript can read (cookies, storage) and
 * whether it, or any API answer on the page, holds anything token-shaped. The same check as the
 * Security page's "What your browser holds", read again on every render.
 *
 * @example
 * ```tsx
 * <BrowserView answers={identities} />
 * ```
 */
export function BrowserView({ answers }: { answers: readonly ApiIdentity[] }): ReactNode {
  const storage = readBrowserStorage();
  const findings = findTokenShapes(`${storageText(storage)}\n${JSON.stringify(answers)}`);
  return (
    <>
      <h3>What this page can see</h3>
      <ul className="browser-view">
        <li data-testid="apis-cookie">
          <code>document.cookie</code>: {storage.cookie ? <code>{storage.cookie}</code> : 'empty'}
        </li>
        <li>
          <code>localStorage</code>: {entries(storage.localStorage.length, storage.localStorage)}
        </li>
        <li>
          <code>sessionStorage</code>:{' '}
          {entries(storage.sessionStorage.length, storage.sessionStorage)}
        </li>
      </ul>
      <p
        className={findings.length ? 'verdict verdict--bad' : 'verdict verdict--good'}
        data-testid="apis-browser-verdict"
      >
        {findings.length
          ? `Found something token-shaped: ${findings.join('; ')}.`
          : `No token is visible to this page: the session cookie is HttpOnly, so ${storage.cookie ? 'document.cookie holds only other cookies' : 'document.cookie is empty'}; the storage holds nothing token-shaped; and the answers above carry only a fingerprint of each token, which cannot be used as one.`}
      </p>
    </>
  );
}
