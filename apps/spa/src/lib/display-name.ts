import type { CloakroomUser } from '@cloakroom/react';

/**
 * The name to show for a user: the `name` claim, else `preferred_username`, else `sub`.
 *
 * @example
 * ```ts
 * displayName({ sub: 'alice', claims: { name: 'Alice Example' } }); // 'Alice Example'
 * ```
 */
export function displayName(user: CloakroomUser | undefined): string {
  const { name, preferred_username: username } = user?.claims ?? {};
  if (typeof name === 'string' && name) return name;
  if (typeof username === 'string' && username) return username;
  return user?.sub ?? '';
}
