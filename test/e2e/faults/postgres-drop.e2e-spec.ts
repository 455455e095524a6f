import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Response } from 'supertest';
import { startApp, TestApp } from '../../support/app';
import { Actor, createAdmin } from '../../support/api';
import { eventually } from '../../support/eventually';
import { isolatedEnv } from '../../support/isolated';
import { buyer, ForSale, placeOrder, postOrder, shippingTo, variantForSale, variantStock } from '../../support/orders';

/**
 * PostgreSQL drops the app's connection in the middle of a checkout (pg_terminate_backend,
 * as a failover, a restart or an idle-connection reaper does), on a database of this file's
 * own so that only this app's connections are touched; the shared server keeps running.
 * The test holds a lock on a variant row from its own connection so that the checkout is
 * caught inside its transaction, then cuts the app's backend that waits on it.
 */
describe('PostgreSQL connection dropped during a checkout', () => {
  let t: TestApp;
  let database: string;
  let locker: Client;

  beforeAll(async () => {
    const env = await isolatedEnv('pg_drop');
    database = new URL(env.DATABASE_URL).pathname.slice(1);
    t = await startApp({ ...env, DATABASE_POOL_SIZE: '3' });
    locker = new Client({ connectionString: env.DATABASE_URL, application_name: 'sheber-test-locker' });
    await locker.connect();
  });
  afterAll(async () => {
    await locker.query('ROLLBACK').catch(() => undefined);
    await locker.end();
    await t.close();
  });

  /** The app's backends on this database (not the test's locker), optionally only those waiting on a lock. */
  const appBackends = async (waitingOnLock: boolean): Promise<number[]> => {
    const rows: { pid: number }[] = (
      await locker.query(
        `SELECT pid FROM pg_stat_activity
          WHERE datname = $1 AND application_name = 'sheber' AND pid <> pg_backend_pid()
            AND ($2::boolean IS FALSE OR wait_event_type = 'Lock')`,
        [database, waitingOnLock],
      )
    ).rows;
    return rows.map((r) => r.pid);
  };
  const terminate = async (pids: number[]) => {
    await locker.query(`SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid`, [pids]);
  };

  /** Starts a checkout while `lockedVariantId` is locked by the test, cuts the backend that waits on it, answers the response. */
  function checkoutCutMidway(who: Actor, items: { variantId: string; quantity: number }[], lockedVariantId: string, key: string): Promise<Response> {
    return cutMidway('listing_variants', lockedVariantId, () => postOrder(t, who, { items, delivery: shippingTo() }, key));
  }

  /** Sends a request while the test locks a row it needs, cuts the app's backend that waits on it, answers the response. */
  async function cutMidway(table: string, rowId: string, send: () => PromiseLike<Response>): Promise<Response> {
    await locker.query('BEGIN');
    await locker.query(`SELECT id FROM ${table} WHERE id = $1 FOR UPDATE`, [rowId]);
    const pending = Promise.resolve(send());
    try {
      const waiting = await eventually('the checkout to wait on the variant lock', async () => {
        const pids = await appBackends(true);
        return pids.length ? pids : null;
      });
      await terminate(waiting);
    } finally {
      await locker.query('ROLLBACK');
    }
    return pending;
  }

  const ordersOf = async (buyerId: string): Promise<number> =>
    (await locker.query(`SELECT count(*)::int AS n FROM orders WHERE buyer_id = $1`, [buyerId])).rows[0].n;
  const keysOf = async (userId: string): Promise<number> =>
    (await locker.query(`SELECT count(*)::int AS n FROM idempotency_records WHERE user_id = $1`, [userId])).rows[0].n;

  function expectCleanUnavailable(res: Response) {
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body).toEqual({ statusCode: 503, error: 'service_unavailable', message: expect.any(String) });
    // Nothing of the driver, the SQL or the stack reaches the client.
    expect(res.text).not.toMatch(/terminat|listing_variants|UPDATE|SELECT|at \w+ \(|\.ts:\d+|postgres|57P01/i);
  }

  it('answers 503 in the error shape, keeps the stock, and the retry with the same key places the order once', async () => {
    const sale = await variantForSale(t, { stock: 3 });
    const b = await buyer(t);
    const key = randomUUID();

    const res = await checkoutCutMidway(b, [{ variantId: sale.variantId, quantity: 2 }], sale.variantId, key);
    expectCleanUnavailable(res);
    expect(await variantStock(t, sale.variantId)).toBe(3);
    expect(await ordersOf(b.id)).toBe(0);
    expect(await keysOf(b.id)).toBe(0); // the key was not spent: the retry starts afresh

    const retried = await postOrder(t, b, { items: [{ variantId: sale.variantId, quantity: 2 }], delivery: shippingTo() }, key);
    expect(retried.status).toBe(201);
    expect(retried.body.status).toBe('pending_payment');
    expect(await variantStock(t, sale.variantId)).toBe(1);
    expect(await ordersOf(b.id)).toBe(1);
  });

  it('is all-or-nothing across shops: a cart cut after its first reservation takes no stock at all', async () => {
    const [first, second] = await Promise.all([variantForSale(t, { stock: 4 }), variantForSale(t, { stock: 4 })]);
    // Reservations go in variant id order: lock the later one, so the earlier is already taken when the cut comes.
    const [early, late]: ForSale[] = [first, second].sort((a, b) => (a.variantId < b.variantId ? -1 : 1));
    const b = await buyer(t);
    const items = [{ variantId: early.variantId, quantity: 1 }, { variantId: late.variantId, quantity: 2 }];

    const res = await checkoutCutMidway(b, items, late.variantId, randomUUID());
    expectCleanUnavailable(res);
    expect(await variantStock(t, early.variantId)).toBe(4);
    expect(await variantStock(t, late.variantId)).toBe(4);
    expect(await ordersOf(b.id)).toBe(0);
    const strays = await locker.query(`SELECT count(*)::int AS n FROM order_lines WHERE variant_id = ANY($1::uuid[])`, [[early.variantId, late.variantId]]);
    expect(strays.rows[0].n).toBe(0);

    // The shop keeps selling: the whole cart goes through next time.
    const order = await placeOrder(t, b, items);
    expect(order.sellerOrders).toHaveLength(2);
    expect(await variantStock(t, early.variantId)).toBe(3);
    expect(await variantStock(t, late.variantId)).toBe(2);
  });

  it('serves the next requests after every pooled connection was cut while idle', async () => {
    const sale = await variantForSale(t, { stock: 2 });
    const b = await buyer(t);
    const idle = await appBackends(false);
    expect(idle.length).toBeGreaterThan(0);
    await terminate(idle);
    await eventually('the cut backends to be gone', async () => (await appBackends(false)).every((pid) => !idle.includes(pid)) || null);

    // Each request may find a dead pooled connection first; none may fail because of it.
    const browse = await t.http().get('/api/v1/listings');
    expect(browse.status).toBe(200);
    const detail = await t.http().get(`/api/v1/listings/${sale.listingId}`);
    expect(detail.status).toBe(200);
    const order = await placeOrder(t, b, [{ variantId: sale.variantId, quantity: 1 }]);
    expect(order.status).toBe('pending_payment');
    expect(await variantStock(t, sale.variantId)).toBe(1);
  });

  it("shows the buyer no half-placed order after a cut checkout", async () => {
    const sale = await variantForSale(t, { stock: 2 });
    const b = await buyer(t);
    const res = await checkoutCutMidway(b, [{ variantId: sale.variantId, quantity: 1 }], sale.variantId, randomUUID());
    expectCleanUnavailable(res);
    const mine = await t.http().get('/api/v1/me/orders').set(b.auth);
    expect(mine.status).toBe(200);
    expect(mine.body.items ?? mine.body.data ?? mine.body).toHaveLength(0);
  });

  it('pays an order all-or-nothing when the connection drops during mark-paid, and the retry pays it once', async () => {
    const sale = await variantForSale(t, { stock: 2 });
    const b = await buyer(t);
    const admin = await createAdmin(t);
    const order = await placeOrder(t, b, [{ variantId: sale.variantId, quantity: 1 }]);
    const markPaid = () => t.http().post(`/api/v1/payments/${order.payment.id}/mark-paid`).set(admin.auth);
    const state = async () =>
      (
        await locker.query(
          `SELECT o.status, p.status AS payment, (SELECT count(*)::int FROM journal_entries j WHERE j.order_id = o.id AND j.kind = 'payment') AS entries
             FROM orders o JOIN payments p ON p.order_id = o.id WHERE o.id = $1`,
          [order.id],
        )
      ).rows[0];

    const res = await cutMidway('orders', order.id, markPaid);
    expectCleanUnavailable(res);
    expect(await state()).toEqual({ status: 'pending_payment', payment: 'pending', entries: 0 });

    const paid = await markPaid();
    expect(paid.status).toBe(200);
    expect(paid.body.status).toBe('paid');
    expect(await state()).toEqual({ status: 'paid', payment: 'succeeded', entries: 1 });
    const check = await t.http().get('/api/v1/admin/ledger/check').set(admin.auth);
    expect(check.status).toBe(200);
    expect(check.body.balanced).toBe(true);
  });
});
