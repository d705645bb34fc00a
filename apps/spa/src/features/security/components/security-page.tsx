import type { ReactNode } from 'react';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import { BrowserHoldings } from './browser-holdings.tsx';
import { CsrfSimulation } from './csrf-simulation.tsx';
import { XssSimulation } from './xss-simulation.tsx';

/**
 * Cloakroom's security argument, checked live in this browser: what it holds, what an injected
 * script can reach, and why another site cannot act for you.
 *
 * @example
 * ```tsx
 * { path: paths.security, element: <SecurityPage /> }
 * ```
 */
export function SecurityPage(): ReactNode {
  useDocumentTitle('Security');
  return (
    <>
      <h1 tabIndex={-1}>Security, checked in your browser</h1>
      <p className="lead">
        Cloakroom claims that no token ever reaches the browser and that other sites cannot use your
        session. This page tests both claims here, with the same requests an attacker would make.
      </p>
      <BrowserHoldings />
      <XssSimulation />
      <CsrfSimulation />
    </>
  );
}
