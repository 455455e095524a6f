import { randomUUID } from 'node:crypto';
import { Response } from 'supertest';
import { startApp, TestApp } from '../../support/app';
import { Actor, associationWithAdmin, createAdmin, createListing, categoryId, joinAssociation, listingBody, register, uniqueSuffix } from '../../support/api';
import {
  buyer,
  ForSale,
  KZ_ADDRESS,
  OrderBody,
  outboxTypes,
  placeOrder,
  postOrder,
  shippingTo,
  variantForSale,
  variantStock,
} from '../../support/orders';

/**
 * Checkout with the manual provider (no Stripe configured): validation, stock, money
 * computed on the server, commission snapshots, pickup, concurrency, Idempotency-Key
 * and who sees what afterwards.
 */

const API = '/api/v1';
const KZT = (amount: number) => ({ amount, currency: 'KZT' });
const PLATFORM_FEE_BPS = 500;
const BUYER_NAME = 'Тест Қолданушы'; // what register() names everyone

/** round_half_up(amount × bps / 10000), computed independently of src/. */
const percent = (amount: number, bps: number) => Math.floor((amount * bps + 5000) / 10000);

function expectError(res: Response, status: number, error: string) {
  expect({ status: res.status, error: res.body?.error }).toEqual({ status, error });
  expect(res.body).toMatchObject({ statusCode: status, error, message: expect.any(String) });
}

describe('POST /orders — checkout (manual provider)', () => {
  let t: TestApp;
  let admin: Actor;

  beforeAll(async () => {
    // A small pool: a checkout that queried outside its own transaction (holding one
    // connection while waiting for another) would hang the concurrent tests at once,
    // instead of only on a loaded machine.
    t = await startApp({ DATABASE_POOL_SIZE: '2' });
    admin = await createAdmin(t);
  });
  afterAll(() => t.close());

  const ordersOf = async (buyerId: string): Promise<number> =>
    (await t.db.query(`SELECT count(*)::int AS n FROM orders WHERE buyer_id = $1`, [buyerId]))[0].n;
  const keysOf = async (userId: string): Promise<number> =>
    (await t.db.query(`SELECT count(*)::int AS n FROM idempotency_records WHERE user_id = $1`, [userId]))[0].n;
  const linesOfVariant = async (variantId: string): Promise<{ n: number; units: number }> =>
    (await t.db.query(`SELECT count(*)::int AS n, coalesce(sum(quantity), 0)::int AS units FROM order_lines WHERE variant_id = $1`, [variantId]))[0];

  // ---------------------------------------------------------------- bad input

  describe('bad input: 400 and nothing changes', () => {
    let sale: ForSale;
    let b: Actor;
    const key = randomUUID(); // one key for every bad request: none of them may burn it
    beforeAll(async () => {
      sale = await variantForSale(t, { stock: 5 });
      b = await buyer(t);
    });

    const item = (extra: Record<string, unknown> = {}) => ({ variantId: sale.variantId, quantity: 1, ...extra });
    const ship = shippingTo();
    const withAddress = (patch: Record<string, unknown>) => shippingTo({ ...KZ_ADDRESS, ...patch });

    const cases: [string, () => unknown][] = [
      ['price in the body', () => ({ items: [item()], delivery: ship, price: KZT(1) })],
      ['total in the body', () => ({ items: [item()], delivery: ship, total: KZT(1) })],
      ['shopId in the body', () => ({ items: [item()], delivery: ship, shopId: sale.shop.id })],
      ['price in an item', () => ({ items: [item({ price: KZT(1) })], delivery: ship })],
      ['total in an item', () => ({ items: [item({ total: KZT(1) })], delivery: ship })],
      ['shopId in an item', () => ({ items: [item({ shopId: sale.shop.id })], delivery: ship })],
      ['quantity 0', () => ({ items: [item({ quantity: 0 })], delivery: ship })],
      ['quantity -1', () => ({ items: [item({ quantity: -1 })], delivery: ship })],
      ['quantity 1.5', () => ({ items: [item({ quantity: 1.5 })], delivery: ship })],
      ['quantity "2" (a string)', () => ({ items: [item({ quantity: '2' })], delivery: ship })],
      ['quantity 10^9', () => ({ items: [item({ quantity: 1_000_000_000 })], delivery: ship })],
      ['quantity 1001', () => ({ items: [item({ quantity: 1001 })], delivery: ship })],
      ['no quantity', () => ({ items: [{ variantId: sale.variantId }], delivery: ship })],
      ['empty items', () => ({ items: [], delivery: ship })],
      ['no items', () => ({ delivery: ship })],
      ['51 items', () => ({ items: Array.from({ length: 51 }, () => item()), delivery: ship })],
      ['a variantId that is not a uuid', () => ({ items: [{ variantId: 'not-a-uuid', quantity: 1 }], delivery: ship })],
      ['no variantId', () => ({ items: [{ quantity: 1 }], delivery: ship })],
      ['no delivery', () => ({ items: [item()] })],
      ['an unknown delivery type', () => ({ items: [item()], delivery: { type: 'teleport' } })],
      ['shipping without an address', () => ({ items: [item()], delivery: { type: 'shipping' } })],
      ['shipping with a hubId', () => ({ items: [item()], delivery: { ...ship, hubId: randomUUID() } })],
      ['an unknown country', () => ({ items: [item()], delivery: withAddress({ country: 'XX' }) })],
      ['a country that is not ISO2', () => ({ items: [item()], delivery: withAddress({ country: 'KAZ' }) })],
      ['a KZ postal code of 5 digits', () => ({ items: [item()], delivery: withAddress({ postalCode: '16000' }) })],
      ['a KZ postal code with letters', () => ({ items: [item()], delivery: withAddress({ postalCode: '16000A' }) })],
      ['a postal code of one character', () => ({ items: [item()], delivery: withAddress({ postalCode: '1' }) })],
      ['a phone that is not a number', () => ({ items: [item()], delivery: withAddress({ phone: 'call me' }) })],
      ['a phone of 5 digits', () => ({ items: [item()], delivery: withAddress({ phone: '12345' }) })],
      ['an address without a street', () => ({ items: [item()], delivery: shippingTo({ ...KZ_ADDRESS, street: undefined }) })],
      ['an unknown address field', () => ({ items: [item()], delivery: withAddress({ floor: 3 }) })],
      ['pickup without hubId', () => ({ items: [item()], delivery: { type: 'pickup' } })],
      ['pickup with a hubId that is not a uuid', () => ({ items: [item()], delivery: { type: 'pickup', hubId: 'hub-1' } })],
      ['pickup with an address', () => ({ items: [item()], delivery: { type: 'pickup', hubId: randomUUID(), address: KZ_ADDRESS } })],
    ];

    it.each(cases)('%s', async (_name, body) => {
      const res = await postOrder(t, b, body(), key);
      expectError(res, 400, 'validation_failed');
      expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: expect.any(String) })]));
      expect(await variantStock(t, sale.variantId)).toBe(5);
      expect(await ordersOf(b.id)).toBe(0);
      expect(await keysOf(b.id)).toBe(0);
    });

    it('accepts exactly 50 items (of one variant, merged into one line)', async () => {
      const big = await variantForSale(t, { stock: 60, price: 10_000 });
      const order = await placeOrder(t, await buyer(t), Array.from({ length: 50 }, () => ({ variantId: big.variantId, quantity: 1 })));
      expect(order.sellerOrders[0].lines).toHaveLength(1);
      expect(order.sellerOrders[0].lines[0].quantity).toBe(50);
      expect(await variantStock(t, big.variantId)).toBe(10);
    });

    it('left the key unused: the same key then places a valid order', async () => {
      const res = await postOrder(t, b, { items: [item()], delivery: ship }, key);
      expect(res.status).toBe(201);
      expect(await variantStock(t, sale.variantId)).toBe(4);
      expect(await ordersOf(b.id)).toBe(1);
    });
  });

  describe('Idempotency-Key header', () => {
    it('is required: 400 idempotency_key_required, nothing created', async () => {
      const sale = await variantForSale(t, { stock: 2 });
      const b = await buyer(t);
      const body = { items: [{ variantId: sale.variantId, quantity: 1 }], delivery: shippingTo() };
      expectError(await postOrder(t, b, body, null), 400, 'idempotency_key_required');
      expectError(await postOrder(t, b, body, ''), 400, 'idempotency_key_required');
      expectError(await postOrder(t, b, body, 'has spaces in it'), 400, 'invalid_idempotency_key');
      expect(await variantStock(t, sale.variantId)).toBe(2);
      expect(await ordersOf(b.id)).toBe(0);
    });
  });

  // ---------------------------------------------------------------- what cannot be bought

  describe('carts that cannot be bought', () => {
    it('422 mixed_currencies for a KZT and a USD listing, stock untouched', async () => {
      const kzt = await variantForSale(t, { stock: 3, currency: 'KZT' });
      const usd = await variantForSale(t, { stock: 3, currency: 'USD', price: 9_900 });
      const b = await buyer(t);
      const res = await postOrder(t, b, {
        items: [
          { variantId: kzt.variantId, quantity: 1 },
          { variantId: usd.variantId, quantity: 1 },
        ],
        delivery: shippingTo(),
      });
      expectError(res, 422, 'mixed_currencies');
      expect(await variantStock(t, kzt.variantId)).toBe(3);
      expect(await variantStock(t, usd.variantId)).toBe(3);
      expect(await ordersOf(b.id)).toBe(0);
    });

    it('422 listing_unavailable for a draft listing (reason listing_not_published) and an unknown variant (not_found)', async () => {
      const sale = await variantForSale(t, { stock: 3 });
      const draft = await createListing(
        t,
        sale.maker,
        listingBody({ categoryId: await categoryId(t, 'syrmak') }, [{ sku: `DRAFT-${uniqueSuffix()}`.toUpperCase(), price: KZT(100_000), stock: 4 }]),
      );
      expect(draft.status).toBe('draft');
      const draftVariant = draft.variants[0].id;
      const unknown = randomUUID();
      const b = await buyer(t);
      const res = await postOrder(t, b, {
        items: [
          { variantId: sale.variantId, quantity: 1 },
          { variantId: draftVariant, quantity: 1 },
          { variantId: unknown, quantity: 1 },
        ],
        delivery: shippingTo(),
      });
      expectError(res, 422, 'listing_unavailable');
      expect(res.body.details).toEqual(
        expect.arrayContaining([
          { variantId: draftVariant, reason: 'listing_not_published' },
          { variantId: unknown, reason: 'not_found' },
        ]),
      );
      expect(res.body.details).toHaveLength(2);
      expect(await variantStock(t, sale.variantId)).toBe(3);
      expect(await variantStock(t, draftVariant)).toBe(4);
      expect(await ordersOf(b.id)).toBe(0);
    });

    it('422 own_listing when a maker who is also a buyer buys from their own shop', async () => {
      const both = await register(t, ['buyer', 'maker']);
      const shop = await t
        .http()
        .put(`${API}/me/shop`)
        .set(both.auth)
        .send({ name: `Өз шеберханам ${uniqueSuffix()}`, region: 'turkestan', city: 'Түркістан' });
      expect(shop.status).toBe(201);
      const sale = await variantForSale(t, { stock: 3, maker: { maker: both, shop: shop.body } as ForSale });
      const res = await postOrder(t, both, { items: [{ variantId: sale.variantId, quantity: 1 }], delivery: shippingTo() });
      expectError(res, 422, 'own_listing');
      expect(await variantStock(t, sale.variantId)).toBe(3);
      expect(await ordersOf(both.id)).toBe(0);
    });

    it('409 insufficient_stock with details {requested, available}, stock untouched', async () => {
      const sale = await variantForSale(t, { stock: 2 });
      const b = await buyer(t);
      const res = await postOrder(t, b, { items: [{ variantId: sale.variantId, quantity: 3 }], delivery: shippingTo() });
      expectError(res, 409, 'insufficient_stock');
      expect(res.body.details).toEqual({ variantId: sale.variantId, sku: sale.sku, requested: 3, available: 2 });
      expect(await variantStock(t, sale.variantId)).toBe(2);
      expect(await ordersOf(b.id)).toBe(0);
    });

    it('refuses the whole cart when one line lacks stock: the other line keeps its stock too', async () => {
      const plenty = await variantForSale(t, { stock: 10 });
      const scarce = await variantForSale(t, { stock: 1 });
      const b = await buyer(t);
      const res = await postOrder(t, b, {
        items: [
          { variantId: plenty.variantId, quantity: 4 },
          { variantId: scarce.variantId, quantity: 2 },
        ],
        delivery: shippingTo(),
      });
      expectError(res, 409, 'insufficient_stock');
      expect(res.body.details).toMatchObject({ variantId: scarce.variantId, requested: 2, available: 1 });
      expect(await variantStock(t, plenty.variantId)).toBe(10);
      expect(await variantStock(t, scarce.variantId)).toBe(1);
    });
  });

  describe('two lines of one variant count together against stock', () => {
    it('stock 3, lines 2 + 2: 409 (requested 4), stock stays 3', async () => {
      const sale = await variantForSale(t, { stock: 3 });
      const b = await buyer(t);
      const res = await postOrder(t, b, {
        items: [
          { variantId: sale.variantId, quantity: 2 },
          { variantId: sale.variantId, quantity: 2 },
        ],
        delivery: shippingTo(),
      });
      expectError(res, 409, 'insufficient_stock');
      expect(res.body.details).toMatchObject({ variantId: sale.variantId, requested: 4, available: 3 });
      expect(await variantStock(t, sale.variantId)).toBe(3);
      expect(await ordersOf(b.id)).toBe(0);
    });

    it('stock 3, lines 1 + 2: 201 with one merged line of 3, stock 0', async () => {
      const sale = await variantForSale(t, { stock: 3, price: 1_000_000, shop: { shippingFee: KZT(0) } });
      const b = await buyer(t);
      const order = await placeOrder(t, b, [
        { variantId: sale.variantId, quantity: 1 },
        { variantId: sale.variantId, quantity: 2 },
      ]);
      expect(order.sellerOrders).toHaveLength(1);
      expect(order.sellerOrders[0].lines).toHaveLength(1);
      expect(order.sellerOrders[0].lines[0]).toMatchObject({ variantId: sale.variantId, quantity: 3, unitPrice: KZT(1_000_000), total: KZT(3_000_000) });
      expect(order.total).toEqual(KZT(3_000_000));
      expect(await variantStock(t, sale.variantId)).toBe(0);
      expect(await linesOfVariant(sale.variantId)).toEqual({ n: 1, units: 3 });
    });
  });

  // ---------------------------------------------------------------- money

  describe('totals are computed on the server', () => {
    it('splits a two-maker cart into two seller orders with their own lines, subtotal, shipping and total', async () => {
      // Shop A: 1 500 ₸ shipping, free from 90 000 ₸. Shop B: 2 000 ₸ shipping, never free.
      const a = await variantForSale(t, { price: 4_500_000, stock: 10, shop: { shippingFee: KZT(150_000), freeShippingOver: KZT(9_000_000) } });
      const b2 = await variantForSale(t, { price: 3_000_000, stock: 10, shop: { shippingFee: KZT(200_000) } });
      const a2 = await variantForSale(t, { price: 250_000, stock: 10, maker: a }); // a second listing of shop A
      const b = await buyer(t);

      const order = await placeOrder(t, b, [
        { variantId: a.variantId, quantity: 1 },
        { variantId: b2.variantId, quantity: 2 },
        { variantId: a2.variantId, quantity: 3 },
      ]);
      expect(order).toMatchObject({ status: 'pending_payment', number: expect.stringMatching(/^SH-\d{6}$/) });
      expect(order.sellerOrders).toHaveLength(2);
      const [soA, soB] = order.sellerOrders;
      expect(soA.number).toBe(`${order.number}-1`);
      expect(soB.number).toBe(`${order.number}-2`);
      expect(soA.shop.id).toBe(a.shop.id);
      expect(soB.shop.id).toBe(b2.shop.id);

      const aGoods = 4_500_000 + 3 * 250_000; // 5 250 000: below 9 000 000 → fee
      expect(soA.lines.map((l) => [l.variantId, l.quantity, l.unitPrice.amount, l.total.amount])).toEqual([
        [a.variantId, 1, 4_500_000, 4_500_000],
        [a2.variantId, 3, 250_000, 750_000],
      ]);
      expect(soA).toMatchObject({ status: 'pending_payment', subtotal: KZT(aGoods), shipping: KZT(150_000), total: KZT(aGoods + 150_000) });
      expect(soB.lines.map((l) => [l.variantId, l.quantity, l.unitPrice.amount, l.total.amount])).toEqual([[b2.variantId, 2, 3_000_000, 6_000_000]]);
      expect(soB).toMatchObject({ subtotal: KZT(6_000_000), shipping: KZT(200_000), total: KZT(6_200_000) });
      expect(soA.lines[0]).toMatchObject({ sku: a.sku, title: { kk: 'Қолдан тоқылған сырмақ', ru: expect.any(String), en: 'Handmade felt syrmak' }, restockedQuantity: 0 });

      expect(order.subtotal).toEqual(KZT(aGoods + 6_000_000));
      expect(order.shipping).toEqual(KZT(150_000 + 200_000));
      expect(order.total).toEqual(KZT(aGoods + 6_000_000 + 350_000));
      expect(order.payment).toMatchObject({ provider: 'manual', status: 'pending', amount: order.total });
      expect(order.payment.clientSecret).toBeUndefined();
      // Manual payments wait three days by default.
      const ttl = new Date(order.expiresAt).getTime() - Date.now();
      expect(ttl).toBeGreaterThan(3 * 24 * 3600_000 - 120_000);
      expect(ttl).toBeLessThanOrEqual(3 * 24 * 3600_000);

      // The same answer from GET, and the rows agree.
      const got = await t.http().get(`${API}/orders/${order.id}`).set(b.auth);
      expect(got.status).toBe(200);
      expect(got.body).toEqual(order);
      const [row] = await t.db.query(`SELECT subtotal_amount::float8 AS s, shipping_amount::float8 AS sh, total_amount::float8 AS tot FROM orders WHERE id = $1`, [order.id]);
      expect(row).toEqual({ s: aGoods + 6_000_000, sh: 350_000, tot: aGoods + 6_350_000 });
      expect(await variantStock(t, a.variantId)).toBe(9);
      expect(await variantStock(t, b2.variantId)).toBe(8);
      expect(await variantStock(t, a2.variantId)).toBe(7);
    });

    it("ships free from the shop's freeShippingOver threshold (inclusive), per seller order", async () => {
      const a = await variantForSale(t, { price: 4_500_000, stock: 10, shop: { shippingFee: KZT(150_000), freeShippingOver: KZT(9_000_000) } });
      const other = await variantForSale(t, { price: 1_000_000, stock: 10, shop: { shippingFee: KZT(200_000), freeShippingOver: KZT(50_000_000) } });
      const b = await buyer(t);
      const order = await placeOrder(t, b, [
        { variantId: a.variantId, quantity: 2 }, // exactly 9 000 000: free
        { variantId: other.variantId, quantity: 1 }, // below its own threshold: fee
      ]);
      expect(order.sellerOrders.map((so) => [so.subtotal.amount, so.shipping.amount, so.total.amount])).toEqual([
        [9_000_000, 0, 9_000_000],
        [1_000_000, 200_000, 1_200_000],
      ]);
      expect(order.shipping).toEqual(KZT(200_000));
      expect(order.total).toEqual(KZT(10_200_000));

      const below = await placeOrder(t, b, [{ variantId: a.variantId, quantity: 1 }]);
      expect(below.shipping).toEqual(KZT(150_000));
      expect(below.total).toEqual(KZT(4_650_000));
    });

    it('snapshots the association, its commission rate and the platform fee; a later rate change leaves the order alone', async () => {
      const { association, assocAdmin } = await associationWithAdmin(t, admin, { commissionRateBps: 1000 });
      const sale = await variantForSale(t, { price: 12_345, stock: 10, shop: { shippingFee: KZT(100_000) } });
      await joinAssociation(t, sale.maker, association.id, assocAdmin);
      const b = await buyer(t);

      const first = await placeOrder(t, b, [{ variantId: sale.variantId, quantity: 1 }]);
      const so1 = first.sellerOrders[0];
      // 12 345 × 10 % = 1 234.5 → 1 235 (half up); × 5 % = 617.25 → 617. Shipping carries no commission.
      expect(so1).toMatchObject({
        associationId: association.id,
        commissionRateBps: 1000,
        platformFeeBps: PLATFORM_FEE_BPS,
        commission: KZT(1_235),
        platformFee: KZT(617),
        subtotal: KZT(12_345),
        shipping: KZT(100_000),
        total: KZT(112_345),
      });
      expect((so1 as unknown as { makerNet: unknown }).makerNet).toEqual(KZT(112_345 - 1_235 - 617));
      expect(percent(12_345, 1000)).toBe(1_235);

      const patched = await t.http().patch(`${API}/associations/${association.id}`).set(assocAdmin.auth).send({ commissionRateBps: 1500 });
      expect(patched.status).toBe(200);
      expect(patched.body.commissionRateBps).toBe(1500);

      const again = await t.http().get(`${API}/orders/${first.id}`).set(b.auth);
      expect(again.body.sellerOrders[0]).toMatchObject({ commissionRateBps: 1000, commission: KZT(1_235), platformFee: KZT(617) });
      const [row] = await t.db.query(`SELECT commission_rate_bps, commission_amount::float8 AS c FROM seller_orders WHERE id = $1`, [so1.id]);
      expect(row).toEqual({ commission_rate_bps: 1000, c: 1_235 });

      const second = await placeOrder(t, b, [{ variantId: sale.variantId, quantity: 1 }]);
      // 12 345 × 15 % = 1 851.75 → 1 852
      expect(second.sellerOrders[0]).toMatchObject({
        associationId: association.id,
        commissionRateBps: 1500,
        platformFeeBps: PLATFORM_FEE_BPS,
        commission: KZT(percent(12_345, 1500)),
        platformFee: KZT(617),
      });
      expect(percent(12_345, 1500)).toBe(1_852);
    });

    it('takes no commission from a maker outside any association (associationId null), only the platform fee', async () => {
      const sale = await variantForSale(t, { price: 333_333, stock: 5, shop: { shippingFee: KZT(0) } });
      const order = await placeOrder(t, await buyer(t), [{ variantId: sale.variantId, quantity: 3 }]);
      expect(order.sellerOrders[0]).toMatchObject({
        associationId: null,
        commissionRateBps: 0,
        platformFeeBps: PLATFORM_FEE_BPS,
        commission: KZT(0),
        platformFee: KZT(percent(999_999, PLATFORM_FEE_BPS)), // 49 999.95 → 50 000
        subtotal: KZT(999_999),
        total: KZT(999_999),
      });
      expect(percent(999_999, PLATFORM_FEE_BPS)).toBe(50_000);
    });

    it('takes the commission only of the association the maker is an approved member of (a pending request counts for nothing)', async () => {
      const { association } = await associationWithAdmin(t, admin, { commissionRateBps: 2000 });
      const sale = await variantForSale(t, { price: 100_000, stock: 5 });
      const requested = await t.http().post(`${API}/associations/${association.id}/memberships`).set(sale.maker.auth).send({});
      expect(requested.status).toBe(201);
      const order = await placeOrder(t, await buyer(t), [{ variantId: sale.variantId, quantity: 1 }]);
      expect(order.sellerOrders[0]).toMatchObject({ associationId: null, commissionRateBps: 0, commission: KZT(0) });
    });
  });

  // ---------------------------------------------------------------- pickup

  describe('pickup at a hub', () => {
    const hubBody = { name: 'Түркістан креативті хабы', address: 'Тәуке хан даңғылы, 12', city: 'Түркістан', openingHours: 'Дс–Сн 10:00–19:00' };
    let home: { association: { id: string }; assocAdmin: Actor; hubId: string };
    let away: { association: { id: string }; assocAdmin: Actor; hubId: string };
    let member: ForSale;

    const associationWithHub = async () => {
      const created = await associationWithAdmin(t, admin);
      const hub = await t.http().post(`${API}/associations/${created.association.id}/hubs`).set(created.assocAdmin.auth).send(hubBody);
      expect(hub.status).toBe(201);
      return { ...created, hubId: hub.body.id as string };
    };

    beforeAll(async () => {
      home = await associationWithHub();
      away = await associationWithHub();
      member = await variantForSale(t, { price: 2_000_000, stock: 5, shop: { shippingFee: KZT(150_000) } });
      await joinAssociation(t, member.maker, home.association.id, home.assocAdmin);
    });

    it("201 at a hub of the maker's association, with no shipping charged", async () => {
      const b = await buyer(t);
      const res = await postOrder(t, b, { items: [{ variantId: member.variantId, quantity: 2 }], delivery: { type: 'pickup', hubId: home.hubId } });
      expect(res.status).toBe(201);
      const order = res.body as OrderBody & { delivery: { type: string; hub: { id: string } } };
      expect(order.delivery).toMatchObject({ type: 'pickup', hub: { id: home.hubId, name: hubBody.name, city: hubBody.city } });
      expect(order.shipping).toEqual(KZT(0));
      expect(order.total).toEqual(KZT(4_000_000));
      expect(order.sellerOrders[0]).toMatchObject({ shipping: KZT(0), total: KZT(4_000_000), associationId: home.association.id });
      expect(await variantStock(t, member.variantId)).toBe(3);
    });

    it('422 pickup_unavailable at a hub of another association, stock untouched', async () => {
      const b = await buyer(t);
      const before = await variantStock(t, member.variantId);
      const res = await postOrder(t, b, { items: [{ variantId: member.variantId, quantity: 1 }], delivery: { type: 'pickup', hubId: away.hubId } });
      expectError(res, 422, 'pickup_unavailable');
      expect(await variantStock(t, member.variantId)).toBe(before);
      expect(await ordersOf(b.id)).toBe(0);
    });

    it('422 pickup_unavailable when one maker of the cart is not a member of the hub association', async () => {
      const outsider = await variantForSale(t, { stock: 5 });
      const b = await buyer(t);
      const before = await variantStock(t, member.variantId);
      const res = await postOrder(t, b, {
        items: [
          { variantId: member.variantId, quantity: 1 },
          { variantId: outsider.variantId, quantity: 1 },
        ],
        delivery: { type: 'pickup', hubId: home.hubId },
      });
      expectError(res, 422, 'pickup_unavailable');
      expect(res.body.details).toEqual({ shopIds: [outsider.shop.id] });
      expect(await variantStock(t, member.variantId)).toBe(before);
      expect(await variantStock(t, outsider.variantId)).toBe(5);
    });

    it('422 pickup_hub_not_found for an unknown hub', async () => {
      const res = await postOrder(t, await buyer(t), { items: [{ variantId: member.variantId, quantity: 1 }], delivery: { type: 'pickup', hubId: randomUUID() } });
      expectError(res, 422, 'pickup_hub_not_found');
    });
  });

  // ---------------------------------------------------------------- concurrency

  describe('concurrent buyers', () => {
    let buyers: Actor[];
    beforeAll(async () => {
      buyers = await Promise.all(Array.from({ length: 30 }, () => buyer(t)));
    });

    const rush = (variantId: string) =>
      Promise.all(buyers.map((who) => postOrder(t, who, { items: [{ variantId, quantity: 1 }], delivery: shippingTo() })));

    it('stock 1, 30 buyers at once: exactly one 201, 29 × 409 insufficient_stock, stock 0', async () => {
      const sale = await variantForSale(t, { stock: 1 });
      const answers = await rush(sale.variantId);
      const statuses = answers.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(29);
      for (const res of answers.filter((r) => r.status === 409)) {
        expect(res.body).toMatchObject({ error: 'insufficient_stock', details: { variantId: sale.variantId, requested: 1, available: 0 } });
      }
      expect(await variantStock(t, sale.variantId)).toBe(0);
      expect(await linesOfVariant(sale.variantId)).toEqual({ n: 1, units: 1 });
      const [listing] = await t.db.query(`SELECT in_stock FROM listings WHERE id = $1`, [sale.listingId]);
      expect(listing.in_stock).toBe(false);
    });

    it('stock 10, 30 buyers of one each: exactly 10 orders, stock 0, never negative', async () => {
      const sale = await variantForSale(t, { stock: 10 });
      const answers = await rush(sale.variantId);
      const statuses = answers.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(10);
      expect(statuses.filter((s) => s === 409)).toHaveLength(20);
      expect(await variantStock(t, sale.variantId)).toBe(0);
      expect(await linesOfVariant(sale.variantId)).toEqual({ n: 10, units: 10 });
      const winners = answers.filter((r) => r.status === 201).map((r) => r.body.id as string);
      expect(new Set(winners).size).toBe(10);
      const numbers = answers.filter((r) => r.status === 201).map((r) => r.body.number as string);
      expect(new Set(numbers).size).toBe(10);
    });
  });

  // ---------------------------------------------------------------- Idempotency-Key

  describe('Idempotency-Key', () => {
    it('same key and same body twice: the same status and the same bytes, one order', async () => {
      const sale = await variantForSale(t, { stock: 5 });
      const b = await buyer(t);
      const key = randomUUID();
      const body = { items: [{ variantId: sale.variantId, quantity: 2 }], delivery: shippingTo() };
      const first = await postOrder(t, b, body, key);
      expect(first.status).toBe(201);
      const second = await postOrder(t, b, body, key);
      expect(second.status).toBe(201);
      expect(second.text).toBe(first.text);
      // The same meaning with the keys in another order is the same request.
      const reordered = { delivery: { address: { ...KZ_ADDRESS }, type: 'shipping' }, items: [{ quantity: 2, variantId: sale.variantId }] };
      const third = await postOrder(t, b, reordered, key);
      expect(third.status).toBe(201);
      expect(third.text).toBe(first.text);
      expect(await ordersOf(b.id)).toBe(1);
      expect(await variantStock(t, sale.variantId)).toBe(3);
    });

    it('replays the first answer even after the order changed (mark-paid)', async () => {
      const sale = await variantForSale(t, { stock: 5 });
      const b = await buyer(t);
      const key = randomUUID();
      const body = { items: [{ variantId: sale.variantId, quantity: 1 }], delivery: shippingTo() };
      const first = await postOrder(t, b, body, key);
      expect(first.status).toBe(201);
      const paid = await t.http().post(`${API}/payments/${first.body.payment.id}/mark-paid`).set(admin.auth);
      expect(paid.status).toBe(200);
      const replay = await postOrder(t, b, body, key);
      expect(replay.status).toBe(201);
      expect(replay.text).toBe(first.text);
      expect(await ordersOf(b.id)).toBe(1);
    });

    it('same key with another body: 422 idempotency_key_reused, nothing more taken', async () => {
      const sale = await variantForSale(t, { stock: 5 });
      const b = await buyer(t);
      const key = randomUUID();
      const first = await postOrder(t, b, { items: [{ variantId: sale.variantId, quantity: 1 }], delivery: shippingTo() }, key);
      expect(first.status).toBe(201);
      const other = await postOrder(t, b, { items: [{ variantId: sale.variantId, quantity: 2 }], delivery: shippingTo() }, key);
      expectError(other, 422, 'idempotency_key_reused');
      const otherAddress = await postOrder(t, b, { items: [{ variantId: sale.variantId, quantity: 1 }], delivery: shippingTo({ ...KZ_ADDRESS, city: 'Алматы' }) }, key);
      expectError(otherAddress, 422, 'idempotency_key_reused');
      expect(await ordersOf(b.id)).toBe(1);
      expect(await variantStock(t, sale.variantId)).toBe(4);
    });

    it("the same key from another user is that user's own: a second order", async () => {
      const sale = await variantForSale(t, { stock: 5 });
      const [one, two] = [await buyer(t), await buyer(t)];
      const key = randomUUID();
      const body = { items: [{ variantId: sale.variantId, quantity: 1 }], delivery: shippingTo() };
      const a = await postOrder(t, one, body, key);
      const b = await postOrder(t, two, body, key);
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(b.body.id).not.toBe(a.body.id);
      expect(await ordersOf(one.id)).toBe(1);
      expect(await ordersOf(two.id)).toBe(1);
      expect(await variantStock(t, sale.variantId)).toBe(3);
      // Neither sees the other's order.
      expect((await t.http().get(`${API}/orders/${a.body.id}`).set(two.auth)).status).toBe(404);
    });

    it('the same request twice in parallel with one key: both 201 with the same bytes, one order row', async () => {
      const sale = await variantForSale(t, { stock: 5 });
      const b = await buyer(t);
      const key = randomUUID();
      const body = { items: [{ variantId: sale.variantId, quantity: 1 }], delivery: shippingTo() };
      const [x, y] = await Promise.all([postOrder(t, b, body, key), postOrder(t, b, body, key)]);
      expect([x.status, y.status]).toEqual([201, 201]);
      expect(y.text).toBe(x.text);
      expect(await ordersOf(b.id)).toBe(1);
      expect(await variantStock(t, sale.variantId)).toBe(4);
      expect(await outboxTypes(t, [x.body.id])).toEqual(['order.placed']);
    });

    it('a 409 (no stock) does not burn the key: the same key with a smaller quantity then succeeds', async () => {
      const sale = await variantForSale(t, { stock: 1 });
      const b = await buyer(t);
      const key = randomUUID();
      const refused = await postOrder(t, b, { items: [{ variantId: sale.variantId, quantity: 2 }], delivery: shippingTo() }, key);
      expectError(refused, 409, 'insufficient_stock');
      expect(await keysOf(b.id)).toBe(0);
      const placed = await postOrder(t, b, { items: [{ variantId: sale.variantId, quantity: 1 }], delivery: shippingTo() }, key);
      expect(placed.status).toBe(201);
      expect(await ordersOf(b.id)).toBe(1);
      expect(await variantStock(t, sale.variantId)).toBe(0);
    });

    it('a 422 (cannot be bought) does not burn the key either', async () => {
      const kzt = await variantForSale(t, { stock: 2 });
      const usd = await variantForSale(t, { stock: 2, currency: 'USD', price: 5_000 });
      const b = await buyer(t);
      const key = randomUUID();
      const mixed = { items: [{ variantId: kzt.variantId, quantity: 1 }, { variantId: usd.variantId, quantity: 1 }], delivery: shippingTo() };
      expectError(await postOrder(t, b, mixed, key), 422, 'mixed_currencies');
      const placed = await postOrder(t, b, { items: [{ variantId: kzt.variantId, quantity: 1 }], delivery: shippingTo() }, key);
      expect(placed.status).toBe(201);
    });
  });

  // ---------------------------------------------------------------- who sees what

  describe('scoping of the order views', () => {
    let sale: ForSale;
    let owner: Actor;
    let stranger: Actor;
    let first: OrderBody;
    let second: OrderBody;
    let strangers: OrderBody;

    beforeAll(async () => {
      sale = await variantForSale(t, { stock: 20 });
      owner = await buyer(t);
      stranger = await buyer(t);
      first = await placeOrder(t, owner, [{ variantId: sale.variantId, quantity: 1 }]);
      second = await placeOrder(t, owner, [{ variantId: sale.variantId, quantity: 2 }]);
      strangers = await placeOrder(t, stranger, [{ variantId: sale.variantId, quantity: 1 }]);
    });

    it('GET /orders/:id: 404 for another buyer and for the maker, 200 for the buyer and for an admin', async () => {
      const other = await t.http().get(`${API}/orders/${first.id}`).set(stranger.auth);
      expectError(other, 404, 'not_found');
      expectError(await t.http().get(`${API}/orders/${first.id}`).set(sale.maker.auth), 404, 'not_found');
      const mine = await t.http().get(`${API}/orders/${first.id}`).set(owner.auth);
      expect(mine.status).toBe(200);
      expect(mine.body.id).toBe(first.id);
      const asAdmin = await t.http().get(`${API}/orders/${first.id}`).set(admin.auth);
      expect(asAdmin.status).toBe(200);
      expect(asAdmin.body).toEqual(mine.body);
      expectError(await t.http().get(`${API}/orders/${randomUUID()}`).set(owner.auth), 404, 'not_found');
      expect((await t.http().get(`${API}/orders/${first.id}`)).status).toBe(401);
    });

    it('GET /me/orders lists only my orders, newest first, a page at a time', async () => {
      const all = await t.http().get(`${API}/me/orders`).set(owner.auth);
      expect(all.status).toBe(200);
      expect(all.body.items.map((o: OrderBody) => o.id)).toEqual([second.id, first.id]);
      expect(all.body.nextCursor).toBeNull();

      const page1 = await t.http().get(`${API}/me/orders?limit=1`).set(owner.auth);
      expect(page1.status).toBe(200);
      expect(page1.body.items.map((o: OrderBody) => o.id)).toEqual([second.id]);
      expect(page1.body.nextCursor).toEqual(expect.any(String));
      const page2 = await t.http().get(`${API}/me/orders`).query({ limit: 1, cursor: page1.body.nextCursor }).set(owner.auth);
      expect(page2.status).toBe(200);
      expect(page2.body.items.map((o: OrderBody) => o.id)).toEqual([first.id]);
      expect(page2.body.nextCursor).toBeNull();

      const theirs = await t.http().get(`${API}/me/orders`).set(stranger.auth);
      expect(theirs.body.items.map((o: OrderBody) => o.id)).toEqual([strangers.id]);
    });

    it('GET /me/sales shows the maker paid seller orders only, with the buyer name', async () => {
      const before = await t.http().get(`${API}/me/sales`).set(sale.maker.auth);
      expect(before.status).toBe(200);
      expect(before.body.items).toEqual([]);

      const paid = await t.http().post(`${API}/payments/${second.payment.id}/mark-paid`).set(admin.auth);
      expect(paid.status).toBe(200);
      expect(paid.body.status).toBe('paid');

      const sales = await t.http().get(`${API}/me/sales`).set(sale.maker.auth);
      expect(sales.status).toBe(200);
      expect(sales.body.items.map((so: { id: string }) => so.id)).toEqual([second.sellerOrders[0].id]);
      expect(sales.body.items[0]).toMatchObject({ status: 'paid', orderId: second.id, buyerName: BUYER_NAME, shipBy: expect.any(String) });

      const waiting = await t.http().get(`${API}/me/sales?status=pending_payment`).set(sale.maker.auth);
      expect(waiting.body.items.map((so: { id: string }) => so.id).sort()).toEqual([first.sellerOrders[0].id, strangers.sellerOrders[0].id].sort());

      const otherMaker = await variantForSale(t, { stock: 1 });
      const elsewhere = await t.http().get(`${API}/me/sales?status=paid`).set(otherMaker.maker.auth);
      expect(elsewhere.body.items).toEqual([]);
    });

    it("GET /seller-orders/:id: 404 for another maker and another buyer; the maker sees the buyer's name, the buyer does not", async () => {
      const soId = first.sellerOrders[0].id;
      const otherMaker = await variantForSale(t, { stock: 1 });
      expectError(await t.http().get(`${API}/seller-orders/${soId}`).set(otherMaker.maker.auth), 404, 'not_found');
      expectError(await t.http().get(`${API}/seller-orders/${soId}`).set(stranger.auth), 404, 'not_found');

      const asMaker = await t.http().get(`${API}/seller-orders/${soId}`).set(sale.maker.auth);
      expect(asMaker.status).toBe(200);
      expect(asMaker.body).toMatchObject({ id: soId, orderId: first.id, buyerName: BUYER_NAME });
      const asBuyer = await t.http().get(`${API}/seller-orders/${soId}`).set(owner.auth);
      expect(asBuyer.status).toBe(200);
      expect(asBuyer.body.id).toBe(soId);
      expect(asBuyer.body).not.toHaveProperty('buyerName');
      expect((await t.http().get(`${API}/seller-orders/${soId}`).set(admin.auth)).status).toBe(200);
    });
  });

  // ---------------------------------------------------------------- outbox

  describe('outbox', () => {
    it("writes one 'order.placed' per order (not per seller order), none for a refused or replayed request", async () => {
      const a = await variantForSale(t, { stock: 5 });
      const c = await variantForSale(t, { stock: 5 });
      const b = await buyer(t);
      const key = randomUUID();
      const body = { items: [{ variantId: a.variantId, quantity: 1 }, { variantId: c.variantId, quantity: 1 }], delivery: shippingTo() };
      const placed = await postOrder(t, b, body, key);
      expect(placed.status).toBe(201);
      const order = placed.body as OrderBody;
      expect((await postOrder(t, b, body, key)).status).toBe(201); // a replay

      expect(await outboxTypes(t, [order.id])).toEqual(['order.placed']);
      expect(await outboxTypes(t, order.sellerOrders.map((so) => so.id))).toEqual([]);
      const [event] = await t.db.query(`SELECT aggregate_type, payload FROM outbox_events WHERE aggregate_id = $1`, [order.id]);
      expect(event).toEqual({ aggregate_type: 'order', payload: { orderId: order.id, buyerId: b.id } });

      const refused = await postOrder(t, b, { items: [{ variantId: a.variantId, quantity: 99 }], delivery: shippingTo() });
      expect(refused.status).toBe(409);
      const placedByB: { n: number }[] = await t.db.query(
        `SELECT count(*)::int AS n FROM outbox_events WHERE type = 'order.placed' AND payload->>'buyerId' = $1`,
        [b.id],
      );
      expect(placedByB[0].n).toBe(1);

      const another = await placeOrder(t, b, [{ variantId: a.variantId, quantity: 1 }]);
      expect(await outboxTypes(t, [order.id, another.id])).toEqual(['order.placed', 'order.placed']);
    });
  });
});
