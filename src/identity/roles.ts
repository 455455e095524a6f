export const ROLES = ['buyer', 'maker', 'association_admin', 'moderator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Roles anyone may give themselves at registration. */
export const SELF_ASSIGNABLE_ROLES: readonly Role[] = ['buyer', 'maker'];

/** Roles whose holder acts for one association (a moderator without one is a platform moderator). */
export const SCOPED_ROLES: readonly Role[] = ['association_admin', 'moderator'];

/** The signed-in user as guards and services see it. */
export interface AuthUser {
  id: string;
  email: string;
  roles: Role[];
  associationId: string | null;
  locale: 'kk' | 'ru' | 'en';
}

export const hasRole = (user: Pick<AuthUser, 'roles'>, ...roles: Role[]) => roles.some((r) => user.roles.includes(r));

/** Admins act everywhere; an association_admin only inside its own association. */
export function administers(user: AuthUser, associationId: string): boolean {
  return hasRole(user, 'admin') || (hasRole(user, 'association_admin') && user.associationId === associationId);
}

/**
 * Whose listings a user may moderate: `all`, one association's members, or nobody.
 * A moderator or association_admin is limited to their association; a moderator
 * without an association is a platform moderator.
 */
export type ModerationScope = { kind: 'all' } | { kind: 'association'; associationId: string } | { kind: 'none' };

export function moderationScope(user: AuthUser): ModerationScope {
  if (hasRole(user, 'admin')) return { kind: 'all' };
  if (hasRole(user, 'moderator') && !user.associationId) return { kind: 'all' };
  if (hasRole(user, 'moderator', 'association_admin') && user.associationId) {
    return { kind: 'association', associationId: user.associationId };
  }
  return { kind: 'none' };
}

/** Whether `user` moderates listings, flags and shops of the association `associationId` (null: a maker in no association). */
export function inModerationScope(user: AuthUser, associationId: string | null): boolean {
  const scope = moderationScope(user);
  return scope.kind === 'all' || (scope.kind === 'association' && scope.associationId === associationId);
}

/**
 * The same rule for a query: the SQL condition on `column` (an association id) that keeps
 * the rows in `user`'s scope, its parameter appended to `params`; null when nothing is out of scope.
 * A user with no moderation scope at all gets a condition that keeps nothing.
 */
export function moderationScopeSql(user: AuthUser, column: string, params: unknown[]): string | null {
  const scope = moderationScope(user);
  if (scope.kind === 'all') return null;
  if (scope.kind === 'none') return 'false';
  params.push(scope.associationId);
  return `${column} = $${params.length}::uuid`;
}

export interface RoleGrantProblem {
  field: string;
  problem: string;
}

/**
 * Checks an admin's role grant against what the user already holds. Scoped roles
 * need one association per user; association_admin always needs one.
 */
export function checkRoleGrant(
  current: { roles: Role[]; associationId: string | null },
  grant: { roles: Role[]; associationId?: string | null },
): RoleGrantProblem | null {
  const scoped = grant.roles.filter((r) => SCOPED_ROLES.includes(r));
  if (grant.associationId && scoped.length === 0) {
    return { field: 'associationId', problem: 'associationId only goes with association_admin or moderator' };
  }
  if (grant.roles.includes('association_admin') && !grant.associationId) {
    return { field: 'associationId', problem: 'association_admin needs an associationId' };
  }
  const holdsScoped = current.roles.some((r) => SCOPED_ROLES.includes(r));
  if (scoped.length && holdsScoped && (grant.associationId ?? null) !== current.associationId) {
    return { field: 'associationId', problem: 'the user already acts for another association; revoke that first' };
  }
  return null;
}
