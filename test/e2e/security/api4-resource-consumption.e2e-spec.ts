import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { Response } from 'supertest';
import { startApp, TestApp } from '../../support/app';
import { Actor, categoryId, createAdmin, createListing, grantScopedRoles, listingBody, makerWithShop, register } from '../../support/api';
import { buyer, postOrder, shippingTo, variantForSale, variantStock } from '../../support/orders';

/**
 * OWASP API4 (unrestricted resource consumption): page sizes are capped, bodies and
 * uploads are size-limited, and checkout and search are rate-limited per IP and per user.
 */

const BODY_LIMIT = 16 * 1024;
const UPLOAD_LIMIT = 20 * 1024;
const CHECKOUT_LIMIT = 3;
const SEARCH_LIMIT = 4;

// Addresses of our own (TRUST_PROXY), so that no two tests share a counter.
let octet = 0;
const stamp = Date.now() % 250;
const newIp = () => `10.${stamp}.${(process.pid + 7) % 250}.${++octet}`;

function expectError(res: Response, status: number, error: string) {
  expect({ status: res.status, error: res.body?.error }).toEqual({ status, error });
  expect(res.body).toMatchObject({ statusCode: status, error, message: expect.any(String) });
}

describe('API4 resource consumption', () => {
  let t: TestApp;
  let admin: Actor;

  beforeAll(async () => {
    t = await startApp({
      TRUST_PROXY: 'true',
      BODY_LIMIT_BYTES: String(BODY_LIMIT),
      UPLOAD_MAX_BYTES: String(UPLOAD_LIMIT),
      CHECKOUT_THROTTLE_LIMIT: String(CHECKOUT_LIMIT),
      SEARCH_THROTTLE_LIMIT: String(SEARCH_LIMIT),
    });
    admin = await createAdmin(t);
  });
  afterAll(() => t.close());

  describe('page size', () => {
    /** Every GET the OpenAPI document lists with a `limit` query parameter. */
    async function listRoutes(): Promise<string[]> {
      const doc = (await t.http().get('/docs-json')).body as {
        paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
      };
      return Object.entries(doc.paths)
        .filter(([, ops]) => ops.get?.parameters?.some((p) => p.name === 'limit' && p.in === 'query'))
        .map(([path]) => path);
    }

    it('documents a maximum of 100 for every limit parameter', async () => {
      const doc = (await t.http().get('/docs-json')).body;
      const routes = await listRoutes();
      expect(routes.length).toBeGreaterThanOrEqual(8);
      for (const path of routes) {
        const limit = doc.paths[path].get.parameters.find((p: { name: string }) => p.name === 'limit');
        expect({ path, maximum: limit.schema?.maximum }).toEqual({ path, maximum: 100 });
      }
    });

    it('refuses limit=101 with 400 on every list route, and accepts 100', async () => {
      // One user holding every role, so that no route refuses before the query is validated.
      const everyone = await register(t, ['buyer', 'maker']);
      await grantScopedRoles(t, admin, everyone, ['admin', 'moderator']);
      const routes = await listRoutes();
      const problems: string[] = [];
      for (const path of routes) {
        const url = path.replace(/\{[^}]+\}/g, () => randomUUID());
        const over = await t.http().get(url).query({ limit: 101 }).set(everyone.auth).set('X-Forwarded-For', newIp());
        const fields = (over.body?.details ?? []).map((d: { field: string }) => d.field);
        if (over.status !== 400 || over.body.statusCode !== 400 || !fields.includes('limit')) {
          problems.push(`${path} limit=101 → ${over.status} ${JSON.stringify(over.body).slice(0, 200)}`);
        }
        const max = await t.http().get(url).query({ limit: 100 }).set(everyone.auth).set('X-Forwarded-For', newIp());
        if (max.status === 400 || max.status >= 500) problems.push(`${path} limit=100 → ${max.status} ${JSON.stringify(max.body).slice(0, 200)}`);
      }
      expect(problems).toEqual([]);
    });

    it('refuses limit=0, a negative, a fraction and a huge number with 400', async () => {
      for (const limit of ['0', '-1', '2.5', '1e9', '99999999999999999999']) {
        const res = await t.http().get('/api/v1/listings').query({ limit }).set('X-Forwarded-For', newIp());
        expectError(res, 400, 'validation_failed');
      }
    });
  });

  describe('body and upload size', () => {
    it('answers a JSON body over BODY_LIMIT_BYTES with 413 in the error shape, on public and authenticated routes', async () => {
      const b = await buyer(t);
      const huge = 'я'.repeat(BODY_LIMIT); // two bytes each in UTF-8
      const attempts = [
        t.http().post('/api/v1/auth/register').set('X-Forwarded-For', newIp()).send({ email: 'big@test.sheber.kz', password: huge, name: 'x' }),
        t.http().post('/api/v1/orders').set(b.auth).set('Idempotency-Key', randomUUID()).set('X-Forwarded-For', newIp()).send({ items: [], note: huge }),
        t.http().put('/api/v1/me/shop').set(b.auth).send({ name: huge }),
      ];
      for (const attempt of attempts) {
        const res = await attempt;
        expect(res.status).toBe(413);
        expect(res.body).toEqual({ statusCode: 413, error: 'payload_too_large', message: expect.any(String) });
      }
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM users WHERE email = 'big@test.sheber.kz'`);
      expect(n).toBe(0);
    });

    it('reads a body just under the limit (not refused for its size)', async () => {
      const res = await t
        .http()
        .post('/api/v1/auth/login')
        .set('X-Forwarded-For', newIp())
        .send({ email: 'nobody@test.sheber.kz', password: 'p'.repeat(BODY_LIMIT - 200) });
      expect(res.status).not.toBe(413);
      expect(res.status).toBeLessThan(500);
    });

    it('refuses an image over UPLOAD_MAX_BYTES with 413 file_too_large and stores nothing', async () => {
      const { maker } = await makerWithShop(t);
      const listing = await createListing(t, maker, listingBody({ categoryId: await categoryId(t, 'syrmak') }));
      // Random pixels do not compress: a PNG well over the limit.
      const noise = Buffer.from(Array.from({ length: 120 * 120 * 3 }, () => Math.floor(Math.random() * 256)));
      const big = await sharp(noise, { raw: { width: 120, height: 120, channels: 3 } }).png().toBuffer();
      expect(big.length).toBeGreaterThan(UPLOAD_LIMIT);
      const res = await t.http().post(`/api/v1/listings/${listing.id}/images`).set(maker.auth).attach('file', big, { filename: 'big.png', contentType: 'image/png' });
      expectError(res, 413, 'file_too_large');
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM listing_images WHERE listing_id = $1`, [listing.id]);
      expect(n).toBe(0);

      // A small one still goes through.
      const small = await sharp({ create: { width: 16, height: 12, channels: 3, background: { r: 1, g: 2, b: 3 } } }).png().toBuffer();
      const ok = await t.http().post(`/api/v1/listings/${listing.id}/images`).set(maker.auth).attach('file', small, { filename: 'ok.png', contentType: 'image/png' });
      expect(ok.status).toBe(201);
    });

    it('stores at most one file of an upload that sends several (multipart files limit 1)', async () => {
      const { maker } = await makerWithShop(t);
      const listing = await createListing(t, maker, listingBody({ categoryId: await categoryId(t, 'syrmak') }));
      const small = await sharp({ create: { width: 16, height: 12, channels: 3, background: { r: 1, g: 2, b: 3 } } }).png().toBuffer();
      const req = t.http().post(`/api/v1/listings/${listing.id}/images`).set(maker.auth);
      for (let i = 0; i < 5; i++) req.attach('file', small, { filename: `${i}.png`, contentType: 'image/png' });
      const res = await req;
      expect(res.status).toBeLessThan(500);
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM listing_images WHERE listing_id = $1`, [listing.id]);
      expect(n).toBe(res.status === 201 ? 1 : 0);
    });
  });

  describe('rate limits', () => {
    const checkout = (who: Actor, variantId: string, ip: string) =>
      postOrder(t, who, { items: [{ variantId, quantity: 1 }], delivery: shippingTo() }).set('X-Forwarded-For', ip);

    function expectThrottled(res: Response) {
      expectError(res, 429, 'too_many_requests');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    }

    it('throttles checkout per buyer, from whatever address, and takes no stock when it does', async () => {
      const sale = await variantForSale(t, { stock: 20 });
      const b = await buyer(t);
      for (let i = 0; i < CHECKOUT_LIMIT; i++) expect((await checkout(b, sale.variantId, newIp())).status).toBe(201);
      const blocked = await checkout(b, sale.variantId, newIp());
      expectThrottled(blocked);
      expect(await variantStock(t, sale.variantId)).toBe(20 - CHECKOUT_LIMIT);
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM orders WHERE buyer_id = $1`, [b.id]);
      expect(n).toBe(CHECKOUT_LIMIT);
      // Another buyer is not affected.
      expect((await checkout(await buyer(t), sale.variantId, newIp())).status).toBe(201);
    });

    it('throttles checkout per address across buyers', async () => {
      const sale = await variantForSale(t, { stock: 20 });
      const ip = newIp();
      for (let i = 0; i < CHECKOUT_LIMIT; i++) expect((await checkout(await buyer(t), sale.variantId, ip)).status).toBe(201);
      expectThrottled(await checkout(await buyer(t), sale.variantId, ip));
      expect((await checkout(await buyer(t), sale.variantId, newIp())).status).toBe(201);
    });

    it('counts refused checkouts too (no free retries of a bad cart)', async () => {
      const b = await buyer(t);
      const ip = newIp();
      for (let i = 0; i < CHECKOUT_LIMIT; i++) expect((await checkout(b, randomUUID(), ip)).status).toBe(422);
      expectThrottled(await checkout(b, randomUUID(), ip));
    });

    it('throttles search per address', async () => {
      const ip = newIp();
      for (let i = 0; i < SEARCH_LIMIT; i++) expect((await t.http().get('/api/v1/listings?q=кілем').set('X-Forwarded-For', ip)).status).toBe(200);
      expectThrottled(await t.http().get('/api/v1/listings?q=кілем').set('X-Forwarded-For', ip));
      expect((await t.http().get('/api/v1/listings?q=кілем').set('X-Forwarded-For', newIp())).status).toBe(200);
    });

    it('throttles search per signed-in user, from whatever address', async () => {
      const b = await buyer(t);
      for (let i = 0; i < SEARCH_LIMIT; i++) expect((await t.http().get('/api/v1/listings?q=кілем').set(b.auth).set('X-Forwarded-For', newIp())).status).toBe(200);
      expectThrottled(await t.http().get('/api/v1/listings?q=кілем').set(b.auth).set('X-Forwarded-For', newIp()));
      // Anonymous from a fresh address is still served.
      expect((await t.http().get('/api/v1/listings?q=кілем').set('X-Forwarded-For', newIp())).status).toBe(200);
    });

    it('documents 429 on checkout and search', async () => {
      const doc = (await t.http().get('/docs-json')).body;
      expect(Object.keys(doc.paths['/api/v1/orders'].post.responses)).toContain('429');
      expect(Object.keys(doc.paths['/api/v1/listings'].get.responses)).toContain('429');
    });
  });
});
