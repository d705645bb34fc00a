/**
 * Every route of the SPA, named in one place. Links and redirects use these, never literals.
 *
 * @example
 * ```tsx
 * <NavLink to={paths.notes}>Notes</NavLink>
 * ```
 */
export const paths = {
  home: '/',
  notes: '/notes',
  profile: '/profile',
  apis: '/apis',
  sessions: '/sessions',
  live: '/live',
  security: '/security',
} as const;
