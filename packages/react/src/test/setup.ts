import { cleanup } from '@testing-library/react';
import { resetMocks } from '@cloakroom/mocks';
import { server } from '@cloakroom/mocks/node';
import { afterAll, afterEach, beforeAll, vi } from 'vitest';

// The same handlers as the SPA's mock mode; anything they do not know fails the test (msw 3
// renamed onUnhandledRequest to onUnhandledFrame).
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  cleanup();
  server.resetHandlers();
  resetMocks();
  vi.restoreAllMocks();
  sessionStorage.clear(); // a new tab for each test (the silent login's marker lives there)
});
afterAll(() => server.close());
