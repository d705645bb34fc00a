import { setupWorker } from 'msw/browser';
import { handlers } from './handlers/index.ts';
import { createLiveHandlers } from './handlers/live.ts';

/**
 * The service worker for the SPA's mock mode, with the Live page's handlers (see
 * createLiveHandlers). Start it before rendering.
 *
 * @example
 * ```ts
 * await worker.start({ onUnhandledFrame: 'bypass' });
 * ```
 */
export const worker = setupWorker(...handlers, ...createLiveHandlers());
