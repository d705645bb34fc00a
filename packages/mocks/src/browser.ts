import { setupWorker } from 'msw/browser';
import { handlers } from './handlers/index.ts';

/**
 * The service worker for the SPA's mock mode. Start it before rendering.
 *
 * @example
 * ```ts
 * await worker.start({ onUnhandledFrame: 'bypass' });
 * ```
 */
export const worker = setupWorker(...handlers);
