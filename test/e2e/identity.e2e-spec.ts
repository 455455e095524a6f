import { TestApp, startApp } from '../support/app';
import { PASSWORD, createAdmin, createAssociation, register, uniqueEmail } from '../support/api';

describe('identity', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp()));
  afterAll(() => t.close());

  describe('register', () => {
    it('creates a buyer by default and returns a token pair', async () => {
      const email = uniqueEmail('Reg');
      const res = await t.http().post('/api/v1/auth/register').send({ email: email.toUpperCase(), password: PASSWORD, name: 'Әсел' });
      expect(res.status).toBe(201);
      expect(res.body.user).toMatchObject({ email: email.toLowerCase(), roles: ['buyer'], name: 'Әсел', associationId: null });
      expect(res.body.accessToken).toEqual(expect.any(String));
      expect(res.body.refreshToken).toEqual(expect.any(String));
      expect(JSON.stringify(res.body)).not.toMatch(/passwordHash|argon2/);
    });

    it('lets a user be buyer and maker, and takes the locale from Accept-Language', async () => {
      const res = await t
        .http()
        .post('/api/v1/auth/register')
        .set('Accept-Language', 'kk-KZ,ru;q=0.8')
        .send({ email: uniqueEmail('both'), password: PASSWORD, name: 'Ерлан', roles: ['buyer', 'maker'] });
      expect(res.status).toBe(201);
      expect(res.body.user.roles.sort()).toEqual(['buyer', 'maker']);
      expect(res.body.user.locale).toBe('kk');
    });

    it.each([['admin'], ['moderator'], ['association_admin']])('refuses to self-assign %s with 403 and creates nothing', async (role) => {
      const email = uniqueEmail('sneaky');
      const res = await t.http().post('/api/v1/auth/register').send({ email, password: PASSWORD, name: 'X', roles: ['buyer', role] });
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ statusCode: 403, error: 'role_not_self_assignable' });
      const [{ count }] = await t.db.query('SELECT count(*)::int AS count FROM users WHERE email = $1', [email]);
      expect(count).toBe(0);
    });

    it('refuses a taken e-mail (any case) with 409', async () => {
      const email = uniqueEmail('dup');
      await t.http().post('/api/v1/auth/register').send({ email, password: PASSWORD, name: 'A' }).expect(201);
      const res = await t.http().post('/api/v1/auth/register').send({ email: email.toUpperCase(), password: PASSWORD, name: 'B' });
      expect(res.status).toBe(409);
      expect(res.body.error).toBe('email_taken');
    });

    it('answers bad input with 400 naming the fields', async () => {
      const res = await t.http().post('/api/v1/auth/register').send({ email: 'not-an-email', password: 'short', name: '', role: 'admin' });
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('validation_failed');
      const fields = res.body.details.map((d: { field: string }) => d.field).sort();
      expect(fields).toEqual(['email', 'name', 'password', 'role']);
    });

    it('registers the same e-mail only once under concurrency', async () => {
      const email = uniqueEmail('race');
      const results = await Promise.all(
        Array.from({ length: 5 }, () => t.http().post('/api/v1/auth/register').send({ email, password: PASSWORD, name: 'R' })),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    });
  });

  describe('login and refresh', () => {
    it('logs in with 200 and refuses a wrong password with 401', async () => {
      const user = await register(t);
      const ok = await t.http().post('/api/v1/auth/login').send({ email: user.email, password: PASSWORD });
      expect(ok.status).toBe(200);
      expect(ok.body.user.id).toBe(user.id);
      const bad = await t.http().post('/api/v1/auth/login').send({ email: user.email, password: 'wrong-password' });
      expect(bad.status).toBe(401);
      expect(bad.body).toEqual({ statusCode: 401, error: 'invalid_credentials', message: expect.any(String) });
      const unknown = await t.http().post('/api/v1/auth/login').send({ email: uniqueEmail('nobody'), password: PASSWORD });
      expect(unknown.status).toBe(401);
    });
    // Refresh rotation, reuse and forged refresh tokens: test/e2e/security/api2-authentication.e2e-spec.ts
  });

  describe('/me and role grants', () => {
    // Missing and forged access tokens: test/e2e/security/api2-authentication.e2e-spec.ts

    it('lets an admin grant scoped roles, and shows them on /me', async () => {
      const admin = await createAdmin(t);
      const association = await createAssociation(t, admin);
      const user = await register(t);
      const granted = await t
        .http()
        .post(`/api/v1/admin/users/${user.id}/roles`)
        .set(admin.auth)
        .send({ roles: ['association_admin'], associationId: association.id });
      expect(granted.status).toBe(200);
      const me = await t.http().get('/api/v1/me').set(user.auth);
      expect(me.body).toMatchObject({ id: user.id, associationId: association.id });
      expect(me.body.roles.sort()).toEqual(['association_admin', 'buyer']);
    });

    it('refuses association_admin without an association, and grants by non-admins', async () => {
      const admin = await createAdmin(t);
      const user = await register(t);
      const noAssociation = await t.http().post(`/api/v1/admin/users/${user.id}/roles`).set(admin.auth).send({ roles: ['association_admin'] });
      expect(noAssociation.status).toBe(400);
      const byUser = await t.http().post(`/api/v1/admin/users/${user.id}/roles`).set(user.auth).send({ roles: ['admin'] });
      expect(byUser.status).toBe(403);
      const me = await t.http().get('/api/v1/me').set(user.auth);
      expect(me.body.roles).toEqual(['buyer']);
    });

    it('takes a revoked role away at once, without waiting for the token to expire', async () => {
      const admin = await createAdmin(t);
      const user = await register(t);
      await t.http().post(`/api/v1/admin/users/${user.id}/roles`).set(admin.auth).send({ roles: ['moderator'] }).expect(200);
      await t.http().get('/api/v1/moderation/queue').set(user.auth).expect(200);
      await t.http().delete(`/api/v1/admin/users/${user.id}/roles/moderator`).set(admin.auth).expect(200);
      await t.http().get('/api/v1/moderation/queue').set(user.auth).expect(403);
    });
  });

  it('creates the bootstrap admin once', async () => {
    const { UsersService } = await import('../../src/identity/users.service');
    const users = t.app.get(UsersService);
    const email = uniqueEmail('boot');
    await users.ensureAdmin(email, 'bootstrap-password');
    await users.ensureAdmin(email, 'another-password');
    const rows = await t.db.query('SELECT roles FROM users WHERE email = $1', [email]);
    expect(rows).toEqual([{ roles: ['admin'] }]);
    await t.http().post('/api/v1/auth/login').send({ email, password: 'bootstrap-password' }).expect(200);
  });
});
