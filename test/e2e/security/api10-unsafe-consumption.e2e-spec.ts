import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type Stripe from 'stripe';
import { startApp, TestApp } from '../../support/app';
import { Actor } from '../../support/api';
import { FakeStripe } from '../../support/fake-stripe';
import { buyer, OrderBody, outboxTypes, placeOrder, variantForSale, variantStock } from '../../support/orders';

/**
 * OWASP API10 (unsafe consumption of APIs): what arrives from Stripe is trusted only when
 * signed with our webhook secret within five minutes; events about payments we do not
 * know are acknowledged without changes; a replay changes nothing.
 * Its own file: the Stripe provider is process-wide configuration (see stripe.e2e-spec.ts).
 */

const WEBHOOK = '/api/v1/payments/stripe/webhook';

describe('API10 unsafe consumption: Stripe webhooks', () => {
  let fake: FakeStripe;
  let t: TestApp;

  beforeAll(async () => {
    fake = await FakeStripe.start();
    t = await startApp(fake.appEnv());
  });
  afterAll(async () => {
    await t?.close();
    await fake?.stop();
  });
  afterEach(() => jest.restoreAllMocks());

  const post = (payload: string, signature?: string) => {
    const req = t.http().post(WEBHOOK).set('content-type', 'application/json');
    if (signature !== undefined) req.set('stripe-signature', signature);
    return req.send(payload);
  };

  /** An unpaid order whose PaymentIntent exists at (fake) Stripe, and the succeeded event for it. */
  async function pendingOrder(): Promise<{ b: Actor; order: OrderBody; variantId: string; event: Stripe.Event }> {
    const sale = await variantForSale(t, { stock: 5 });
    const b = await buyer(t);
    const order = await placeOrder(t, b, [{ variantId: sale.variantId, quantity: 1 }]);
    const [pi] = fake.list<Stripe.PaymentIntent>('payment_intent').filter((p) => p.metadata.paymentId === order.payment.id);
    const event = fake.event('payment_intent.succeeded', fake.succeedPaymentIntent(pi.id));
    return { b, order, variantId: sale.variantId, event };
  }

  /** What a webhook could change: the order, its payment, its seller orders, its events, the stock and the event record. */
  async function snapshot(orderId: string, eventId: string, variantId: string) {
    const [order] = await t.db.query(`SELECT status, paid_at, updated_at FROM orders WHERE id = $1`, [orderId]);
    const [payment] = await t.db.query(`SELECT status, provider_ref, charge_ref, updated_at FROM payments WHERE order_id = $1`, [orderId]);
    const sellerOrders = await t.db.query(`SELECT status, paid_at FROM seller_orders WHERE order_id = $1 ORDER BY id`, [orderId]);
    const [{ n: webhookRows }] = await t.db.query(`SELECT count(*)::int AS n FROM webhook_events WHERE id = $1`, [eventId]);
    return { order, payment, sellerOrders, events: await outboxTypes(t, [orderId]), stock: await variantStock(t, variantId), webhookRows };
  }

  function expectInvalidSignature(res: { status: number; body: unknown }) {
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ statusCode: 400, error: 'invalid_signature', message: expect.any(String) });
  }

  it('refuses a webhook without a Stripe-Signature (400 invalid_signature) and changes nothing', async () => {
    const { order, variantId, event } = await pendingOrder();
    const before = await snapshot(order.id, event.id, variantId);
    const payload = JSON.stringify(event);
    expectInvalidSignature(await post(payload));
    expectInvalidSignature(await post(payload, ''));
    expect(await snapshot(order.id, event.id, variantId)).toEqual(before);
    expect(before.order.status).toBe('pending_payment');
  });

  it('refuses a signature made with another secret, a malformed one, and one over another body', async () => {
    const { order, variantId, event } = await pendingOrder();
    const before = await snapshot(order.id, event.id, variantId);
    const genuine = fake.signedWebhook(event);
    const otherSecret = fake.signedWebhook(event, { secret: 'whsec_someone_else_entirely' });
    const forgedBody = JSON.stringify({ ...event, data: { object: { ...event.data.object, amount_received: 1 } } });
    const attempts: [string, string][] = [
      [otherSecret.payload, otherSecret.signature],
      [forgedBody, genuine.signature],
      [genuine.payload, 'garbage'],
      [genuine.payload, `t=${Math.floor(Date.now() / 1000)}`],
      [genuine.payload, `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}`],
      [genuine.payload, genuine.signature.replace(/v1=[0-9a-f]+/, 'v0=abc')],
      [`${genuine.payload} `, genuine.signature],
    ];
    for (const [payload, signature] of attempts) expectInvalidSignature(await post(payload, signature));
    expect(await snapshot(order.id, event.id, variantId)).toEqual(before);
  });

  it('refuses a correctly signed event older than five minutes (a replayed capture), and accepts one four minutes old', async () => {
    const { order, variantId, event } = await pendingOrder();
    const before = await snapshot(order.id, event.id, variantId);
    const nowSeconds = Math.floor(Date.now() / 1000);
    for (const age of [301, 400, 24 * 3600]) {
      const stale = fake.signedWebhook(event, { timestamp: nowSeconds - age });
      expectInvalidSignature(await post(stale.payload, stale.signature));
    }
    expect(await snapshot(order.id, event.id, variantId)).toEqual(before);

    const recent = fake.signedWebhook(event, { timestamp: nowSeconds - 240 });
    const res = await post(recent.payload, recent.signature);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: true, duplicate: false });
    expect((await snapshot(order.id, event.id, variantId)).order.status).toBe('paid');
  });

  it('acknowledges (200) and logs a correctly signed event about an unknown PaymentIntent, changing nothing', async () => {
    const { order, variantId, event: ours } = await pendingOrder();
    const before = await snapshot(order.id, ours.id, variantId);
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const stranger = await fake.client().paymentIntents.create({ amount: 999, currency: 'kzt', metadata: { paymentId: randomUUID() } });
    const event = fake.event('payment_intent.succeeded', fake.succeedPaymentIntent(stranger.id));
    const { payload, signature } = fake.signedWebhook(event);
    const res = await post(payload, signature);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: true, duplicate: false });
    expect(warn.mock.calls.map((c) => String(c[0])).some((m) => m.includes(stranger.id) && m.includes('unknown'))).toBe(true);

    expect(await t.db.query(`SELECT id FROM payments WHERE provider_ref = $1`, [stranger.id])).toHaveLength(0);
    expect(await snapshot(order.id, ours.id, variantId)).toEqual(before);
  });

  it("does not pay our order from an unknown PaymentIntent that names our payment id in its metadata", async () => {
    const { order, variantId, event: ours } = await pendingOrder();
    const before = await snapshot(order.id, ours.id, variantId);
    // Someone's own PaymentIntent (e.g. 1 tiyn) claiming to be for our payment.
    const cheap = await fake.client().paymentIntents.create({ amount: 1, currency: 'kzt', metadata: { paymentId: order.payment.id, orderId: order.id } });
    const event = fake.event('payment_intent.succeeded', fake.succeedPaymentIntent(cheap.id));
    const { payload, signature } = fake.signedWebhook(event);
    const res = await post(payload, signature);
    expect(res.status).toBe(200);
    const after = await snapshot(order.id, ours.id, variantId);
    expect(after.order.status).toBe('pending_payment');
    expect(after.payment.provider_ref).toBe(before.payment.provider_ref);
    expect(after.events).toEqual(before.events);
  });

  it('acknowledges an event type it does not handle, without changes', async () => {
    const { order, variantId, event: ours } = await pendingOrder();
    const before = await snapshot(order.id, ours.id, variantId);
    const event = fake.event('customer.created' as Stripe.Event['type'], { id: `cus_${randomUUID().slice(0, 8)}`, object: 'customer' });
    const { payload, signature } = fake.signedWebhook(event);
    const res = await post(payload, signature);
    expect(res.status).toBe(200);
    expect(res.body.received).toBe(true);
    expect(await snapshot(order.id, ours.id, variantId)).toEqual(before);
  });

  it('answers a replay of a processed event with 200 duplicate and changes the order once', async () => {
    const { order, variantId, event } = await pendingOrder();
    const { payload, signature } = fake.signedWebhook(event);
    const first = await post(payload, signature);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ received: true, duplicate: false });
    const paid = await snapshot(order.id, event.id, variantId);
    expect(paid.order.status).toBe('paid');

    for (let i = 0; i < 3; i++) {
      const again = await post(payload, signature);
      expect(again.status).toBe(200);
      expect(again.body).toEqual({ received: true, duplicate: true });
    }
    // Re-signed now (as Stripe's own retries are), still a duplicate.
    const resigned = fake.signedWebhook(event);
    expect((await post(resigned.payload, resigned.signature)).body).toEqual({ received: true, duplicate: true });
    const after = await snapshot(order.id, event.id, variantId);
    expect(after).toEqual(paid);
    expect(after.events.filter((type) => type === 'order.paid')).toHaveLength(1);
    expect(after.webhookRows).toBe(1);
  });
});
