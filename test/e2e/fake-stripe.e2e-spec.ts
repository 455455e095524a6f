import Stripe from 'stripe';
import { FakeStripe } from '../support/fake-stripe';

/** The fake Stripe server, driven by the real SDK: if these pass, the SDK accepts what it answers. */
describe('FakeStripe (through the real stripe SDK)', () => {
  let fake: FakeStripe;
  let stripe: Stripe;
  const intent = (extra: Stripe.PaymentIntentCreateParams | object = {}, options?: Stripe.RequestOptions) =>
    stripe.paymentIntents.create({ amount: 5000, currency: 'kzt', metadata: { orderId: 'o-1' }, ...extra }, options);

  beforeAll(async () => {
    fake = await FakeStripe.start();
    stripe = fake.client({ maxNetworkRetries: 2, timeout: 1000 });
  });
  afterAll(() => fake.stop());
  beforeEach(() => fake.reset());

  it('creates, retrieves and cancels a payment intent, keeping what was sent', async () => {
    const pi = await intent({ transfer_group: 'order-1', automatic_payment_methods: { enabled: true }, description: 'Felt boots' });
    expect(pi).toMatchObject({
      object: 'payment_intent', status: 'requires_payment_method', amount: 5000, currency: 'kzt', amount_received: 0,
      latest_charge: null, metadata: { orderId: 'o-1' }, transfer_group: 'order-1', automatic_payment_methods: { enabled: true },
    });
    expect(pi.id).toMatch(/^pi_\w{24}$/);
    expect(pi.client_secret).toMatch(new RegExp(`^${pi.id}_secret_\\w+$`));
    expect(fake.requests[0]).toMatchObject({ method: 'POST', path: '/v1/payment_intents', body: { amount: '5000', metadata: { orderId: 'o-1' } } });
    expect(fake.requests[0].idempotencyKey).toMatch(/^stripe-node-retry-/);
    expect(fake.requests[0].headers.authorization).toBe(`Bearer ${fake.secretKey}`);

    expect((await stripe.paymentIntents.retrieve(pi.id)).id).toBe(pi.id);
    const canceled = await stripe.paymentIntents.cancel(pi.id, { cancellation_reason: 'abandoned' });
    expect(canceled).toMatchObject({ status: 'canceled', cancellation_reason: 'abandoned' });
    expect(fake.paymentIntent(pi.id).status).toBe('canceled');
    expect(() => fake.succeedPaymentIntent(pi.id)).toThrow(/canceled/);
  });

  it('answers unknown ids, unknown URLs and missing keys like Stripe', async () => {
    await expect(stripe.paymentIntents.retrieve('pi_nope')).rejects.toMatchObject({
      type: 'StripeInvalidRequestError', statusCode: 404, code: 'resource_missing',
    });
    await expect(stripe.rawRequest('GET', '/v1/customers')).rejects.toMatchObject({ statusCode: 404, message: /Unrecognized request URL/ });
    const res = await fetch(`${fake.apiBase}/v1/payment_intents`, { method: 'POST' });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
  });

  it('refuses to cancel a succeeded intent with payment_intent_unexpected_state', async () => {
    const pi = await intent();
    const succeeded = fake.succeedPaymentIntent(pi.id);
    expect(succeeded).toMatchObject({ status: 'succeeded', amount_received: 5000, latest_charge: expect.stringMatching(/^ch_/) });
    expect(fake.charge(succeeded.latest_charge as string)).toMatchObject({ amount: 5000, payment_intent: pi.id, amount_refunded: 0 });

    const err = await stripe.paymentIntents.cancel(pi.id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err).toMatchObject({ code: 'payment_intent_unexpected_state', statusCode: 400, payment_intent: { id: pi.id, status: 'succeeded' } });
  });

  it('expands latest_charge on retrieve', async () => {
    const pi = await intent();
    fake.succeedPaymentIntent(pi.id);
    const got = await stripe.paymentIntents.retrieve(pi.id, { expand: ['latest_charge'] });
    expect(got.latest_charge).toMatchObject({ object: 'charge', amount: 5000 });
  });

  it('records a declined payment', async () => {
    const pi = await intent();
    expect(fake.failPaymentIntent(pi.id, 'Insufficient funds.').last_payment_error).toMatchObject({ code: 'card_declined', type: 'card_error' });
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe('requires_payment_method');
  });

  describe('idempotency', () => {
    it('replays the stored response for a repeated key, without creating anything', async () => {
      const before = fake.list('payment_intent').length;
      const a = await intent({}, { idempotencyKey: 'order-1-pay' });
      const b = await intent({}, { idempotencyKey: 'order-1-pay' });
      expect(b.id).toBe(a.id);
      expect(b.lastResponse.headers['idempotent-replayed']).toBe('true');
      expect(fake.list('payment_intent')).toHaveLength(before + 1);
      expect(fake.requestsTo('POST', '/v1/payment_intents').map((r) => r.replayed)).toEqual([undefined, true]);
    });

    it('rejects the same key with different parameters', async () => {
      await intent({}, { idempotencyKey: 'order-2-pay' });
      const err = await intent({ amount: 6000 }, { idempotencyKey: 'order-2-pay' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    });
  });

  describe('failures', () => {
    it('the SDK retries a 500 with the same idempotency key and only one intent is created', async () => {
      const before = fake.list('payment_intent').length;
      fake.failNext(1, { status: 500 }, { method: 'POST', pathPrefix: '/v1/payment_intents' });
      const pi = await intent();
      const posts = fake.requestsTo('POST', '/v1/payment_intents');
      expect(posts.map((r) => [r.status, r.failed])).toEqual([[500, true], [200, undefined]]);
      expect(posts[1].idempotencyKey).toBe(posts[0].idempotencyKey);
      expect(fake.list('payment_intent')).toHaveLength(before + 1);
      expect(fake.paymentIntent(pi.id).status).toBe('requires_payment_method');
    });

    it('the SDK retries a 409 idempotency_key_in_use', async () => {
      fake.failNext(1, { status: 409, code: 'idempotency_key_in_use' });
      await intent();
      expect(fake.requests.map((r) => r.status)).toEqual([409, 200]);
    });

    it('a 500 after processing: the retry gets the stored intent, one intent exists', async () => {
      const before = fake.list('payment_intent').length;
      fake.failNext(1, { status: 500, afterProcessing: true });
      const pi = await intent();
      expect(fake.requests.map((r) => [r.status, r.failed, r.replayed])).toEqual([[500, true, undefined], [200, undefined, true]]);
      expect(fake.list('payment_intent')).toHaveLength(before + 1);
      expect(fake.list<Stripe.PaymentIntent>('payment_intent').at(-1)!.id).toBe(pi.id);
    });

    it('gives up after maxNetworkRetries with StripeAPIError', async () => {
      fake.failNext(3, { status: 500 });
      await expect(intent()).rejects.toBeInstanceOf(Stripe.errors.StripeAPIError);
      expect(fake.requests).toHaveLength(3); // first try + 2 retries
      fake.failNext(1, { status: 500, shouldRetry: false }); // what real Stripe says about a stored 500
      await expect(intent()).rejects.toMatchObject({ statusCode: 500 });
      expect(fake.requests).toHaveLength(4);
    });

    it('a request that never gets an answer fails with StripeConnectionError at the timeout', async () => {
      fake.failNext(1, 'timeout');
      const started = Date.now();
      const err = await fake.client({ maxNetworkRetries: 0, timeout: 300 }).paymentIntents.create({ amount: 100, currency: 'kzt' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Stripe.errors.StripeConnectionError);
      expect((err as Error).message).toMatch(/timeout/);
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
      expect(Date.now() - started).toBeLessThan(1500);
      expect(fake.list('payment_intent').some((p) => p.amount === 100)).toBe(false);
    });

    it('with retries, a timed-out request is retried with the same key', async () => {
      fake.failNext(1, 'timeout');
      await fake.client({ maxNetworkRetries: 1, timeout: 300 }).paymentIntents.create({ amount: 101, currency: 'kzt' });
      const [first, second] = fake.requests;
      expect([first.status, second.status]).toEqual([undefined, 200]);
      expect(second.idempotencyKey).toBe(first.idempotencyKey);
    });

    it('a reset connection is retried once even with maxNetworkRetries 0', async () => {
      fake.failNext(1, 'reset');
      await fake.client({ maxNetworkRetries: 0 }).paymentIntents.create({ amount: 102, currency: 'kzt' });
      expect(fake.requests.map((r) => r.status)).toEqual([undefined, 200]);
      fake.failNext(2, 'reset');
      await expect(fake.client({ maxNetworkRetries: 0 }).paymentIntents.create({ amount: 103, currency: 'kzt' })).rejects.toBeInstanceOf(
        Stripe.errors.StripeConnectionError,
      );
    });
  });

  describe('refunds', () => {
    async function paid(amount = 5000): Promise<Stripe.PaymentIntent> {
      const pi = await intent({ amount });
      return fake.succeedPaymentIntent(pi.id);
    }

    it('refunds in part, then the rest, then refuses', async () => {
      const pi = await paid();
      const part = await stripe.refunds.create({ payment_intent: pi.id, amount: 2000, reason: 'requested_by_customer', metadata: { returnId: 'r-1' } });
      expect(part).toMatchObject({ object: 'refund', status: 'succeeded', amount: 2000, payment_intent: pi.id, charge: pi.latest_charge, metadata: { returnId: 'r-1' } });
      expect(part.id).toMatch(/^re_/);
      expect(fake.charge(pi.latest_charge as string)).toMatchObject({ amount_refunded: 2000, refunded: false });

      await expect(stripe.refunds.create({ payment_intent: pi.id, amount: 3001 })).rejects.toMatchObject({ code: 'amount_too_large', statusCode: 400 });
      const rest = await stripe.refunds.create({ charge: pi.latest_charge as string });
      expect(rest.amount).toBe(3000);
      expect(fake.charge(pi.latest_charge as string)).toMatchObject({ amount_refunded: 5000, refunded: true });
      await expect(stripe.refunds.create({ payment_intent: pi.id })).rejects.toMatchObject({ code: 'charge_already_refunded' });
      expect((await stripe.refunds.retrieve(part.id)).amount).toBe(2000);
    });

    it('cannot refund an unpaid intent', async () => {
      const pi = await intent();
      await expect(stripe.refunds.create({ payment_intent: pi.id })).rejects.toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    });

    it('pending refunds hold the amount until they settle', async () => {
      const pi = await paid();
      fake.refundStatus = 'pending';
      const refund = await stripe.refunds.create({ payment_intent: pi.id });
      expect(refund.status).toBe('pending');
      expect(fake.settleRefund(refund.id, 'failed').status).toBe('failed');
      expect(fake.charge(pi.latest_charge as string)).toMatchObject({ amount_refunded: 0, refunded: false });
    });
  });

  describe('connected accounts and transfers', () => {
    it('creates an account, an onboarding link, and enables it', async () => {
      const account = await stripe.accounts.create({ type: 'express', email: 'master@sheber.kz', capabilities: { transfers: { requested: true } } });
      expect(account).toMatchObject({ type: 'express', charges_enabled: false, payouts_enabled: false, details_submitted: false, capabilities: { transfers: 'inactive' } });
      expect(account.id).toMatch(/^acct_/);
      const link = await stripe.accountLinks.create({ account: account.id, refresh_url: 'http://x/refresh', return_url: 'http://x/return', type: 'account_onboarding' });
      expect(link).toMatchObject({ object: 'account_link', url: `${fake.apiBase}/onboarding/${account.id}` });
      expect(link.expires_at).toBeGreaterThan(Date.now() / 1000);

      fake.updateAccount(account.id, { charges_enabled: true, payouts_enabled: true, details_submitted: true });
      expect(await stripe.accounts.retrieve(account.id)).toMatchObject({ payouts_enabled: true, capabilities: { transfers: 'active' } });
    });

    it('transfers and reverses', async () => {
      const account = await stripe.accounts.create({ type: 'express' });
      const pi = fake.succeedPaymentIntent((await intent()).id);
      const transfer = await stripe.transfers.create({
        amount: 4500, currency: 'kzt', destination: account.id, transfer_group: 'order-1',
        source_transaction: pi.latest_charge as string, metadata: { payoutId: 'p-1' },
      });
      expect(transfer).toMatchObject({ object: 'transfer', amount: 4500, amount_reversed: 0, destination: account.id, metadata: { payoutId: 'p-1' } });
      expect(transfer.id).toMatch(/^tr_/);

      const reversal = await stripe.transfers.createReversal(transfer.id, { amount: 500, metadata: { reason: 'return' } });
      expect(reversal).toMatchObject({ object: 'transfer_reversal', amount: 500, transfer: transfer.id });
      expect(reversal.id).toMatch(/^trr_/);
      await expect(stripe.transfers.createReversal(transfer.id, { amount: 4001 })).rejects.toMatchObject({ code: 'amount_too_large' });
      await stripe.transfers.createReversal(transfer.id);
      expect(fake.transfer(transfer.id)).toMatchObject({ amount_reversed: 4500, reversed: true });

      await expect(stripe.transfers.create({ amount: 1, currency: 'kzt', destination: 'acct_nope' })).rejects.toMatchObject({ code: 'resource_missing' });
    });
  });

  describe('webhooks', () => {
    it('signs events that the SDK verifies, and a tampered payload fails', async () => {
      const pi = fake.succeedPaymentIntent((await intent()).id);
      const event = fake.event('payment_intent.succeeded', pi);
      expect(event).toMatchObject({ object: 'event', type: 'payment_intent.succeeded', data: { object: { id: pi.id } }, livemode: false });

      const { payload, signature } = fake.signedWebhook(event);
      const verified = stripe.webhooks.constructEvent(payload, signature, fake.webhookSecret);
      expect(verified.id).toBe(event.id);
      expect((await stripe.events.retrieve(event.id)).type).toBe('payment_intent.succeeded');

      const tampered = payload.replace('"amount":5000', '"amount":1');
      expect(tampered).not.toBe(payload);
      expect(() => stripe.webhooks.constructEvent(tampered, signature, fake.webhookSecret)).toThrow(Stripe.errors.StripeSignatureVerificationError);
      const other = fake.signedWebhook(event, { secret: 'whsec_other' });
      expect(() => stripe.webhooks.constructEvent(other.payload, other.signature, fake.webhookSecret)).toThrow(/signature/i);
      const old = fake.signedWebhook(event, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
      expect(() => stripe.webhooks.constructEvent(old.payload, old.signature, fake.webhookSecret)).toThrow(/tolerance/i);
    });
  });
});
