/**
 * The SPA's configuration, read once at start-up. Vite replaces `import.meta.env.MODE` at build
 * time, so in a production build `isMockMode` is the constant `false` and the mock code is dropped.
 */
export const env = {
  /** `vite --mode mock`: msw answers /bff and /api in the browser. */
  isMockMode: import.meta.env.MODE === 'mock',
  /** Where the attacker page of the CSRF simulation is served during `pnpm start`. */
  attackerUrl: 'http://127.0.0.1:4002/',
} as const;
