import { AuthUser, checkRoleGrant, inModerationScope, moderationScope, moderationScopeSql } from './roles';

const user = (roles: AuthUser['roles'], associationId: string | null = null): AuthUser => ({
  id: 'u',
  email: 'u@example.kz',
  roles,
  associationId,
  locale: 'ru',
});

describe('moderationScope', () => {
  it('gives admins and platform moderators every listing', () => {
    expect(moderationScope(user(['admin']))).toEqual({ kind: 'all' });
    expect(moderationScope(user(['moderator']))).toEqual({ kind: 'all' });
  });

  it('limits association moderators and admins to their association', () => {
    expect(moderationScope(user(['moderator'], 'a1'))).toEqual({ kind: 'association', associationId: 'a1' });
    expect(moderationScope(user(['association_admin'], 'a2'))).toEqual({ kind: 'association', associationId: 'a2' });
  });

  it('gives buyers and makers nothing', () => {
    expect(moderationScope(user(['buyer', 'maker']))).toEqual({ kind: 'none' });
  });
});

describe('inModerationScope and moderationScopeSql (the same rule, for one row and for a query)', () => {
  it('lets an association moderator reach only their association, never a maker in none', () => {
    const mod = user(['moderator'], 'a1');
    expect([inModerationScope(mod, 'a1'), inModerationScope(mod, 'a2'), inModerationScope(mod, null)]).toEqual([true, false, false]);
    const params: unknown[] = ['x'];
    expect(moderationScopeSql(mod, 'm.association_id', params)).toBe('m.association_id = $2::uuid');
    expect(params).toEqual(['x', 'a1']);
  });

  it('lets platform moderators and admins reach everything, with no condition', () => {
    for (const u of [user(['moderator']), user(['admin'])]) {
      expect([inModerationScope(u, 'a2'), inModerationScope(u, null)]).toEqual([true, true]);
      const params: unknown[] = [];
      expect(moderationScopeSql(u, 'm.association_id', params)).toBeNull();
      expect(params).toEqual([]);
    }
  });

  it('gives everyone else a condition that keeps nothing', () => {
    const params: unknown[] = [];
    expect(inModerationScope(user(['buyer', 'maker']), null)).toBe(false);
    expect(moderationScopeSql(user(['buyer', 'maker']), 'm.association_id', params)).toBe('false');
    expect(params).toEqual([]);
  });
});

describe('checkRoleGrant', () => {
  it('requires an association for association_admin', () => {
    expect(checkRoleGrant(user(['maker']), { roles: ['association_admin'] })?.field).toBe('associationId');
    expect(checkRoleGrant(user(['maker']), { roles: ['association_admin'], associationId: 'a1' })).toBeNull();
  });

  it('allows a platform moderator without an association', () => {
    expect(checkRoleGrant(user(['buyer']), { roles: ['moderator'] })).toBeNull();
  });

  it('refuses an association on unscoped roles', () => {
    expect(checkRoleGrant(user([]), { roles: ['admin'], associationId: 'a1' })?.problem).toMatch(/only goes with/);
  });

  it('refuses a second association for a user who already acts for one', () => {
    expect(checkRoleGrant(user(['moderator'], 'a1'), { roles: ['association_admin'], associationId: 'a2' })).not.toBeNull();
    expect(checkRoleGrant(user(['moderator'], 'a1'), { roles: ['association_admin'], associationId: 'a1' })).toBeNull();
  });
});
