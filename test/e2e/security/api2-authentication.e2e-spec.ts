import { createHmac, randomUUID } from 'node:crypto';
import { Response } from 'supertest';
import { startApp, TestApp } from '../../support/app';
import { Actor, PASSWORD, register, uniqueEmail } from '../../support/api';

/**
 * OWASP API2 (broken authentication): forged, expired and tampered access tokens, reused
 * refresh tokens and brute-forced passwords are all refused, in the error shape.
 */

const JWT_SECRET = 'api2-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz';
const LOGIN_LIMIT = 3;

// Addresses of our own (TRUST_PROXY), so that each test has its own login counters.
let octet = 0;
const stamp = Date.now() % 250;
const newIp = () => `10.${stamp}.${(process.pid + 3) % 250}.${++octet}`;

const b64url = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A JWT built by hand (not with the app's library), so that every part can be forged. */
function jwt(payload: Record<string, unknown>, opts: { secret?: string; alg?: string; header?: Record<string, unknown> } = {}): string {
  const alg = opts.alg ?? 'HS256';
  const head = b64url({ alg, typ: 'JWT', ...opts.header });
  const body = b64url(payload);
  if (alg === 'none') return `${head}.${body}.`;
  const hash = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' }[alg] ?? 'sha256';
  const signature = createHmac(hash, opts.secret ?? JWT_SECRET).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${signature}`;
}

const now = () => Math.floor(Date.now() / 1000);

function expectUnauthorized(res: Response) {
  expect(res.status).toBe(401);
  expect(res.body).toEqual({ statusCode: 401, error: 'unauthorized', message: expect.any(String) });
}

describe('API2 authentication', () => {
  let t: TestApp;

  beforeAll(async () => (t = await startApp({ JWT_SECRET, LOGIN_THROTTLE_LIMIT: String(LOGIN_LIMIT), TRUST_PROXY: 'true' })));
  afterAll(() => t.close());

  const me = (token: string) => t.http().get('/api/v1/me').set('Authorization', `Bearer ${token}`);
  const login = (ip: string, email: string, password = 'wrong-password') =>
    t.http().post('/api/v1/auth/login').set('X-Forwarded-For', ip).send({ email, password });
  const refresh = (refreshToken: string) => t.http().post('/api/v1/auth/refresh').set('X-Forwarded-For', newIp()).send({ refreshToken });
  /** The user's own roles grant attempt: only an admin may grant roles. */
  const grantSelfAdmin = (user: Actor, token: string) =>
    t.http().post(`/api/v1/admin/users/${user.id}/roles`).set('Authorization', `Bearer ${token}`).send({ roles: ['admin'] });
  const rolesOf = async (userId: string): Promise<string[]> => (await t.db.query(`SELECT roles FROM users WHERE id = $1`, [userId]))[0].roles;

  describe('access tokens', () => {
    it('accepts the token the app issued, and a hand-made one signed with the same secret (the forging helper is sound)', async () => {
      const user = await register(t);
      expect((await me(user.accessToken)).status).toBe(200);
      const handMade = await me(jwt({ sub: user.id, typ: 'access', iat: now(), exp: now() + 60 }));
      expect(handMade.status).toBe(200);
      expect(handMade.body.id).toBe(user.id);
    });

    it('needs a token, and refuses garbage', async () => {
      expectUnauthorized(await t.http().get('/api/v1/me'));
      for (const token of ['not.a.jwt', 'abc', '', 'Bearer', `${b64url({ alg: 'HS256' })}.${b64url({})}`]) {
        expectUnauthorized(await me(token));
      }
      expectUnauthorized(await t.http().get('/api/v1/me').set('Authorization', 'Basic dXNlcjpwYXNz'));
    });

    it('refuses an expired token', async () => {
      const user = await register(t);
      expectUnauthorized(await me(jwt({ sub: user.id, typ: 'access', iat: now() - 3600, exp: now() - 10 })));
    });

    it('refuses a token signed with another secret', async () => {
      const user = await register(t);
      expectUnauthorized(await me(jwt({ sub: user.id, typ: 'access', iat: now(), exp: now() + 600 }, { secret: 'someone-elses-secret-0123456789-abcdefgh' })));
      // …including the development default, which a careless deployment might still trust.
      expectUnauthorized(await me(jwt({ sub: user.id, typ: 'access', iat: now(), exp: now() + 600 }, { secret: 'dev-only-secret-change-me-in-production-0123456789' })));
    });

    it('refuses alg "none" and other algorithms than HS256, even with our secret', async () => {
      const user = await register(t);
      const claims = { sub: user.id, typ: 'access', iat: now(), exp: now() + 600 };
      for (const alg of ['none', 'None', 'NONE']) {
        const head = b64url({ alg, typ: 'JWT' });
        expectUnauthorized(await me(`${head}.${b64url(claims)}.`));
        // A none token with a leftover signature is not accepted either.
        expectUnauthorized(await me(`${head}.${b64url(claims)}.${user.accessToken.split('.')[2]}`));
      }
      expectUnauthorized(await me(jwt(claims, { alg: 'HS512' })));
      expectUnauthorized(await me(jwt(claims, { alg: 'HS384' })));
    });

    it('refuses a tampered payload (roles: admin, another sub) under the original signature, and grants nothing', async () => {
      const user = await register(t);
      const victim = await register(t);
      const [head, payload, signature] = user.accessToken.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());

      const asAdmin = `${head}.${b64url({ ...claims, roles: ['admin'] })}.${signature}`;
      expectUnauthorized(await me(asAdmin));
      expectUnauthorized(await grantSelfAdmin(user, asAdmin));

      const asVictim = `${head}.${b64url({ ...claims, sub: victim.id })}.${signature}`;
      expectUnauthorized(await me(asVictim));

      const longer = `${head}.${b64url({ ...claims, exp: now() + 365 * 24 * 3600 })}.${signature}`;
      expectUnauthorized(await me(longer));
      expect(await rolesOf(user.id)).toEqual(['buyer']);
    });

    it('takes roles from the database, not from the token: a validly signed roles claim grants nothing', async () => {
      const user = await register(t);
      const token = jwt({ sub: user.id, typ: 'access', roles: ['admin'], iat: now(), exp: now() + 600 });
      const res = await grantSelfAdmin(user, token);
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ statusCode: 403, error: 'forbidden' });
      expect(await rolesOf(user.id)).toEqual(['buyer']);
      expect((await me(token)).body.roles).toEqual(['buyer']);
    });

    it('refuses a token of another type, without a subject, or for a user that does not exist', async () => {
      const user = await register(t);
      expectUnauthorized(await me(jwt({ sub: user.id, typ: 'refresh', iat: now(), exp: now() + 600 })));
      expectUnauthorized(await me(jwt({ sub: user.id, iat: now(), exp: now() + 600 })));
      expectUnauthorized(await me(jwt({ typ: 'access', iat: now(), exp: now() + 600 })));
      expectUnauthorized(await me(jwt({ sub: randomUUID(), typ: 'access', iat: now(), exp: now() + 600 })));
      expectUnauthorized(await me(jwt({ sub: "' OR 1=1 --", typ: 'access', iat: now(), exp: now() + 600 })));
    });

    it('does not let a refresh token be used as an access token, nor the reverse', async () => {
      const user = await register(t);
      expectUnauthorized(await me(user.refreshToken));
      const res = await refresh(user.accessToken);
      expect([400, 401]).toContain(res.status);
      expect(res.body).toMatchObject({ statusCode: res.status, error: expect.any(String) });
      expect(res.body.accessToken).toBeUndefined();
    });
  });

  describe('refresh tokens', () => {
    it('rotates on use; a rotated token used again is refused and revokes its whole family', async () => {
      const user = await register(t);
      const first = await refresh(user.refreshToken);
      expect(first.status).toBe(200);
      expect(first.body.refreshToken).not.toBe(user.refreshToken);
      const second = await refresh(first.body.refreshToken);
      expect(second.status).toBe(200);

      // The first token comes back (stolen): refused, and the newest one of its family dies with it.
      const reused = await refresh(user.refreshToken);
      expect(reused.status).toBe(401);
      expect(reused.body).toMatchObject({ statusCode: 401, error: expect.any(String), message: expect.any(String) });
      expect(reused.body.accessToken).toBeUndefined();
      expect((await refresh(second.body.refreshToken)).status).toBe(401);
      expect((await refresh(first.body.refreshToken)).status).toBe(401);
      const [{ alive }] = await t.db.query(`SELECT count(*)::int AS alive FROM refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL AND used_at IS NULL`, [
        user.id,
      ]);
      expect(alive).toBe(0);

      // The user can still sign in again.
      expect((await login(newIp(), user.email, PASSWORD)).status).toBe(200);
    });

    it("revokes only the reused family: the user's other sessions keep working", async () => {
      const user = await register(t);
      const otherDevice = await login(newIp(), user.email, PASSWORD);
      expect(otherDevice.status).toBe(200);
      const rotated = await refresh(user.refreshToken);
      expect(rotated.status).toBe(200);
      expect((await refresh(user.refreshToken)).status).toBe(401);
      expect((await refresh(otherDevice.body.refreshToken)).status).toBe(200);
    });

    it('lets only one of two simultaneous refreshes with one token succeed', async () => {
      const user = await register(t);
      const results = await Promise.all([1, 2].map(() => refresh(user.refreshToken)));
      expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
    });

    it('refuses forged, malformed and unknown refresh tokens', async () => {
      const user = await register(t);
      const [id] = user.refreshToken.split('.');
      for (const token of [`${id}.forged-secret`, 'garbage', `${id}`, `${randomUUID()}.${'a'.repeat(43)}`, `${id}.`, '.']) {
        const res = await refresh(token);
        expect({ token, status: res.status }).toEqual({ token, status: expect.any(Number) });
        expect([400, 401]).toContain(res.status);
        expect(res.body.accessToken).toBeUndefined();
      }
      // The genuine token was not burnt by the forgeries.
      expect((await refresh(user.refreshToken)).status).toBe(200);
    });
  });

  describe('brute force', () => {
    it('throttles login per account, from whatever address, even with the right password', async () => {
      const user = await register(t);
      for (let i = 0; i < LOGIN_LIMIT; i++) {
        const res = await login(newIp(), user.email);
        expect(res.status).toBe(401);
        expect(res.body).toEqual({ statusCode: 401, error: 'invalid_credentials', message: expect.any(String) });
      }
      const blocked = await login(newIp(), user.email, PASSWORD);
      expect(blocked.status).toBe(429);
      expect(blocked.body).toEqual({ statusCode: 429, error: 'too_many_requests', message: expect.any(String) });
      expect(blocked.body.accessToken).toBeUndefined();
      const retryAfter = Number(blocked.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
    });

    it('counts the account case- and space-insensitively', async () => {
      const user = await register(t);
      const variants = [user.email.toUpperCase(), ` ${user.email}`, user.email.replace(/^./, (c) => c.toUpperCase())];
      for (const email of variants) expect((await login(newIp(), email)).status).toBeGreaterThanOrEqual(400);
      expect((await login(newIp(), user.email, PASSWORD)).status).toBe(429);
    });

    it('throttles login per address across accounts; another address is not affected', async () => {
      const ip = newIp();
      const users = await Promise.all([1, 2, 3, 4].map(() => register(t)));
      for (const user of users.slice(0, LOGIN_LIMIT)) expect((await login(ip, user.email)).status).toBe(401);
      const blocked = await login(ip, users[3].email, PASSWORD);
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      expect((await login(newIp(), users[3].email, PASSWORD)).status).toBe(200);
    });

    it('throttles guessing at unknown accounts per address too (no free enumeration)', async () => {
      const ip = newIp();
      for (let i = 0; i < LOGIN_LIMIT; i++) expect((await login(ip, uniqueEmail('ghost'))).status).toBe(401);
      expect((await login(ip, uniqueEmail('ghost'))).status).toBe(429);
    });

    it('throttles refresh attempts per address', async () => {
      const ip = newIp();
      for (let i = 0; i < LOGIN_LIMIT; i++) {
        expect((await t.http().post('/api/v1/auth/refresh').set('X-Forwarded-For', ip).send({ refreshToken: `${randomUUID()}.guess${i}` })).status).toBe(401);
      }
      const blocked = await t.http().post('/api/v1/auth/refresh').set('X-Forwarded-For', ip).send({ refreshToken: 'another-guess' });
      expect(blocked.status).toBe(429);
      expect(blocked.body).toMatchObject({ statusCode: 429, error: 'too_many_requests' });
    });
  });
});
