import { INestApplicationContext } from '@nestjs/common';
import { startApp, startWorker, TestApp } from '../../support/app';
import { Actor, createAdmin } from '../../support/api';
import { eventually } from '../../support/eventually';
import { isolatedEnv } from '../../support/isolated';
import { buyer, placeOrder, variantForSale } from '../../support/orders';
import { complete, owed } from '../../support/payouts';

const API = '/api/v1';
const KZT = (amount: number) => ({ amount, currency: 'KZT' });

// Without Stripe (orders paid by bank transfer or cash): payouts are recorded for an admin
// to settle by hand, and the ledger moves when they are marked paid.
describe('payouts (manual provider)', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let admin: Actor;
  beforeAll(async () => {
    t = await startApp({ ...(await isolatedEnv('payouts_manual')), OUTBOX_POLL_MS: '50' });
    worker = await startWorker();
    admin = await createAdmin(t);
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
  });

  it('records a payout per maker for an admin to settle by hand, and writes the ledger when marked paid', async () => {
    const sale = await variantForSale(t, { price: 200_000, stock: 5 });
    const customer = await buyer(t);
    const orders = [];
    for (let i = 0; i < 2; i++) {
      const order = await placeOrder(t, customer, [{ variantId: sale.variantId, quantity: 1 }]);
      expect((await t.http().post(`${API}/payments/${order.payment.id}/mark-paid`).set(admin.auth)).status).toBe(200);
      orders.push(order);
    }
    const soIds = orders.map((o) => o.sellerOrders[0].id);
    await complete(t, soIds);

    const res = await t.http().post(`${API}/admin/payouts/run`).set(admin.auth);
    expect(res.status).toBe(200);
    const mine = res.body.payouts.filter((p: { beneficiary: { id: string } }) => p.beneficiary.id === sale.shop.id);
    expect(mine).toEqual([expect.objectContaining({ provider: 'manual', status: 'pending', amount: KZT(2 * (200_000 - 10_000)) })]);
    expect(mine[0].sellerOrders.map((s: { id: string }) => s.id).sort()).toEqual([...soIds].sort());
    // Recorded, not paid: still owed in the ledger; a second run claims nothing more.
    expect(await owed(t, soIds)).toEqual({ [`maker_payable:${sale.shop.id}`]: 380_000 });
    expect((await t.http().post(`${API}/admin/payouts/run`).set(admin.auth)).body.payouts).toEqual([]);

    const paid = await t.http().post(`${API}/admin/payouts/${mine[0].id}/mark-paid`).set(admin.auth);
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ status: 'paid', paidAt: expect.any(String) });
    expect(await owed(t, soIds)).toEqual({});
    const again = await t.http().post(`${API}/admin/payouts/${mine[0].id}/mark-paid`).set(admin.auth);
    expect(again.status).toBe(409);
    expect((await t.http().post(`${API}/admin/payouts/${mine[0].id}/mark-paid`).set(sale.maker.auth)).status).toBe(403);
    const entries: { n: number }[] = await t.db.query(`SELECT count(*)::int AS n FROM journal_entries WHERE kind = 'payout' AND source_id = $1`, [mine[0].id]);
    expect(entries[0].n).toBe(1);

    // The maker is told, with the seller orders it pays for.
    const told = await eventually('the payout notification', async () => {
      const items = (await t.http().get(`${API}/me/notifications`).set(sale.maker.auth)).body.items as { kind: string; text: string }[];
      const payouts = items.filter((n) => n.kind === 'payout_sent');
      return payouts.length ? payouts : undefined;
    });
    expect(told).toHaveLength(1);
    expect(told[0].text.replace(/\u00a0/g, ' ')).toContain('3 800 ₸');
    for (const so of orders.map((o) => o.sellerOrders[0].number)) expect(told[0].text).toContain(so);
  });

  it('answers onboarding with 422: payouts are settled by hand without Stripe', async () => {
    const sale = await variantForSale(t, { price: 100_000, stock: 1 });
    const res = await t.http().post(`${API}/me/payout-account/onboarding-link`).set(sale.maker.auth);
    expect(res.status).toBe(422);
    expect(res.body.error).toBe('payouts_manual');
  });
});
