import { INestApplicationContext } from '@nestjs/common';
import type { Locale } from '../../../src/common/locale';
import type { NotificationView } from '../../../src/notifications/notifications.service';
import { ParsedMail, simpleParser } from 'mailparser';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type Stripe from 'stripe';
import { startApp, startWorker, TestApp } from '../../support/app';
import { Actor, associationWithAdmin, createAdmin, joinAssociation, register, uniqueSuffix } from '../../support/api';
import { FakeStripe } from '../../support/fake-stripe';
import { isolatedEnv } from '../../support/isolated';
import { ForSale, OrderBody, placeOrder, postOrder, variantForSale } from '../../support/orders';

/**
 * Who hears of each event in an order's life after it was paid or given up on, in which
 * language and with which facts, by both channels (in-app and e-mail), and that nobody
 * else does. Placing and paying an order are covered by inbox.e2e-spec.ts. The Stripe
 * provider (FakeStripe) throughout, with a real worker relaying the outbox.
 */

type Note = NotificationView;

const GREETING: Record<Locale, string> = { kk: 'Сәлеметсіз бе!', ru: 'Здравствуйте!', en: 'Hello,' };
const KAZAKH = /[әғқңөұүһі]/i;
const CYRILLIC = /[а-яё]/i;
const DEADLINE_MS = 15_000;
/** Long enough for a stray delivery of an event already relayed to land, before "nothing else" is checked. */
const SETTLE_MS = 400;

// Money is grouped with no-break spaces (U+00A0); compare with plain ones.
const plain = (text: string) => text.replace(/\u00a0/g, ' ');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('order events: the right people are told, in their language, with the facts', () => {
  let fake: FakeStripe;
  let t: TestApp;
  let worker: INestApplicationContext;
  let mailDir: string;
  let admin: Actor;

  beforeAll(async () => {
    fake = await FakeStripe.start();
    const env = await isolatedEnv('order_events');
    mailDir = env.MAIL_DIR;
    t = await startApp(fake.appEnv({ ...env, OUTBOX_POLL_MS: '50', ORDER_TIMERS_EVERY_SECONDS: '1' }));
    worker = await startWorker();
    admin = await createAdmin(t);
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await fake?.stop();
  });

  // ---------- people and orders

  /** A maker reading in `locale`, with a shop and one published listing. */
  async function makerSelling(locale: Locale, price = 1_000_000): Promise<ForSale> {
    const maker = await register(t, ['maker'], { locale });
    const shop = await t.http().put('/api/v1/me/shop').set(maker.auth).send({ name: `Шеберхана ${uniqueSuffix()}`, region: 'turkestan', city: 'Түркістан' });
    expect(shop.status).toBe(201);
    return variantForSale(t, { price, stock: 5, maker: { maker, shop: shop.body } as ForSale });
  }

  const buyerIn = (locale: Locale) => register(t, ['buyer'], { locale });

  /** One unit from each shop, shipped to the default address; the seller order of each sale. */
  async function orderFrom(b: Actor, sales: ForSale[]) {
    const order = await placeOrder(t, b, sales.map((s) => ({ variantId: s.variantId, quantity: 1 })));
    expect(order.payment.provider).toBe('stripe');
    const soOf = (sale: ForSale) => order.sellerOrders.find((so) => so.shop.id === sale.shop.id)!;
    return { order, soOf };
  }

  function webhook(event: Stripe.Event) {
    const { payload, signature } = fake.signedWebhook(event);
    return t.http().post('/api/v1/payments/stripe/webhook').set('stripe-signature', signature).set('content-type', 'application/json').send(payload);
  }

  function intentOf(order: OrderBody): Stripe.PaymentIntent {
    const intents = fake.list<Stripe.PaymentIntent>('payment_intent').filter((pi) => pi.metadata.paymentId === order.payment.id);
    expect(intents).toHaveLength(1);
    return intents[0];
  }

  async function pay(order: OrderBody): Promise<void> {
    const res = await webhook(fake.event('payment_intent.succeeded', fake.succeedPaymentIntent(intentOf(order).id)));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: true, duplicate: false });
  }

  const ship = (soId: string, maker: Actor, carrier: string, trackingNumber: string) =>
    t.http().post(`/api/v1/seller-orders/${soId}/ship`).set(maker.auth).send({ carrier, trackingNumber });
  const deliver = (soId: string, who: Actor) => t.http().post(`/api/v1/seller-orders/${soId}/deliver`).set(who.auth);
  const cancel = (orderId: string, b: Actor, reason: string) => t.http().post(`/api/v1/orders/${orderId}/cancel`).set(b.auth).send({ reason });

  // ---------- what arrived

  async function inbox(who: Actor): Promise<Note[]> {
    const res = await t.http().get('/api/v1/me/notifications?limit=100').set(who.auth);
    expect(res.status).toBe(200);
    return res.body.items;
  }

  /** The .eml files written for one user and kind (the name is `<outbox id>-<kind>-<user id>.eml`), parsed. */
  async function mails(who: Actor, kind: string): Promise<ParsedMail[]> {
    const files = (await readdir(mailDir)).filter((f) => f.endsWith(`-${kind}-${who.id}.eml`));
    return Promise.all(files.map(async (f) => simpleParser(await readFile(join(mailDir, f)))));
  }

  async function until<T>(probe: () => Promise<T[]>, count: number): Promise<T[]> {
    const deadline = Date.now() + DEADLINE_MS;
    for (;;) {
      const got = await probe();
      if (got.length >= count || Date.now() > deadline) return got;
      await sleep(100);
    }
  }

  /**
   * The one notification of `kind` to `who`, in-app and by e-mail, once both are there:
   * the same subject on both, in the reader's language. Texts come back with plain spaces.
   */
  async function told(who: Actor, kind: string, locale: Locale) {
    const notes = await until(async () => (await inbox(who)).filter((n) => n.kind === kind), 1);
    expect(notes).toHaveLength(1);
    const [note] = notes;
    expect(note.locale).toBe(locale);
    const sent = await until(() => mails(who, kind), 1);
    expect(sent).toHaveLength(1);
    const [mail] = sent;
    expect(mail.subject).toBe(note.subject);
    expect([mail.to].flat().some((to) => to?.text.includes(who.email))).toBe(true);
    // The greeting is the catalogue's own; the letters are checked on the subject (texts quote what users wrote).
    for (const text of [note.text, mail.text ?? '']) expect(text.startsWith(`Sheber\n\n${GREETING[locale]}\n`)).toBe(true);
    if (locale === 'kk') expect(`${note.subject} ${note.text}`).toMatch(KAZAKH);
    if (locale === 'ru') expect(note.subject).toMatch(CYRILLIC);
    if (locale !== 'kk') expect(note.subject).not.toMatch(KAZAKH);
    if (locale === 'en') expect(note.subject).not.toMatch(CYRILLIC);
    return {
      subject: note.subject,
      text: plain(note.text),
      html: plain(note.html),
      mailText: plain(mail.text ?? ''),
      mailHtml: plain(typeof mail.html === 'string' ? mail.html : ''),
    };
  }

  /** Every form of a message (in-app text and HTML, e-mail text and HTML) contains each fact. */
  function expectFacts(message: Awaited<ReturnType<typeof told>>, facts: string[]) {
    for (const body of [message.text, message.html, message.mailText, message.mailHtml]) {
      for (const fact of facts) expect(body).toContain(fact);
    }
  }

  /**
   * Who was told of `kind` for this order's events (payloads of order, seller order and
   * refund events all carry the orderId), as `userId/channel`, sorted.
   */
  async function recipients(orderId: string, kind: string): Promise<string[]> {
    const rows: { user_id: string; channel: string }[] = await t.db.query(
      `SELECT n.user_id, n.channel FROM notifications n JOIN outbox_events e ON e.id = n.outbox_id
        WHERE e.payload->>'orderId' = $1 AND n.kind = $2`,
      [orderId, kind],
    );
    return rows.map((r) => `${r.user_id}/${r.channel}`).sort();
  }
  /** `userId/channel` on both channels for each of these people, as `recipients` answers it. */
  const onBothChannels = (...people: Actor[]) => people.flatMap((p) => [`${p.id}/email`, `${p.id}/in_app`]).sort();

  /** The kinds of one person's in-app notifications (without the moderation news makers get from the helpers), sorted. */
  async function kindsOf(who: Actor): Promise<string[]> {
    return (await inbox(who))
      .map((n) => n.kind)
      .filter((k) => k !== 'listing_approved')
      .sort();
  }

  /** The kinds of the e-mails written for one person, sorted. */
  async function mailedKindsOf(who: Actor): Promise<string[]> {
    const name = new RegExp(`^\\d+-([a-z_]+)-${who.id}\\.eml$`);
    return (await readdir(mailDir))
      .map((f) => name.exec(f)?.[1])
      .filter((k): k is string => k !== undefined && k !== 'listing_approved')
      .sort();
  }

  /** After a short settle: each person has exactly these kinds, in-app and by e-mail. */
  async function expectOnly(expected: [Actor, string[]][]): Promise<void> {
    await sleep(SETTLE_MS);
    for (const [who, kinds] of expected) {
      expect({ who: who.email, inApp: await kindsOf(who) }).toEqual({ who: who.email, inApp: [...kinds].sort() });
      expect({ who: who.email, email: await mailedKindsOf(who) }).toEqual({ who: who.email, email: [...kinds].sort() });
    }
  }

  // ---------- the events

  it('payment failed: the buyer (English) is told with the provider\'s message; the maker is not', async () => {
    const sale = await makerSelling('ru');
    const b = await buyerIn('en');
    const { order } = await orderFrom(b, [sale]);
    const res = await webhook(fake.event('payment_intent.payment_failed', fake.failPaymentIntent(intentOf(order).id, 'Insufficient funds on the card.')));
    expect(res.status).toBe(200);

    const failed = await told(b, 'payment_failed', 'en');
    expect(failed.subject).toBe(`Payment for order ${order.number} failed`);
    expectFacts(failed, [`The payment for order ${order.number} did not go through.`, 'The payment provider said: Insufficient funds on the card.', 'You can try again until']);

    expect(await recipients(order.id, 'payment_failed')).toEqual(onBothChannels(b));
    await expectOnly([
      [b, ['order_placed', 'payment_failed']],
      [sale.maker, []],
    ]);
  });

  it('expired unpaid: the worker expires it and tells only the buyer (Russian); neither maker hears of it', async () => {
    const first = await makerSelling('kk');
    const second = await makerSelling('en');
    const b = await buyerIn('ru');
    const { order } = await orderFrom(b, [first, second]);
    // Due now: the worker's timers (every second) expire it, as they would after the TTL.
    await t.db.query(`UPDATE orders SET expires_at = now() - interval '1 second' WHERE id = $1`, [order.id]);

    const expired = await told(b, 'order_expired', 'ru');
    expect(expired.subject).toBe(`Заказ ${order.number} отменён: истёк срок оплаты`);
    expectFacts(expired, [`Заказ ${order.number} не был оплачен вовремя и отменён.`, 'Товары вернулись в продажу, деньги с вас не списывались.']);
    expect((await t.http().get(`/api/v1/orders/${order.id}`).set(b.auth)).body.status).toBe('expired');

    expect(await recipients(order.id, 'order_expired')).toEqual(onBothChannels(b));
    await expectOnly([
      [b, ['order_placed', 'order_expired']],
      [first.maker, []],
      [second.maker, []],
    ]);
  });

  it('cancelled by the buyer before paying: only the buyer (Kazakh) is told, with the reason', async () => {
    const sale = await makerSelling('ru');
    const b = await buyerIn('kk');
    const { order } = await orderFrom(b, [sale]);
    const res = await cancel(order.id, b, 'Басқа түсін таңдадым');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('cancelled');

    const cancelled = await told(b, 'order_cancelled', 'kk');
    expect(cancelled.subject).toBe(`${order.number} тапсырысы жойылды`);
    expectFacts(cancelled, [`${order.number} тапсырысыңыз жойылды.`, 'Себебі: Басқа түсін таңдадым']);

    expect(await recipients(order.id, 'order_cancelled')).toEqual(onBothChannels(b));
    await expectOnly([
      [b, ['order_placed', 'order_cancelled']],
      [sale.maker, []],
    ]);
  });

  it('cancelled by the buyer after paying: the buyer and each maker are told, each in their language with their own number', async () => {
    const first = await makerSelling('kk', 1_250_000);
    const second = await makerSelling('ru', 800_000);
    const b = await buyerIn('en');
    const { order, soOf } = await orderFrom(b, [first, second]);
    await pay(order);
    await told(first.maker, 'new_sale', 'kk'); // paid, as the makers know it, before the change of mind
    const res = await cancel(order.id, b, 'Ordered twice by mistake');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('cancelled');

    const mine = await told(b, 'order_cancelled', 'en');
    expect(mine.subject).toBe(`Order ${order.number} cancelled`);
    expectFacts(mine, [`Your order ${order.number} has been cancelled.`, 'Reason: Ordered twice by mistake']);

    const firstSo = soOf(first).number;
    const toFirst = await told(first.maker, 'order_cancelled', 'kk');
    expect(toFirst.subject).toBe(`${firstSo} тапсырысы жойылды`);
    expectFacts(toFirst, [`${firstSo} тапсырысы жойылды. Оны жіберудің қажеті жоқ.`, 'Себебі: Ordered twice by mistake']);
    expect(toFirst.text).not.toContain(soOf(second).number);

    const secondSo = soOf(second).number;
    const toSecond = await told(second.maker, 'order_cancelled', 'ru');
    expect(toSecond.subject).toBe(`Заказ ${secondSo} отменён`);
    expectFacts(toSecond, [`Заказ ${secondSo} отменён. Отправлять его не нужно.`, 'Причина: Ordered twice by mistake']);
    expect(toSecond.text).not.toContain(firstSo);

    expect(await recipients(order.id, 'order_cancelled')).toEqual(onBothChannels(b, first.maker, second.maker).sort());
    // The money goes back too: each seller order's refund is announced to the buyer and to its own maker.
    await until(() => recipients(order.id, 'refund_issued'), 8);
    expect(await recipients(order.id, 'refund_issued')).toEqual(onBothChannels(b, b, first.maker, second.maker).sort());
    const firstRefund = (await inbox(first.maker)).find((n) => n.kind === 'refund_issued')!;
    expect(firstRefund.text).toContain(firstSo);
    expect(firstRefund.text).not.toContain(secondSo);
    // Told once that the order is cancelled, not again per seller order.
    await expectOnly([
      [b, ['order_placed', 'order_paid_receipt', 'order_cancelled', 'refund_issued', 'refund_issued']],
      [first.maker, ['new_sale', 'order_cancelled', 'refund_issued']],
      [second.maker, ['new_sale', 'order_cancelled', 'refund_issued']],
    ]);
  });

  it('a payment that arrives after the order expired is refunded: the buyer is told, the maker (never sold anything) is not', async () => {
    const sale = await makerSelling('kk');
    const b = await buyerIn('ru');
    const { order } = await orderFrom(b, [sale]);
    await t.db.query(`UPDATE orders SET expires_at = now() - interval '1 second' WHERE id = $1`, [order.id]);
    await told(b, 'order_expired', 'ru'); // the worker's clock expired it (and cancelled the intent)
    // Stripe took the money nevertheless.
    const pi = intentOf(order).id;
    fake.updatePaymentIntent(pi, { status: 'requires_payment_method', canceled_at: null, cancellation_reason: null });
    expect((await webhook(fake.event('payment_intent.succeeded', fake.succeedPaymentIntent(pi)))).status).toBe(200);

    const refund = await told(b, 'refund_issued', 'ru');
    expect(refund.subject).toContain(order.number);
    expect(await recipients(order.id, 'refund_issued')).toEqual(onBothChannels(b));
    await expectOnly([
      [b, ['order_placed', 'order_expired', 'refund_issued']],
      [sale.maker, []],
    ]);
  });

  it('shipped: the buyer (Kazakh) gets the carrier and tracking number; delivered: only that maker (English) is told', async () => {
    const first = await makerSelling('en');
    const second = await makerSelling('ru');
    const b = await buyerIn('kk');
    const { order, soOf } = await orderFrom(b, [first, second]);
    await pay(order);
    const so = soOf(first);
    const shopName = (await t.http().get('/api/v1/me/shop').set(first.maker.auth)).body.name as string;

    expect((await ship(so.id, first.maker, 'kazpost', 'RR987654321KZ')).status).toBe(200);
    const shipped = await told(b, 'shipped', 'kk');
    expect(shipped.subject).toBe(`${order.number} тапсырысы жіберілді`);
    expectFacts(shipped, [`«${shopName}» дүкені ${order.number} тапсырысыңызды жіберді.`, 'Қазпошта', 'RR987654321KZ']);
    for (const body of [shipped.text, shipped.mailText]) {
      expect(body).toContain('Жеткізу қызметі: Қазпошта');
      expect(body).toContain('Трек-нөмір: RR987654321KZ');
    }

    expect((await deliver(so.id, b)).status).toBe(200);
    const delivered = await told(first.maker, 'delivered', 'en');
    expect(delivered.subject).toBe(`Order ${so.number} delivered`);
    expectFacts(delivered, [`Order ${so.number} has been delivered to the buyer.`]);

    expect(await recipients(order.id, 'shipped')).toEqual(onBothChannels(b));
    expect(await recipients(order.id, 'delivered')).toEqual(onBothChannels(first.maker));
    await expectOnly([
      [b, ['order_placed', 'order_paid_receipt', 'shipped']],
      [first.maker, ['new_sale', 'delivered']],
      [second.maker, ['new_sale']],
    ]);
  });

  it('ready for pickup: the buyer (Russian) gets the hub, its address and opening hours; the maker nothing more', async () => {
    const { association, assocAdmin } = await associationWithAdmin(t, admin);
    const hubBody = {
      name: 'Шымкент креативті хабы',
      address: 'ул. Казыбек би, 15',
      city: 'Шымкент',
      openingHours: 'Пн–Сб 10:00–19:00',
      phone: '+7 725 000 00 00',
    };
    const hub = await t.http().post(`/api/v1/associations/${association.id}/hubs`).set(assocAdmin.auth).send(hubBody);
    expect(hub.status).toBe(201);
    const sale = await makerSelling('kk');
    await joinAssociation(t, sale.maker, association.id, assocAdmin);
    const b = await buyerIn('ru');
    const placed = await postOrder(t, b, { items: [{ variantId: sale.variantId, quantity: 1 }], delivery: { type: 'pickup', hubId: hub.body.id } });
    expect(placed.status).toBe(201);
    const order = placed.body as OrderBody;
    await pay(order);
    const so = order.sellerOrders[0];

    const ready = await t.http().post(`/api/v1/seller-orders/${so.id}/ready-for-pickup`).set(sale.maker.auth);
    expect(ready.status).toBe(200);
    const note = await told(b, 'ready_for_pickup', 'ru');
    expect(note.subject).toBe(`Заказ ${order.number} ждёт вас в пункте выдачи`);
    for (const body of [note.text, note.mailText]) {
      expect(body).toContain(`Пункт выдачи: ${hubBody.name}`);
      expect(body).toContain(`Адрес: ${hubBody.address}, ${hubBody.city}`);
      expect(body).toContain(`Часы работы: ${hubBody.openingHours}`);
      expect(body).toContain(`Телефон: ${hubBody.phone}`);
    }
    expectFacts(note, [hubBody.name, hubBody.openingHours, hubBody.phone]);

    expect(await recipients(order.id, 'ready_for_pickup')).toEqual(onBothChannels(b));
    await expectOnly([
      [b, ['order_placed', 'order_paid_receipt', 'ready_for_pickup']],
      [sale.maker, ['membership_decided', 'new_sale']],
      [assocAdmin, ['membership_requested']],
    ]);
  });

  it('refund issued: the buyer (Kazakh) and that maker (Russian) are told the amount as 12 500 ₸; the other maker is not', async () => {
    const first = await makerSelling('ru', 3_000_000);
    const second = await makerSelling('en', 2_000_000);
    const b = await buyerIn('kk');
    const { order, soOf } = await orderFrom(b, [first, second]);
    await pay(order);
    const so = soOf(first);

    const res = await t
      .http()
      .post(`/api/v1/seller-orders/${so.id}/refund`)
      .set(first.maker.auth)
      .send({ amount: { amount: 1_250_000, currency: 'KZT' }, reason: 'Өрнегі сызылған' });
    expect(res.status).toBe(200);
    expect(res.body.refunds).toEqual([expect.objectContaining({ status: 'succeeded', amount: { amount: 1_250_000, currency: 'KZT' } })]);

    const toBuyer = await told(b, 'refund_issued', 'kk');
    expect(toBuyer.subject).toBe(`${order.number} тапсырысы бойынша ақша қайтарылды`);
    expectFacts(toBuyer, [`${order.number} тапсырысы бойынша сізге 12 500 ₸ қайтардық.`, 'Себебі: Өрнегі сызылған']);

    const toMaker = await told(first.maker, 'refund_issued', 'ru');
    expect(toMaker.subject).toBe(`Возврат по заказу ${so.number}`);
    expectFacts(toMaker, [`Покупателю оформлен возврат 12 500 ₸ по заказу ${so.number}.`, 'Причина: Өрнегі сызылған']);

    expect(await recipients(order.id, 'refund_issued')).toEqual(onBothChannels(b, first.maker).sort());
    await expectOnly([
      [b, ['order_placed', 'order_paid_receipt', 'refund_issued']],
      [first.maker, ['new_sale', 'refund_issued']],
      [second.maker, ['new_sale']],
    ]);
  });
});
