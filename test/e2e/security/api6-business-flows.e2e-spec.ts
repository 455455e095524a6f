import { randomUUID } from 'node:crypto';
import { Response } from 'supertest';
import { startApp, TestApp } from '../../support/app';
import { Actor, categoryId, createAdmin, listingBody, makerWithShop, platformModerator, publishedListing, uniqueSuffix } from '../../support/api';
import { buyer, placeOrder, postOrder, shippingTo, variantForSale, variantStock } from '../../support/orders';

/**
 * OWASP API6 (unrestricted access to sensitive business flows): one account must not be
 * able to reserve a maker's whole stock, neither with one big order nor with many unpaid ones.
 */

const MAX_PER_LISTING = 3;
const MAX_UNPAID = 2;

function expectError(res: Response, status: number, error: string) {
  expect({ status: res.status, error: res.body?.error }).toEqual({ status, error });
  expect(res.body).toMatchObject({ statusCode: status, error, message: expect.any(String) });
}

describe('API6 business flows: quantity cap per listing and unpaid-order cap per buyer', () => {
  let t: TestApp;
  let admin: Actor;
  let moderator: Actor;

  beforeAll(async () => {
    t = await startApp({ ORDER_MAX_QUANTITY_PER_LISTING: String(MAX_PER_LISTING), MAX_UNPAID_ORDERS_PER_BUYER: String(MAX_UNPAID) });
    admin = await createAdmin(t);
    moderator = await platformModerator(t, admin);
  });
  afterAll(() => t.close());

  const ordersOf = async (buyerId: string): Promise<number> =>
    (await t.db.query(`SELECT count(*)::int AS n FROM orders WHERE buyer_id = $1`, [buyerId]))[0].n;
  const order = (b: Actor, items: { variantId: string; quantity: number }[]) => postOrder(t, b, { items, delivery: shippingTo() });

  /** A published listing with two variants (stock 20 each). */
  async function twoVariantListing() {
    const { maker } = await makerWithShop(t);
    const variants = ['S', 'L'].map((size) => ({
      sku: `CAP-${size}-${uniqueSuffix()}`.toUpperCase(),
      options: { size },
      price: { amount: 1_500_000, currency: 'KZT' },
      stock: 20,
    }));
    const listing = await publishedListing(t, maker, moderator, listingBody({ categoryId: await categoryId(t, 'syrmak') }, variants));
    const detail = await t.http().get(`/api/v1/listings/${listing.id}`);
    const [a, b] = (detail.body.variants as { id: string }[]).map((v) => v.id);
    return { listingId: listing.id, a, b };
  }

  describe('quantity per listing in one order', () => {
    it('accepts exactly the cap of one listing', async () => {
      const sale = await variantForSale(t, { stock: 20 });
      const b = await buyer(t);
      const res = await order(b, [{ variantId: sale.variantId, quantity: MAX_PER_LISTING }]);
      expect(res.status).toBe(201);
      expect(await variantStock(t, sale.variantId)).toBe(20 - MAX_PER_LISTING);
    });

    it('refuses one more than the cap with 422 quantity_limit naming the listing, and reserves nothing', async () => {
      const sale = await variantForSale(t, { stock: 20 });
      const b = await buyer(t);
      const res = await order(b, [{ variantId: sale.variantId, quantity: MAX_PER_LISTING + 1 }]);
      expectError(res, 422, 'quantity_limit');
      expect(res.body.message).toContain(sale.listingId);
      expect(res.body.details).toEqual([
        expect.objectContaining({ listingId: sale.listingId, requested: MAX_PER_LISTING + 1, max: MAX_PER_LISTING }),
      ]);
      expect(await variantStock(t, sale.variantId)).toBe(20);
      expect(await ordersOf(b.id)).toBe(0);
    });

    it('counts every variant of one listing together', async () => {
      const { listingId, a, b: other } = await twoVariantListing();
      const b = await buyer(t);
      const res = await order(b, [
        { variantId: a, quantity: 2 },
        { variantId: other, quantity: 2 },
      ]);
      expectError(res, 422, 'quantity_limit');
      expect(res.body.details.map((d: { listingId: string }) => d.listingId)).toEqual([listingId]);
      expect(await variantStock(t, a)).toBe(20);
      expect(await variantStock(t, other)).toBe(20);
      expect(await ordersOf(b.id)).toBe(0);

      // Within the cap across both variants it goes through.
      const ok = await order(b, [
        { variantId: a, quantity: 2 },
        { variantId: other, quantity: 1 },
      ]);
      expect(ok.status).toBe(201);
    });

    it('counts one variant repeated on several lines together', async () => {
      const sale = await variantForSale(t, { stock: 20 });
      const b = await buyer(t);
      const res = await order(b, [
        { variantId: sale.variantId, quantity: 2 },
        { variantId: sale.variantId, quantity: 2 },
      ]);
      expectError(res, 422, 'quantity_limit');
      expect(await variantStock(t, sale.variantId)).toBe(20);
    });

    it('applies the cap per listing: the cap of each of two listings in one order is fine, one over it refuses the whole cart', async () => {
      const first = await variantForSale(t, { stock: 20 });
      const second = await variantForSale(t, { stock: 20 });
      const b = await buyer(t);
      const over = await order(b, [
        { variantId: first.variantId, quantity: MAX_PER_LISTING },
        { variantId: second.variantId, quantity: MAX_PER_LISTING + 2 },
      ]);
      expectError(over, 422, 'quantity_limit');
      expect(over.body.details.map((d: { listingId: string }) => d.listingId)).toEqual([second.listingId]);
      expect(await variantStock(t, first.variantId)).toBe(20);
      expect(await variantStock(t, second.variantId)).toBe(20);

      const ok = await order(b, [
        { variantId: first.variantId, quantity: MAX_PER_LISTING },
        { variantId: second.variantId, quantity: MAX_PER_LISTING },
      ]);
      expect(ok.status).toBe(201);
    });
  });

  describe('unpaid orders per buyer', () => {
    it(`refuses order number ${MAX_UNPAID + 1} while ${MAX_UNPAID} are unpaid with 422 too_many_unpaid_orders, reserving nothing`, async () => {
      const sale = await variantForSale(t, { stock: 20 });
      const b = await buyer(t);
      for (let i = 0; i < MAX_UNPAID; i++) await placeOrder(t, b, [{ variantId: sale.variantId, quantity: 1 }]);
      const res = await order(b, [{ variantId: sale.variantId, quantity: 1 }]);
      expectError(res, 422, 'too_many_unpaid_orders');
      expect(res.body.details).toEqual({ unpaid: MAX_UNPAID, max: MAX_UNPAID });
      expect(await variantStock(t, sale.variantId)).toBe(20 - MAX_UNPAID);
      expect(await ordersOf(b.id)).toBe(MAX_UNPAID);
      // The refused key is unused: the same request can be sent again later.
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM idempotency_records WHERE user_id = $1`, [b.id]);
      expect(n).toBe(MAX_UNPAID);
    });

    it('makes room again when the buyer cancels an unpaid order', async () => {
      const sale = await variantForSale(t, { stock: 20 });
      const b = await buyer(t);
      const placed = [];
      for (let i = 0; i < MAX_UNPAID; i++) placed.push(await placeOrder(t, b, [{ variantId: sale.variantId, quantity: 1 }]));
      expectError(await order(b, [{ variantId: sale.variantId, quantity: 1 }]), 422, 'too_many_unpaid_orders');
      await t.http().post(`/api/v1/orders/${placed[0].id}/cancel`).set(b.auth).send({ reason: 'передумал' }).expect(200);
      expect((await order(b, [{ variantId: sale.variantId, quantity: 1 }])).status).toBe(201);
    });

    it('does not count paid orders', async () => {
      const sale = await variantForSale(t, { stock: 20 });
      const b = await buyer(t);
      for (let i = 0; i < MAX_UNPAID; i++) {
        const placed = await placeOrder(t, b, [{ variantId: sale.variantId, quantity: 1 }]);
        await t.http().post(`/api/v1/payments/${placed.payment.id}/mark-paid`).set(admin.auth).send({}).expect(200);
      }
      expect((await order(b, [{ variantId: sale.variantId, quantity: 1 }])).status).toBe(201);
    });

    it("does not hold one buyer's unpaid orders against another buyer", async () => {
      const sale = await variantForSale(t, { stock: 20 });
      const greedy = await buyer(t);
      for (let i = 0; i < MAX_UNPAID; i++) await placeOrder(t, greedy, [{ variantId: sale.variantId, quantity: 1 }]);
      const other = await buyer(t);
      expect((await order(other, [{ variantId: sale.variantId, quantity: 1 }])).status).toBe(201);
    });

    it('still replays an order already placed (same Idempotency-Key) when the buyer is at the cap', async () => {
      const sale = await variantForSale(t, { stock: 20 });
      const b = await buyer(t);
      const body = { items: [{ variantId: sale.variantId, quantity: 1 }], delivery: shippingTo() };
      const key = randomUUID();
      const first = await postOrder(t, b, body, key);
      expect(first.status).toBe(201);
      await placeOrder(t, b, [{ variantId: sale.variantId, quantity: 1 }]);
      const replay = await postOrder(t, b, body, key);
      expect(replay.status).toBe(201);
      expect(replay.text).toBe(first.text);
      expect(await ordersOf(b.id)).toBe(MAX_UNPAID);
    });

    it('lets only as many simultaneous checkouts by one buyer pass as the cap allows', async () => {
      const sale = await variantForSale(t, { stock: 20 });
      const b = await buyer(t);
      const results = await Promise.all(Array.from({ length: 5 }, () => order(b, [{ variantId: sale.variantId, quantity: 1 }])));
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([...Array(MAX_UNPAID).fill(201), ...Array(5 - MAX_UNPAID).fill(422)]);
      for (const r of results.filter((x) => x.status === 422)) expect(r.body.error).toBe('too_many_unpaid_orders');
      expect(await ordersOf(b.id)).toBe(MAX_UNPAID);
      expect(await variantStock(t, sale.variantId)).toBe(20 - MAX_UNPAID);
    });

    it('at the last free place, two checkouts at once of different carts do not both pass', async () => {
      const first = await variantForSale(t, { stock: 20 });
      const second = await variantForSale(t, { stock: 20 });
      const b = await buyer(t);
      for (let i = 0; i < MAX_UNPAID - 1; i++) await placeOrder(t, b, [{ variantId: first.variantId, quantity: 1 }]);
      const [x, y] = await Promise.all([order(b, [{ variantId: first.variantId, quantity: 1 }]), order(b, [{ variantId: second.variantId, quantity: 1 }])]);
      expect([x.status, y.status].sort()).toEqual([201, 422]);
      expect(await ordersOf(b.id)).toBe(MAX_UNPAID);
      const taken = 20 - (await variantStock(t, first.variantId)) + (20 - (await variantStock(t, second.variantId)));
      expect(taken).toBe(MAX_UNPAID);
    });
  });
});
