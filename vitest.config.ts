import { defineConfig } from 'vitest/config';

// One runner, six projects. Unit tests sit beside the code; integration tests start the real
// IdP, API and BFF in-process on loopback; browser tests drive Debian's Chromium.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts'],
          // @cloakroom/react's tests and the SPA's component tests (*.test.tsx) need a DOM: they
          // run in their own projects (happy-dom).
          exclude: ['packages/react/**', '**/node_modules/**'],
          environment: 'node',
        },
      },
      'packages/react',
      'apps/spa',
      {
        test: {
          name: 'integration',
          include: ['packages/*/test/**/*.test.ts', 'apps/{bff,idp,api}/test/**/*.test.ts'],
          exclude: ['packages/packaging/**', '**/node_modules/**'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        // The packed tarballs, as others would install them: publint and arethetypeswrong on
        // each, and a consumer project outside the workspace (npm install dominates its time).
        test: {
          name: 'packaging',
          include: ['packages/packaging/test/**/*.test.ts'],
          globalSetup: ['packages/packaging/test/pack-once.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 600_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['apps/spa/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
