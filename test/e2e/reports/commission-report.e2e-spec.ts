import { parse } from 'csv-parse/sync';
import { startApp, TestApp } from '../../support/app';
import { Actor, associationWithAdmin, createAdmin, joinAssociation } from '../../support/api';
import { isolatedEnv } from '../../support/isolated';
import { buyer, placeOrder, variantForSale } from '../../support/orders';
import { complete } from '../../support/payouts';

const API = '/api/v1';
const KZT = (amount: number) => ({ amount, currency: 'KZT' });
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Almaty', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

// An association's commission report, from the ledger: per member shop, with totals; the
// same figures as JSON and as a streamed CSV that a CSV parser (and Excel) reads; only the
// association's admins and platform admins may read it.
describe('commission report', () => {
  let t: TestApp;
  let admin: Actor;
  let a: Awaited<ReturnType<typeof associationWithAdmin>>;
  let b: Awaited<ReturnType<typeof associationWithAdmin>>;
  let felt: Awaited<ReturnType<typeof variantForSale>>;
  let ceramics: Awaited<ReturnType<typeof variantForSale>>;

  beforeAll(async () => {
    t = await startApp({ ...(await isolatedEnv('reports')) });
    admin = await createAdmin(t);
    a = await associationWithAdmin(t, admin, { commissionRateBps: 1000 });
    b = await associationWithAdmin(t, admin, { commissionRateBps: 750 });
    felt = await variantForSale(t, { price: 1_250_000, stock: 20, shop: { name: 'Киіз үй "Ақ орда", Түркістан', shippingFee: KZT(150_000) } });
    ceramics = await variantForSale(t, { price: 999_999, stock: 20, shop: { name: 'Керамика; Шымкент', shippingFee: KZT(0) } });
    const other = await variantForSale(t, { price: 500_000, stock: 20 });
    await joinAssociation(t, felt.maker, a.association.id, a.assocAdmin);
    await joinAssociation(t, ceramics.maker, a.association.id, a.assocAdmin);
    await joinAssociation(t, other.maker, b.association.id, b.assocAdmin);

    // Two orders: felt ×2 + ceramics ×1, and felt ×1 + the other association's item.
    const customer = await buyer(t);
    const first = await placeOrder(t, customer, [
      { variantId: felt.variantId, quantity: 2 },
      { variantId: ceramics.variantId, quantity: 1 },
    ]);
    const second = await placeOrder(t, customer, [
      { variantId: felt.variantId, quantity: 1 },
      { variantId: other.variantId, quantity: 1 },
    ]);
    for (const order of [first, second]) {
      expect((await t.http().post(`${API}/payments/${order.payment.id}/mark-paid`).set(admin.auth)).status).toBe(200);
    }
    // A partial refund of the ceramics, and the first felt seller order completed and paid out by hand.
    const ceramicsSo = first.sellerOrders.find((so) => so.shop.id === ceramics.shop.id)!;
    expect((await t.http().post(`${API}/seller-orders/${ceramicsSo.id}/refund`).set(ceramics.maker.auth).send({ amount: KZT(333_333), reason: 'Сызат' })).status).toBe(200);
    const feltSo = first.sellerOrders.find((so) => so.shop.id === felt.shop.id)!;
    await complete(t, [feltSo.id]);
    const run = await t.http().post(`${API}/admin/payouts/run`).set(admin.auth);
    for (const payout of run.body.payouts as { id: string; beneficiary: { id: string } }[]) {
      if (payout.beneficiary.id === felt.shop.id) expect((await t.http().post(`${API}/admin/payouts/${payout.id}/mark-paid`).set(admin.auth)).status).toBe(200);
    }
  });
  afterAll(() => t.close());

  const report = (who: Actor, query: Record<string, string> = {}) =>
    t.http().get(`${API}/associations/${a.association.id}/reports/commission`).query(query).set(who.auth);

  /** The same figures straight from the postings, for one shop of association A. */
  async function fromLedger(shopId: string) {
    const [row]: Record<string, string>[] = await t.db.query(
      `SELECT coalesce(sum(p.amount) FILTER (WHERE e.kind = 'payment' AND a.kind = 'platform_cash'), 0) AS gross,
              coalesce(-sum(p.amount) FILTER (WHERE a.kind = 'association_payable' AND e.kind <> 'payout'), 0) AS commission,
              coalesce(-sum(p.amount) FILTER (WHERE a.kind = 'platform_revenue'), 0) AS fee,
              coalesce(-sum(p.amount) FILTER (WHERE a.kind = 'maker_payable'), 0) AS owed,
              coalesce(sum(p.amount) FILTER (WHERE e.kind = 'payout' AND a.kind = 'maker_payable'), 0) AS paid_out
         FROM postings p JOIN journal_entries e ON e.id = p.entry_id JOIN ledger_accounts a ON a.id = p.account_id
         JOIN seller_orders so ON so.id = p.seller_order_id
        WHERE so.shop_id = $1 AND so.association_id = $2`,
      [shopId, a.association.id],
    );
    return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));
  }

  it('lists each member shop with the ledger’s figures, and totals', async () => {
    const res = await report(a.assocAdmin, { from: '2020-01-01', to: today() });
    expect(res.status).toBe(200);
    const rows = res.body.rows as { shopId: string; sellerOrders: number; gross: { amount: number }; refunds: { amount: number }; net: { amount: number }; commission: { amount: number }; platformFee: { amount: number }; paidOut: { amount: number }; owed: { amount: number } }[];
    expect(rows.map((r) => r.shopId).sort()).toEqual([felt.shop.id, ceramics.shop.id].sort());

    // Felt: 3 × 12 500 ₸ in two seller orders (+ 2 × 1 500 ₸ shipping); 10 % of 3 750 000 = 375 000.
    const feltRow = rows.find((r) => r.shopId === felt.shop.id)!;
    expect(feltRow).toMatchObject({ sellerOrders: 2, gross: KZT(3_750_000 + 300_000), refunds: KZT(0), commission: KZT(375_000), platformFee: KZT(187_500) });
    // Paid out: the first seller order's net, 2 500 000 + 150 000 − 250 000 − 125 000.
    expect(feltRow.paidOut).toEqual(KZT(2_275_000));
    const feltLedger = await fromLedger(felt.shop.id);
    expect([feltRow.gross.amount, feltRow.commission.amount, feltRow.platformFee.amount, feltRow.owed.amount, feltRow.paidOut.amount]).toEqual([
      feltLedger.gross,
      feltLedger.commission,
      feltLedger.fee,
      feltLedger.owed,
      feltLedger.paid_out,
    ]);

    // Ceramics: 999 999, 10 % = 100 000, fee 50 000; a third refunded: 33 333 and 16 667 back.
    const ceramicsRow = rows.find((r) => r.shopId === ceramics.shop.id)!;
    expect(ceramicsRow).toMatchObject({ sellerOrders: 1, gross: KZT(999_999), refunds: KZT(333_333), net: KZT(666_666), commission: KZT(100_000 - 33_333), platformFee: KZT(50_000 - 16_667) });
    expect(ceramicsRow.owed.amount).toBe((await fromLedger(ceramics.shop.id)).owed);

    const [totals] = res.body.totals;
    expect(totals).toMatchObject({ currency: 'KZT', sellerOrders: 3, commission: KZT(375_000 + 66_667), refunds: KZT(333_333) });
    expect(res.body.period).toEqual({ from: '2020-01-01', to: today(), timeZone: 'Asia/Almaty' });
  });

  it('streams the same figures as CSV: UTF-8 with a BOM, read by a CSV parser, quoting names with commas and quotes', async () => {
    const json = (await report(admin, { from: '2020-01-01', to: today() })).body;
    const res = await report(a.assocAdmin, { from: '2020-01-01', to: today(), format: 'csv' }).buffer(true).parse((response, done) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="commission-/);
    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = parse(bytes.toString('utf8'), { bom: true, columns: true }) as Record<string, string>[];
    expect(Object.keys(records[0])).toEqual(['shop', 'currency', 'seller_orders', 'gross_sales', 'refunds', 'net_sales', 'commission', 'platform_fee', 'paid_out', 'still_owed']);
    const feltLine = records.find((r) => r.shop === 'Киіз үй "Ақ орда", Түркістан')!;
    expect(feltLine).toMatchObject({ currency: 'KZT', seller_orders: '2', gross_sales: '40500.00', commission: '3750.00', paid_out: '22750.00' });
    const ceramicsLine = records.find((r) => r.shop === 'Керамика; Шымкент')!;
    expect(ceramicsLine).toMatchObject({ refunds: '3333.33', net_sales: '6666.66', commission: '666.67' });
    // Every figure of the CSV is the JSON's, in major units; the last line is the total.
    for (const row of json.rows) {
      const line = records.find((r) => r.shop === row.shopName)!;
      expect(Number(line.commission) * 100).toBeCloseTo(row.commission.amount, 6);
      expect(Number(line.still_owed) * 100).toBeCloseTo(row.owed.amount, 6);
    }
    expect(records.at(-1)).toMatchObject({ shop: 'TOTAL', seller_orders: '3', commission: '4416.67' });
  });

  it('counts only the period: a month without sales has none', async () => {
    const res = await report(a.assocAdmin, { from: '2021-03-01', to: '2021-03-31' });
    expect(res.status).toBe(200);
    expect(res.body.rows).toEqual([]);
    expect(res.body.totals).toEqual([]);
    expect((await report(a.assocAdmin, { from: '2021-03-31', to: '2021-03-01' })).status).toBe(400);
    expect((await report(a.assocAdmin, { from: '31.03.2021' })).status).toBe(400);
  });

  it('is for that association’s admins and platform admins only', async () => {
    expect((await report(b.assocAdmin)).status).toBe(403);
    expect((await report(b.assocAdmin, { format: 'csv' })).status).toBe(403);
    expect((await report(felt.maker)).status).toBe(403);
    expect((await report(admin)).status).toBe(200);
    expect((await t.http().get(`${API}/associations/${a.association.id}/reports/commission`)).status).toBe(401);
  });

  it('GET /admin/reports/regions: sales by region and category, for admins only', async () => {
    const res = await t.http().get(`${API}/admin/reports/regions`).query({ from: '2020-01-01', to: today() }).set(admin.auth);
    expect(res.status).toBe(200);
    // variantForSale's shops are in Turkestan region; this file's database holds only these orders.
    const regions = res.body.regions as { region: string; sellerOrders: number; gross: { amount: number }; refunds: { amount: number }; commission: { amount: number }; categories: { category: { slug: string }; units: number; goods: { amount: number } }[] }[];
    const totalGross = regions.reduce((sum, r) => sum + r.gross.amount, 0);
    // Both orders: felt 3 × 1 250 000 + 2 × 150 000 shipping, ceramics 999 999, the other item 500 000 (+ its shipping).
    const [{ total }]: { total: string }[] = await t.db.query(`SELECT sum(total_amount) AS total FROM seller_orders WHERE paid_at IS NOT NULL`);
    expect(totalGross).toBe(Number(total));
    expect(regions.reduce((sum, r) => sum + r.sellerOrders, 0)).toBe(4);
    expect(regions.reduce((sum, r) => sum + r.refunds.amount, 0)).toBe(333_333);
    expect(regions.reduce((sum, r) => sum + r.commission.amount, 0)).toBe(441_667 + 37_500); // A's, and 7.5 % of B's 500 000
    const units = regions.flatMap((r) => r.categories).reduce((sum, c) => sum + c.units, 0);
    expect(units).toBe(5);
    expect((await t.http().get(`${API}/admin/reports/regions`).set(a.assocAdmin.auth)).status).toBe(403);
    expect((await t.http().get(`${API}/admin/reports/regions`).query({ from: '2021-02-30x' }).set(admin.auth)).status).toBe(400);
  });
});
