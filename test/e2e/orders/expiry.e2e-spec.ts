import type { INestApplicationContext } from '@nestjs/common';
import type { PaymentOutcomesService } from '../../../src/orders/payment-outcomes.service';
import { startApp, startWorker, TestApp } from '../../support/app';
import { isolatedEnv } from '../../support/isolated';
import { Actor } from '../../support/api';
import { FakeStripe } from '../../support/fake-stripe';
import { buyer, OrderBody, outboxTypes, placeOrder, variantForSale, variantStock } from '../../support/orders';

/**
 * Expiry of unpaid Stripe orders: by the worker on its own (delayed job / sweep), exactly
 * once however often it is asked, after a worker restart, and the races with money that
 * arrives at the last moment or too late.
 */

const TTL_MINUTES = 0.03; // ≈ 1.8 s
const API = '/api/v1';

async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000, everyMs = 150): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

describe('order expiry (Stripe provider, worker in-process)', () => {
  let t: TestApp;
  let fake: FakeStripe;
  let outcomes: PaymentOutcomesService;
  let worker: INestApplicationContext | undefined;

  async function runWorker(): Promise<INestApplicationContext> {
    worker = await startWorker();
    return worker;
  }

  async function stopWorker(): Promise<void> {
    const w = worker;
    worker = undefined;
    if (w) await w.close();
  }

  beforeAll(async () => {
    fake = await FakeStripe.start();
    t = await startApp(fake.appEnv({ ...(await isolatedEnv('expiry')), ORDER_PAYMENT_TTL_MINUTES: String(TTL_MINUTES), ORDER_TIMERS_EVERY_SECONDS: '1' }));
    const { PaymentOutcomesService } = await import('../../../src/orders/payment-outcomes.service');
    outcomes = t.app.get(PaymentOutcomesService, { strict: false });
  });

  afterAll(async () => {
    await stopWorker();
    await t?.close();
    await fake?.stop();
  });

  const getOrder = async (who: Actor, id: string) => {
    const res = await t.http().get(`${API}/orders/${id}`).set(who.auth);
    expect(res.status).toBe(200);
    return res.body as OrderBody & { payment: { status: string; refunded: { amount: number } }; closeReason: string | null };
  };

  const intentOf = async (orderId: string): Promise<string> => {
    const [row] = await t.db.query(`SELECT provider_ref FROM payments WHERE order_id = $1`, [orderId]);
    expect(row.provider_ref).toMatch(/^pi_/);
    return row.provider_ref;
  };

  const makeDue = (orderId: string) => t.db.query(`UPDATE orders SET expires_at = now() - interval '1 second' WHERE id = $1`, [orderId]);

  const countOf = (types: string[], type: string) => types.filter((x) => x === type).length;

  const restocked = async (orderId: string): Promise<{ quantity: number; restocked_quantity: number }[]> =>
    t.db.query(
      `SELECT l.quantity, l.restocked_quantity FROM order_lines l JOIN seller_orders so ON so.id = l.seller_order_id WHERE so.order_id = $1`,
      [orderId],
    );

  /** A Stripe order of `quantity` units from a fresh variant with `stock` units. */
  async function stripeOrder(stock = 5, quantity = 2) {
    const sale = await variantForSale(t, { stock });
    const b = await buyer(t);
    const order = await placeOrder(t, b, [{ variantId: sale.variantId, quantity }]);
    expect(order.payment.provider).toBe('stripe');
    expect(await variantStock(t, sale.variantId)).toBe(stock - quantity);
    return { sale, b, order, pi: await intentOf(order.id) };
  }

  const webhook = (event: object) => {
    const { payload, signature } = fake.signedWebhook(event);
    return t.http().post(`${API}/payments/stripe/webhook`).set('stripe-signature', signature).set('content-type', 'application/json').send(payload);
  };

  describe('with a worker running', () => {
    afterAll(() => stopWorker());

    it('expires an unpaid order by itself: stock back, PaymentIntent canceled at Stripe, one order.expired', async () => {
      await runWorker();
      const { sale, b, order, pi } = await stripeOrder(5, 2);
      expect(new Date(order.expiresAt).getTime() - Date.now()).toBeLessThan(TTL_MINUTES * 60_000 + 1_000);

      const after = await until(() => getOrder(b, order.id), (o) => o.status !== 'pending_payment');
      expect(after.status).toBe('expired');
      expect(after.payment.status).toBe('canceled');
      expect(after.sellerOrders[0].status).toBe('cancelled');
      expect(await variantStock(t, sale.variantId)).toBe(5);
      expect(await restocked(order.id)).toEqual([{ quantity: 2, restocked_quantity: 2 }]);

      const cancels = fake.requestsTo('POST', `/v1/payment_intents/${pi}/cancel`);
      expect(cancels.length).toBeGreaterThanOrEqual(1);
      expect(cancels.filter((r) => !r.replayed && !r.failed)).toHaveLength(1);
      expect(fake.paymentIntent(pi).status).toBe('canceled');

      // Give the delayed job and the sweep time to run again: nothing more happens.
      await new Promise((r) => setTimeout(r, 1_500));
      expect(await variantStock(t, sale.variantId)).toBe(5);
      expect(countOf(await outboxTypes(t, [order.id]), 'order.expired')).toBe(1);
    });

    it('expires an order that became due while no worker ran, once a worker starts again', async () => {
      await stopWorker();
      const { sale, b, order, pi } = await stripeOrder(4, 3);
      // Due (the delayed job too) while nothing runs the queue.
      await new Promise((r) => setTimeout(r, Math.max(0, new Date(order.expiresAt).getTime() - Date.now()) + 1_200));
      expect((await getOrder(b, order.id)).status).toBe('pending_payment');
      expect(await variantStock(t, sale.variantId)).toBe(1);

      await runWorker();
      const after = await until(() => getOrder(b, order.id), (o) => o.status !== 'pending_payment');
      expect(after.status).toBe('expired');
      expect(await variantStock(t, sale.variantId)).toBe(4);
      expect(fake.paymentIntent(pi).status).toBe('canceled');

      await new Promise((r) => setTimeout(r, 1_500)); // the job and the sweep both had their chance
      expect(await variantStock(t, sale.variantId)).toBe(4);
      expect(await restocked(order.id)).toEqual([{ quantity: 3, restocked_quantity: 3 }]);
      expect(countOf(await outboxTypes(t, [order.id]), 'order.expired')).toBe(1);
    });
  });

  describe('expire() called directly (no worker)', () => {
    it('is exactly once under 5 parallel calls: stock released once, one order.expired', async () => {
      const { sale, b, order, pi } = await stripeOrder(5, 2);
      await makeDue(order.id);

      const results = await Promise.all(Array.from({ length: 5 }, () => outcomes.expire(order.id)));
      expect(results.filter((r) => r === 'expired')).toHaveLength(1);
      expect(results.filter((r) => r !== 'expired').every((r) => r === 'already_closed')).toBe(true);

      expect((await getOrder(b, order.id)).status).toBe('expired');
      expect(await variantStock(t, sale.variantId)).toBe(5);
      expect(await restocked(order.id)).toEqual([{ quantity: 2, restocked_quantity: 2 }]);
      expect(countOf(await outboxTypes(t, [order.id]), 'order.expired')).toBe(1);
      // Stripe executed one cancellation; any other ask was the same idempotent request.
      const cancels = fake.requestsTo('POST', `/v1/payment_intents/${pi}/cancel`);
      expect(cancels.filter((r) => !r.replayed && !r.failed)).toHaveLength(1);
      expect(new Set(cancels.map((r) => r.idempotencyKey)).size).toBe(1);

      expect(await outcomes.expire(order.id)).toBe('already_closed');
      expect(await variantStock(t, sale.variantId)).toBe(5);
    });

    it('does not expire an order that is not due yet', async () => {
      const { sale, order, pi } = await stripeOrder(5, 1);
      await t.db.query(`UPDATE orders SET expires_at = now() + interval '1 hour' WHERE id = $1`, [order.id]);
      expect(await outcomes.expire(order.id)).toBe('not_due');
      expect(await variantStock(t, sale.variantId)).toBe(4);
      expect(fake.requestsTo('POST', `/v1/payment_intents/${pi}/cancel`)).toHaveLength(0);
    });

    it('last-moment payment wins: intent succeeded at Stripe, no webhook yet → expire pays the order', async () => {
      const { sale, b, order, pi } = await stripeOrder(5, 2);
      const succeeded = fake.succeedPaymentIntent(pi);
      await makeDue(order.id);

      expect(await outcomes.expire(order.id)).toBe('paid');
      const paid = await getOrder(b, order.id);
      expect(paid.status).toBe('paid');
      expect(paid.payment.status).toBe('succeeded');
      expect(paid.sellerOrders.map((so) => so.status)).toEqual(['paid']);
      expect(await variantStock(t, sale.variantId)).toBe(3);
      expect(await restocked(order.id)).toEqual([{ quantity: 2, restocked_quantity: 0 }]);
      expect(fake.paymentIntent(pi).status).toBe('succeeded');
      let types = await outboxTypes(t, [order.id]);
      expect(countOf(types, 'order.paid')).toBe(1);
      expect(countOf(types, 'order.expired')).toBe(0);

      // The webhook arrives afterwards: acknowledged, nothing changes.
      const res = await webhook(fake.event('payment_intent.succeeded', succeeded));
      expect(res.status).toBe(200);
      expect(res.body.received).toBe(true);
      const again = await getOrder(b, order.id);
      expect(again.status).toBe('paid');
      expect((again as unknown as { paidAt: string }).paidAt).toBe((paid as unknown as { paidAt: string }).paidAt);
      expect(await variantStock(t, sale.variantId)).toBe(3);
      types = await outboxTypes(t, [order.id]);
      expect(countOf(types, 'order.paid')).toBe(1);
      expect(countOf(types, 'order.expired')).toBe(0);
      expect(fake.requestsTo('POST', '/v1/refunds').filter((r) => r.body.payment_intent === pi)).toHaveLength(0);

      // Later expiries change nothing either.
      expect(await outcomes.expire(order.id)).toBe('already_closed');
      expect(await variantStock(t, sale.variantId)).toBe(3);
    });

    it('money after expiry: a succeeded webhook for an expired order is refunded in full, automatically', async () => {
      const { sale, b, order, pi } = await stripeOrder(5, 2);
      await makeDue(order.id);
      expect(await outcomes.expire(order.id)).toBe('expired');
      expect(fake.paymentIntent(pi).status).toBe('canceled');
      expect(await variantStock(t, sale.variantId)).toBe(5);

      // Stripe nevertheless took the money (a real charge at the fake, so that it can be refunded).
      fake.updatePaymentIntent(pi, { status: 'requires_payment_method', canceled_at: null, cancellation_reason: null });
      const charged = fake.succeedPaymentIntent(pi);
      expect(charged.amount_received).toBe(order.total.amount);

      const event = fake.event('payment_intent.succeeded', charged);
      const res = await webhook(event);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ received: true, duplicate: false });

      const after = await getOrder(b, order.id);
      expect(after.status).toBe('expired');
      expect(await variantStock(t, sale.variantId)).toBe(5); // not restocked twice

      // The money goes back to the buyer, all of it.
      const sent = fake.requestsTo('POST', '/v1/refunds').filter((r) => r.body.payment_intent === pi && !r.failed);
      expect(sent.filter((r) => !r.replayed).map((r) => Number(r.body.amount)).reduce((a, x) => a + x, 0)).toBe(order.total.amount);
      expect(fake.charge(charged.latest_charge as string).amount_refunded).toBe(order.total.amount);
      expect(after.payment.status).toBe('succeeded');

      const rows: { initiator: string; status: string; amount: string }[] = await t.db.query(
        `SELECT r.initiator, r.status, r.amount FROM refunds r JOIN payments p ON p.id = r.payment_id WHERE p.order_id = $1`,
        [order.id],
      );
      expect(rows.length).toBeGreaterThanOrEqual(1);
      expect(rows.every((r) => r.initiator === 'system')).toBe(true);
      expect(rows.every((r) => r.status === 'succeeded')).toBe(true);
      expect(rows.reduce((sum, r) => sum + Number(r.amount), 0)).toBe(order.total.amount);
      expect(after.payment.refunded.amount).toBe(order.total.amount);

      const types = await outboxTypes(t, [order.id]);
      expect(countOf(types, 'order.paid')).toBe(0);
      expect(countOf(types, 'order.expired')).toBe(1);

      // A replay of the same event changes nothing: no second refund.
      const replay = await webhook(event);
      expect(replay.status).toBe(200);
      expect(replay.body).toEqual({ received: true, duplicate: true });
      expect(fake.requestsTo('POST', '/v1/refunds').filter((r) => r.body.payment_intent === pi && !r.replayed && !r.failed)).toHaveLength(
        sent.filter((r) => !r.replayed).length,
      );
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM refunds r JOIN payments p ON p.id = r.payment_id WHERE p.order_id = $1`, [order.id]);
      expect(n).toBe(rows.length);
    });
  });
});
