import { defineProject } from 'vitest/config';

// The SPA's component tests (`*.test.tsx`) need a DOM; its plain `*.test.ts` run in the root's
// `unit` project.
export default defineProject({
  test: {
    name: 'spa',
    environment: 'happy-dom',
    include: ['src/**/*.test.tsx'],
    setupFiles: ['src/test/setup.ts'],
  },
});
