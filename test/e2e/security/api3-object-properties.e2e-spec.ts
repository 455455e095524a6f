import { randomBytes, randomUUID } from 'node:crypto';
import { Response } from 'supertest';
import { TestApp, startApp } from '../../support/app';
import {
  Actor,
  associationWithAdmin,
  categoryId,
  createAdmin,
  grantScopedRoles,
  joinAssociation,
  listingBody,
  listingSnapshot,
  makerWithShop,
  moderatorOf,
  PASSWORD,
  register,
  uniqueEmail,
} from '../../support/api';
import { ForSale, OrderBody, placeOrder, postOrder, shippingTo, variantForSale, variantStock } from '../../support/orders';

const API = '/api/v1';
const JWT_SECRET = `api3-jwt-${randomBytes(24).toString('hex')}`;
const WEBHOOK_SECRET = `whsec_api3${randomBytes(16).toString('hex')}`;

/** Keys that must never reach a client, whatever object they sit in. */
const SECRET_KEYS = /^(password|passwordHash|password_hash|hash|tokenHash|token_hash|refreshToken|refresh_token|refreshTokens|accessToken|jwtSecret|secret|stripeSecret|secretKey|webhookSecret)$/i;

/** Every place in a JSON value that gives away a secret or someone else's e-mail: `path: why`. */
function leaks(value: unknown, forbidden: { strings: string[]; emails: string[] }, path = '$'): string[] {
  if (typeof value === 'string') {
    const found: string[] = [];
    if (/^\$argon2/.test(value)) found.push(`${path}: a password hash`);
    if (/\b(sk|rk)_(test|live)_|whsec_/.test(value)) found.push(`${path}: a Stripe secret`);
    for (const s of forbidden.strings) if (value.includes(s)) found.push(`${path}: a secret or token`);
    const lower = value.toLowerCase();
    for (const e of forbidden.emails) if (lower.includes(e.toLowerCase())) found.push(`${path}: another user's e-mail`);
    return found;
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => leaks(v, forbidden, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [...(SECRET_KEYS.test(k) ? [`${path}.${k}: a secret's key`] : []), ...leaks(v, forbidden, `${path}.${k}`)]);
  }
  return [];
}

/**
 * OWASP API3:2023, broken object property level authorisation: a client cannot set
 * properties it does not own (mass assignment is refused with 400 validation_failed,
 * or 403 where the contract says so), and no answer gives away a property it should
 * not see (password hashes, tokens, Stripe secrets, other users' e-mails).
 */
describe('OWASP API3: object property level authorisation', () => {
  let t: TestApp;
  let admin: Actor;
  let assocId: string;
  let assocAdmin: Actor;
  let moderator: Actor;
  let sale: ForSale;
  let customer: Actor;
  let order: OrderBody;
  let pendingMaker: Actor;
  let everyone: Actor[];

  beforeAll(async () => {
    t = await startApp({ JWT_SECRET, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET });
    admin = await createAdmin(t);
    const a = await associationWithAdmin(t, admin);
    assocId = a.association.id;
    assocAdmin = a.assocAdmin;
    moderator = await moderatorOf(t, admin, assocId);
    const maker = await makerWithShop(t);
    await joinAssociation(t, maker.maker, assocId, assocAdmin);
    sale = await variantForSale(t, { stock: 10, maker: maker as ForSale });
    customer = await register(t, ['buyer']);
    order = await placeOrder(t, customer, [{ variantId: sale.variantId, quantity: 1 }]);
    expect((await t.http().post(`${API}/payments/${order.payment.id}/mark-paid`).set(assocAdmin.auth)).status).toBe(200);
    const flagged = await t.http().post(`${API}/listings/${sale.listingId}/flags`).set(customer.auth).send({ reason: 'misleading', details: 'Похоже на фабричное' });
    expect(flagged.status).toBe(201);
    pendingMaker = (await makerWithShop(t)).maker;
    expect((await t.http().post(`${API}/associations/${assocId}/memberships`).set(pendingMaker.auth).send({ message: 'примите' })).status).toBe(201);
    everyone = [admin, assocAdmin, moderator, sale.maker, customer, pendingMaker];
  });
  afterAll(() => t.close());

  const validationFailed = (res: Response, field?: string) => {
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'validation_failed' });
    if (field) expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  };
  const userCount = async (email: string) => (await t.db.query('SELECT count(*)::int AS n FROM users WHERE lower(email) = lower($1)', [email]))[0].n;

  describe('mass assignment', () => {
    it.each([
      ['role', { role: 'admin' }],
      ['isAdmin', { isAdmin: true }],
      ['associationId', { associationId: randomUUID() }],
      ['passwordHash', { passwordHash: '$argon2id$v=19$m=65536,t=3,p=4$abc$def' }],
      ['id', { id: randomUUID() }],
    ])('register with %s: 400 validation_failed, no user made', async (field, extra) => {
      const email = uniqueEmail('api3');
      const res = await t.http().post(`${API}/auth/register`).send({ email, password: PASSWORD, name: 'Мастер', roles: ['maker'], ...extra });
      validationFailed(res, field);
      expect(await userCount(email)).toBe(0);
    });

    it.each([['admin'], ['moderator'], ['association_admin'], ['superuser']])('register with roles [%s]: refused, no user made', async (role) => {
      const email = uniqueEmail('api3');
      const res = await t.http().post(`${API}/auth/register`).send({ email, password: PASSWORD, name: 'Мастер', roles: ['buyer', role] });
      // Known roles are the contract's 403; an unknown one is not a role at all.
      expect(res.status).toBe(role === 'superuser' ? 400 : 403);
      expect(await userCount(email)).toBe(0);
    });

    it.each([
      ['shopId', () => ({ shopId: randomUUID() })],
      ['ownerId', () => ({ ownerId: customer.id })],
      ['status', () => ({ status: 'published' })],
      ['variants.0.stockReserved', () => ({ variants: [{ sku: 'MASS-1', price: { amount: 100000, currency: 'KZT' }, stock: 1, stockReserved: 0 }] })],
    ])('POST /listings with %s: 400, nothing made', async (field, extra) => {
      const before = (await t.db.query('SELECT count(*)::int AS n FROM listings WHERE shop_id = $1', [sale.shop.id]))[0].n;
      const res = await t.http().post(`${API}/listings`).set(sale.maker.auth).send(listingBody({ categoryId: await categoryId(t, 'syrmak'), ...extra() }));
      validationFailed(res, field);
      expect((await t.db.query('SELECT count(*)::int AS n FROM listings WHERE shop_id = $1', [sale.shop.id]))[0].n).toBe(before);
    });

    it.each([
      ['status', { status: 'published' }],
      ['shopId', { shopId: randomUUID() }],
      ['ownerId', { ownerId: randomUUID() }],
      ['publishedAt', { publishedAt: new Date().toISOString() }],
    ])('PATCH /listings/:id with %s: 400, the listing unchanged', async (field, extra) => {
      const before = await listingSnapshot(t, sale.listingId);
      const res = await t.http().patch(`${API}/listings/${sale.listingId}`).set(sale.maker.auth).send({ materials: ['жүн'], ...extra });
      validationFailed(res, field);
      expect(await listingSnapshot(t, sale.listingId)).toEqual(before);
    });

    it.each<[string, Record<string, unknown>]>([
      ['items.0.price', { items: [{ variantId: '', quantity: 1, price: { amount: 1, currency: 'KZT' } }] }],
      ['items.0.unitPrice', { items: [{ variantId: '', quantity: 1, unitPrice: 1 }] }],
      ['total', { total: { amount: 1, currency: 'KZT' } }],
      ['status', { status: 'paid' }],
      ['buyerId', { buyerId: randomUUID() }],
      ['discount', { discount: 100 }],
    ])('POST /orders with %s: 400, no order, no stock taken', async (field, extra) => {
      const buyer = await register(t, ['buyer']);
      const items = [{ variantId: sale.variantId, quantity: 1 }];
      const body: Record<string, unknown> = { items, delivery: shippingTo(), ...extra };
      if (Array.isArray(extra.items)) body.items = (extra.items as Record<string, unknown>[]).map((i) => ({ ...i, variantId: sale.variantId }));
      const stock = await variantStock(t, sale.variantId);
      validationFailed(await postOrder(t, buyer, body), field);
      expect(await variantStock(t, sale.variantId)).toBe(stock);
      expect((await t.db.query('SELECT count(*)::int AS n FROM orders WHERE buyer_id = $1', [buyer.id]))[0].n).toBe(0);
    });

    it.each([
      ['status', { status: 'delivered' }],
      ['shippedAt', { shippedAt: new Date().toISOString() }],
    ])('POST /seller-orders/:id/ship with %s: 400, the seller order unchanged', async (field, extra) => {
      const id = order.sellerOrders[0].id;
      const before = (await t.db.query('SELECT * FROM seller_orders WHERE id = $1', [id]))[0];
      validationFailed(await t.http().post(`${API}/seller-orders/${id}/ship`).set(sale.maker.auth).send({ carrier: 'kazpost', trackingNumber: 'RR123456789KZ', ...extra }), field);
      expect((await t.db.query('SELECT * FROM seller_orders WHERE id = $1', [id]))[0]).toEqual(before);
    });

    it('POST /seller-orders/:id/refund with status or refunded: 400, no refund', async () => {
      const id = order.sellerOrders[0].id;
      const body = { reason: 'брак', status: 'refunded', refunded: { amount: 0, currency: 'KZT' } };
      validationFailed(await t.http().post(`${API}/seller-orders/${id}/refund`).set(sale.maker.auth).send(body), 'status');
      expect((await t.db.query('SELECT count(*)::int AS n FROM refunds WHERE seller_order_id = $1', [id]))[0].n).toBe(0);
    });

    it.each([
      ['status', { status: 'active' }],
      ['payoutsEnabled', { payoutsEnabled: true }],
      ['stripeAccountId', { stripeAccountId: 'acct_1Evil' }],
      ['ownerId', { ownerId: randomUUID() }],
      ['associationId', { associationId: randomUUID() }],
    ])('PUT /me/shop with %s: 400, the shop unchanged', async (field, extra) => {
      const before = (await t.db.query('SELECT * FROM shops WHERE id = $1', [sale.shop.id]))[0];
      const res = await t.http().put(`${API}/me/shop`).set(sale.maker.auth).send({ name: 'Новое имя', region: 'turkestan', city: 'Түркістан', ...extra });
      validationFailed(res, field);
      expect((await t.db.query('SELECT * FROM shops WHERE id = $1', [sale.shop.id]))[0]).toEqual(before);
    });

    it("refuses commissionRateBps from anyone but the association's admin (and admins), the rate unchanged", async () => {
      const rate = async () => (await t.db.query('SELECT commission_rate_bps FROM associations WHERE id = $1', [assocId]))[0].commission_rate_bps;
      const before = await rate();
      const other = (await associationWithAdmin(t, admin)).assocAdmin;
      for (const who of [sale.maker, customer, moderator, other]) {
        const res = await t.http().patch(`${API}/associations/${assocId}`).set(who.auth).send({ commissionRateBps: 0 });
        expect([403, 404]).toContain(res.status);
      }
      expect(await rate()).toBe(before);
      // Its own admin may, but not with properties no one may set.
      for (const extra of [{ stripeAccountId: 'acct_1Evil' }, { id: randomUUID() }, { payoutsEnabled: true }]) {
        validationFailed(await t.http().patch(`${API}/associations/${assocId}`).set(assocAdmin.auth).send({ commissionRateBps: 500, ...extra }));
      }
      expect(await rate()).toBe(before);
    });

    it('refuses a membership request, a flag or a moderation decision carrying its own status', async () => {
      const maker = (await makerWithShop(t)).maker;
      validationFailed(await t.http().post(`${API}/associations/${assocId}/memberships`).set(maker.auth).send({ status: 'approved' }), 'status');
      expect((await t.db.query('SELECT count(*)::int AS n FROM memberships WHERE maker_id = $1', [maker.id]))[0].n).toBe(0);
      const reporter = await register(t, ['buyer']);
      validationFailed(await t.http().post(`${API}/listings/${sale.listingId}/flags`).set(reporter.auth).send({ reason: 'counterfeit', status: 'resolved' }), 'status');
      expect((await t.db.query('SELECT count(*)::int AS n FROM flags WHERE reporter_id = $1', [reporter.id]))[0].n).toBe(0);
      const [m] = await t.db.query('SELECT id FROM memberships WHERE maker_id = $1', [pendingMaker.id]);
      validationFailed(
        await t.http().post(`${API}/associations/${assocId}/memberships/${m.id}/decision`).set(assocAdmin.auth).send({ decision: 'approve', commissionRateBps: 0 }),
        'commissionRateBps',
      );
      expect((await t.db.query('SELECT status FROM memberships WHERE id = $1', [m.id]))[0].status).toBe('pending');
    });

    it('refuses unknown fields nested in objects too: texts, money, addresses, items', async () => {
      const syrmak = await categoryId(t, 'syrmak');
      const variant = { sku: 'NEST-1', price: { amount: 100000, currency: 'KZT' }, stock: 1 };
      const attempts: [string, () => Promise<Response>][] = [
        ['title.de', async () => t.http().post(`${API}/listings`).set(sale.maker.auth).send(listingBody({ categoryId: syrmak, title: { kk: 'Сырмақ', de: 'Teppich' } }))],
        [
          'variants.0.price.approved',
          async () => t.http().post(`${API}/listings`).set(sale.maker.auth).send(listingBody({ categoryId: syrmak }, [{ ...variant, price: { ...variant.price, approved: true } }])),
        ],
        ['bio.status', async () => t.http().put(`${API}/me/shop`).set(sale.maker.auth).send({ name: 'Шеберхана', region: 'turkestan', city: 'Түркістан', bio: { ru: 'О нас', status: 'active' } })],
        [
          'shippingFee.waived',
          async () => t.http().put(`${API}/me/shop`).set(sale.maker.auth).send({ name: 'Шеберхана', region: 'turkestan', city: 'Түркістан', shippingFee: { amount: 0, currency: 'KZT', waived: true } }),
        ],
        [
          'delivery.address.verified',
          async () => postOrder(t, customer, { items: [{ variantId: sale.variantId, quantity: 1 }], delivery: shippingTo({ ...(shippingTo().address as object), verified: true }) }),
        ],
        ['items.0.reserved', async () => postOrder(t, customer, { items: [{ variantId: sale.variantId, quantity: 1, reserved: true }], delivery: shippingTo() })],
        ['name.de', async () => t.http().patch(`${API}/associations/${assocId}`).set(assocAdmin.auth).send({ name: { kk: 'Қауымдастық', ru: 'Ассоциация', en: 'Association', de: 'Verein' } })],
      ];
      const shop = (await t.db.query('SELECT * FROM shops WHERE id = $1', [sale.shop.id]))[0];
      const association = (await t.db.query('SELECT * FROM associations WHERE id = $1', [assocId]))[0];
      const stock = await variantStock(t, sale.variantId);
      for (const [field, attempt] of attempts) validationFailed(await attempt(), field);
      expect((await t.db.query('SELECT * FROM shops WHERE id = $1', [sale.shop.id]))[0]).toEqual(shop);
      expect((await t.db.query('SELECT * FROM associations WHERE id = $1', [assocId]))[0]).toEqual(association);
      expect(await variantStock(t, sale.variantId)).toBe(stock);
    });

    it('refuses an admin granting roles with unknown properties', async () => {
      const user = await register(t, ['buyer']);
      validationFailed(await t.http().post(`${API}/admin/users/${user.id}/roles`).set(admin.auth).send({ roles: ['moderator'], passwordHash: 'x' }), 'passwordHash');
      expect((await t.db.query('SELECT roles FROM users WHERE id = $1', [user.id]))[0].roles).toEqual(['buyer']);
    });
  });

  describe('the ValidationPipe holds everywhere (table over /docs-json)', () => {
    let doc: { paths: Record<string, Record<string, { requestBody?: { content?: Record<string, unknown> }; parameters?: { in: string; name: string }[] }>> };
    let superUser: Actor;
    beforeAll(async () => {
      doc = (await t.http().get('/docs-json')).body;
      // Holds every role, so no guard stops the request before validation does.
      superUser = await register(t, ['buyer', 'maker']);
      await grantScopedRoles(t, admin, superUser, ['admin']);
    });
    const concrete = (path: string) => path.replace(/\{([^}]+)\}/g, (_, name: string) => (name === 'role' ? 'buyer' : name === 'slug' ? 'no-such-shop' : randomUUID()));
    const operations = (filter: (method: string, op: { requestBody?: { content?: Record<string, unknown> }; parameters?: { in: string }[] }) => boolean) =>
      Object.entries(doc.paths)
        .filter(([path]) => path.startsWith('/api/v1/'))
        .flatMap(([path, ops]) => Object.entries(ops).filter(([method, op]) => filter(method, op)).map(([method]) => ({ method, path })));

    it('refuses an unknown field in the JSON body of every operation that takes one', async () => {
      const withBody = operations((_, op) => Boolean(op.requestBody?.content?.['application/json']));
      expect(withBody.length).toBeGreaterThan(20);
      const accepted: string[] = [];
      for (const { method, path } of withBody) {
        const res = await t
          .http()
          [method as 'post' | 'put' | 'patch'](concrete(path))
          .set(superUser.auth)
          .set('Idempotency-Key', randomUUID())
          .send({ notAFieldOfOurs: 'x' });
        if (res.status !== 400 || res.body.error !== 'validation_failed' || !JSON.stringify(res.body.details).includes('notAFieldOfOurs')) {
          accepted.push(`${method.toUpperCase()} ${path} → ${res.status} ${res.body.error}`);
        }
      }
      expect(accepted).toEqual([]);
    });

    it('refuses an unknown query parameter on every operation that documents its query', async () => {
      const withQuery = operations((method, op) => method === 'get' && (op.parameters ?? []).some((p) => p.in === 'query'));
      expect(withQuery.length).toBeGreaterThan(8);
      const accepted: string[] = [];
      for (const { path } of withQuery) {
        const res = await t.http().get(concrete(path)).query({ notAFieldOfOurs: 'x' }).set(superUser.auth);
        if (res.status !== 400 || res.body.error !== 'validation_failed') accepted.push(`GET ${path} → ${res.status} ${res.body.error}`);
      }
      expect(accepted).toEqual([]);
    });
  });

  describe('no answer gives away what it should not', () => {
    /** The GET routes of the document, with this suite's objects for their ids, and the longest page where they page. */
    function crawlList(doc: { paths: Record<string, Record<string, { parameters?: { in: string; name: string }[] }>> }) {
      const ids: Record<string, string> = {
        '/api/v1/listings/{id}': sale.listingId,
        '/api/v1/orders/{id}': order.id,
        '/api/v1/seller-orders/{id}': order.sellerOrders[0].id,
        '/api/v1/shops/{slug}': sale.shop.slug,
      };
      return Object.entries(doc.paths)
        .filter(([path, ops]) => path.startsWith('/api/v1/') && 'get' in ops)
        .map(([path, ops]) => {
          const query = (ops.get.parameters ?? []).some((p) => p.in === 'query' && p.name === 'limit') ? { limit: 100 } : {};
          if (ids[path]) return { path: path.replace(/\{[^}]+\}/, ids[path]), query };
          if (/^\/api\/v1\/associations\/\{id\}/.test(path)) return { path: path.replace('{id}', assocId), query };
          return /\{/.test(path) ? null : { path, query };
        })
        .filter((p): p is { path: string; query: Record<string, number> } => p !== null);
    }

    it('the search finds what it looks for (so a clean crawl means something)', async () => {
      const me = await t.http().get(`${API}/me`).set(customer.auth);
      expect(leaks(me.body, { strings: [], emails: [customer.email] })).toEqual(["$.email: another user's e-mail"]);
      expect(leaks({ a: [{ passwordHash: 'x' }] }, { strings: [], emails: [] })).toEqual(["$.a[0].passwordHash: a secret's key"]);
      expect(leaks({ a: '$argon2id$v=19$m=65536' }, { strings: [], emails: [] })).toEqual(['$.a: a password hash']);
      expect(leaks({ a: `token ${customer.refreshToken}` }, { strings: [customer.refreshToken], emails: [] })).toEqual(['$.a: a secret or token']);
      expect(leaks({ a: 'sk_test_123' }, { strings: [], emails: [] })).toEqual(['$.a: a Stripe secret']);
    });

    it('crawls every GET route as each role: no password hash, token, secret or other user e-mail anywhere', async () => {
      const doc = (await t.http().get('/docs-json')).body;
      const paths = crawlList(doc);
      expect(paths.length).toBeGreaterThan(25);
      const answeredBy: Record<string, string[]> = {};
      const tokens = everyone.flatMap((a) => [a.accessToken, a.refreshToken]);
      const found: string[] = [];
      for (const caller of everyone) {
        const forbidden = { strings: [JWT_SECRET, WEBHOOK_SECRET, ...tokens], emails: everyone.filter((a) => a.id !== caller.id).map((a) => a.email) };
        let answered = 0;
        for (const { path, query } of paths) {
          const res = await t.http().get(path).query(query).set(caller.auth);
          expect(res.status).toBeLessThan(500);
          if (res.status !== 200 || !res.headers['content-type']?.includes('json')) continue;
          answered++;
          (answeredBy[path] ??= []).push(caller.id);
          for (const leak of leaks(res.body, forbidden)) found.push(`${caller === admin ? 'admin' : caller.email.split('-')[0]} GET ${path} ${leak}`);
        }
        expect(answered).toBeGreaterThan(8);
      }
      expect(found).toEqual([]);
      // Every GET route answered someone, so none was left out of the search.
      expect(paths.map((p) => p.path).filter((p) => !answeredBy[p])).toEqual([]);
    });

    it("write answers (checkout, mark-paid, ship, refund, membership decisions, flags, moderation) carry no other user's e-mail or secret", async () => {
      const buyer = await register(t, ['buyer']);
      const maker = (await makerWithShop(t)).maker;
      const people = [...everyone, buyer, maker];
      const tokens = people.flatMap((a) => [a.accessToken, a.refreshToken]);
      const check = (caller: Actor, res: Response, expected: number) => {
        expect(res.status).toBe(expected);
        const forbidden = { strings: [JWT_SECRET, WEBHOOK_SECRET, ...tokens], emails: people.filter((a) => a.id !== caller.id).map((a) => a.email) };
        const { method, path } = (res as unknown as { req: { method: string; path: string } }).req;
        return leaks(res.body, forbidden).map((l) => `${method} ${path} ${l}`);
      };
      const found: string[] = [];
      const placed = await postOrder(t, buyer, { items: [{ variantId: sale.variantId, quantity: 1 }], delivery: shippingTo() });
      found.push(...check(buyer, placed, 201));
      found.push(...check(assocAdmin, await t.http().post(`${API}/payments/${placed.body.payment.id}/mark-paid`).set(assocAdmin.auth), 200));
      const so = placed.body.sellerOrders[0].id;
      found.push(...check(sale.maker, await t.http().get(`${API}/seller-orders/${so}`).set(sale.maker.auth), 200));
      found.push(...check(sale.maker, await t.http().post(`${API}/seller-orders/${so}/refund`).set(sale.maker.auth).send({ amount: { amount: 1000, currency: 'KZT' }, reason: 'царапина' }), 200));
      found.push(...check(sale.maker, await t.http().post(`${API}/seller-orders/${so}/ship`).set(sale.maker.auth).send({ carrier: 'kazpost', trackingNumber: 'RR123456789KZ' }), 200));
      found.push(...check(buyer, await t.http().post(`${API}/seller-orders/${so}/deliver`).set(buyer.auth), 200));
      const requested = await t.http().post(`${API}/associations/${assocId}/memberships`).set(maker.auth).send({ message: 'примите меня' });
      found.push(...check(maker, requested, 201));
      found.push(...check(assocAdmin, await t.http().post(`${API}/associations/${assocId}/memberships/${requested.body.id}/decision`).set(assocAdmin.auth).send({ decision: 'approve' }), 200));
      const flag = await t.http().post(`${API}/listings/${sale.listingId}/flags`).set(buyer.auth).send({ reason: 'other', details: 'Вопрос к мастеру' });
      found.push(...check(buyer, flag, 201));
      found.push(...check(moderator, await t.http().get(`${API}/moderation/flags`).set(moderator.auth), 200));
      found.push(...check(moderator, await t.http().post(`${API}/moderation/flags/${flag.body.id}/resolve`).set(moderator.auth).send({ action: 'dismiss', note: 'всё в порядке' }), 200));
      found.push(...check(assocAdmin, await t.http().patch(`${API}/associations/${assocId}`).set(assocAdmin.auth).send({ city: 'Түркістан' }), 200));
      expect(found).toEqual([]);
    });

    it('the CSV commission report carries no e-mail or secret either', async () => {
      const res = await t.http().get(`${API}/associations/${assocId}/reports/commission`).query({ format: 'csv' }).set(assocAdmin.auth);
      expect(res.status).toBe(200);
      for (const a of everyone) expect(res.text.toLowerCase()).not.toContain(a.email.toLowerCase());
      expect(res.text).not.toMatch(/\$argon2|whsec_|sk_test_/);
    });

    it('auth answers give the caller its own tokens and nothing of the password', async () => {
      const email = uniqueEmail('api3-self');
      const reg = await t.http().post(`${API}/auth/register`).send({ email, password: PASSWORD, name: 'Өзім', roles: ['buyer'] });
      expect(reg.status).toBe(201);
      const login = await t.http().post(`${API}/auth/login`).send({ email, password: PASSWORD });
      expect(login.status).toBe(200);
      const refresh = await t.http().post(`${API}/auth/refresh`).send({ refreshToken: login.body.refreshToken });
      expect(refresh.status).toBe(200);
      for (const res of [reg, login, refresh]) {
        expect(Object.keys(res.body).filter((k) => k !== 'expiresIn').sort()).toEqual(['accessToken', 'refreshToken', 'user']);
        expect(res.body.user.email).toBe(email);
        expect(Object.keys(res.body.user)).not.toEqual(expect.arrayContaining(['password']));
        const others = { strings: [JWT_SECRET, ...everyone.flatMap((a) => [a.accessToken, a.refreshToken])], emails: everyone.map((a) => a.email) };
        expect(leaks(res.body.user, others)).toEqual([]);
        expect(JSON.stringify(res.body)).not.toMatch(/\$argon2|password/i);
      }
      // The stored refresh token is a hash, not the token handed out.
      const stored = JSON.stringify(await t.db.query('SELECT * FROM refresh_tokens WHERE user_id = $1', [reg.body.user.id]));
      expect(stored).not.toContain(login.body.refreshToken);
    });

    it('errors do not echo secrets back: a wrong password or a bad refresh token names neither', async () => {
      const bad = await t.http().post(`${API}/auth/login`).send({ email: customer.email, password: 'wrong-password-123' });
      expect(bad.status).toBe(401);
      expect(JSON.stringify(bad.body)).not.toMatch(/wrong-password-123|\$argon2/);
      const refresh = await t.http().post(`${API}/auth/refresh`).send({ refreshToken: `${customer.refreshToken}x` });
      expect(refresh.status).toBe(401);
      expect(JSON.stringify(refresh.body)).not.toContain(customer.refreshToken);
    });
  });
});
