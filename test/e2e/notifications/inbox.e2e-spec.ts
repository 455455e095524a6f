import { INestApplicationContext } from '@nestjs/common';
import { startApp, TestApp } from '../../support/app';
import { Actor, createAdmin, register } from '../../support/api';
import { placeOrder, variantForSale } from '../../support/orders';

// The whole path with a real worker: outbox row → relay → BullMQ → one delivery job per
// recipient → an in-app notification in the recipient's language.
describe('in-app notifications', () => {
  let t: TestApp;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    t = await startApp({ OUTBOX_POLL_MS: '50' });
    const { NestFactory } = await import('@nestjs/core');
    const { WorkerModule } = await import('../../../src/worker/worker.module');
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    await worker.init();
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
  });

  // Money is grouped with no-break spaces (U+00A0); compare with plain ones.
  const plain = (text: string) => text.replace(/\u00a0/g, ' ');
  const inbox = (who: Actor, query = '') => t.http().get(`/api/v1/me/notifications${query}`).set(who.auth);

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
    const otherSale = (await waitForKinds(second.maker, ['new_sale'])).items[0];
    expect(plain(otherSale.text)).toContain('16 000 ₸');

    // Nothing twice: no more rows appear for this order's events.
    await new Promise((r) => setTimeout(r, 500));
    const rows: { n: number }[] = await t.db.query(`SELECT count(*)::int AS n FROM notifications WHERE user_id = $1`, [buyer.id]);
    expect(rows[0].n).toBe(2);
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

  it('a delivery job run twice delivers once', async () => {
    const { NotificationsService } = await import('../../../src/notifications/notifications.service');
    const service = worker.get(NotificationsService);
    const user = await register(t, ['buyer'], { locale: 'ru' });
    const job = {
      outboxId: '999999999',
      userId: user.id,
      channel: 'in_app' as const,
      locale: 'ru' as const,
      data: { kind: 'delivered', orderNumber: 'SH-000001-1' },
    };
    const results = await Promise.all([service.deliverInApp(job), service.deliverInApp(job)]);
    expect(results.sort()).toEqual([false, true]);
    expect((await service.deliverInApp(job))).toBe(false);
    expect((await inbox(user)).body.items).toHaveLength(1);
  });
});
