import { INestApplicationContext } from '@nestjs/common';
import { startApp, startWorker, TestApp } from '../../support/app';
import {
  Actor,
  categoryId,
  createAdmin,
  createAssociation,
  grantScopedRoles,
  joinAssociation,
  listingBody,
  publishedListing,
  register,
  uniqueSuffix,
} from '../../support/api';
import { eventually } from '../../support/eventually';
import { isolatedEnv } from '../../support/isolated';

const API = '/api/v1';

type Locale = 'kk' | 'ru' | 'en';

interface Note {
  id: string;
  kind: string;
  locale: string;
  subject: string;
  text: string;
}

// Flags and what follows them, told to the people concerned by a real worker: a new flag
// to the moderators in scope (never the maker, never the reporter), and to the maker a
// listing hidden by flags, removed, a shop suspended and reinstated, and a rejected edit.
describe('notifications of flags and of moderation after publication', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let admin: Actor;
  let syrmak: string;
  // Association A: a Kazakh-reading moderator and a Russian-reading admin; B: its own moderator and admin.
  let associationA: string;
  let modA: Actor;
  let adminA: Actor;
  let modB: Actor;
  let adminB: Actor;
  let platformMod: Actor;

  beforeAll(async () => {
    t = await startApp({ ...(await isolatedEnv('flag_events')), OUTBOX_POLL_MS: '50' });
    worker = await startWorker();
    admin = await createAdmin(t);
    syrmak = await categoryId(t, 'syrmak');
    associationA = (await createAssociation(t, admin)).id;
    const associationB = (await createAssociation(t, admin)).id;
    [modA, adminA, modB, adminB, platformMod] = await Promise.all(
      (['kk', 'ru', 'ru', 'en', 'en'] as const).map((locale) => register(t, ['buyer'], { locale })),
    );
    await grantScopedRoles(t, admin, modA, ['moderator'], associationA);
    await grantScopedRoles(t, admin, adminA, ['association_admin'], associationA);
    await grantScopedRoles(t, admin, modB, ['moderator'], associationB);
    await grantScopedRoles(t, admin, adminB, ['association_admin'], associationB);
    await grantScopedRoles(t, admin, platformMod, ['moderator']);
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
  });

  const inbox = async (who: Actor): Promise<Note[]> => {
    const res = await t.http().get(`${API}/me/notifications`).query({ limit: 100 }).set(who.auth);
    if (res.status !== 200) throw new Error(`inbox: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.items;
  };
  /** `who`'s notifications of `kind`, about the listing or shop named by `token` when given. */
  const notes = async (who: Actor, kind: string, token?: string) =>
    (await inbox(who)).filter((n) => n.kind === kind && (token === undefined || n.subject.includes(token) || n.text.includes(token)));
  /** Waits until `who` has `count` notifications of `kind` (about `token`), and answers them. */
  const waitFor = (who: Actor, kind: string, token?: string, count = 1) =>
    eventually(`${count} ${kind} for ${who.email}`, async () => {
      const found = await notes(who, kind, token);
      return found.length >= count ? found : null;
    });
  /** Long enough for the worker to have relayed and delivered anything else that was coming. */
  const settle = () => new Promise((r) => setTimeout(r, 800));

  const flag = (reporter: Actor, listingId: string, body: Record<string, unknown> = { reason: 'counterfeit' }) =>
    t.http().post(`${API}/listings/${listingId}/flags`).set(reporter.auth).send(body);
  const resolve = (moderator: Actor, flagId: string, body: Record<string, unknown>) =>
    t.http().post(`${API}/moderation/flags/${flagId}/resolve`).set(moderator.auth).send(body);
  const lift = (who: Actor, shopId: string, note: string) =>
    t.http().post(`${API}/moderation/shops/${shopId}/lift-suspension`).set(who.auth).send({ note });

  /**
   * A maker reading `locale`, member of association A, with a shop and a published
   * listing whose title (and shop name) carry a token of their own.
   */
  async function makerWithListing(locale: Locale, roles: string[] = ['maker']) {
    const token = uniqueSuffix();
    const maker = await register(t, roles, { locale, name: 'Айгерім Төлегенова' });
    const shopName = `Шеберхана ${token}`;
    const shop = await t
      .http()
      .put(`${API}/me/shop`)
      .set(maker.auth)
      .send({ name: shopName, region: 'turkestan', city: 'Түркістан' })
      .expect(201);
    await joinAssociation(t, maker, associationA, adminA);
    const title = { kk: `Киіз сырмақ ${token}`, ru: `Войлочный сырмак ${token}`, en: `Felt syrmak ${token}` };
    const listing = await publishedListing(t, maker, admin, listingBody({ categoryId: syrmak, title }));
    return { maker, token, title, shopId: shop.body.id as string, shopName, listingId: listing.id };
  }

  /** The moderation inboxes that must never hear of association A's flags. */
  const outsiders = () => [modB, adminB, admin];

  it("tells the association's moderator and admin and a platform moderator of a new flag, each in their language, and nobody else", async () => {
    const m = await makerWithListing('kk');
    const reporter = await register(t, ['buyer'], { locale: 'ru' });
    await flag(reporter, m.listingId, { reason: 'counterfeit', details: 'Өрнегі басылған, тоқылмаған' }).expect(201);

    const [kk] = await waitFor(modA, 'flag_created', m.token);
    expect(kk.locale).toBe('kk');
    expect(kk.subject).toBe(`«${m.title.kk}» хабарландыруына шағым`);
    expect(kk.text).toContain(`Пайдаланушы «${m.shopName}» дүкенінің «${m.title.kk}» хабарландыруына шағым түсірді.`);
    expect(kk.text).toContain('Себебі: жалған тауар');
    expect(kk.text).toContain('Толығырақ: Өрнегі басылған, тоқылмаған');
    expect(kk.text).toContain('Ашық шағымдар: 1');

    const [ru] = await waitFor(adminA, 'flag_created', m.token);
    expect(ru.locale).toBe('ru');
    expect(ru.subject).toBe(`Жалоба на объявление «${m.title.ru}»`);
    expect(ru.text).toContain(`Пользователь пожаловался на объявление «${m.title.ru}» магазина «${m.shopName}».`);
    expect(ru.text).toContain('Причина: подделка');
    expect(ru.text).toContain('Открытых жалоб: 1');

    const [en] = await waitFor(platformMod, 'flag_created', m.token);
    expect(en.locale).toBe('en');
    expect(en.subject).toBe(`Listing reported: “${m.title.en}”`);
    expect(en.text).toContain(`A user reported the listing “${m.title.en}” of the shop “${m.shopName}”.`);
    expect(en.text).toContain('Reason: counterfeit');
    expect(en.text).toContain('Details: Өрнегі басылған, тоқылмаған');
    expect(en.text).toContain('Open reports: 1');

    // A moderator who reports a listing is not told of their own flag; the others are.
    await flag(modA, m.listingId, { reason: 'misleading' }).expect(201);
    const second = await waitFor(adminA, 'flag_created', m.token, 2);
    expect(second[0].text).toContain('Причина: вводит в заблуждение');
    expect(second[0].text).toContain('Открытых жалоб: 2');
    await waitFor(platformMod, 'flag_created', m.token, 2);

    await settle();
    expect(await notes(modA, 'flag_created', m.token)).toHaveLength(1);
    expect(await notes(adminA, 'flag_created', m.token)).toHaveLength(2);
    expect(await notes(platformMod, 'flag_created', m.token)).toHaveLength(2);
    expect(await notes(m.maker, 'flag_created')).toEqual([]);
    expect(await inbox(reporter)).toEqual([]);
    for (const outsider of outsiders()) expect(await notes(outsider, 'flag_created')).toEqual([]);
  });

  it('does not tell a maker who is also a moderator of flags on their own listing', async () => {
    const m = await makerWithListing('en');
    await grantScopedRoles(t, admin, m.maker, ['moderator'], associationA);
    const reporter = await register(t, ['buyer'], { locale: 'kk' });
    await flag(reporter, m.listingId, { reason: 'offensive' }).expect(201);

    for (const moderator of [modA, adminA, platformMod]) await waitFor(moderator, 'flag_created', m.token);
    await settle();
    expect(await notes(m.maker, 'flag_created')).toEqual([]);
    for (const moderator of [modA, adminA, platformMod]) expect(await notes(moderator, 'flag_created', m.token)).toHaveLength(1);
    expect(await inbox(reporter)).toEqual([]);
  });

  it('tells the maker, in their language and once, that the third flag hid the listing', async () => {
    const m = await makerWithListing('ru');
    const reporters = await Promise.all((['kk', 'ru', 'en', 'ru'] as const).map((locale) => register(t, ['buyer'], { locale })));
    await flag(reporters[0], m.listingId).expect(201);
    await flag(reporters[1], m.listingId).expect(201);
    await waitFor(modA, 'flag_created', m.token, 2);
    await settle();
    expect(await notes(m.maker, 'listing_hidden')).toEqual([]); // two flags hide nothing

    await flag(reporters[2], m.listingId).expect(201);
    const [hidden] = await waitFor(m.maker, 'listing_hidden');
    expect(hidden.locale).toBe('ru');
    expect(hidden.subject).toBe(`Объявление «${m.title.ru}» скрыто до проверки`);
    expect(hidden.text).toContain(`На ваше объявление «${m.title.ru}» пожаловались несколько пользователей (3)`);
    // A hidden listing cannot be flagged again (it is out of the catalogue): nothing more is sent.
    expect((await flag(reporters[3], m.listingId)).status).toBe(404);

    await waitFor(modA, 'flag_created', m.token, 3);
    await settle();
    expect(await notes(m.maker, 'listing_hidden')).toHaveLength(1);
    expect(await notes(m.maker, 'flag_created')).toEqual([]);
    for (const moderator of [modA, adminA, platformMod]) expect(await notes(moderator, 'flag_created', m.token)).toHaveLength(3);
    for (const reporter of reporters) expect(await inbox(reporter)).toEqual([]);
    for (const outsider of outsiders()) expect(await notes(outsider, 'flag_created')).toEqual([]);
  });

  it("tells the maker that a moderator removed the listing, with the moderator's note, once", async () => {
    const m = await makerWithListing('en');
    const reporter = await register(t, ['buyer'], { locale: 'kk' });
    const flagged = (await flag(reporter, m.listingId, { reason: 'intellectual_property' }).expect(201)).body;
    await resolve(modA, flagged.id, { action: 'remove_listing', note: 'The pattern is copied from another maker' }).expect(200);
    expect((await resolve(adminA, flagged.id, { action: 'remove_listing', note: 'Once more' })).status).toBe(409);

    const [removed] = await waitFor(m.maker, 'listing_removed');
    expect(removed.locale).toBe('en');
    expect(removed.subject).toBe(`Your listing “${m.title.en}” was removed`);
    expect(removed.text).toContain(`A moderator removed your listing “${m.title.en}” from Sheber.`);
    expect(removed.text).toContain('Reason: The pattern is copied from another maker');
    await settle();
    expect(await notes(m.maker, 'listing_removed')).toHaveLength(1);
    expect(await notes(m.maker, 'shop_suspended')).toEqual([]);
    expect(await inbox(reporter)).toEqual([]);
  });

  it('tells the maker that their shop is suspended, with the reason, and that it is open again, once each', async () => {
    const m = await makerWithListing('kk');
    const reporter = await register(t, ['buyer'], { locale: 'en' });
    const flagged = (await flag(reporter, m.listingId).expect(201)).body;
    await resolve(modA, flagged.id, { action: 'suspend_shop', note: 'Жалған тауар расталды' }).expect(200);

    const [suspended] = await waitFor(m.maker, 'shop_suspended');
    expect(suspended.locale).toBe('kk');
    expect(suspended.subject).toBe(`«${m.shopName}» дүкенінің жұмысы тоқтатылды`);
    expect(suspended.text).toContain('Себебі: Жалған тауар расталды');
    const [removed] = await waitFor(m.maker, 'listing_removed');
    expect(removed.subject).toBe(`«${m.title.kk}» хабарландыруы жарияланымнан алынды`);
    expect(removed.text).toContain('Себебі: Жалған тауар расталды');

    await lift(adminA, m.shopId, 'Құжаттар тексерілді').expect(200);
    expect((await lift(admin, m.shopId, 'Тағы да')).status).toBe(409);
    const [reinstated] = await waitFor(m.maker, 'shop_reinstated');
    expect(reinstated.locale).toBe('kk');
    expect(reinstated.subject).toBe(`«${m.shopName}» дүкені қайта жұмыс істейді`);
    expect(reinstated.text).toContain('Түсініктеме: Құжаттар тексерілді');

    await settle();
    const kinds = (await inbox(m.maker)).map((n) => n.kind).filter((k) => k !== 'listing_approved' && k !== 'membership_decided');
    expect(kinds.sort()).toEqual(['listing_removed', 'shop_reinstated', 'shop_suspended']);
  });

  it('tells the maker of a direct suspension once; a repeated suspension is 409 and tells nothing', async () => {
    const m = await makerWithListing('ru');
    const suspend = (who: Actor, reason: string) => t.http().post(`${API}/moderation/shops/${m.shopId}/suspend`).set(who.auth).send({ reason });
    await suspend(platformMod, 'Жалобы покупателей подтвердились').expect(201);
    expect((await suspend(modA, 'Повторно')).status).toBe(409);

    const [suspended] = await waitFor(m.maker, 'shop_suspended');
    expect(suspended.locale).toBe('ru');
    expect(suspended.subject).toBe(`Магазин «${m.shopName}» приостановлен`);
    expect(suspended.text).toContain('Причина: Жалобы покупателей подтвердились');
    expect(suspended.text).not.toContain('Повторно');
    await settle();
    expect(await notes(m.maker, 'shop_suspended')).toHaveLength(1);
    expect(await notes(m.maker, 'listing_removed')).toEqual([]); // its listings are hidden with the shop, not removed
  });

  it('tells the maker, in their language, that a rejected edit leaves the live version as it was', async () => {
    const expected: Record<Locale, { subject: (title: string) => string; reason: string; stays: string; resubmit: string }> = {
      kk: {
        subject: (title) => `«${title}» хабарландыруы модерациядан өтпеді`,
        reason: 'Себебі: Атауы жарнама сияқты',
        stays: 'Сатып алушылар хабарландыруды бұрынғы күйінде көре береді.',
        resubmit: 'Хабарландыруды түзетіп, қайта тексеруге жіберіңіз.',
      },
      ru: {
        subject: (title) => `Объявление «${title}» не прошло модерацию`,
        reason: 'Причина: Атауы жарнама сияқты',
        stays: 'Покупатели по-прежнему видят объявление в прежнем виде.',
        resubmit: 'Исправьте объявление и отправьте его на проверку снова.',
      },
      en: {
        subject: (title) => `Your listing “${title}” was not approved`,
        reason: 'Reason: Атауы жарнама сияқты',
        stays: 'Buyers keep seeing the listing as it was before your edit.',
        resubmit: 'You can correct the listing and submit it again.',
      },
    };
    const makers = await Promise.all((['kk', 'ru', 'en'] as const).map(async (locale) => ({ locale, ...(await makerWithListing(locale)) })));
    for (const m of makers) {
      await t
        .http()
        .patch(`${API}/listings/${m.listingId}`)
        .set(m.maker.auth)
        .send({ title: { kk: `ЕҢ АРЗАН СЫРМАҚ ${m.token}`, ru: `САМЫЙ ДЕШЁВЫЙ СЫРМАК ${m.token}` } })
        .expect(200);
      await t
        .http()
        .post(`${API}/moderation/listings/${m.listingId}/decision`)
        .set(modA.auth)
        .send({ decision: 'reject', reason: 'Атауы жарнама сияқты' })
        .expect(200);
    }

    for (const m of makers) {
      const [rejected] = await waitFor(m.maker, 'listing_rejected');
      const words = expected[m.locale];
      expect(rejected.locale).toBe(m.locale);
      // Named by the live title, which is what buyers still see.
      expect(rejected.subject).toBe(words.subject(m.title[m.locale]));
      expect(rejected.text).toContain(words.reason);
      expect(rejected.text).toContain(words.stays);
      expect(rejected.text).not.toContain(words.resubmit);
    }
    await settle();
    for (const m of makers) expect(await notes(m.maker, 'listing_rejected')).toHaveLength(1);
  });
});
