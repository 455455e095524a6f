import { startApp, TestApp } from '../../support/app';
import { Actor, associationWithAdmin, createAdmin, joinAssociation } from '../../support/api';
import { FakeStripe } from '../../support/fake-stripe';
import { buyer, OrderBody, placeOrder, variantForSale } from '../../support/orders';

const API = '/api/v1';
const KZT = (amount: number) => ({ amount, currency: 'KZT' });

/** Non-zero balances by account code of the postings about these seller orders (debit positive). */
async function balances(t: TestApp, sellerOrderIds: string[]): Promise<Record<string, number>> {
  const rows: { code: string; balance: string }[] = await t.db.query(
    `SELECT a.code, sum(p.amount) AS balance FROM postings p JOIN ledger_accounts a ON a.id = p.account_id
      WHERE p.seller_order_id = ANY($1::uuid[]) GROUP BY a.code HAVING sum(p.amount) <> 0`,
    [sellerOrderIds],
  );
  return Object.fromEntries(rows.map((r) => [r.code, Number(r.balance)]));
}

async function entryKinds(t: TestApp, orderId: string): Promise<string[]> {
  const rows: { kind: string }[] = await t.db.query(`SELECT kind FROM journal_entries WHERE order_id = $1 ORDER BY id`, [orderId]);
  return rows.map((r) => r.kind);
}

const refund = (t: TestApp, who: Actor, soId: string, amount: number | null, reason = 'Өрнегі сызылған') =>
  t
    .http()
    .post(`${API}/seller-orders/${soId}/refund`)
    .set(who.auth)
    .send(amount === null ? { reason } : { amount: KZT(amount), reason });

// The ledger as the order flows write it: one balanced entry per money movement, in the
// same transaction, append-only, and the figures exact to the tiyn.
describe('ledger', () => {
  describe('manual provider', () => {
    let t: TestApp;
    let admin: Actor;
    beforeAll(async () => {
      t = await startApp();
      admin = await createAdmin(t);
    });
    afterAll(() => t.close());

    /** A two-maker order across two associations (10 % and 7.5 %), paid by hand. */
    async function paidOrder() {
      const a = await associationWithAdmin(t, admin, { commissionRateBps: 1000 });
      const b = await associationWithAdmin(t, admin, { commissionRateBps: 750 });
      const first = await variantForSale(t, { price: 1_234_567, stock: 5, shop: { shippingFee: KZT(150_000) } });
      const second = await variantForSale(t, { price: 333_333, stock: 5, shop: { shippingFee: KZT(0) } });
      await joinAssociation(t, first.maker, a.association.id, a.assocAdmin);
      await joinAssociation(t, second.maker, b.association.id, b.assocAdmin);
      const customer = await buyer(t);
      const order = await placeOrder(t, customer, [
        { variantId: first.variantId, quantity: 2 },
        { variantId: second.variantId, quantity: 3 },
      ]);
      expect((await t.http().post(`${API}/payments/${order.payment.id}/mark-paid`).set(admin.auth)).status).toBe(200);
      const soOf = (sale: typeof first) => order.sellerOrders.find((so) => so.shop.id === sale.shop.id)!;
      return { order, first, second, a: a.association, b: b.association, soFirst: soOf(first), soSecond: soOf(second), customer };
    }

    it('writes one balanced entry for a paid two-maker order: each maker its net, each association its commission, the platform its fee', async () => {
      const { order, first, second, a, b, soFirst, soSecond } = await paidOrder();
      // First: goods 2 × 12 345.67 ₸ = 2 469 134 tiyn, shipping 150 000; commission 10 % = 246 913.4 → 246 913;
      // fee 5 % = 123 456.7 → 123 457; net = 2 619 134 − 246 913 − 123 457 = 2 248 764.
      // Second: goods 3 × 3 333.33 ₸ = 999 999, free shipping; commission 7.5 % = 74 999.925 → 75 000;
      // fee 5 % = 49 999.95 → 50 000; net = 999 999 − 75 000 − 50 000 = 874 999.
      expect(soFirst.commission).toEqual(KZT(246_913));
      expect(soSecond.commission).toEqual(KZT(75_000));
      expect(await entryKinds(t, order.id)).toEqual(['payment']);
      expect(await balances(t, [soFirst.id])).toEqual({
        platform_cash: 2_619_134,
        [`maker_payable:${first.shop.id}`]: -2_248_764,
        [`association_payable:${a.id}`]: -246_913,
        platform_revenue: -123_457,
      });
      expect(await balances(t, [soSecond.id])).toEqual({
        platform_cash: 999_999,
        [`maker_payable:${second.shop.id}`]: -874_999,
        [`association_payable:${b.id}`]: -75_000,
        platform_revenue: -50_000,
      });
      expect(2_619_134 + 999_999).toBe(order.total.amount);

      // Marking it paid again changes nothing (409), and writes nothing.
      expect((await t.http().post(`${API}/payments/${order.payment.id}/mark-paid`).set(admin.auth)).status).toBe(409);
      expect(await entryKinds(t, order.id)).toEqual(['payment']);
    });

    it('reverses commission and fee in proportion, and exactly once the partial refunds add up to the whole', async () => {
      const { order, first, a, soFirst } = await paidOrder();
      // (The maker refunds; the buyer gets it back at once with the manual provider.)
      const total = soFirst.total.amount; // 2 619 134
      for (const part of [1_000_001, 333_333]) expect((await refund(t, first.maker, soFirst.id, part)).status).toBe(200);

      // After 1 333 334 of 2 619 134: commission round(246 913 × 1 333 334 / 2 619 134) = round(125 697.08) = 125 697,
      // fee round(123 457 × 1 333 334 / 2 619 134) = round(62 848.79) = 62 849.
      const partly = await balances(t, [soFirst.id]);
      expect(partly[`association_payable:${a.id}`]).toBe(-246_913 + 125_697);
      expect(partly.platform_revenue).toBe(-123_457 + 62_849);
      expect(partly.platform_cash).toBe(total - 1_333_334);
      expect(partly.refunds ?? 0).toBe(0); // the manual provider pays back at once

      // The rest, without an amount: everything left.
      expect((await refund(t, first.maker, soFirst.id, null)).status).toBe(200);
      const after = await balances(t, [soFirst.id]);
      expect(after).toEqual({}); // every account back to zero for this seller order
      expect(await entryKinds(t, order.id)).toEqual(['payment', 'refund', 'refund_paid', 'refund', 'refund_paid', 'refund', 'refund_paid']);
      const sums: { kind: string; n: number }[] = await t.db.query(
        `SELECT e.kind, count(*)::int AS n FROM journal_entries e WHERE e.order_id = $1 GROUP BY e.kind ORDER BY e.kind`,
        [order.id],
      );
      expect(sums).toEqual([
        { kind: 'payment', n: 1 },
        { kind: 'refund', n: 3 },
        { kind: 'refund_paid', n: 3 },
      ]);
    });

    it('refuses an unbalanced entry and any change to the ledger, at the database', async () => {
      const { soSecond } = await paidOrder();
      const [{ id: accountId }]: { id: string }[] = await t.db.query(`SELECT id FROM ledger_accounts WHERE code = 'platform_cash'`);
      const unbalanced = t.db.transaction(async (m) => {
        const [entry]: { id: string }[] = await m.query(
          `INSERT INTO journal_entries (kind, source_id) VALUES ('payment', gen_random_uuid()) RETURNING id`,
        );
        await m.query(`INSERT INTO postings (entry_id, account_id, amount, currency) VALUES ($1, $2, 100, 'KZT'), ($1, $2, -99, 'KZT')`, [entry.id, accountId]);
      });
      await expect(unbalanced).rejects.toThrow(/does not balance/);
      const lonely = t.db.transaction(async (m) => {
        const [entry]: { id: string }[] = await m.query(`INSERT INTO journal_entries (kind, source_id) VALUES ('payment', gen_random_uuid()) RETURNING id`);
        await m.query(`INSERT INTO postings (entry_id, account_id, amount, currency) VALUES ($1, $2, 100, 'KZT')`, [entry.id, accountId]);
      });
      await expect(lonely).rejects.toThrow(/does not balance|fewer than two/);

      await expect(t.db.query(`UPDATE postings SET amount = amount + 1 WHERE seller_order_id = $1`, [soSecond.id])).rejects.toThrow(/append-only/);
      await expect(t.db.query(`DELETE FROM postings WHERE seller_order_id = $1`, [soSecond.id])).rejects.toThrow(/append-only/);
      await expect(t.db.query(`DELETE FROM journal_entries WHERE kind = 'payment'`)).rejects.toThrow(/append-only/);
      await expect(t.db.query(`UPDATE ledger_accounts SET code = code || 'x'`)).rejects.toThrow(/append-only/);
      await expect(t.db.query(`TRUNCATE postings`)).rejects.toThrow(/append-only/);
      expect(Object.keys(await balances(t, [soSecond.id]))).toHaveLength(4);
    });

    it('GET /admin/ledger/check: balanced, with the counts; admins only', async () => {
      await paidOrder();
      const res = await t.http().get(`${API}/admin/ledger/check`).set(admin.auth);
      expect(res.status).toBe(200);
      const [counts]: { entries: number; postings: number }[] = await t.db.query(
        `SELECT (SELECT count(*)::int FROM journal_entries) AS entries, (SELECT count(*)::int FROM postings) AS postings`,
      );
      expect(res.body).toEqual({ balanced: true, ...counts });
      expect(res.body.entries).toBeGreaterThan(0);
      expect((await t.http().get(`${API}/admin/ledger/check`).set((await buyer(t)).auth)).status).toBe(403);
      expect((await t.http().get(`${API}/admin/ledger/check`)).status).toBe(401);
    });
  });

  describe('Stripe provider', () => {
    let t: TestApp;
    let fake: FakeStripe;
    beforeAll(async () => {
      fake = await FakeStripe.start();
      t = await startApp(fake.appEnv());
    });
    afterAll(async () => {
      await t.close();
      await fake.stop();
    });

    function webhook(event: ReturnType<FakeStripe['event']>) {
      const { payload, signature } = fake.signedWebhook(event);
      return t.http().post(`${API}/payments/stripe/webhook`).set('stripe-signature', signature).set('content-type', 'application/json').send(payload);
    }
    const intentOf = (order: OrderBody) => fake.list<{ id: string; metadata: Record<string, string> }>('payment_intent').find((pi) => pi.metadata.paymentId === order.payment.id)!.id;

    it('a refund the provider refuses for good is undone in the ledger; a replayed payment is posted once', async () => {
      const sale = await variantForSale(t, { price: 1_000_000, stock: 3 });
      const order = await placeOrder(t, await buyer(t), [{ variantId: sale.variantId, quantity: 1 }]);
      const paid = fake.event('payment_intent.succeeded', fake.succeedPaymentIntent(intentOf(order)));
      expect((await webhook(paid)).status).toBe(200);
      expect((await webhook(paid)).body).toEqual({ received: true, duplicate: true });
      const so = order.sellerOrders[0];
      const before = await balances(t, [so.id]);

      fake.failNext(1, { status: 400, code: 'charge_disputed' }, { method: 'POST', pathPrefix: '/v1/refunds' });
      await refund(t, sale.maker, so.id, 400_000);
      const [row]: { status: string }[] = await t.db.query(`SELECT status FROM refunds WHERE seller_order_id = $1`, [so.id]);
      expect(row.status).toBe('failed');
      expect(await entryKinds(t, order.id)).toEqual(['payment', 'refund', 'refund_failed']);
      expect(await balances(t, [so.id])).toEqual(before);

      // Refunded in full later: every account of the seller order back to zero, to the tiyn.
      expect((await refund(t, sale.maker, so.id, null)).status).toBe(200);
      expect(await entryKinds(t, order.id)).toEqual(['payment', 'refund', 'refund_failed', 'refund', 'refund_paid']);
      expect(await balances(t, [so.id])).toEqual({});
    });

    it('money for an order that had already expired is owed back to the buyer, never to the maker', async () => {
      const sale = await variantForSale(t, { price: 500_000, stock: 3 });
      const order = await placeOrder(t, await buyer(t), [{ variantId: sale.variantId, quantity: 1 }]);
      const { PaymentOutcomesService } = await import('../../../src/orders/payment-outcomes.service');
      await t.db.query(`UPDATE orders SET expires_at = now() - interval '1 second' WHERE id = $1`, [order.id]);
      expect(await t.app.get(PaymentOutcomesService).expire(order.id)).toBe('expired');
      const pi = intentOf(order);
      fake.updatePaymentIntent(pi, { status: 'requires_payment_method', canceled_at: null, cancellation_reason: null });
      expect((await webhook(fake.event('payment_intent.succeeded', fake.succeedPaymentIntent(pi)))).status).toBe(200);

      // In, owed back, paid back: the maker's account is never touched, and nothing is left over.
      expect(await entryKinds(t, order.id)).toEqual(['payment_unclaimed', 'refund_paid']);
      const rows: { code: string; balance: string }[] = await t.db.query(
        `SELECT a.code, sum(p.amount) AS balance FROM postings p JOIN ledger_accounts a ON a.id = p.account_id
           JOIN journal_entries e ON e.id = p.entry_id WHERE e.order_id = $1 GROUP BY a.code ORDER BY a.code`,
        [order.id],
      );
      expect(rows.map((r) => [r.code, Number(r.balance)])).toEqual([
        ['platform_cash', 0],
        ['refunds', 0],
      ]);
    });
  });
});
