import { INestApplicationContext } from '@nestjs/common';
import { simpleParser } from 'mailparser';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startApp, startWorker, TestApp } from '../../support/app';
import { Actor, createAdmin, register } from '../../support/api';
import { isolatedEnv } from '../../support/isolated';
import { placeOrder, variantForSale } from '../../support/orders';

// The whole path with a real worker: outbox row → relay → BullMQ → one delivery job per
// recipient and channel → an in-app notification and an e-mail (an .eml file here, as in
// the demo) in the recipient's language.
describe('notifications in-app and by e-mail', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let mailDir: string;

  beforeAll(async () => {
    const env = await isolatedEnv('inbox');
    mailDir = env.MAIL_DIR;
    t = await startApp({ ...env, OUTBOX_POLL_MS: '50' });
    worker = await startWorker();
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
  });

  // Money is grouped with no-break spaces (U+00A0); compare with plain ones.
  const plain = (text: string) => text.replace(/\u00a0/g, ' ');
  const inbox = (who: Actor, query = '') => t.http().get(`/api/v1/me/notifications${query}`).set(who.auth);

  /** The mails written for one address so far, parsed. */
  async function mailsTo(who: Actor) {
    const files = (await readdir(mailDir)).filter((f) => f.endsWith('.eml'));
    const mails = await Promise.all(files.map(async (f) => simpleParser(await readFile(join(mailDir, f)))));
    return mails.filter((m) => [m.to].flat().some((to) => to?.text.includes(who.email)));
  }

  /** The mails to one address with these subjects, once they are all there. */
  async function waitForMails(who: Actor, subjects: string[]) {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const mails = (await mailsTo(who)).filter((m) => subjects.includes(m.subject ?? ''));
      if (mails.length >= subjects.length || Date.now() > deadline) return mails;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function waitForKinds(who: Actor, kinds: string[]) {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const res = await inbox(who);
      const got = (res.body.items as { kind: string }[]).map((n) => n.kind).sort();
      if (kinds.every((k) => got.includes(k)) || Date.now() > deadline) return res.body;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('tells the buyer (in Kazakh) and each maker (only their lines) of a placed and paid order, once', async () => {
    const first = await variantForSale(t, { price: 1_250_000, stock: 3 });
    const second = await variantForSale(t, { price: 800_000, stock: 3 });
    const buyer = await register(t, ['buyer'], { locale: 'kk' });
    const order = await placeOrder(t, buyer, [
      { variantId: first.variantId, quantity: 1 },
      { variantId: second.variantId, quantity: 2 },
    ]);
    const admin = await createAdmin(t);
    expect((await t.http().post(`/api/v1/payments/${order.payment.id}/mark-paid`).set(admin.auth)).status).toBe(200);

    const mine = await waitForKinds(buyer, ['order_placed', 'order_paid_receipt']);
    expect(mine.items.map((n: { kind: string }) => n.kind).sort()).toEqual(['order_paid_receipt', 'order_placed']);
    expect(mine.unreadCount).toBe(2);
    const receipt = mine.items.find((n: { kind: string }) => n.kind === 'order_paid_receipt');
    expect(receipt.locale).toBe('kk');
    expect(receipt.subject).toContain(order.number);
    expect(receipt.subject).toMatch(/[әғқңөұүһі]/);
    expect(plain(receipt.text)).toContain('28 500 ₸'); // 12 500 + 2 × 8 000

    const sale = (await waitForKinds(first.maker, ['new_sale'])).items.find((n: { kind: string }) => n.kind === 'new_sale');
    expect(sale.subject).toContain(order.sellerOrders[0].number);
    expect(plain(sale.text)).toContain('12 500 ₸');
    expect(plain(sale.text)).not.toContain('16 000 ₸'); // the other maker's line
    const otherSale = (await waitForKinds(second.maker, ['new_sale'])).items.find((n: { kind: string }) => n.kind === 'new_sale');
    expect(plain(otherSale.text)).toContain('16 000 ₸');

    // The same by e-mail: a Kazakh subject, a text and an HTML part, the total in tenge.
    const mails = await waitForMails(buyer, mine.items.map((n: { subject: string }) => n.subject));
    expect(mails).toHaveLength(2);
    const receiptMail = mails.find((m) => m.subject === receipt.subject)!;
    expect(receiptMail).toBeDefined();
    expect(plain(receiptMail.text!)).toContain('28 500 ₸');
    expect(plain(receiptMail.html as string)).toContain('28 500 ₸');
    expect(receiptMail.from?.text).toContain('no-reply@sheber.kz');
    expect(receiptMail.messageId).toMatch(/@sheber\.kz>$/);
    const saleMails = await waitForMails(first.maker, [sale.subject]);
    expect(saleMails).toHaveLength(1);
    expect(plain(saleMails[0].text!)).not.toContain('16 000 ₸');

    // Nothing twice: no more rows or mails appear for this order's events.
    await new Promise((r) => setTimeout(r, 500));
    const rows: { channel: string; n: number }[] = await t.db.query(
      `SELECT channel, count(*)::int AS n FROM notifications WHERE user_id = $1 GROUP BY channel ORDER BY channel`,
      [buyer.id],
    );
    expect(rows).toEqual([
      { channel: 'email', n: 2 },
      { channel: 'in_app', n: 2 },
    ]);
    expect(await mailsTo(buyer)).toHaveLength(2);
  });

  it('marks read, counts unread, and keeps each inbox private', async () => {
    const sale = await variantForSale(t, { stock: 2 });
    const buyer = await register(t, ['buyer'], { locale: 'en' });
    const other = await register(t, ['buyer']);
    await placeOrder(t, buyer, [{ variantId: sale.variantId, quantity: 1 }]);
    const body = await waitForKinds(buyer, ['order_placed']);
    const placed = body.items[0];
    expect(placed.locale).toBe('en');

    expect((await t.http().post(`/api/v1/me/notifications/${placed.id}/read`).set(other.auth)).status).toBe(404);
    const read = await t.http().post(`/api/v1/me/notifications/${placed.id}/read`).set(buyer.auth);
    expect(read.status).toBe(200);
    expect(read.body.read).toBe(true);
    expect((await inbox(buyer)).body.unreadCount).toBe(0);
    expect((await inbox(buyer, '?unread=true')).body.items).toEqual([]);
    expect((await inbox(other)).body.items).toEqual([]);
  });
});
