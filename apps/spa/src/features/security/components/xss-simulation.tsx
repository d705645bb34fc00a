import { useState } from 'react';
import type { ReactNode } from 'react';
import { TableScroll } from '../../../components/ui/table-scroll.tsx';
import { runXssSimulation, xssTargets } from '../lib/run-xss-simulation.ts';
import type { XssReport } from '../lib/run-xss-simulation.ts';

/**
 * Section 2: runs what an injected script would do and reports what it found (expected: no
 * token), and, honestly, what it could still do with the session while the page is open.
 *
 * @example
 * ```tsx
 * <XssSimulation />
 * ```
 */
export function XssSimulation(): ReactNode {
  const [report, setReport] = useState<XssReport>();
  const [running, setRunning] = useState(false);

  const run = async () => {
    setRunning(true);
    setReport(await runXssSimulation());
    setRunning(false);
  };

  return (
    <section className="card" aria-labelledby="xss-title">
      <h2 id="xss-title">2. XSS simulation</h2>
      <p>
        Suppose an attacker got a script onto this page. This button runs what it would do: read the
        cookies and storage, call{' '}
        {xssTargets.map((path, i) => [i ? ', ' : '', <code key={path}>{path}</code>])} with the{' '}
        <code>X-CSRF: 1</code> header, and scan every response body and every readable response
        header for anything token-shaped (a JWT, <code>access_token</code>,{' '}
        <code>refresh_token</code>, <code>id_token</code>, the session cookie).
      </p>
      <button
        type="button"
        className="button button--primary"
        onClick={() => void run()}
        disabled={running}
      >
        Run the XSS simulation
      </button>
      <div aria-live="polite">
        {running && <p role="status">Running…</p>}
        {report && !running && <XssResult report={report} />}
      </div>
    </section>
  );
}

function XssResult({ report }: { report: XssReport }): ReactNode {
  const clean = report.findings.length === 0;
  return (
    <div className="xss-report">
      <p
        className={clean ? 'verdict verdict--good' : 'verdict verdict--bad'}
        data-testid="xss-result"
      >
        {clean
          ? `No token found: the script read cookies, localStorage, sessionStorage and ${report.probes.length} responses (${report.scannedBytes} bytes of bodies and headers) and found nothing token-shaped.`
          : `Token-shaped data found (${report.findings.length}).`}
      </p>
      {!clean && (
        <ul data-testid="xss-findings">
          {report.findings.map((finding) => (
            <li key={finding}>{finding}</li>
          ))}
        </ul>
      )}
      <TableScroll label="What the script got back">
        <table className="probes" data-testid="xss-probes">
          <caption>What the script got back</caption>
          <thead>
            <tr>
              <th scope="col">Request</th>
              <th scope="col">Status</th>
              <th scope="col">Readable headers</th>
              <th scope="col">Body</th>
              <th scope="col">Token-shaped</th>
            </tr>
          </thead>
          <tbody>
            {report.probes.map((probe) => (
              <tr key={probe.path}>
                <th scope="row">
                  <code>GET {probe.path}</code>
                </th>
                <td>{probe.status || 'failed'}</td>
                <td>{probe.headers.length}</td>
                <td>{probe.body.length} bytes</td>
                <td>{probe.findings.length ? probe.findings.join('; ') : 'none'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <div className="residual-risk" data-testid="xss-residual-risk">
        <h3>What the script could still do</h3>
        <p>
          {report.usedSession
            ? 'It could not steal a token, but it did use your session: its calls above succeeded with your cookie, the same way this app’s own calls do.'
            : 'No session was active, so its calls were refused; with a session they would have succeeded.'}{' '}
          An injected script can act as you <strong>while this page is open</strong>. That is the
          residual risk the IETF’s <cite>OAuth 2.0 for Browser-Based Applications</cite> best
          current practice names for the BFF pattern: XSS can ride the session but cannot take
          tokens away to use elsewhere or later. That is why Cloakroom’s sessions are short, tied to
          this origin, and revocable on the server (logout, back-channel logout) — and why
          preventing XSS (a strict Content-Security-Policy) still matters.
        </p>
      </div>
    </div>
  );
}
