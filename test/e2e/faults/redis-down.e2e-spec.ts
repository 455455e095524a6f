import { INestApplicationContext } from '@nestjs/common';
import { readdir } from 'node:fs/promises';
import { startApp, startWorker, TestApp } from '../../support/app';
import { createAdmin } from '../../support/api';
import { eventually } from '../../support/eventually';
import { isolatedEnv } from '../../support/isolated';
import { buyer, placeOrder, variantForSale, variantStock } from '../../support/orders';
import { TestRedis } from '../../support/redis-server';

// Redis really goes away (a redis-server of this test's own, killed) while orders are placed
// and paid. Redis holds queues and rate-limit counters, never the truth: nothing waits on it
// and nothing is lost. The events wait in the outbox, and once Redis is back (empty) every
// notification is delivered, once; orders whose expiry job could not be scheduled expire on
// time all the same (the worker's sweep, order-timers.service.ts).
describe('Redis down during checkout and payment', () => {
  const redis = new TestRedis();
  let t: TestApp;
  let worker: INestApplicationContext;
  let mailDir: string;

  beforeAll(async () => {
    const env = await isolatedEnv('redis_down');
    mailDir = env.MAIL_DIR;
    t = await startApp({
      ...env,
      REDIS_URL: await redis.start(),
      OUTBOX_POLL_MS: '50',
      NOTIFICATION_BACKOFF_MS: '50',
      // Unpaid orders expire after 6 s here; the sweep of missed expiries runs every second.
      MANUAL_PAYMENT_TTL_MINUTES: '0.1',
      ORDER_TIMERS_EVERY_SECONDS: '1',
    });
    worker = await startWorker();
  });
  afterAll(async () => {
    await redis.start(); // (if the test stopped early) so that the worker and the API can close their queues cleanly
    await worker.close();
    await t.close();
    await redis.stop();
  });

  it('places and pays orders promptly while Redis is down', async () => {
    const sale = await variantForSale(t, { stock: 2 });
    const b = await buyer(t);
    const admin = await createAdmin(t);
    await redis.stop();
    try {
      const started = Date.now();
      const order = await placeOrder(t, b, [{ variantId: sale.variantId, quantity: 1 }]);
      expect(Date.now() - started).toBeLessThan(3000);
      expect(order.status).toBe('pending_payment');
      expect(await variantStock(t, sale.variantId)).toBe(1);

      const paid = await t.http().post(`/api/v1/payments/${order.payment.id}/mark-paid`).set(admin.auth);
      expect(paid.status).toBe(200);
      expect(paid.body.status).toBe('paid');
      const mine = await t.http().get(`/api/v1/orders/${order.id}`).set(b.auth);
      expect(mine.status).toBe(200);
      expect(mine.body.status).toBe('paid');
    } finally {
      await redis.start();
    }
  });

  it('places and pays orders without Redis, then delivers every notification once when it returns', async () => {
    const sale = await variantForSale(t, { price: 700_000, stock: 5 });
    const admin = await createAdmin(t);
    const buyers = [await buyer(t), await buyer(t)];

    await redis.stop();
    const orders = [];
    for (const b of buyers) {
      const started = Date.now();
      const order = await placeOrder(t, b, [{ variantId: sale.variantId, quantity: 1 }]);
      const paid = await t.http().post(`/api/v1/payments/${order.payment.id}/mark-paid`).set(admin.auth);
      expect(paid.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(5_000);
      orders.push(order);
    }
    const orderIds = orders.map((o) => o.id);
    const events = async (): Promise<{ id: string; type: string; dispatched: boolean }[]> =>
      t.db.query(`SELECT id, type, dispatched_at IS NOT NULL AS dispatched FROM outbox_events WHERE aggregate_id = ANY($1::uuid[]) ORDER BY id`, [orderIds]);

    // The events wait in the outbox while Redis is away.
    await new Promise((r) => setTimeout(r, 1_000));
    const waiting = await events();
    expect(waiting.map((e) => e.type)).toEqual(['order.placed', 'order.paid', 'order.placed', 'order.paid']);
    expect(waiting.every((e) => !e.dispatched)).toBe(true);

    // Redis returns, empty. Per order: the buyer is told twice (placed, paid) and the maker once
    // (a new sale), each in-app and by e-mail.
    await redis.start();
    const eventIds = waiting.map((e) => e.id);
    const delivered = async (): Promise<number> =>
      (await t.db.query(`SELECT count(*)::int AS n FROM notifications WHERE outbox_id = ANY($1::bigint[])`, [eventIds]))[0].n;
    await eventually('every notification', async () => (await delivered()) >= 12, 30_000, 100);

    await new Promise((r) => setTimeout(r, 1_000)); // anything twice would show up by now
    const rows: { user_id: string; channel: string; kind: string; n: number }[] = await t.db.query(
      `SELECT user_id, channel, kind, count(*)::int AS n FROM notifications WHERE outbox_id = ANY($1::bigint[])
        GROUP BY user_id, channel, kind ORDER BY kind, channel, user_id`,
      [eventIds],
    );
    const expected = [
      ...buyers.flatMap((b) => ['in_app', 'email'].map((channel) => ({ user_id: b.id, channel, kind: 'order_paid_receipt', n: 1 }))),
      ...buyers.flatMap((b) => ['in_app', 'email'].map((channel) => ({ user_id: b.id, channel, kind: 'order_placed', n: 1 }))),
      ...['in_app', 'email'].map((channel) => ({ user_id: sale.maker.id, channel, kind: 'new_sale', n: 2 })),
    ];
    const byKey = (r: { kind: string; channel: string; user_id: string }) => `${r.kind} ${r.channel} ${r.user_id}`;
    expect(rows.map(byKey).sort()).toEqual(expected.map(byKey).sort());
    expect(rows.find((r) => r.kind === 'new_sale' && r.channel === 'email')?.n).toBe(2); // one per order
    expect(rows.filter((r) => r.kind !== 'new_sale').every((r) => r.n === 1)).toBe(true);
    expect((await events()).every((e) => e.dispatched)).toBe(true);

    // One mail file per e-mail row: none written twice.
    const mails = (await readdir(mailDir)).filter((f) => eventIds.some((id) => f.startsWith(`${id.padStart(8, '0')}-`)));
    expect(mails).toHaveLength(6);
  });

  it('expires an order placed while Redis was down on time once Redis is back (empty), restocking it and telling the buyer', async () => {
    const sale = await variantForSale(t, { stock: 3 });
    const b = await buyer(t);
    await redis.stop();
    let order;
    try {
      order = await placeOrder(t, b, [{ variantId: sale.variantId, quantity: 2 }]);
      expect(await variantStock(t, sale.variantId)).toBe(1);
    } finally {
      await redis.start(); // empty: the expiry job was never scheduled, and every schedule Redis held is gone
    }
    const status = async () => (await t.http().get(`/api/v1/orders/${order.id}`).set(b.auth)).body.status as string;
    expect(await status()).toBe('pending_payment');

    const due = new Date(order.expiresAt).getTime();
    await eventually('the order to expire', async () => (await status()) === 'expired', due - Date.now() + 15_000, 200);
    expect(await variantStock(t, sale.variantId)).toBe(3);
    await eventually('the buyer to be told', async () => {
      const inbox = await t.http().get('/api/v1/me/notifications').set(b.auth);
      return inbox.body.items.some((n: { kind: string }) => n.kind === 'order_expired');
    });
  });
});
