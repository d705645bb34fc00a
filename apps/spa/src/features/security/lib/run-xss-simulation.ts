import { probeEndpoint } from '../api/probe-endpoint.ts';
import type { Probe } from '../api/probe-endpoint.ts';
import { findTokenShapes } from '../../../lib/find-token-shapes.ts';
import { readBrowserStorage, storageText } from '../../../lib/read-browser-storage.ts';

/** The endpoints an injected script would try first. */
export const xssTargets = ['/bff/user', '/api/me', '/api/notes'] as const;

/** What the simulated injected script read and found. */
export interface XssReport {
  probes: Array<Probe & { findings: string[] }>;
  storageFindings: string[];
  findings: string[];
  /** Bytes of readable response text (bodies and headers) scanned. */
  scannedBytes: number;
  /** True when at least one call succeeded with the session: the residual risk. */
  usedSession: boolean;
}

/**
 * Does what an XSS payload would do: read cookies and storage, call the session and API
 * endpoints with the CSRF header, and scan every body and readable header for token shapes.
 * Read-only: it changes nothing.
 *
 * @example
 * ```ts
 * const report = await runXssSimulation();
 * report.findings.length === 0; // no token reached the browser
 * ```
 */
export async function runXssSimulation(): Promise<XssReport> {
  const storageFindings = findTokenShapes(storageText(readBrowserStorage()));
  const probes = await Promise.all(
    xssTargets.map(async (path) => {
      const probe = await probeEndpoint(path);
      const text = [probe.body, ...probe.headers.map(([name, value]) => `${name}: ${value}`)];
      return { ...probe, findings: findTokenShapes(text.join('\n')) };
    }),
  );
  const scannedBytes = probes.reduce(
    (sum, probe) =>
      sum + probe.body.length + probe.headers.reduce((n, [k, v]) => n + k.length + v.length, 0),
    0,
  );
  return {
    probes,
    storageFindings,
    findings: [
      ...storageFindings.map((finding) => `storage: ${finding}`),
      ...probes.flatMap((probe) => probe.findings.map((finding) => `${probe.path}: ${finding}`)),
    ],
    scannedBytes,
    usedSession: probes.some((probe) => probe.status === 200),
  };
}
