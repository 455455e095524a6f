import { randomUUID } from 'node:crypto';
import { startApp, TestApp } from '../../support/app';
import { Actor, createAdmin } from '../../support/api';
import { isolatedEnv } from '../../support/isolated';
import { buyer, ForSale, shippingTo, variantForSale } from '../../support/orders';

const API = '/api/v1';
const CONCURRENCY = 200;
const RUN_MS = 4_000;
const STOCK = 12;

/**
 * 200 clients at once, for a few seconds, browsing, searching, checking out (some
 * retrying with their Idempotency-Key) and paying (an admin marking payments paid, some
 * twice at the same moment), over a real socket. What must hold: no 5xx at all; stock never
 * below zero and every unit accounted for; the ledger balanced; each paid order booked
 * exactly once. Rate limits are raised for this file so that 429s do not hide the point.
 */
describe('200 concurrent mixed requests', () => {
  let t: TestApp;
  let base: string;
  let admin: Actor;
  let sales: ForSale[];
  let buyers: Actor[];

  beforeAll(async () => {
    t = await startApp({
      ...(await isolatedEnv('concurrent_mix')),
      DATABASE_POOL_SIZE: '10',
      CHECKOUT_THROTTLE_LIMIT: '1000000',
      SEARCH_THROTTLE_LIMIT: '1000000',
      // 20 buyers place many orders each: the unpaid-order cap (api6) would refuse most of the mix.
      MAX_UNPAID_ORDERS_PER_BUYER: '100000',
    });
    await t.app.listen(0, '127.0.0.1');
    base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    admin = await createAdmin(t);
    sales = await Promise.all(Array.from({ length: 6 }, (_, i) => variantForSale(t, { price: 100_000 * (i + 1), stock: STOCK })));
    buyers = await Promise.all(Array.from({ length: 20 }, () => buyer(t)));
  }, 60_000);
  afterAll(() => t?.close());

  it('answers no 5xx, never oversells, and books each paid order once', async () => {
    const statuses = new Map<string, number>();
    const serverErrors: string[] = [];
    const placed: { orderId: string; paymentId: string }[] = [];
    let minStockSeen = Infinity;
    const pick = <T>(xs: T[]): T => xs[Math.floor(Math.random() * xs.length)];

    async function call(label: string, path: string, init: { method?: string; body?: unknown; auth?: Actor; key?: string } = {}) {
      const headers: Record<string, string> = {};
      if (init.auth) headers.authorization = `Bearer ${init.auth.accessToken}`;
      if (init.body !== undefined) headers['content-type'] = 'application/json';
      if (init.key) headers['idempotency-key'] = init.key;
      const res = await fetch(`${base}${API}${path}`, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
      const text = await res.text();
      const tally = `${label} ${res.status}`;
      statuses.set(tally, (statuses.get(tally) ?? 0) + 1);
      if (res.status >= 500) serverErrors.push(`${init.method ?? 'GET'} ${path} → ${res.status} ${text.slice(0, 200)}`);
      return { status: res.status, body: text ? JSON.parse(text) : null };
    }

    const actions: (() => Promise<unknown>)[] = [
      () => call('browse', `/listings?limit=20&sort=${pick(['newest', 'price_asc', 'price_desc'])}`),
      () => call('detail', `/listings/${pick(sales).listingId}`),
      () => call('search', `/listings?q=${encodeURIComponent(pick(['сырмақ', 'syrmak', 'войлочный', 'felt']))}&inStock=true`),
      async () => {
        const who = pick(buyers);
        const body = { items: [{ variantId: pick(sales).variantId, quantity: 1 + Math.floor(Math.random() * 3) }], delivery: shippingTo() };
        const key = randomUUID();
        // Now and then the client retries at once with the same key (a double submit).
        const tries = Math.random() < 0.2 ? [call('checkout', '/orders', { method: 'POST', body, auth: who, key }), call('checkout', '/orders', { method: 'POST', body, auth: who, key })] : [call('checkout', '/orders', { method: 'POST', body, auth: who, key })];
        for (const res of await Promise.all(tries)) {
          if (res.status === 201 && !placed.some((p) => p.orderId === res.body.id)) placed.push({ orderId: res.body.id, paymentId: res.body.payment.id });
        }
      },
      async () => {
        if (!placed.length) return;
        const { paymentId } = pick(placed);
        const pay = () => call('mark-paid', `/payments/${paymentId}/mark-paid`, { method: 'POST', auth: admin });
        await (Math.random() < 0.3 ? Promise.all([pay(), pay()]) : pay());
      },
      () => call('my-orders', '/me/orders', { auth: pick(buyers) }),
    ];

    const deadline = Date.now() + RUN_MS;
    const watcher = (async () => {
      while (Date.now() < deadline) {
        const [{ min }] = await t.db.query(`SELECT min(stock)::int AS min FROM listing_variants WHERE id = ANY($1::uuid[])`, [sales.map((s) => s.variantId)]);
        minStockSeen = Math.min(minStockSeen, min);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const client = async () => {
      while (Date.now() < deadline) await pick(actions)();
    };
    await Promise.all([watcher, ...Array.from({ length: CONCURRENCY }, client)]);

    const total = [...statuses.values()].reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(CONCURRENCY); // it did run
    expect(serverErrors).toEqual([]);
    // Every answer is one a client can act on: done, or a 4xx it understands (sold out, already paid).
    for (const [tally] of statuses) expect(tally).toMatch(/ (200|201|409|422|429)$/);
    expect([...statuses.keys()].some((k) => k === 'checkout 201')).toBe(true);
    expect([...statuses.keys()].some((k) => k === 'mark-paid 200')).toBe(true);

    // Stock: never negative, and every unit is on the shelf or in an order that holds it.
    expect(minStockSeen).toBeGreaterThanOrEqual(0);
    const units: { variant_id: string; stock: number; held: number }[] = await t.db.query(
      `SELECT v.id AS variant_id, v.stock,
              coalesce((SELECT sum(l.quantity - l.restocked_quantity) FROM order_lines l JOIN seller_orders so ON so.id = l.seller_order_id
                         JOIN orders o ON o.id = so.order_id
                        WHERE l.variant_id = v.id AND o.status NOT IN ('cancelled', 'expired')), 0)::int AS held
         FROM listing_variants v WHERE v.id = ANY($1::uuid[])`,
      [sales.map((s) => s.variantId)],
    );
    for (const u of units) {
      expect(u.stock).toBeGreaterThanOrEqual(0);
      expect(u.stock + u.held).toBe(STOCK);
    }

    // The ledger: balanced; each paid order has exactly one payment entry, an unpaid one none.
    const check = await t.http().get(`${API}/admin/ledger/check`).set(admin.auth);
    expect(check.status).toBe(200);
    expect(check.body.balanced).toBe(true);
    const booked: { status: string; entries: number }[] = await t.db.query(
      `SELECT o.status, (SELECT count(*)::int FROM journal_entries j WHERE j.order_id = o.id AND j.kind = 'payment') AS entries
         FROM orders o WHERE o.id = ANY($1::uuid[])`,
      [placed.map((p) => p.orderId)],
    );
    expect(booked.length).toBe(placed.length);
    const paid = booked.filter((b) => b.status === 'paid');
    expect(paid.length).toBeGreaterThan(0);
    expect(paid.every((b) => b.entries === 1)).toBe(true);
    expect(booked.filter((b) => b.status !== 'paid').every((b) => b.entries === 0)).toBe(true);
    // Exactly one order per Idempotency-Key: the double submits made no second order.
    const [{ orders }] = await t.db.query(`SELECT count(*)::int AS orders FROM orders WHERE buyer_id = ANY($1::uuid[])`, [buyers.map((b) => b.id)]);
    expect(orders).toBe(placed.length);
  }, 60_000);
});
