import { randomUUID } from 'node:crypto';
import type Stripe from 'stripe';
import { startApp, TestApp } from '../../support/app';
import { Actor, createAdmin } from '../../support/api';
import { FakeStripe } from '../../support/fake-stripe';
import { isolatedEnv } from '../../support/isolated';
import { buyer, ForSale, OrderBody, placeOrder, postOrder, shippingTo, variantForSale, variantStock } from '../../support/orders';
import { complete, owed } from '../../support/payouts';

const API = '/api/v1';
const TIMEOUT_MS = 1_000;

/**
 * The Stripe-compatible test server misbehaving in the ways orders/stripe and
 * payouts/payouts do not already cover: answering too late after it did the work, 409
 * "idempotency key in use" beyond the SDK's retries, and a refusal for good. Checkout and
 * payout runs say clearly what happened, a retry asks again under the same idempotency
 * key, and Stripe never makes a second PaymentIntent or Transfer.
 */
describe('Stripe faults', () => {
  let fake: FakeStripe;
  let t: TestApp;
  let admin: Actor;

  beforeAll(async () => {
    fake = await FakeStripe.start();
    t = await startApp(fake.appEnv({ ...(await isolatedEnv('stripe_faults')), STRIPE_TIMEOUT_MS: String(TIMEOUT_MS), STRIPE_MAX_NETWORK_RETRIES: '1' }));
    admin = await createAdmin(t);
  });
  afterAll(async () => {
    await t?.close();
    await fake?.stop();
  });
  beforeEach(() => fake.reset());

  const intentsOf = (paymentId: string) => fake.list<Stripe.PaymentIntent>('payment_intent').filter((pi) => pi.metadata.paymentId === paymentId);
  const paymentOf = async (b: Actor) =>
    (
      await t.db.query(
        `SELECT o.id AS order_id, o.status, p.id, p.provider_ref FROM orders o JOIN payments p ON p.order_id = o.id WHERE o.buyer_id = $1`,
        [b.id],
      )
    ) as { order_id: string; status: string; id: string; provider_ref: string | null }[];

  describe('checkout', () => {
    const cart = (sale: ForSale) => ({ items: [{ variantId: sale.variantId, quantity: 1 }], delivery: shippingTo() });

    it('Stripe makes the PaymentIntent but answers too late: 502, and the retry gets that same intent, never a second', async () => {
      const sale = await variantForSale(t, { stock: 3 });
      const b = await buyer(t);
      const key = randomUUID();
      fake.delay(TIMEOUT_MS + 500, { method: 'POST', pathPrefix: '/v1/payment_intents' });

      const late = await postOrder(t, b, cart(sale), key);
      expect(late.status).toBe(502);
      expect(late.body).toEqual({ statusCode: 502, error: 'payment_provider_unavailable', message: expect.stringMatching(/retry with the same Idempotency-Key/) });
      const [placed] = await paymentOf(b);
      expect(placed).toMatchObject({ status: 'pending_payment', provider_ref: null });
      // Stripe made it on the first attempt; the SDK's retry (same key) was replayed, also too late.
      expect(intentsOf(placed.id)).toHaveLength(1);
      const attempts = fake.requestsTo('POST', '/v1/payment_intents');
      expect(attempts).toHaveLength(2);
      expect(attempts.every((r) => r.idempotencyKey === `payment-${placed.id}`)).toBe(true);
      expect(attempts[1].replayed).toBe(true);
      expect(await variantStock(t, sale.variantId)).toBe(2);

      fake.clearDelays();
      const retried = await postOrder(t, b, cart(sale), key);
      expect(retried.status).toBe(201);
      const [intent] = intentsOf(placed.id);
      expect(retried.body).toMatchObject({ id: placed.order_id, status: 'pending_payment', payment: { id: placed.id, clientSecret: intent.client_secret } });
      expect(intentsOf(placed.id)).toHaveLength(1);
      expect(await paymentOf(b)).toEqual([{ ...placed, provider_ref: intent.id }]);
      expect(await variantStock(t, sale.variantId)).toBe(2); // stock taken once

      const again = await postOrder(t, b, cart(sale), key);
      expect(again.text).toBe(retried.text);
      expect(fake.requestsTo('POST', '/v1/payment_intents')).toHaveLength(3);
    });

    it('409 idempotency_key_in_use beyond the SDK retries: 502 telling to retry; the retry makes the one intent', async () => {
      const sale = await variantForSale(t, { stock: 3 });
      const b = await buyer(t);
      const key = randomUUID();
      fake.failNext(2, { status: 409, code: 'idempotency_key_in_use' }, { method: 'POST', pathPrefix: '/v1/payment_intents' });

      const busy = await postOrder(t, b, cart(sale), key);
      expect(busy.status).toBe(502);
      expect(busy.body.error).toBe('payment_provider_unavailable');
      expect(busy.text).not.toMatch(/idempotency_key_in_use|FakeStripe|sk_test/); // Stripe's own words stay in our logs
      const [placed] = await paymentOf(b);
      expect(placed.status).toBe('pending_payment');
      expect(intentsOf(placed.id)).toHaveLength(0);

      const retried = await postOrder(t, b, cart(sale), key);
      expect(retried.status).toBe(201);
      expect(retried.body.id).toBe(placed.order_id);
      expect(intentsOf(placed.id)).toHaveLength(1);
      expect(fake.requestsTo('POST', '/v1/payment_intents').map((r) => r.idempotencyKey)).toEqual(Array(3).fill(`payment-${placed.id}`));
      expect(await paymentOf(b)).toHaveLength(1);
    });

    it('Stripe refusing the payment for good: 502 payment_provider_error, the order is cancelled and restocked, the retry gets the same answer', async () => {
      const sale = await variantForSale(t, { stock: 3 });
      const b = await buyer(t);
      const key = randomUUID();
      fake.failNext(1, { status: 400, code: 'amount_too_large', shouldRetry: false }, { method: 'POST', pathPrefix: '/v1/payment_intents' });

      const refused = await postOrder(t, b, cart(sale), key);
      expect(refused.status).toBe(502);
      expect(refused.body).toEqual({ statusCode: 502, error: 'payment_provider_error', message: expect.stringMatching(/cancelled/) });
      const [placed] = await paymentOf(b);
      expect(placed.status).toBe('cancelled');
      expect(await variantStock(t, sale.variantId)).toBe(3);
      expect(fake.requestsTo('POST', '/v1/payment_intents')).toHaveLength(1); // a refusal is not retried

      const retried = await postOrder(t, b, cart(sale), key);
      expect(retried.status).toBe(502);
      expect(retried.text).toBe(refused.text);
      expect(fake.requestsTo('POST', '/v1/payment_intents')).toHaveLength(1);
      expect(fake.list('payment_intent').filter((pi) => (pi as Stripe.PaymentIntent).metadata.paymentId === placed.id)).toHaveLength(0);
    });
    it('the buyer cancelling while Stripe is down: 502 telling to retry, the order and its stock stay held; the retry cancels the one intent', async () => {
      const sale = await variantForSale(t, { stock: 3 });
      const b = await buyer(t);
      const order = await placeOrder(t, b, [{ variantId: sale.variantId, quantity: 2 }]);
      const [intent] = intentsOf(order.payment.id);
      fake.failNext(2, { status: 500 }, { method: 'POST', pathPrefix: `/v1/payment_intents/${intent.id}/cancel` });

      const down = await t.http().post(`${API}/orders/${order.id}/cancel`).set(b.auth).send({});
      expect(down.status).toBe(502);
      expect(down.body).toEqual({ statusCode: 502, error: 'payment_provider_unavailable', message: expect.any(String) });
      // The intent can still be paid at Stripe: the order is not closed behind its back, nor its stock sold again.
      expect(fake.paymentIntent(intent.id).status).toBe('requires_payment_method');
      expect((await t.http().get(`${API}/orders/${order.id}`).set(b.auth)).body.status).toBe('pending_payment');
      expect(await variantStock(t, sale.variantId)).toBe(1);

      const cancelled = await t.http().post(`${API}/orders/${order.id}/cancel`).set(b.auth).send({});
      expect(cancelled.status).toBe(200);
      expect(cancelled.body.status).toBe('cancelled');
      expect(fake.paymentIntent(intent.id).status).toBe('canceled');
      expect(await variantStock(t, sale.variantId)).toBe(3);
      const attempts = fake.requestsTo('POST', `/v1/payment_intents/${intent.id}/cancel`);
      expect(attempts).toHaveLength(3);
      expect(new Set(attempts.map((r) => r.idempotencyKey))).toEqual(new Set([`payment-cancel-${order.payment.id}`]));
      expect(intentsOf(order.payment.id)).toHaveLength(1);
    });
  });

  describe('payout runs', () => {
    function webhook(event: Stripe.Event) {
      const { payload, signature } = fake.signedWebhook(event);
      return t.http().post(`${API}/payments/stripe/webhook`).set('stripe-signature', signature).set('content-type', 'application/json').send(payload);
    }

    /** A maker onboarded at Stripe, with one completed, paid seller order to be paid out. */
    async function owedMaker(price: number) {
      const sale = await variantForSale(t, { price, stock: 5 });
      const link = await t.http().post(`${API}/me/payout-account/onboarding-link`).set(sale.maker.auth);
      expect(link.status).toBe(200);
      const enabled = fake.updateAccount(link.body.accountId, { charges_enabled: true, payouts_enabled: true, details_submitted: true });
      expect((await webhook(fake.event('account.updated', enabled))).status).toBe(200);
      const order: OrderBody = await placeOrder(t, await buyer(t), [{ variantId: sale.variantId, quantity: 1 }]);
      const intent = intentsOf(order.payment.id)[0];
      expect((await webhook(fake.event('payment_intent.succeeded', fake.succeedPaymentIntent(intent.id)))).status).toBe(200);
      const sellerOrderIds = order.sellerOrders.map((so) => so.id);
      await complete(t, sellerOrderIds);
      return { sale, order, sellerOrderIds, account: link.body.accountId as string };
    }

    const run = () => t.http().post(`${API}/admin/payouts/run`).set(admin.auth);
    const transfersTo = (order: OrderBody) => fake.list<Stripe.Transfer>('transfer').filter((tr) => tr.transfer_group === order.id);
    const myPayouts = async (maker: Actor) => (await t.http().get(`${API}/me/payouts`).set(maker.auth)).body as { id: string; status: string; failureMessage: string | null; transferRef: string | null }[];
    const payoutEntries = async (payoutIds: string[]) =>
      (await t.db.query(`SELECT count(*)::int AS n FROM journal_entries WHERE kind = 'payout' AND source_id = ANY($1::uuid[])`, [payoutIds]))[0].n as number;
    const ledgerBalanced = async () => (await t.http().get(`${API}/admin/ledger/check`).set(admin.auth)).body.balanced as boolean;

    it('Stripe makes the transfer but answers too late: the run reports it pending, the next run pays it once', async () => {
      const { sale, order, sellerOrderIds } = await owedMaker(800_000);
      const due = await owed(t, sellerOrderIds);
      fake.delay(TIMEOUT_MS + 500, { method: 'POST', pathPrefix: '/v1/transfers' });

      const first = await run();
      expect(first.status).toBe(200);
      expect(first.body.pending).toBe(1);
      const [pending] = await myPayouts(sale.maker);
      expect(pending).toMatchObject({ status: 'pending', transferRef: null, failureMessage: expect.any(String) });
      expect(await owed(t, sellerOrderIds)).toEqual(due); // not paid in our books
      expect(transfersTo(order)).toHaveLength(1); // but made at Stripe

      fake.clearDelays();
      const second = await run();
      expect(second.body.pending).toBe(0);
      const [paid] = await myPayouts(sale.maker);
      const made = transfersTo(order);
      expect(made).toHaveLength(1);
      expect(paid).toMatchObject({ id: pending.id, status: 'paid', transferRef: made[0].id, failureMessage: null });
      const asked = fake.requestsTo('POST', '/v1/transfers');
      expect(asked.every((r) => r.idempotencyKey === pending.id)).toBe(true);
      expect(asked.filter((r) => !r.replayed)).toHaveLength(1);
      expect(await owed(t, sellerOrderIds)).toEqual({});
      expect(await payoutEntries([pending.id])).toBe(1);
      expect(await ledgerBalanced()).toBe(true);

      const third = await run();
      expect(third.body).toMatchObject({ payouts: [], pending: 0 });
      expect(transfersTo(order)).toHaveLength(1);
    });

    it('409 idempotency_key_in_use beyond the SDK retries: pending with the reason, then paid once by the next run', async () => {
      const { sale, order, sellerOrderIds } = await owedMaker(650_000);
      fake.failNext(2, { status: 409, code: 'idempotency_key_in_use' }, { method: 'POST', pathPrefix: '/v1/transfers' });

      const first = await run();
      expect(first.body.pending).toBe(1);
      const [pending] = await myPayouts(sale.maker);
      expect(pending.status).toBe('pending');
      expect(transfersTo(order)).toHaveLength(0);

      const second = await run();
      expect(second.body.pending).toBe(0);
      const made = transfersTo(order);
      expect(made).toHaveLength(1);
      expect((await myPayouts(sale.maker))[0]).toMatchObject({ id: pending.id, status: 'paid', transferRef: made[0].id });
      expect(fake.requestsTo('POST', '/v1/transfers').map((r) => r.idempotencyKey)).toEqual(Array(3).fill(pending.id));
      expect(await owed(t, sellerOrderIds)).toEqual({});
      expect(await payoutEntries([pending.id])).toBe(1);
      expect(await ledgerBalanced()).toBe(true);
    });

    it('Stripe refusing a transfer for good: the payout fails with the reason, nothing is booked, a later run pays a new payout once', async () => {
      const { sale, order, sellerOrderIds } = await owedMaker(550_000);
      const due = await owed(t, sellerOrderIds);
      fake.failNext(1, { status: 400, code: 'insufficient_capabilities_for_transfer', shouldRetry: false }, { method: 'POST', pathPrefix: '/v1/transfers' });

      const first = await run();
      expect(first.status).toBe(200);
      expect(first.body.pending).toBe(0);
      const [failed] = await myPayouts(sale.maker);
      expect(failed).toMatchObject({ status: 'failed', transferRef: null, failureMessage: expect.stringMatching(/\S/) });
      expect(await owed(t, sellerOrderIds)).toEqual(due); // still owed
      expect(await payoutEntries([failed.id])).toBe(0);
      expect(fake.requestsTo('POST', '/v1/transfers')).toHaveLength(1);

      const second = await run();
      const mine = await myPayouts(sale.maker);
      expect(mine).toHaveLength(2);
      const paid = mine.find((p) => p.id !== failed.id)!;
      expect(paid.status).toBe('paid');
      const made = transfersTo(order);
      expect(made).toHaveLength(1);
      expect(made[0].metadata.payoutId).toBe(paid.id);
      expect(second.body.pending).toBe(0);
      expect(await owed(t, sellerOrderIds)).toEqual({});
      expect(await payoutEntries([paid.id, failed.id])).toBe(1);
      expect(await ledgerBalanced()).toBe(true);
    });
  });
});
