import { cleanup } from '@testing-library/react';
import { resetMocks } from '@cloakroom/mocks';
import { server } from '@cloakroom/mocks/node';
import { afterAll, afterEach, beforeAll, vi } from 'vitest';

// The handlers of mock mode (`pnpm dev:mock`) answer the components' calls; a request they do not
// know fails the test.
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  cleanup();
  server.resetHandlers();
  resetMocks();
  vi.restoreAllMocks();
});
afterAll(() => server.close());
