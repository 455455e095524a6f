import { INestApplicationContext } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import { simpleParser } from 'mailparser';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startApp, startWorker, TestApp } from '../../support/app';
import { Actor, associationWithAdmin, createAdmin, joinAssociation, register } from '../../support/api';
import { eventually } from '../../support/eventually';
import { isolatedEnv } from '../../support/isolated';
import { buyer, placeOrder, variantForSale } from '../../support/orders';

const API = '/api/v1';

// The monthly job: the previous month's commission report of every association, e-mailed to
// its admins with the CSV attached (and in their inbox), once however often the job runs.
describe('monthly commission report', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let mailDir: string;

  beforeAll(async () => {
    const env = await isolatedEnv('monthly');
    mailDir = env.MAIL_DIR;
    t = await startApp({ ...env, OUTBOX_POLL_MS: '50' });
    worker = await startWorker();
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
  });

  it('sends last month’s report to each admin of the association, in their language, with the CSV attached, once', async () => {
    const admin = await createAdmin(t);
    const { association, assocAdmin } = await associationWithAdmin(t, admin, { commissionRateBps: 1000 });
    const second = await register(t, ['buyer'], { locale: 'kk' });
    expect((await t.http().post(`${API}/admin/users/${second.id}/roles`).set(admin.auth).send({ roles: ['association_admin'], associationId: association.id })).status).toBe(200);
    const sale = await variantForSale(t, { price: 1_250_000, stock: 5, shop: { name: 'Киіз әлемі', shippingFee: { amount: 0, currency: 'KZT' } } });
    await joinAssociation(t, sale.maker, association.id, assocAdmin);
    const order = await placeOrder(t, await buyer(t), [{ variantId: sale.variantId, quantity: 2 }]);
    expect((await t.http().post(`${API}/payments/${order.payment.id}/mark-paid`).set(admin.auth)).status).toBe(200);

    // The job as it runs on the 1st of next month (Almaty time): it reports this month.
    const { MonthlyReports } = await import('../../../src/reports/monthly-reports');
    const monthly = worker.get(MonthlyReports);
    const now = new Date();
    const firstOfNextMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1, 6));
    expect(await monthly.run(firstOfNextMonth)).toBeGreaterThanOrEqual(1);
    expect(await monthly.run(firstOfNextMonth)).toBe(0); // once

    // In the inbox of both admins, each in their language.
    const inboxOf = async (who: Actor) => ((await t.http().get(`${API}/me/notifications`).set(who.auth)).body.items as { kind: string; subject: string; text: string; locale: string }[]).filter((n) => n.kind === 'monthly_report');
    const [ru] = await eventually('the report in the first admin’s inbox', async () => (await inboxOf(assocAdmin)).length ? inboxOf(assocAdmin) : undefined);
    const [kk] = await eventually('the report in the second admin’s inbox', async () => (await inboxOf(second)).length ? inboxOf(second) : undefined);
    expect(ru.locale).toBe('ru');
    expect(kk.locale).toBe('kk');
    expect(kk.text).toMatch(/комиссия есебі дайын/);
    expect(kk.text.replace(/\u00a0/g, ' ')).toContain('2 500 ₸'); // 10 % of 2 × 12 500 ₸

    // By e-mail, with the CSV: a BOM, the shop's line, the total.
    const mailOf = async (who: Actor) => {
      const file = (await readdir(mailDir)).find((f) => f.includes('-monthly_report-') && f.endsWith(`${who.id}.eml`));
      return file ? simpleParser(await readFile(join(mailDir, file))) : undefined;
    };
    const mail = await eventually('the report by e-mail', () => mailOf(second));
    expect(mail.subject).toBe(kk.subject);
    expect(mail.attachments).toHaveLength(1);
    const [csv] = mail.attachments;
    expect(csv.filename).toMatch(/^commission-\d{4}-\d{2}\.csv$/);
    expect([...csv.content.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = parse(csv.content.toString('utf8'), { bom: true, columns: true }) as Record<string, string>[];
    expect(records.find((r) => r.shop === 'Киіз әлемі')).toMatchObject({ seller_orders: '1', gross_sales: '25000.00', commission: '2500.00' });
    expect(records.at(-1)).toMatchObject({ shop: 'TOTAL', commission: '2500.00' });
    expect(await mailOf(assocAdmin)).toBeDefined();

    // Nothing twice.
    await new Promise((r) => setTimeout(r, 500));
    const rows: { n: number }[] = await t.db.query(`SELECT count(*)::int AS n FROM notifications WHERE kind = 'monthly_report' AND user_id = ANY($1::uuid[])`, [[assocAdmin.id, second.id]]);
    expect(rows[0].n).toBe(4); // two admins × (in-app, e-mail)
  });
});
