import { INestApplicationContext } from '@nestjs/common';
import type Stripe from 'stripe';
import { startApp, startWorker, TestApp } from '../../support/app';
import { createAdmin } from '../../support/api';
import { eventually } from '../../support/eventually';
import { FakeStripe } from '../../support/fake-stripe';
import { isolatedEnv } from '../../support/isolated';
import { buyer, placeOrder, variantForSale, variantStock } from '../../support/orders';
import { TestRedis } from '../../support/redis-server';

const API = '/api/v1';

// As redis-down.e2e-spec.ts, with Stripe (a file of its own: the provider is chosen per app
// config), and with Redis down from the start: the API starts without it, checkout creates
// the PaymentIntent and Stripe's webhook pays the order; once Redis is back and the worker
// runs, the news of both reaches everyone once.
describe('Redis down during a Stripe checkout and its payment webhook', () => {
  const redis = new TestRedis();
  let fake: FakeStripe;
  let t: TestApp;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    fake = await FakeStripe.start();
    const env = await isolatedEnv('redis_down_stripe');
    const url = await redis.start();
    await redis.stop(); // nothing listens there while the API starts
    t = await startApp(fake.appEnv({ ...env, REDIS_URL: url, OUTBOX_POLL_MS: '50', NOTIFICATION_BACKOFF_MS: '50' }));
  });
  afterAll(async () => {
    await redis.start(); // (if the test stopped early) so that the API can close its queues cleanly
    await worker?.close();
    await t?.close();
    await redis.stop();
    await fake?.stop();
  });

  function webhook(event: Stripe.Event) {
    const { payload, signature } = fake.signedWebhook(event);
    return t.http().post(`${API}/payments/stripe/webhook`).set('stripe-signature', signature).set('content-type', 'application/json').send(payload);
  }

  it('starts, checks out and is paid by the webhook without Redis, once; the notifications follow when Redis returns', async () => {
    const sale = await variantForSale(t, { price: 900_000, stock: 3 });
    const b = await buyer(t);
    const admin = await createAdmin(t);

    const started = Date.now();
    const order = await placeOrder(t, b, [{ variantId: sale.variantId, quantity: 1 }]);
    expect(Date.now() - started).toBeLessThan(5_000);
    const intents = fake.list<Stripe.PaymentIntent>('payment_intent').filter((pi) => pi.metadata.paymentId === order.payment.id);
    expect(intents).toHaveLength(1);
    expect(order.payment.clientSecret).toBe(intents[0].client_secret);
    expect(await variantStock(t, sale.variantId)).toBe(2);

    // Stripe delivers the success twice (it retries deliveries): one payment, one ledger entry.
    const event = fake.event('payment_intent.succeeded', fake.succeedPaymentIntent(intents[0].id));
    expect((await webhook(event)).status).toBe(200);
    expect((await webhook(event)).status).toBe(200);
    const seen = await t.http().get(`${API}/orders/${order.id}`).set(b.auth);
    expect(seen.body).toMatchObject({ status: 'paid', payment: { status: 'succeeded' } });
    const [{ n: entries }] = await t.db.query(`SELECT count(*)::int AS n FROM journal_entries WHERE order_id = $1 AND kind = 'payment'`, [order.id]);
    expect(entries).toBe(1);
    const check = await t.http().get(`${API}/admin/ledger/check`).set(admin.auth);
    expect(check.body.balanced).toBe(true);

    // Nothing was relayed while Redis was away; once it is back, each notification about the order arrives once.
    await new Promise((r) => setTimeout(r, 500));
    const [{ n: early }] = await t.db.query(`SELECT count(*)::int AS n FROM notifications WHERE user_id = $1`, [b.id]);
    expect(early).toBe(0);
    await redis.start();
    worker = await startWorker();
    const kinds = async (userId: string) =>
      (
        (await t.db.query(
          `SELECT n.kind, n.channel FROM notifications n JOIN outbox_events e ON e.id = n.outbox_id
            WHERE n.user_id = $1 AND e.aggregate_id = $2 ORDER BY n.kind, n.channel`,
          [userId, order.id],
        )) as { kind: string; channel: string }[]
      ).map(
        (r) => `${r.kind}/${r.channel}`,
      );
    await eventually('the buyer’s notifications', async () => (await kinds(b.id)).length >= 4, 30_000, 100);
    await eventually('the maker’s notification', async () => (await kinds(sale.maker.id)).length >= 2, 30_000, 100);
    await new Promise((r) => setTimeout(r, 1_000)); // anything twice would show up by now
    expect(await kinds(b.id)).toEqual(['order_paid_receipt/email', 'order_paid_receipt/in_app', 'order_placed/email', 'order_placed/in_app']);
    expect(await kinds(sale.maker.id)).toEqual(['new_sale/email', 'new_sale/in_app']);
  });
});
