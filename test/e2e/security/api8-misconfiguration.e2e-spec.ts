import { randomUUID } from 'node:crypto';
import { Response } from 'supertest';
import { startApp, TestApp } from '../../support/app';
import { Actor, register, uniqueEmail } from '../../support/api';

/**
 * OWASP API8 (security misconfiguration): security headers on every kind of response,
 * CORS only for the configured origins, no X-Powered-By, and no stack trace, file path
 * or SQL in any error a client can provoke.
 */

const ALLOWED = ['https://shop.sheber.kz', 'https://admin.sheber.kz'];

/** What must never appear in an error body. */
const LEAKS = [/\bat \S+ \(/, /\bat (async )?[\w.<>]+ \(/, /\.ts:\d+/, /\.js:\d+/, /node_modules/, /\bSELECT\b/i, /\bFROM\s+"?\w+/i, /QueryFailedError/, /TypeError/, /stack/i, /\/work\//, /relation "/];

function expectNoLeak(label: string, res: Response) {
  const text = res.text ?? JSON.stringify(res.body);
  const found = LEAKS.filter((pattern) => pattern.test(text)).map(String);
  expect({ label, found }).toEqual({ label, found: [] });
  expect({ label, shape: Object.keys(res.body).filter((k) => !['statusCode', 'error', 'message', 'details'].includes(k)) }).toEqual({ label, shape: [] });
  expect(res.body.statusCode).toBe(res.status);
  expect(res.body.error).toMatch(/^[a-z_]+$/);
}

describe('API8 security misconfiguration', () => {
  let t: TestApp;
  let buyer: Actor;

  beforeAll(async () => {
    t = await startApp({ CORS_ORIGINS: ALLOWED.join(',') });
    buyer = await register(t);
  });
  afterAll(() => t.close());
  afterEach(() => jest.restoreAllMocks());

  describe('headers', () => {
    it('sends security headers and no X-Powered-By on JSON, errors, health and docs', async () => {
      const responses = {
        json: await t.http().get('/api/v1/categories'),
        notFound: await t.http().get('/api/v1/no-such-thing'),
        unauthorized: await t.http().get('/api/v1/me'),
        health: await t.http().get('/health'),
        docs: await t.http().get('/docs-json'),
      };
      for (const [label, res] of Object.entries(responses)) {
        const h = res.headers;
        expect({ label, poweredBy: h['x-powered-by'], server: h['server'] }).toEqual({ label, poweredBy: undefined, server: undefined });
        expect({ label, nosniff: h['x-content-type-options'] }).toEqual({ label, nosniff: 'nosniff' });
        expect(h['content-security-policy']).toContain("default-src 'self'");
        expect(h['content-security-policy']).toContain("frame-ancestors 'self'");
        expect(h['strict-transport-security']).toMatch(/max-age=\d{6,}/);
        expect(h['x-frame-options']).toBe('SAMEORIGIN');
        expect(h['referrer-policy']).toBe('no-referrer');
        expect(h['cross-origin-opener-policy']).toBe('same-origin');
        expect(h['x-dns-prefetch-control']).toBe('off');
      }
    });

    it('answers JSON as application/json with a charset, so a browser never sniffs it as HTML', async () => {
      for (const res of [await t.http().get('/api/v1/categories'), await t.http().get('/api/v1/listings/not-a-uuid')]) {
        expect(res.headers['content-type']).toMatch(/^application\/json; charset=utf-8/);
      }
    });
  });

  describe('CORS', () => {
    const preflight = (origin: string, method = 'POST') =>
      t.http().options('/api/v1/orders').set('Origin', origin).set('Access-Control-Request-Method', method).set('Access-Control-Request-Headers', 'authorization,content-type');

    it('answers a preflight from each configured origin with that origin (never *)', async () => {
      for (const origin of ALLOWED) {
        const res = await preflight(origin);
        expect(res.status).toBeLessThan(300);
        expect(res.headers['access-control-allow-origin']).toBe(origin);
        expect(res.headers['access-control-allow-credentials']).toBe('true');
        expect(res.headers['vary']).toMatch(/origin/i);
      }
      const simple = await t.http().get('/api/v1/categories').set('Origin', ALLOWED[0]);
      expect(simple.headers['access-control-allow-origin']).toBe(ALLOWED[0]);
      expect(simple.headers['access-control-expose-headers']).toMatch(/x-request-id/);
    });

    it('gives an unknown origin no Access-Control-Allow-Origin, on preflight and on requests', async () => {
      const strangers = ['https://evil.example', 'https://shop.sheber.kz.evil.example', 'https://evilshop.sheber.kz', 'http://shop.sheber.kz', 'null', 'https://SHOP.sheber.kz.evil'];
      for (const origin of strangers) {
        const pre = await preflight(origin);
        expect({ origin, acao: pre.headers['access-control-allow-origin'] }).toEqual({ origin, acao: undefined });
        const get = await t.http().get('/api/v1/categories').set('Origin', origin);
        expect({ origin, acao: get.headers['access-control-allow-origin'] }).toEqual({ origin, acao: undefined });
        const authed = await t.http().get('/api/v1/me').set(buyer.auth).set('Origin', origin);
        expect(authed.headers['access-control-allow-origin']).toBeUndefined();
      }
    });
  });

  describe('errors say nothing about the internals', () => {
    it('keeps every client error (400, 401, 403, 404, 409, 413, 415, 422) in the error shape without stack, path or SQL', async () => {
      const email = uniqueEmail('api8');
      await t.http().post('/api/v1/auth/register').send({ email, password: 'correct-horse-battery', name: 'A' }).expect(201);
      const cases: [string, number, Promise<Response>][] = [
        ['validation', 400, t.http().post('/api/v1/auth/register').send({ email: 'x', password: 1, name: { $ne: null } })],
        ['malformed json', 400, t.http().post('/api/v1/auth/login').set('content-type', 'application/json').send('{"email": "a@b.kz", ')],
        ['bad uuid', 400, t.http().get("/api/v1/listings/1' OR '1'='1")],
        ['bad cursor', 400, t.http().get('/api/v1/listings').query({ cursor: Buffer.from('["x; DROP TABLE users", 1]').toString('base64url') })],
        ['sql in a filter', 400, t.http().get('/api/v1/listings').query({ minPrice: "1; SELECT pg_sleep(1)", sort: "price_asc'--" })],
        ['no token', 401, t.http().get('/api/v1/me')],
        ['bad token', 401, t.http().get('/api/v1/me').set('Authorization', 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.')],
        ['wrong password', 401, t.http().post('/api/v1/auth/login').send({ email, password: 'wrong-password' })],
        ['wrong role', 403, t.http().post(`/api/v1/admin/users/${buyer.id}/roles`).set(buyer.auth).send({ roles: ['admin'] })],
        ['unknown route', 404, t.http().get('/api/v1/../../etc/passwd')],
        ['unknown listing', 404, t.http().get(`/api/v1/listings/${randomUUID()}`)],
        ['unknown method', 404, t.http().patch('/api/v1/categories')],
        ['taken e-mail', 409, t.http().post('/api/v1/auth/register').send({ email, password: 'correct-horse-battery', name: 'B' })],
        ['body too large', 413, t.http().post('/api/v1/auth/login').set('content-type', 'application/json').send(JSON.stringify({ email, password: 'x'.repeat(1024 * 1024) }))],
        ['not json', 415, t.http().post('/api/v1/auth/login').set('content-type', 'text/plain').send('email=a')],
        ['xml', 415, t.http().post('/api/v1/auth/login').set('content-type', 'application/xml').send('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>')],
        [
          'unknown variant',
          422,
          t.http().post('/api/v1/orders').set(buyer.auth).set('Idempotency-Key', randomUUID()).send({
            items: [{ variantId: randomUUID(), quantity: 1 }],
            delivery: { type: 'shipping', address: { country: 'KZ', city: 'Алматы', street: 'Абай 1', postalCode: '050000', phone: '+77011234567' } },
          }),
        ],
      ];
      for (const [label, status, pending] of cases) {
        const res = await pending;
        expect({ label, status: res.status }).toEqual({ label, status });
        expectNoLeak(label, res);
      }
    });

    it('answers a failed SQL query with a bare 500: no SQL, table name or stack', async () => {
      const { CategoriesService } = await import('../../../src/catalog/categories.service');
      // A real failure of PostgreSQL (a QueryFailedError carrying its SQL) inside a real request.
      jest.spyOn(t.app.get(CategoriesService), 'tree').mockImplementation(() => t.db.query('SELECT secret_column FROM api8_no_such_table WHERE x = $1', ['y']));
      const res = await t.http().get('/api/v1/categories');
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ statusCode: 500, error: 'internal_error', message: 'Internal server error' });
      expect(res.text).not.toMatch(/api8_no_such_table|secret_column/);
      expectNoLeak('sql', res);
    });

    it('answers a programming error with a bare 500, headers still set', async () => {
      const { CategoriesService } = await import('../../../src/catalog/categories.service');
      jest.spyOn(t.app.get(CategoriesService), 'tree').mockImplementation(() => {
        const broken = undefined as unknown as { name: string };
        return Promise.resolve([{ name: broken.name }] as never);
      });
      const res = await t.http().get('/api/v1/categories');
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ statusCode: 500, error: 'internal_error', message: 'Internal server error' });
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-powered-by']).toBeUndefined();
      expectNoLeak('type error', res);
    });

    it('answers a lost database connection with 503, saying nothing about the database', async () => {
      const { CategoriesService } = await import('../../../src/catalog/categories.service');
      jest.spyOn(t.app.get(CategoriesService), 'tree').mockRejectedValue(
        Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432 (postgres://sheber:hunter2@db/sheber)'), { code: 'ECONNREFUSED' }),
      );
      const res = await t.http().get('/api/v1/categories');
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ statusCode: 503, error: 'service_unavailable', message: expect.any(String) });
      expect(res.text).not.toMatch(/5432|hunter2|postgres|ECONNREFUSED/);
      expectNoLeak('connection', res);
    });
  });
});
