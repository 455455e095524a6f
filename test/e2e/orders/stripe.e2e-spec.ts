import { randomUUID } from 'node:crypto';
import type Stripe from 'stripe';
import { RefundsService } from '../../../src/orders/refunds.service';
import { startApp, TestApp } from '../../support/app';
import { Actor, createAdmin, makerWithShop } from '../../support/api';
import { FakeStripe } from '../../support/fake-stripe';
import { buyer, ForSale, OrderBody, outboxTypes, placeOrder, postOrder, shippingTo, variantForSale, variantStock } from '../../support/orders';

const PRICE = 1_200_000;
const SHIPPING = 150_000;
const WEBHOOK = '/api/v1/payments/stripe/webhook';
const DAY_MS = 24 * 60 * 60 * 1000;

interface PaymentBody {
  id: string;
  provider: string;
  status: string;
  amount: { amount: number; currency: string };
  refunded: { amount: number; currency: string };
  clientSecret?: string;
  failureMessage: string | null;
}
interface RefundBody {
  id: string;
  status: string;
  amount: { amount: number; currency: string };
  reason: string;
  initiator: string;
}
type SellerOrderBody = OrderBody['sellerOrders'][number] & { paidAt: string | null; shipBy: string | null; refunds: RefundBody[] };
type OrderView = Omit<OrderBody, 'payment' | 'sellerOrders'> & {
  paidAt: string | null;
  payment: PaymentBody;
  sellerOrders: SellerOrderBody[];
};

/**
 * The API with the Stripe provider, talking through the real `stripe` SDK to FakeStripe:
 * what reaches "Stripe" (bodies, idempotency keys, retries) is asserted, not only our rows.
 */
describe('orders with Stripe (FakeStripe through the real SDK)', () => {
  let fake: FakeStripe;
  let t: TestApp;
  let admin: Actor;

  beforeAll(async () => {
    fake = await FakeStripe.start();
    t = await startApp(fake.appEnv({ STRIPE_TIMEOUT_MS: '1000' }));
    admin = await createAdmin(t);
  });
  afterAll(async () => {
    await t?.close();
    await fake?.stop();
  });
  beforeEach(() => fake.reset());

  // ---- helpers ----

  const forSale = (stock = 5) => variantForSale(t, { price: PRICE, stock, shop: { shippingFee: { amount: SHIPPING, currency: 'KZT' } } });

  async function order(quantity = 1, stock = 5): Promise<{ sale: ForSale; b: Actor; order: OrderView }> {
    const sale = await forSale(stock);
    const b = await buyer(t);
    const placed = (await placeOrder(t, b, [{ variantId: sale.variantId, quantity }])) as unknown as OrderView;
    return { sale, b, order: placed };
  }

  /** The PaymentIntents at Stripe that were created for our payment. */
  const intentsOf = (paymentId: string) => fake.list<Stripe.PaymentIntent>('payment_intent').filter((pi) => pi.metadata.paymentId === paymentId);
  function intentOf(paymentId: string): Stripe.PaymentIntent {
    const intents = intentsOf(paymentId);
    expect(intents).toHaveLength(1);
    return intents[0];
  }
  const refundsAtStripe = (intentId: string) => fake.list<Stripe.Refund>('refund').filter((r) => r.payment_intent === intentId);

  function post(payload: string, signature?: string) {
    const req = t.http().post(WEBHOOK).set('content-type', 'application/json');
    if (signature !== undefined) req.set('stripe-signature', signature);
    return req.send(payload);
  }
  function deliver(event: Stripe.Event) {
    const { payload, signature } = fake.signedWebhook(event);
    return post(payload, signature);
  }
  async function pay(o: OrderView): Promise<Stripe.PaymentIntent> {
    const pi = intentOf(o.payment.id);
    const res = await deliver(fake.event('payment_intent.succeeded', fake.succeedPaymentIntent(pi.id)));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: true, duplicate: false });
    return fake.paymentIntent(pi.id);
  }
  async function view(b: Actor, orderId: string): Promise<OrderView> {
    const res = await t.http().get(`/api/v1/orders/${orderId}`).set(b.auth);
    expect(res.status).toBe(200);
    return res.body as OrderView;
  }
  async function sellerOrder(who: Actor, id: string): Promise<SellerOrderBody> {
    const res = await t.http().get(`/api/v1/seller-orders/${id}`).set(who.auth);
    expect(res.status).toBe(200);
    return res.body as SellerOrderBody;
  }
  const refund = (maker: Actor, soId: string, body: Record<string, unknown>) => t.http().post(`/api/v1/seller-orders/${soId}/refund`).set(maker.auth).send(body);
  const count = (types: string[], type: string) => types.filter((x) => x === type).length;
  async function webhookRows(eventId: string): Promise<number> {
    const [row] = await t.db.query(`SELECT count(*)::int AS n FROM webhook_events WHERE id = $1`, [eventId]);
    return row.n;
  }
  async function ordersOf(b: Actor): Promise<{ id: string; status: string }[]> {
    return t.db.query(`SELECT id, status FROM orders WHERE buyer_id = $1`, [b.id]);
  }
  const kzt = (amount: number) => ({ amount, currency: 'KZT' });

  // ---- checkout ----

  it('checkout creates exactly one PaymentIntent for the order total, keyed by the payment id', async () => {
    const { sale, order: o } = await order(2);
    const total = 2 * PRICE + SHIPPING;
    expect(o.total).toEqual(kzt(total));
    expect(o.payment).toMatchObject({ provider: 'stripe', status: 'pending', amount: kzt(total) });

    const creates = fake.requestsTo('POST', '/v1/payment_intents');
    expect(creates).toHaveLength(1);
    expect(creates[0].idempotencyKey).toBe(`payment-${o.payment.id}`);
    expect(creates[0].body).toMatchObject({
      amount: String(total),
      currency: 'kzt',
      transfer_group: o.id,
      metadata: { orderId: o.id, paymentId: o.payment.id, orderNumber: o.number },
    });
    const pi = intentOf(o.payment.id);
    expect(pi).toMatchObject({ amount: total, currency: 'kzt', transfer_group: o.id, status: 'requires_payment_method' });
    expect(o.payment.clientSecret).toBe(pi.client_secret);
    expect(await variantStock(t, sale.variantId)).toBe(3);
  });

  it('the same checkout sent twice at once with one Idempotency-Key makes one order and one PaymentIntent', async () => {
    const sale = await forSale();
    const b = await buyer(t);
    const body = { items: [{ variantId: sale.variantId, quantity: 1 }], delivery: shippingTo() };
    const key = randomUUID();
    const [first, second] = await Promise.all([postOrder(t, b, body, key), postOrder(t, b, body, key)]);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.text).toBe(first.text);

    const orders = await ordersOf(b);
    expect(orders).toHaveLength(1);
    expect(orders[0].id).toBe(first.body.id);
    const intents = fake.list<Stripe.PaymentIntent>('payment_intent').filter((pi) => pi.metadata.orderId === first.body.id);
    expect(intents).toHaveLength(1);
    expect(first.body.payment.clientSecret).toBe(intents[0].client_secret);
    expect(fake.requestsTo('POST', '/v1/payment_intents').filter((r) => !r.replayed)).toHaveLength(1);
    expect(await variantStock(t, sale.variantId)).toBe(4);
  });

  it('Stripe failing beyond the SDK retries → 502; the same request again resumes with the same PaymentIntent key', async () => {
    const sale = await forSale();
    const b = await buyer(t);
    const body = { items: [{ variantId: sale.variantId, quantity: 1 }], delivery: shippingTo() };
    const key = randomUUID();
    fake.failNext(2, { status: 500 }, { method: 'POST', pathPrefix: '/v1/payment_intents' });

    const down = await postOrder(t, b, body, key);
    expect(down.status).toBe(502);
    expect(down.body).toMatchObject({ statusCode: 502, error: 'payment_provider_unavailable' });
    const [placed] = await ordersOf(b);
    expect(placed.status).toBe('pending_payment');
    const [payment] = await t.db.query(`SELECT id, provider_ref FROM payments WHERE order_id = $1`, [placed.id]);
    expect(payment.provider_ref).toBeNull();
    const attempts = fake.requestsTo('POST', '/v1/payment_intents');
    expect(attempts).toHaveLength(2); // the SDK's one retry
    expect(attempts.every((r) => r.failed && r.idempotencyKey === `payment-${payment.id}`)).toBe(true);
    expect(intentsOf(payment.id)).toHaveLength(0);

    const retried = await postOrder(t, b, body, key);
    expect(retried.status).toBe(201);
    expect(retried.body).toMatchObject({ id: placed.id, status: 'pending_payment', payment: { id: payment.id, provider: 'stripe' } });
    const pi = intentOf(payment.id);
    expect(retried.body.payment.clientSecret).toBe(pi.client_secret);
    const all = fake.requestsTo('POST', '/v1/payment_intents');
    expect(all).toHaveLength(3);
    expect(all[2]).toMatchObject({ idempotencyKey: `payment-${payment.id}`, status: 200 });
    expect(await ordersOf(b)).toHaveLength(1);
    expect(await variantStock(t, sale.variantId)).toBe(4);

    const again = await postOrder(t, b, body, key);
    expect(again.status).toBe(201);
    expect(again.text).toBe(retried.text);
    expect(fake.requestsTo('POST', '/v1/payment_intents')).toHaveLength(3);
  });

  it('an answer lost after Stripe created the intent: the SDK retry gets the stored intent → 201, one intent', async () => {
    const sale = await forSale();
    const b = await buyer(t);
    fake.failNext(1, { status: 500, afterProcessing: true }, { method: 'POST', pathPrefix: '/v1/payment_intents' });

    const res = await postOrder(t, b, { items: [{ variantId: sale.variantId, quantity: 1 }], delivery: shippingTo() });
    expect(res.status).toBe(201);
    const o = res.body as OrderView;
    const pi = intentOf(o.payment.id);
    expect(o.payment.clientSecret).toBe(pi.client_secret);
    const attempts = fake.requestsTo('POST', '/v1/payment_intents');
    expect(attempts).toHaveLength(2);
    expect(attempts[0]).toMatchObject({ failed: true, idempotencyKey: `payment-${o.payment.id}` });
    expect(attempts[1]).toMatchObject({ replayed: true, idempotencyKey: `payment-${o.payment.id}`, status: 200 });
  });

  it('Stripe timing out → 502; the retry creates the one PaymentIntent', async () => {
    const sale = await forSale();
    const b = await buyer(t);
    const body = { items: [{ variantId: sale.variantId, quantity: 1 }], delivery: shippingTo() };
    const key = randomUUID();
    fake.failNext(2, 'timeout', { method: 'POST', pathPrefix: '/v1/payment_intents' });

    const down = await postOrder(t, b, body, key);
    expect(down.status).toBe(502);
    expect(down.body.error).toBe('payment_provider_unavailable');
    expect(fake.requestsTo('POST', '/v1/payment_intents')).toHaveLength(2);
    const [placed] = await ordersOf(b);

    const retried = await postOrder(t, b, body, key);
    expect(retried.status).toBe(201);
    expect(retried.body.id).toBe(placed.id);
    const pi = intentOf(retried.body.payment.id);
    expect(retried.body.payment.clientSecret).toBe(pi.client_secret);
    expect(fake.requestsTo('POST', '/v1/payment_intents').map((r) => r.idempotencyKey)).toEqual(Array(3).fill(`payment-${retried.body.payment.id}`));
    expect(await ordersOf(b)).toHaveLength(1);
  });

  // ---- webhooks ----

  it('refuses webhooks with a bad, tampered, missing or stale signature (400 invalid_signature, no change)', async () => {
    const { b, order: o } = await order();
    const pi = intentOf(o.payment.id);
    const event = fake.event('payment_intent.succeeded', fake.succeedPaymentIntent(pi.id));

    const otherSecret = fake.signedWebhook(event, { secret: 'whsec_someone_else' });
    const genuine = fake.signedWebhook(event);
    const tampered = JSON.stringify({ ...event, id: `evt_${randomUUID().replace(/-/g, '')}` });
    const stale = fake.signedWebhook(event, { timestamp: Math.floor(Date.now() / 1000) - 400 });
    const attempts = [
      post(otherSecret.payload, otherSecret.signature),
      post(tampered, genuine.signature),
      post(genuine.payload),
      post(stale.payload, stale.signature),
    ];
    for (const attempt of attempts) {
      const res = await attempt;
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'invalid_signature' });
    }

    const after = await view(b, o.id);
    expect(after.status).toBe('pending_payment');
    expect(after.payment.status).toBe('pending');
    expect(await webhookRows(event.id)).toBe(0);
    expect(await webhookRows(JSON.parse(tampered).id)).toBe(0);
    expect(count(await outboxTypes(t, [o.id]), 'order.paid')).toBe(0);
  });

  it('payment_intent.succeeded pays the order and its seller orders, with one order.paid event', async () => {
    const { b, order: o } = await order(2);
    const before = Date.now();
    const pi = await pay(o);

    const paid = await view(b, o.id);
    expect(paid.status).toBe('paid');
    expect(paid.payment).toMatchObject({ status: 'succeeded', failureMessage: null });
    expect(paid.payment.clientSecret).toBeUndefined();
    expect(paid.paidAt).not.toBeNull();
    for (const so of paid.sellerOrders) {
      expect(so.status).toBe('paid');
      expect(so.paidAt).toBe(paid.paidAt);
      const shipBy = new Date(so.shipBy!).getTime();
      expect(shipBy - new Date(paid.paidAt!).getTime()).toBe(14 * DAY_MS);
      expect(shipBy).toBeGreaterThanOrEqual(before + 14 * DAY_MS - 1000);
    }
    expect(count(await outboxTypes(t, [o.id]), 'order.paid')).toBe(1);
    const [payment] = await t.db.query(`SELECT provider_ref, charge_ref FROM payments WHERE id = $1`, [o.payment.id]);
    expect(payment).toEqual({ provider_ref: pi.id, charge_ref: pi.latest_charge });
  });

  it('one event delivered twice at once and then again changes the order once', async () => {
    const { b, order: o } = await order();
    const pi = intentOf(o.payment.id);
    const event = fake.event('payment_intent.succeeded', fake.succeedPaymentIntent(pi.id));
    const { payload, signature } = fake.signedWebhook(event);

    const together = await Promise.all([post(payload, signature), post(payload, signature)]);
    const paidAt = (await view(b, o.id)).paidAt;
    const later = await post(payload, signature);
    const responses = [...together, later];
    for (const res of responses) expect(res.status).toBe(200);
    expect(together.map((r) => r.body.duplicate).sort()).toEqual([false, true]);
    expect(later.body).toEqual({ received: true, duplicate: true });

    const after = await view(b, o.id);
    expect(after.status).toBe('paid');
    expect(after.paidAt).toBe(paidAt);
    expect(count(await outboxTypes(t, [o.id]), 'order.paid')).toBe(1);
    expect(await webhookRows(event.id)).toBe(1);
  });

  it('a failed attempt shows its message and a later success still pays', async () => {
    const { b, order: o } = await order();
    const pi = intentOf(o.payment.id);
    const failed = await deliver(fake.event('payment_intent.payment_failed', fake.failPaymentIntent(pi.id, 'Недостаточно средств на карте.')));
    expect(failed.status).toBe(200);

    const whileFailed = await view(b, o.id);
    expect(whileFailed.status).toBe('pending_payment');
    expect(whileFailed.payment).toMatchObject({ status: 'failed', failureMessage: 'Недостаточно средств на карте.', clientSecret: pi.client_secret });
    expect(count(await outboxTypes(t, [o.id]), 'order.payment_failed')).toBe(1);

    await pay(o);
    const paid = await view(b, o.id);
    expect(paid.status).toBe('paid');
    expect(paid.payment).toMatchObject({ status: 'succeeded', failureMessage: null });
    expect(paid.sellerOrders.map((so) => so.status)).toEqual(['paid']);
    expect(count(await outboxTypes(t, [o.id]), 'order.paid')).toBe(1);
  });

  it('late payment_failed and canceled events after success change nothing', async () => {
    const { sale, b, order: o } = await order();
    const unpaid = intentOf(o.payment.id);
    await pay(o);

    const lateFailure = { ...unpaid, last_payment_error: { code: 'card_declined', message: 'Your card was declined.', type: 'card_error' } };
    const lateCancel = { ...unpaid, status: 'canceled', canceled_at: Math.floor(Date.now() / 1000), cancellation_reason: 'abandoned' };
    for (const event of [fake.event('payment_intent.payment_failed', lateFailure), fake.event('payment_intent.canceled', lateCancel)]) {
      const res = await deliver(event);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ received: true, duplicate: false });
    }

    const after = await view(b, o.id);
    expect(after.status).toBe('paid');
    expect(after.payment).toMatchObject({ status: 'succeeded', failureMessage: null });
    expect(after.sellerOrders.map((so) => so.status)).toEqual(['paid']);
    expect(await variantStock(t, sale.variantId)).toBe(4);
    const types = await outboxTypes(t, [o.id]);
    expect(count(types, 'order.payment_failed')).toBe(0);
    expect(count(types, 'order.expired')).toBe(0);
  });

  it('an event about an unknown PaymentIntent is acknowledged and changes nothing', async () => {
    const { b, order: o } = await order();
    const stranger = await fake.client().paymentIntents.create({ amount: 999, currency: 'kzt', metadata: { paymentId: randomUUID() } });
    const res = await deliver(fake.event('payment_intent.succeeded', fake.succeedPaymentIntent(stranger.id)));
    expect(res.status).toBe(200);
    expect(res.body.received).toBe(true);

    expect(await t.db.query(`SELECT id FROM payments WHERE provider_ref = $1`, [stranger.id])).toHaveLength(0);
    const after = await view(b, o.id);
    expect(after.status).toBe('pending_payment');
    expect(after.payment.status).toBe('pending');
  });

  // ---- cancellation by the buyer ----

  it('the buyer cancelling an unpaid order cancels the PaymentIntent at Stripe and restocks', async () => {
    const { sale, b, order: o } = await order(2);
    const pi = intentOf(o.payment.id);
    expect(await variantStock(t, sale.variantId)).toBe(3);

    const res = await t.http().post(`/api/v1/orders/${o.id}/cancel`).set(b.auth).send({ reason: 'Передумала' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('cancelled');
    expect(res.body.payment.status).toBe('canceled');
    expect(res.body.sellerOrders.map((so: SellerOrderBody) => so.status)).toEqual(['cancelled']);

    const cancels = fake.requestsTo('POST', `/v1/payment_intents/${pi.id}/cancel`);
    expect(cancels).toHaveLength(1);
    expect(cancels[0].idempotencyKey).toBe(`payment-cancel-${o.payment.id}`);
    expect(fake.paymentIntent(pi.id).status).toBe('canceled');
    expect(fake.requestsTo('POST', '/v1/refunds')).toHaveLength(0);
    expect(await variantStock(t, sale.variantId)).toBe(5);
  });

  it('the buyer cancelling a paid order is refunded the full total at Stripe, and it restocks', async () => {
    const { sale, b, order: o } = await order(2);
    const pi = await pay(o);
    fake.reset();

    const res = await t.http().post(`/api/v1/orders/${o.id}/cancel`).set(b.auth).send({});
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('cancelled');
    expect(res.body.sellerOrders.map((so: SellerOrderBody) => so.status)).toEqual(['cancelled']);
    expect(res.body.payment).toMatchObject({ status: 'succeeded', refunded: o.total });

    const sent = fake.requestsTo('POST', '/v1/refunds');
    expect(sent).toHaveLength(1);
    expect(sent[0].body).toMatchObject({ payment_intent: pi.id, amount: String(o.total.amount) });
    expect(fake.requestsTo('POST', '/v1/payment_intents')).toHaveLength(0);
    const refunds = refundsAtStripe(pi.id);
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({ amount: o.total.amount, status: 'succeeded' });
    expect(fake.charge(pi.latest_charge as string)).toMatchObject({ amount_refunded: o.total.amount, refunded: true });
    const so = await sellerOrder(b, o.sellerOrders[0].id);
    expect(so.refunds).toEqual([expect.objectContaining({ status: 'succeeded', amount: o.total, initiator: 'buyer' })]);
    expect(await variantStock(t, sale.variantId)).toBe(5);
  });

  // ---- refunds by the maker ----

  it('maker refunds: partials, too much, the rest; exact amounts and keys at Stripe; restocks never exceed the line', async () => {
    const { sale, b, order: o } = await order(3, 5);
    const pi = await pay(o);
    fake.reset();
    const soId = o.sellerOrders[0].id;
    const line = o.sellerOrders[0].lines[0];
    const total = 3 * PRICE + SHIPPING;
    expect(await variantStock(t, sale.variantId)).toBe(2);

    // A first part back, one unit restocked.
    const first = await refund(sale.maker, soId, { amount: kzt(1_000_000), reason: 'Царапина на углу', restockLines: [{ lineId: line.id, quantity: 1 }] });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'paid', refunded: kzt(1_000_000), refundable: kzt(total - 1_000_000) });
    const r1 = first.body.refunds[0] as RefundBody;
    expect(r1).toMatchObject({ status: 'succeeded', amount: kzt(1_000_000), reason: 'Царапина на углу', initiator: 'maker' });
    let sent = fake.requestsTo('POST', '/v1/refunds');
    expect(sent).toHaveLength(1);
    expect(sent[0].idempotencyKey).toBe(`refund-${r1.id}`);
    expect(sent[0].body).toMatchObject({
      payment_intent: pi.id,
      amount: '1000000',
      reason: 'requested_by_customer',
      metadata: { refundId: r1.id, orderId: o.id, sellerOrderId: soId, reason: 'Царапина на углу' },
    });
    expect(first.body.lines[0].restockedQuantity).toBe(1);
    expect(await variantStock(t, sale.variantId)).toBe(3);

    // A second part; it asks to restock more units than are left on the line.
    const second = await refund(sale.maker, soId, { amount: kzt(500_000), reason: 'Ещё одна царапина', restockLines: [{ lineId: line.id, quantity: 5 }] });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ refunded: kzt(1_500_000), refundable: kzt(total - 1_500_000) });
    const r2 = (second.body.refunds as RefundBody[]).find((r) => r.id !== r1.id)!;
    expect(r2).toMatchObject({ status: 'succeeded', amount: kzt(500_000) });
    sent = fake.requestsTo('POST', '/v1/refunds');
    expect(sent).toHaveLength(2);
    expect(sent[1]).toMatchObject({ idempotencyKey: `refund-${r2.id}`, body: { amount: '500000', payment_intent: pi.id, metadata: { refundId: r2.id } } });
    expect(second.body.lines[0].restockedQuantity).toBe(3);
    expect(await variantStock(t, sale.variantId)).toBe(5);

    // More than what is left: refused before Stripe is asked.
    const tooMuch = await refund(sale.maker, soId, { amount: kzt(total - 1_500_000 + 1), reason: 'Слишком много' });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body).toMatchObject({ error: 'refund_exceeds_remaining', details: { refundable: kzt(total - 1_500_000) } });
    expect(fake.requestsTo('POST', '/v1/refunds')).toHaveLength(2);

    // The rest, no amount given, with restock: the remainder is sent and nothing is restocked twice.
    const rest = await refund(sale.maker, soId, { reason: 'Возврат остатка', restock: true });
    expect(rest.status).toBe(200);
    expect(rest.body).toMatchObject({ status: 'cancelled', refunded: kzt(total), refundable: kzt(0) });
    sent = fake.requestsTo('POST', '/v1/refunds');
    expect(sent).toHaveLength(3);
    expect(sent[2].body).toMatchObject({ amount: String(total - 1_500_000), payment_intent: pi.id });
    expect(rest.body.lines[0].restockedQuantity).toBe(3);
    expect(await variantStock(t, sale.variantId)).toBe(5);

    const atStripe = refundsAtStripe(pi.id);
    expect(atStripe.map((r) => r.amount)).toEqual([1_000_000, 500_000, total - 1_500_000]);
    expect(fake.charge(pi.latest_charge as string)).toMatchObject({ amount_refunded: total, refunded: true });
    const final = await view(b, o.id);
    expect(final.payment.refunded).toEqual(kzt(total));
    expect(final.sellerOrders[0].refunds.every((r) => r.status === 'succeeded')).toBe(true);
  });

  it('a refund Stripe leaves pending is settled by charge.refunded', async () => {
    const { sale, order: o } = await order(2);
    const pi = await pay(o);
    fake.reset();
    fake.refundStatus = 'pending';
    const soId = o.sellerOrders[0].id;

    const res = await refund(sale.maker, soId, { amount: kzt(700_000), reason: 'Не тот цвет' });
    expect(res.status).toBe(200);
    const ours = res.body.refunds[0] as RefundBody;
    expect(ours.status).toBe('pending');
    expect(res.body.refunded).toEqual(kzt(700_000));
    const [stripeRefund] = refundsAtStripe(pi.id);
    expect(stripeRefund).toMatchObject({ status: 'pending', amount: 700_000, metadata: { refundId: ours.id } });
    expect((await sellerOrder(sale.maker, soId)).refunds[0].status).toBe('pending');

    fake.settleRefund(stripeRefund.id, 'succeeded');
    const charge = { ...fake.charge(pi.latest_charge as string), refunds: { object: 'list', data: [{ ...fake.refund(stripeRefund.id), status: 'succeeded' }] } };
    const event = await deliver(fake.event('charge.refunded', charge));
    expect(event.status).toBe(200);

    const settled = await sellerOrder(sale.maker, soId);
    expect(settled.refunds).toEqual([expect.objectContaining({ id: ours.id, status: 'succeeded', amount: kzt(700_000) })]);
    expect(settled.refunded).toEqual(kzt(700_000));
    expect(count(await outboxTypes(t, [ours.id]), 'refund.succeeded')).toBe(1);
    expect(fake.requestsTo('POST', '/v1/refunds')).toHaveLength(1);
  });

  it('a refund while Stripe is down stays pending and is sent again later with the same key', async () => {
    const { sale, order: o } = await order(1);
    const pi = await pay(o);
    fake.reset();
    const soId = o.sellerOrders[0].id;
    fake.failNext(2, { status: 500 }, { method: 'POST', pathPrefix: '/v1/refunds' });

    const res = await refund(sale.maker, soId, { amount: kzt(200_000), reason: 'Задержка доставки' });
    expect(res.status).toBe(200);
    const ours = res.body.refunds[0] as RefundBody;
    expect(ours).toMatchObject({ status: 'pending', amount: kzt(200_000) });
    expect(res.body.refundable).toEqual(kzt(PRICE + SHIPPING - 200_000));
    const attempts = fake.requestsTo('POST', '/v1/refunds');
    expect(attempts).toHaveLength(2);
    expect(attempts.every((r) => r.failed && r.idempotencyKey === `refund-${ours.id}`)).toBe(true);
    expect(refundsAtStripe(pi.id)).toHaveLength(0);

    fake.reset();
    await t.app.get(RefundsService, { strict: false }).retryPending(0);
    const mine = fake.requestsTo('POST', '/v1/refunds').filter((r) => r.body.metadata?.refundId === ours.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ idempotencyKey: `refund-${ours.id}`, status: 200, body: { amount: '200000', payment_intent: pi.id } });
    const atStripe = refundsAtStripe(pi.id);
    expect(atStripe).toHaveLength(1);
    expect(atStripe[0]).toMatchObject({ amount: 200_000, status: 'succeeded', metadata: { refundId: ours.id } });

    const after = await sellerOrder(sale.maker, soId);
    expect(after.refunds).toEqual([expect.objectContaining({ id: ours.id, status: 'succeeded' })]);
    expect(after.refunded).toEqual(kzt(200_000));
  });

  // ---- Connect accounts and manual confirmation ----

  it('account.updated with charges and payouts enabled turns payouts on for the shop', async () => {
    const { maker, shop } = await makerWithShop(t);
    const account = await fake.client().accounts.create({ type: 'express', country: 'KZ', capabilities: { transfers: { requested: true } } });
    await t.db.query(`UPDATE shops SET stripe_account_id = $2 WHERE id = $1`, [shop.id, account.id]);
    expect((await t.http().get('/api/v1/me/shop').set(maker.auth)).body.payoutsEnabled).toBe(false);

    const onboarded = fake.updateAccount(account.id, { charges_enabled: true, payouts_enabled: true, details_submitted: true });
    const res = await deliver(fake.event('account.updated', onboarded));
    expect(res.status).toBe(200);

    const me = await t.http().get('/api/v1/me/shop').set(maker.auth);
    expect(me.status).toBe(200);
    expect(me.body.payoutsEnabled).toBe(true);
  });

  it('a Stripe payment cannot be marked paid by hand (422 not_manual_payment)', async () => {
    const { b, order: o } = await order();
    const res = await t.http().post(`/api/v1/payments/${o.payment.id}/mark-paid`).set(admin.auth);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ statusCode: 422, error: 'not_manual_payment' });
    const after = await view(b, o.id);
    expect(after.status).toBe('pending_payment');
    expect(after.payment.status).toBe('pending');
  });
});
