import { LOCALES } from '../common/locale';
import { Money } from '../common/money';
import { escapeHtml, NotificationData, NotificationDataOf, NotificationKind, pickLocale, pickLocaleFrom, render, renderNotification } from './templates';

const kzt = (amount: number): Money => ({ amount, currency: 'KZT' });
// Intl puts no-break spaces (U+00A0, U+202F) in money and times; compare with plain ones.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

const AT = new Date('2025-03-14T09:30:00Z'); // 14:30 in Almaty (UTC+5)
const lines = [
  { title: 'Кесе «Шымкент»', quantity: 2, total: kzt(1250000) },
  { title: { kk: 'Киіз үй сувенирі', ru: 'Сувенирная юрта', en: 'Souvenir yurt' }, quantity: 1, total: kzt(450050) },
];
const address = {
  recipientName: 'Айгерим Төлегенова',
  street: 'Тәуке хан даңғылы, 12',
  apartment: '45',
  city: 'Шымкент',
  postalCode: '160000',
  country: 'KZ',
  phone: '+77012345678',
};
const hub = { name: 'Шебер үйі', address: 'Байтұрсынұлы көшесі, 7', city: 'Шымкент', openingHours: 'Дс–Жм 10:00–19:00', phone: '+77252000000' };

/** Sample data for every kind, in each of its variants; the compiler checks that no kind is missing. */
const SAMPLES: { [K in NotificationKind]: Array<NotificationDataOf<K>> } = {
  order_placed: [
    { kind: 'order_placed', orderNumber: 'SH-001042', total: kzt(1700050), lines, provider: 'stripe', expiresAt: AT },
    { kind: 'order_placed', orderNumber: 'SH-001042', total: kzt(1700050), lines, provider: 'manual', expiresAt: AT },
  ],
  order_paid_receipt: [{ kind: 'order_paid_receipt', orderNumber: 'SH-001042', total: kzt(1800050), lines, shipping: kzt(100000) }],
  new_sale: [
    {
      kind: 'new_sale',
      orderNumber: 'SH-001042-1',
      lines,
      subtotal: kzt(1700050),
      shipping: kzt(100000),
      shipBy: AT,
      delivery: { type: 'shipping', address },
    },
    {
      kind: 'new_sale',
      orderNumber: 'SH-001042-2',
      lines: lines.slice(0, 1),
      subtotal: kzt(1250000),
      shipping: kzt(0),
      shipBy: AT.toISOString(),
      delivery: { type: 'pickup', hubName: hub.name },
    },
  ],
  payment_failed: [
    { kind: 'payment_failed', orderNumber: 'SH-001042', message: 'Your card was declined.', expiresAt: AT },
    { kind: 'payment_failed', orderNumber: 'SH-001042', message: null, expiresAt: AT },
  ],
  order_expired: [
    { kind: 'order_expired', role: 'buyer', orderNumber: 'SH-001042' },
    { kind: 'order_expired', role: 'maker', orderNumber: 'SH-001042-1' },
  ],
  order_cancelled: [
    { kind: 'order_cancelled', role: 'buyer', orderNumber: 'SH-001042', reason: 'Changed my mind' },
    { kind: 'order_cancelled', role: 'maker', orderNumber: 'SH-001042-1', reason: null },
  ],
  seller_order_cancelled: (['buyer', 'maker'] as const).flatMap((role) =>
    (['buyer_cancelled', 'ship_deadline_missed', 'fully_refunded'] as const).map((cause) => ({
      kind: 'seller_order_cancelled' as const,
      role,
      orderNumber: 'SH-001042-1',
      reason: cause === 'buyer_cancelled' ? null : 'not shipped by the deadline',
      cause,
    })),
  ),
  shipped: (['kazpost', 'cdek', 'courier', 'other'] as const).map((carrier) => ({
    kind: 'shipped' as const,
    orderNumber: 'SH-001042',
    shopName: 'Ою-өрнек',
    carrier,
    trackingNumber: 'RR123456789KZ',
  })),
  ready_for_pickup: [
    { kind: 'ready_for_pickup', orderNumber: 'SH-001042', shopName: 'Ою-өрнек', hub },
    { kind: 'ready_for_pickup', orderNumber: 'SH-001042', shopName: 'Ою-өрнек', hub: { ...hub, openingHours: null, phone: null } },
  ],
  delivered: [{ kind: 'delivered', orderNumber: 'SH-001042-1' }],
  refund_issued: [
    { kind: 'refund_issued', role: 'buyer', orderNumber: 'SH-001042', amount: kzt(450050), reason: 'Бұйым жолда сынып қалды' },
    { kind: 'refund_issued', role: 'maker', orderNumber: 'SH-001042-1', amount: kzt(450050), reason: 'Бұйым жолда сынып қалды' },
  ],
  listing_approved: [{ kind: 'listing_approved', listingTitle: { ru: 'Войлочный ковёр', kk: 'Текемет' } }],
  listing_rejected: [
    { kind: 'listing_rejected', listingTitle: 'Текемет', reason: 'Фотосуреттер анық емес' },
    { kind: 'listing_rejected', listingTitle: 'Текемет', reason: 'Фотосуреттер анық емес', revision: true },
  ],
  listing_hidden: [{ kind: 'listing_hidden', listingTitle: { kk: 'Текемет', ru: 'Текемет (войлок)' }, openFlags: 3 }],
  listing_removed: [{ kind: 'listing_removed', listingTitle: 'Текемет', reason: 'Жалған бренд белгісі' }],
  shop_suspended: [{ kind: 'shop_suspended', shopName: 'Алтын қол', reason: 'Жалған тауарлар' }],
  shop_reinstated: [{ kind: 'shop_reinstated', shopName: 'Алтын қол', note: 'Құжаттар тексерілді' }],
  flag_created: [
    { kind: 'flag_created', listingTitle: 'Текемет', shopName: 'Алтын қол', reason: 'counterfeit', details: 'Логотип көшірілген', openFlags: 1 },
    { kind: 'flag_created', listingTitle: 'Текемет', shopName: 'Алтын қол', reason: 'other', details: null, openFlags: 2 },
  ],
  membership_requested: [{ kind: 'membership_requested', makerName: 'Айгерим Төлегенова', associationName: 'Шымкент шеберлері' }],
  membership_decided: [
    { kind: 'membership_decided', associationName: 'Шымкент шеберлері', decision: 'approved', reason: null },
    { kind: 'membership_decided', associationName: 'Шымкент шеберлері', decision: 'rejected', reason: 'Портфолио толық емес' },
  ],
  payout_sent: [
    { kind: 'payout_sent', to: 'maker', amount: { amount: 2_248_764, currency: 'KZT' }, sellerOrders: ['SH-001042-1', 'SH-001043-2'], provider: 'stripe' },
    { kind: 'payout_sent', to: 'association', amount: { amount: 246_913, currency: 'KZT' }, sellerOrders: ['SH-001042-1'], provider: 'manual' },
  ],
  monthly_report: [
    {
      kind: 'monthly_report',
      associationName: 'Шымкент шеберлері',
      from: '2026-10-01',
      to: '2026-10-31',
      sellerOrders: 42,
      gross: { amount: 125_000_000, currency: 'KZT' },
      commission: { amount: 12_500_000, currency: 'KZT' },
      attachment: { fileName: 'commission-2026-10.csv', path: '/tmp/x.csv' },
    },
    {
      kind: 'monthly_report',
      associationName: 'Шымкент шеберлері',
      from: '2026-10-01',
      to: '2026-10-31',
      sellerOrders: 0,
      gross: { amount: 0, currency: 'KZT' },
      commission: { amount: 0, currency: 'KZT' },
      attachment: null,
    },
  ],
};

const ALL: NotificationData[] = Object.values(SAMPLES).flat();
const cases = ALL.flatMap((data, i) => LOCALES.map((locale) => [data.kind, locale, i, data] as const));

describe('render', () => {
  it.each(cases)('%s in %s (sample %d) has a subject, a text and an HTML part, with nothing missing', (_kind, locale, _i, data) => {
    const out = renderNotification(locale, data);
    expect(out.locale).toBe(locale);
    for (const part of [out.subject, out.text, out.html]) {
      expect(part.trim()).not.toBe('');
      expect(part).not.toMatch(/undefined|null|NaN|\[object Object\]|Invalid Date/);
    }
    expect(out.subject).not.toContain('\n');
    expect(out.html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(out.html).toContain(`<html lang="${locale}">`);
    expect(out.html).toContain('<h1');
    expect(out.html).toContain(`<title>${escapeHtml(out.subject)}</title>`);
    expect(out.text).toMatch(/^Sheber\n/);
    if ('orderNumber' in data) {
      expect(out.subject).toContain(data.orderNumber);
      expect(out.text).toContain(data.orderNumber);
    }
  });

  it('covers every kind', () => {
    const kinds = new Set(ALL.map((d) => d.kind));
    expect(kinds.size).toBe(Object.keys(SAMPLES).length);
    expect(kinds.size).toBe(22);
  });

  it('lists the lines with quantities and money formatted for the locale', () => {
    const ru = render('order_placed', 'ru', SAMPLES.order_placed[0]);
    expect(plain(ru.text)).toContain('• Кесе «Шымкент» × 2 — 12 500 ₸');
    expect(plain(ru.text)).toContain('• Сувенирная юрта × 1 — 4 500,50 ₸');
    expect(plain(ru.text)).toContain('Итого: 17 000,50 ₸');
    expect(plain(ru.html)).toContain('>12 500 ₸</td>');

    const en = render('order_paid_receipt', 'en', SAMPLES.order_paid_receipt[0]);
    expect(en.text).toContain('• Souvenir yurt × 1 — ₸4,500.50');
    expect(en.text).toContain('Shipping: ₸1,000');
    expect(en.text).toContain('Total paid: ₸18,000.50');

    const kk = render('order_placed', 'kk', SAMPLES.order_placed[0]);
    expect(plain(kk.text)).toContain('• Киіз үй сувенирі × 1 — 4 500,50 ₸');
  });

  it('formats dates in Almaty time for the locale', () => {
    const manual = SAMPLES.order_placed[1];
    expect(plain(render('order_placed', 'ru', manual).text)).toContain('до 14 марта 2025 г. в 14:30');
    expect(plain(render('order_placed', 'en', manual).text)).toContain('until March 14, 2025 at 2:30 PM');
    expect(plain(render('order_placed', 'kk', manual).text)).toContain('Төлеу мерзімі: 2025 ж. 14 наурыз, 14:30.');
    // an ISO string from a JSON payload is the same moment
    expect(render('new_sale', 'ru', SAMPLES.new_sale[1]).text).toContain('14 марта 2025 г.');
  });

  it('tells a manual-payment buyer how to pay and until when', () => {
    const [stripe, manual] = SAMPLES.order_placed;
    expect(render('order_placed', 'ru', manual).text).toMatch(/банковским переводом или наличными в пункте выдачи/);
    expect(render('order_placed', 'en', manual).text).toMatch(/bank transfer or in cash at the pickup point/);
    expect(render('order_placed', 'kk', manual).text).toMatch(/банктік аударым арқылы немесе беру пунктінде қолма-қол/);
    expect(render('order_placed', 'ru', stripe).text).not.toMatch(/переводом/);
  });

  it('shows the shipping address (country named in the locale) or the pickup hub to the maker', () => {
    const [shipping, pickup] = SAMPLES.new_sale;
    expect(render('new_sale', 'kk', shipping).text).toContain(
      'Жеткізу мекенжайы: Айгерим Төлегенова, Тәуке хан даңғылы, 12, пәтер 45, Шымкент, 160000, Қазақстан, +77012345678',
    );
    expect(render('new_sale', 'ru', shipping).text).toContain('Тәуке хан даңғылы, 12, кв. 45, Шымкент, 160000, Казахстан');
    expect(render('new_sale', 'en', pickup).text).toContain('at the pickup point “Шебер үйі”');
    expect(render('new_sale', 'en', pickup).text).toContain('bring the order to the pickup point by');
  });

  it('names the carrier in the locale', () => {
    const kazpost = SAMPLES.shipped[0];
    expect(render('shipped', 'kk', kazpost).text).toContain('Жеткізу қызметі: Қазпошта');
    expect(render('shipped', 'ru', kazpost).text).toContain('Служба доставки: Казпочта');
    expect(render('shipped', 'en', kazpost).text).toContain('Carrier: Kazpost');
    expect(render('shipped', 'ru', SAMPLES.shipped[1]).text).toContain('СДЭК');
    expect(render('shipped', 'en', SAMPLES.shipped[1]).text).toContain('CDEK');
    expect(render('shipped', 'ru', kazpost).text).toContain('Трек-номер: RR123456789KZ');
  });

  it("gives the hub's address, and its hours and phone only when known", () => {
    const [full, bare] = SAMPLES.ready_for_pickup;
    const ru = render('ready_for_pickup', 'ru', full).text;
    expect(ru).toContain('Адрес: Байтұрсынұлы көшесі, 7, Шымкент');
    expect(ru).toContain('Часы работы: Дс–Жм 10:00–19:00');
    expect(ru).toContain('Телефон: +77252000000');
    const partial = render('ready_for_pickup', 'ru', bare);
    expect(partial.text).not.toContain('Часы работы');
    expect(partial.html).not.toContain('Часы работы');
  });

  it('tells the buyer that a maker missed the ship-by date and that the money is refunded', () => {
    const missed = SAMPLES.seller_order_cancelled.find((d) => d.role === 'buyer' && d.cause === 'ship_deadline_missed')!;
    expect(render('seller_order_cancelled', 'ru', missed).text).toMatch(/не отправил заказ SH-001042-1 в срок.*возвращена вам полностью/s);
    expect(render('seller_order_cancelled', 'en', missed).text).toMatch(/did not ship order SH-001042-1 in time.*refunded to you in full/s);
    expect(render('seller_order_cancelled', 'kk', missed).text).toMatch(/мерзімде жібермеді.*толығымен қайтарылады/s);
  });

  it('says each seller-order cancellation cause differently', () => {
    for (const role of ['buyer', 'maker'] as const) {
      const texts = SAMPLES.seller_order_cancelled.filter((d) => d.role === role).map((d) => render('seller_order_cancelled', 'ru', d).text);
      expect(new Set(texts).size).toBe(3);
    }
  });

  it('picks a listing title in the reader\'s language, falling back like pickText', () => {
    const approved = SAMPLES.listing_approved[0]; // ru and kk only
    expect(render('listing_approved', 'kk', approved).subject).toBe('«Текемет» хабарландыруы мақұлданды');
    expect(render('listing_approved', 'ru', approved).subject).toBe('Объявление «Войлочный ковёр» одобрено');
    expect(render('listing_approved', 'en', approved).subject).toBe('Your listing “Войлочный ковёр” is approved');
  });

  it('HTML-escapes every user-provided value, and leaves the plain text as it is', () => {
    const evil = '<script>alert("x")</script> & <b>';
    const samples: NotificationData[] = [
      { ...SAMPLES.order_placed[0], lines: [{ title: evil, quantity: 1, total: kzt(100) }] },
      { ...SAMPLES.new_sale[0], delivery: { type: 'shipping', address: { ...address, street: evil, recipientName: evil } } },
      { ...SAMPLES.new_sale[1], delivery: { type: 'pickup', hubName: evil } },
      { ...SAMPLES.payment_failed[0], message: evil },
      { ...SAMPLES.order_cancelled[0], reason: evil },
      { ...SAMPLES.seller_order_cancelled[1], reason: evil },
      { ...SAMPLES.shipped[0], shopName: evil, trackingNumber: evil },
      { ...SAMPLES.ready_for_pickup[0], shopName: evil, hub: { name: evil, address: evil, city: evil, openingHours: evil, phone: evil } },
      { ...SAMPLES.refund_issued[0], reason: evil },
      { kind: 'listing_approved', listingTitle: evil },
      { kind: 'listing_rejected', listingTitle: { en: evil }, reason: evil },
      { kind: 'membership_requested', makerName: evil, associationName: evil },
      { kind: 'listing_removed', listingTitle: evil, reason: evil },
      { kind: 'shop_suspended', shopName: evil, reason: evil },
      { kind: 'flag_created', listingTitle: evil, shopName: evil, reason: 'other', details: evil, openFlags: 1 },
      { kind: 'membership_decided', associationName: evil, decision: 'rejected', reason: evil },
    ];
    for (const data of samples)
      for (const locale of LOCALES) {
        const out = renderNotification(locale, data);
        expect(out.html).not.toContain('<script');
        expect(out.html).not.toContain('<b>');
        expect(out.html).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; &#60;b&#62;');
        expect(out.text).toContain(evil);
      }
  });

  it('writes Kazakh subjects with Kazakh letters, and Russian ones without', () => {
    const kazakh = /[әғқңөұүһі]/i;
    const kinds = ['order_placed', 'order_paid_receipt', 'shipped', 'delivered', 'refund_issued'] as const;
    for (const kind of kinds) {
      const data = SAMPLES[kind][0] as NotificationData;
      expect(renderNotification('kk', data).subject).toMatch(kazakh);
      expect(renderNotification('ru', data).subject).not.toMatch(kazakh);
    }
    expect(render('order_placed', 'kk', SAMPLES.order_placed[0]).subject).toBe('SH-001042 тапсырысы рәсімделді');
    expect(render('order_paid_receipt', 'kk', SAMPLES.order_paid_receipt[0]).subject).toBe('SH-001042 тапсырысының төлемі қабылданды');
  });

  it('accepts data with or without its kind, but not another kind', () => {
    const { kind: _kind, ...rest } = SAMPLES.delivered[0];
    expect(render('delivered', 'en', rest).subject).toBe('Order SH-001042-1 delivered');
    expect(() => render('delivered', 'en', { ...rest, kind: 'shipped' } as never)).toThrow(/delivered/);
  });

  it('refuses an invalid date rather than printing one', () => {
    expect(() => render('payment_failed', 'ru', { ...SAMPLES.payment_failed[0], expiresAt: 'not a date' })).toThrow(RangeError);
  });
});

describe('pickLocale', () => {
  it("uses the recipient's language when there are templates in it", () => {
    expect(pickLocale('kk')).toBe('kk');
    expect(pickLocale('ru')).toBe('ru');
    expect(pickLocale('en')).toBe('en');
    expect(pickLocale('kk-KZ')).toBe('kk');
    expect(pickLocale(' EN_gb ')).toBe('en');
  });

  it('falls back to Russian for a missing or unknown language', () => {
    expect(pickLocale(null)).toBe('ru');
    expect(pickLocale(undefined)).toBe('ru');
    expect(pickLocale('')).toBe('ru');
    expect(pickLocale('de')).toBe('ru');
    expect(pickLocale('kazakh')).toBe('ru');
    const out = render('delivered', 'uz', SAMPLES.delivered[0]);
    expect(out.locale).toBe('ru');
    expect(out.subject).toBe('Заказ SH-001042-1 доставлен');
  });

  it('falls back to English when there are no Russian templates', () => {
    expect(pickLocaleFrom('kk', { kk: 1, en: 1 })).toBe('kk');
    expect(pickLocaleFrom('kk', { ru: 1, en: 1 })).toBe('ru');
    expect(pickLocaleFrom('kk', { en: 1 })).toBe('en');
    expect(pickLocaleFrom('de', { kk: 1, en: 1 })).toBe('en');
    expect(pickLocaleFrom(null, { kk: 1, en: 1 })).toBe('en');
    expect(() => pickLocaleFrom('de', { kk: 1 })).toThrow();
  });
});
