import type Stripe from 'stripe';
import { startApp, TestApp } from '../../support/app';
import { Actor, associationWithAdmin, createAdmin, joinAssociation } from '../../support/api';
import { FakeStripe } from '../../support/fake-stripe';
import { isolatedEnv } from '../../support/isolated';
import { buyer, ForSale, OrderBody, placeOrder, variantForSale } from '../../support/orders';
import { complete, owed } from '../../support/payouts';

const API = '/api/v1';
const KZT = (amount: number) => ({ amount, currency: 'KZT' });

// Payout runs against the Stripe-compatible test server: one Transfer per (beneficiary,
// order) funded by the order's charge, idempotency key = payout id, nothing paid twice
// whether runs overlap or crash half-way; and the manual provider's payouts settled by hand.
describe('payouts (Stripe)', () => {
  let t: TestApp;
  let fake: FakeStripe;
  let admin: Actor;

  beforeAll(async () => {
    fake = await FakeStripe.start();
    t = await startApp(fake.appEnv({ ...(await isolatedEnv('payouts')) }));
    admin = await createAdmin(t);
  });
  afterAll(async () => {
    await t.close();
    await fake.stop();
  });

  function webhook(event: Stripe.Event) {
    const { payload, signature } = fake.signedWebhook(event);
    return t.http().post(`${API}/payments/stripe/webhook`).set('stripe-signature', signature).set('content-type', 'application/json').send(payload);
  }

  /** Onboards through the API, then Stripe reports the account enabled (account.updated). */
  async function onboard(path: string, who: Actor): Promise<string> {
    const res = await t.http().post(path).set(who.auth);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ url: expect.stringMatching(/^https?:\/\//), accountId: expect.stringMatching(/^acct_/), payoutsEnabled: false });
    const again = await t.http().post(path).set(who.auth);
    expect(again.body.accountId).toBe(res.body.accountId); // created once
    const enabled = fake.updateAccount(res.body.accountId, { charges_enabled: true, payouts_enabled: true, details_submitted: true });
    expect((await webhook(fake.event('account.updated', enabled))).status).toBe(200);
    return res.body.accountId;
  }

  async function paidOrder(customer: Actor, sales: ForSale[]): Promise<OrderBody> {
    const order = await placeOrder(t, customer, sales.map((s) => ({ variantId: s.variantId, quantity: 1 })));
    const intent = fake.list<Stripe.PaymentIntent>('payment_intent').find((pi) => pi.metadata.paymentId === order.payment.id)!;
    expect((await webhook(fake.event('payment_intent.succeeded', fake.succeedPaymentIntent(intent.id)))).status).toBe(200);
    return order;
  }

  const run = () => t.http().post(`${API}/admin/payouts/run`).set(admin.auth);
  const transfers = () => fake.requestsTo('POST', '/v1/transfers').filter((r) => !r.failed);

  it('pays each maker its net and each association its commission, funded by the order’s charge, keyed by the payout', async () => {
    const a = await associationWithAdmin(t, admin, { commissionRateBps: 1000 });
    const b = await associationWithAdmin(t, admin, { commissionRateBps: 750 });
    const first = await variantForSale(t, { price: 1_234_567, stock: 5, shop: { shippingFee: KZT(150_000) } });
    const second = await variantForSale(t, { price: 999_999, stock: 5, shop: { shippingFee: KZT(0) } });
    await joinAssociation(t, first.maker, a.association.id, a.assocAdmin);
    await joinAssociation(t, second.maker, b.association.id, b.assocAdmin);
    const firstAccount = await onboard(`${API}/me/payout-account/onboarding-link`, first.maker);
    const secondAccount = await onboard(`${API}/me/payout-account/onboarding-link`, second.maker);
    const aAccount = await onboard(`${API}/associations/${a.association.id}/payout-account/onboarding-link`, a.assocAdmin);
    const bAccount = await onboard(`${API}/associations/${b.association.id}/payout-account/onboarding-link`, b.assocAdmin);

    const order = await paidOrder(await buyer(t), [first, second]);
    const soFirst = order.sellerOrders.find((so) => so.shop.id === first.shop.id)!;
    const soSecond = order.sellerOrders.find((so) => so.shop.id === second.shop.id)!;
    // first: 1 234 567 + 150 000 shipping; 10 % = 123 456.7 → 123 457; fee 5 % = 61 728.35 → 61 728; net 1 199 382.
    // second: 999 999; 7.5 % = 74 999.925 → 75 000; fee 49 999.95 → 50 000; net 874 999.
    expect(await owed(t, [soFirst.id, soSecond.id])).toEqual({
      [`maker_payable:${first.shop.id}`]: 1_199_382,
      [`maker_payable:${second.shop.id}`]: 874_999,
      [`association_payable:${a.association.id}`]: 123_457,
      [`association_payable:${b.association.id}`]: 75_000,
    });

    // Not completed yet: nothing to pay; the maker sees it pending.
    expect((await t.http().get(`${API}/me/balance`).set(first.maker.auth)).body).toEqual({ pending: KZT(1_199_382), available: KZT(0), paidOut: KZT(0) });
    const before = transfers().length;
    expect((await run()).body.payouts).toEqual([]);
    await complete(t, [soFirst.id, soSecond.id]);

    const res = await run();
    expect(res.status).toBe(200);
    expect(res.body.pending).toBe(0);
    const payouts = res.body.payouts as { id: string; beneficiary: { type: string; id: string }; status: string; amount: { amount: number }; transferRef: string }[];
    expect(payouts).toHaveLength(4);
    expect(payouts.every((p) => p.status === 'paid')).toBe(true);

    const sent = transfers().slice(before);
    expect(sent).toHaveLength(4);
    const charge = fake.paymentIntent(fake.list<Stripe.PaymentIntent>('payment_intent').find((pi) => pi.metadata.paymentId === order.payment.id)!.id).latest_charge;
    const byDestination = Object.fromEntries(sent.map((r) => [r.body.destination as string, r]));
    const expected: [string, number, string][] = [
      [firstAccount, 1_199_382, first.shop.id],
      [secondAccount, 874_999, second.shop.id],
      [aAccount, 123_457, a.association.id],
      [bAccount, 75_000, b.association.id],
    ];
    for (const [destination, amount, beneficiary] of expected) {
      const request = byDestination[destination];
      expect(request.body).toMatchObject({ amount: String(amount), currency: 'kzt', transfer_group: order.id, source_transaction: charge });
      const payout = payouts.find((p) => p.beneficiary.id === beneficiary)!;
      expect(payout.amount.amount).toBe(amount);
      expect(request.headers['idempotency-key']).toBe(payout.id);
    }
    // Everyone has been paid what the ledger said: nothing is owed for these seller orders.
    expect(await owed(t, [soFirst.id, soSecond.id])).toEqual({});

    // The maker sees it, with its seller order, and in the balance.
    expect((await t.http().get(`${API}/me/balance`).set(first.maker.auth)).body).toEqual({ pending: KZT(0), available: KZT(0), paidOut: KZT(1_199_382) });
    // Another maker's balance is not reachable: /me is the caller's own; a buyer has none.
    expect((await t.http().get(`${API}/me/balance`).set((await buyer(t)).auth)).status).toBe(403);
    const mine = await t.http().get(`${API}/me/payouts`).set(first.maker.auth);
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual([expect.objectContaining({ status: 'paid', amount: KZT(1_199_382), sellerOrders: [{ id: soFirst.id, number: soFirst.number, amount: 1_199_382 }] })]);

    // Another run pays nobody again.
    expect((await run()).body.payouts).toEqual([]);
    expect(transfers()).toHaveLength(before + 4);
  });

  it('pays nobody twice when two runs start at once', async () => {
    const sales = [await variantForSale(t, { price: 500_000, stock: 5 }), await variantForSale(t, { price: 700_000, stock: 5 })];
    for (const s of sales) await onboard(`${API}/me/payout-account/onboarding-link`, s.maker);
    const order = await paidOrder(await buyer(t), sales);
    await complete(t, order.sellerOrders.map((so) => so.id));
    const before = transfers().length;

    const [one, two] = await Promise.all([run(), run()]);
    expect([one.status, two.status]).toEqual([200, 200]);
    const paid = [...one.body.payouts, ...two.body.payouts] as { id: string; status: string }[];
    expect(new Set(paid.map((p) => p.id)).size).toBe(2); // both payouts, each answered by one run or both
    const made = transfers().slice(before).filter((r) => !r.replayed);
    expect(made).toHaveLength(2);
    expect(new Set(made.map((r) => r.body.destination)).size).toBe(2);
    expect(await owed(t, order.sellerOrders.map((so) => so.id))).toEqual({});
  });

  it('a run that fails after the first transfer is re-run without paying anyone twice', async () => {
    const sales = [await variantForSale(t, { price: 400_000, stock: 5 }), await variantForSale(t, { price: 600_000, stock: 5 })];
    for (const s of sales) await onboard(`${API}/me/payout-account/onboarding-link`, s.maker);
    const order = await paidOrder(await buyer(t), sales);
    await complete(t, order.sellerOrders.map((so) => so.id));
    const before = fake.requestsTo('POST', '/v1/transfers').length;

    // The first transfer is made at Stripe but its answer is lost, three times over (the SDK's
    // own two retries included): the run gives up on it. The second goes through.
    fake.failNext(3, { status: 500, afterProcessing: true }, { method: 'POST', pathPrefix: '/v1/transfers' });
    const first = await run();
    expect(first.status).toBe(200);
    expect(first.body.payouts.filter((p: { status: string }) => p.status === 'paid')).toHaveLength(1);
    expect(first.body.pending).toBe(1);

    const second = await run();
    expect(second.body.pending).toBe(0);
    expect(second.body.payouts).toHaveLength(1);
    expect(second.body.payouts[0].status).toBe('paid');

    // Asked five times under two keys; Stripe made exactly two transfers, one per maker.
    const keys = fake.requestsTo('POST', '/v1/transfers').slice(before).map((r) => r.headers['idempotency-key']);
    expect(new Set(keys).size).toBe(2);
    const made = fake.list<Stripe.Transfer>('transfer').filter((tr) => tr.transfer_group === order.id);
    expect(made).toHaveLength(2);
    expect(new Set(made.map((tr) => tr.destination)).size).toBe(2);
    expect(second.body.payouts[0].transferRef).toBe(made.find((tr) => tr.metadata.payoutId === second.body.payouts[0].id)!.id);
    expect(await owed(t, order.sellerOrders.map((so) => so.id))).toEqual({});
  });

  it('keeps the balance of a shop without payouts enabled until it is onboarded', async () => {
    const sale = await variantForSale(t, { price: 300_000, stock: 5 });
    const order = await paidOrder(await buyer(t), [sale]);
    const so = order.sellerOrders[0];
    await complete(t, [so.id]);
    const res = await run();
    expect(res.body.payouts.filter((p: { beneficiary: { id: string } }) => p.beneficiary.id === sale.shop.id)).toEqual([]);
    expect((await t.http().get(`${API}/me/balance`).set(sale.maker.auth)).body).toEqual({ pending: KZT(0), available: KZT(285_000), paidOut: KZT(0) });
    expect(await owed(t, [so.id])).toEqual({ [`maker_payable:${sale.shop.id}`]: 300_000 - 15_000 });

    await onboard(`${API}/me/payout-account/onboarding-link`, sale.maker);
    const later = await run();
    expect(later.body.payouts).toEqual([expect.objectContaining({ beneficiary: { type: 'shop', id: sale.shop.id }, status: 'paid', amount: KZT(285_000) })]);
    expect(await owed(t, [so.id])).toEqual({});
  });

  it('refund after payout: the maker’s and the association’s shares are taken back from their transfers, exactly', async () => {
    const a = await associationWithAdmin(t, admin, { commissionRateBps: 1000 });
    const sale = await variantForSale(t, { price: 1_000_000, stock: 5, shop: { shippingFee: KZT(0) } });
    await joinAssociation(t, sale.maker, a.association.id, a.assocAdmin);
    await onboard(`${API}/me/payout-account/onboarding-link`, sale.maker);
    await onboard(`${API}/associations/${a.association.id}/payout-account/onboarding-link`, a.assocAdmin);
    const order = await paidOrder(await buyer(t), [sale]);
    const so = order.sellerOrders[0];
    await complete(t, [so.id]);
    const paid = (await run()).body.payouts as { beneficiary: { type: string }; transferRef: string; amount: { amount: number } }[];
    const makerTransfer = paid.find((p) => p.beneficiary.type === 'shop')!;
    const associationTransfer = paid.find((p) => p.beneficiary.type === 'association')!;
    // 1 000 000: commission 10 % = 100 000, fee 5 % = 50 000, net 850 000.
    expect([makerTransfer.amount.amount, associationTransfer.amount.amount]).toEqual([850_000, 100_000]);

    // 40 % refunded: commission 40 000 and fee 20 000 given back; the maker's 340 000 and the
    // association's 40 000 are taken back from their transfers at once.
    const partial = await t.http().post(`${API}/seller-orders/${so.id}/refund`).set(sale.maker.auth).send({ amount: KZT(400_000), reason: 'Бір бұрышы жыртылған' });
    expect(partial.status).toBe(200);
    const reversedOf = (transferRef: string) => fake.list<Stripe.Transfer>('transfer').find((tr) => tr.id === transferRef)!.amount_reversed;
    expect(reversedOf(makerTransfer.transferRef)).toBe(340_000);
    expect(reversedOf(associationTransfer.transferRef)).toBe(40_000);
    expect(await owed(t, [so.id])).toEqual({});

    // The rest: everything the maker and the association had is taken back; nothing twice.
    expect((await t.http().post(`${API}/seller-orders/${so.id}/refund`).set(sale.maker.auth).send({ reason: 'Бәрі қайтарылды' })).status).toBe(200);
    expect(reversedOf(makerTransfer.transferRef)).toBe(850_000);
    expect(reversedOf(associationTransfer.transferRef)).toBe(100_000);
    expect(await owed(t, [so.id])).toEqual({});
    // A later run finds nothing more to take back; the reversals carry their own idempotency keys.
    expect((await run()).body.reversals).toBe(0);
    const reversals = fake.requestsTo('POST', '/v1/transfers/').filter((r) => r.path.endsWith('/reversals') && !r.replayed && !r.failed);
    expect(reversals.filter((r) => [makerTransfer.transferRef, associationTransfer.transferRef].some((id) => r.path.includes(id)))).toHaveLength(4);
    const rows: { kind: string; n: number }[] = await t.db.query(
      `SELECT kind, count(*)::int AS n FROM journal_entries WHERE order_id = $1 GROUP BY kind ORDER BY kind`,
      [order.id],
    );
    expect(rows).toEqual([
      { kind: 'payment', n: 1 },
      { kind: 'payout', n: 2 },
      { kind: 'payout_reversal', n: 4 },
      { kind: 'refund', n: 2 },
      { kind: 'refund_paid', n: 2 },
    ]);
  });

  it('a dispute holds the payouts; won, they go out; lost after payout, the shares are taken back from the transfers', async () => {
    const a = await associationWithAdmin(t, admin, { commissionRateBps: 1000 });
    const sale = await variantForSale(t, { price: 1_000_000, stock: 5, shop: { shippingFee: KZT(0) } });
    await joinAssociation(t, sale.maker, a.association.id, a.assocAdmin);
    await onboard(`${API}/me/payout-account/onboarding-link`, sale.maker);
    await onboard(`${API}/associations/${a.association.id}/payout-account/onboarding-link`, a.assocAdmin);
    const customer = await buyer(t);
    const disputeOf = (order: OrderBody, status: string) => {
      const intent = fake.list<Stripe.PaymentIntent>('payment_intent').find((pi) => pi.metadata.paymentId === order.payment.id)!;
      const pi = fake.paymentIntent(intent.id);
      return { id: `dp_${order.id.slice(0, 8)}`, object: 'dispute', amount: order.total.amount, currency: 'kzt', charge: pi.latest_charge, payment_intent: pi.id, reason: 'fraudulent', status };
    };
    const mine = (res: { body: { payouts: { beneficiary: { id: string } }[] } }) =>
      res.body.payouts.filter((p) => [sale.shop.id, a.association.id].includes(p.beneficiary.id));

    // Disputed before the payout: held until the dispute is won.
    const held = await paidOrder(customer, [sale]);
    await complete(t, [held.sellerOrders[0].id]);
    expect((await webhook(fake.event('charge.dispute.created', disputeOf(held, 'needs_response')))).status).toBe(200);
    expect(mine(await run())).toEqual([]);
    expect((await webhook(fake.event('charge.dispute.closed', disputeOf(held, 'won')))).status).toBe(200);
    const released = mine(await run()) as unknown as { amount: { amount: number } }[];
    expect(released.map((p) => p.amount.amount).sort((x, y) => x - y)).toEqual([100_000, 850_000]);
    expect(await owed(t, [held.sellerOrders[0].id])).toEqual({});

    // Disputed after the payout, and lost: the maker's and the association's shares come back from their transfers.
    const lost = await paidOrder(customer, [sale]);
    const so = lost.sellerOrders[0];
    await complete(t, [so.id]);
    const paid = mine(await run()) as unknown as { beneficiary: { type: string }; transferRef: string }[];
    expect(paid).toHaveLength(2);
    expect((await webhook(fake.event('charge.dispute.created', disputeOf(lost, 'needs_response')))).status).toBe(200);
    expect((await webhook(fake.event('charge.dispute.closed', disputeOf(lost, 'lost')))).status).toBe(200);
    const reversedOf = (type: string) => fake.list<Stripe.Transfer>('transfer').find((tr) => tr.id === paid.find((p) => p.beneficiary.type === type)!.transferRef)!.amount_reversed;
    expect(reversedOf('shop')).toBe(850_000);
    expect(reversedOf('association')).toBe(100_000);
    expect(await owed(t, [so.id])).toEqual({});
    const kinds: { kind: string }[] = await t.db.query(`SELECT kind FROM journal_entries WHERE order_id = $1 ORDER BY id`, [lost.id]);
    expect(kinds.map((k) => k.kind)).toEqual(['payment', 'payout', 'payout', 'dispute_lost', 'payout_reversal', 'payout_reversal']);
    // A replayed close changes nothing.
    expect((await webhook(fake.event('charge.dispute.closed', disputeOf(lost, 'lost')))).status).toBe(200);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM journal_entries WHERE order_id = $1`, [lost.id])).toEqual([{ n: 6 }]);
  });

  it('refuses onboarding links to others: another association’s admin, a buyer', async () => {
    const a = await associationWithAdmin(t, admin);
    const b = await associationWithAdmin(t, admin);
    expect((await t.http().post(`${API}/associations/${a.association.id}/payout-account/onboarding-link`).set(b.assocAdmin.auth)).status).toBe(403);
    expect((await t.http().post(`${API}/me/payout-account/onboarding-link`).set((await buyer(t)).auth)).status).toBe(403);
    expect((await run().set((await buyer(t)).auth)).status).toBe(403);
  });
});
