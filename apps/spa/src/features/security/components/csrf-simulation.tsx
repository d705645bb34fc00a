import { useApiFetch, useSession } from '@cloakroom/react';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { env } from '../../../env.ts';
import { describeError } from '../../../lib/describe-error.ts';
import { displayName } from '../../../lib/display-name.ts';

const attacks = [
  {
    name: 'A cross-site form POST to /bff/logout',
    how: 'An auto-submitting <form method="post" action="http://localhost:3000/bff/logout"> on the attacker’s page.',
    why: 'The browser leaves out the SameSite=Strict session cookie on a request started by another site, and the form cannot add the X-CSRF header, so the BFF answers 403 and your session stays.',
  },
  {
    name: 'A cross-site fetch to /api/notes',
    how: 'fetch("http://localhost:3000/api/notes", { method: "POST", credentials: "include", body: "{…}" }), once as a plain text/plain request and once with headers: { "X-CSRF": "1" }.',
    why: 'The plain request reaches the BFF without the SameSite=Strict cookie, without X-CSRF and with a foreign Origin, so it gets 403; with the custom header the browser first sends a CORS preflight, which the BFF never approves, so the POST is never sent. Either way the page cannot read an answer.',
  },
  {
    name: 'An <img> GET',
    how: '<img src="http://localhost:3000/api/notes">.',
    why: 'No SameSite=Strict cookie travels with a cross-site image request and no X-CSRF header can be added, so the BFF answers 403; an image cannot read the answer anyway, and no endpoint changes anything on GET.',
  },
];

/**
 * Section 3: the attacker page on another site, the three attacks it tries, why each fails, and
 * a check, after a visit there, that the session and the notes are as they were.
 *
 * @example
 * ```tsx
 * <CsrfSimulation />
 * ```
 */
export function CsrfSimulation(): ReactNode {
  return (
    <section className="card" aria-labelledby="csrf-title">
      <h2 id="csrf-title">3. CSRF simulation</h2>
      <p>
        The attacker page is served on another site, <code>{env.attackerUrl}</code>, while{' '}
        <code>pnpm start</code> runs. Open it, let it try its three attacks, then come back here.
      </p>
      <p>
        <a className="button" href={env.attackerUrl} target="_blank" rel="noopener noreferrer">
          Open the attacker page<span className="visually-hidden"> (opens in a new tab)</span>
        </a>
        {env.isMockMode && <span className="muted"> In mock mode nothing runs on port 4002.</span>}
      </p>
      <ol className="attacks">
        {attacks.map((attack) => (
          <li key={attack.name}>
            <h3>{attack.name}</h3>
            <p>
              <span className="label">The attempt:</span> <code>{attack.how}</code>
            </p>
            <p>
              <span className="label">Why it fails:</span> {attack.why}
            </p>
          </li>
        ))}
      </ol>
      <SessionCheck />
    </section>
  );
}

function SessionCheck(): ReactNode {
  const { status, user, refresh } = useSession();
  const api = useApiFetch();
  const [result, setResult] = useState<string>();

  const check = async () => {
    setResult('Checking…');
    await refresh();
    try {
      const notes = await api<unknown[]>('/api/notes');
      setResult(
        `Your session survived and you have ${notes.length} notes — none added by the attacker.`,
      );
    } catch (error) {
      setResult(`The check failed: ${describeError(error)}`);
    }
  };

  return (
    <div className="session-check">
      <h3>After the attack</h3>
      <p>
        {status === 'authenticated'
          ? `You are logged in as ${displayName(user)}. Check that the attacks changed nothing:`
          : 'Log in first, so the attacks have a session to aim at.'}
      </p>
      <button
        type="button"
        className="button"
        onClick={() => void check()}
        disabled={status !== 'authenticated'}
      >
        Check my session and notes
      </button>
      <p role="status" data-testid="csrf-session-check">
        {result}
      </p>
    </div>
  );
}
