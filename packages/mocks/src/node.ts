import { setupServer } from 'msw/node';
import { handlers } from './handlers/index.ts';

/**
 * The request interceptor for tests in Node.
 *
 * @example
 * ```ts
 * beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
 * afterEach(() => server.resetHandlers());
 * afterAll(() => server.close());
 * ```
 */
export const server = setupServer(...handlers);
