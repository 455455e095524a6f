import { AuthUser, checkRoleGrant, moderationScope } from './roles';

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
