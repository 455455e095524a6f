import { TestApp, startApp } from '../../support/app';
import {
  Actor,
  addPhoto,
  categoryId,
  createAdmin,
  createListing,
  listingBody,
  listingSnapshot,
  makerWithShop,
  platformModerator,
  publishedListing,
  register,
  uniqueSuffix,
} from '../../support/api';

const API = '/api/v1';
const KZT = (amount: number) => ({ amount, currency: 'KZT' });

interface Problem {
  check: string;
  field: string;
  message: string;
  terms?: string[];
}

/**
 * The automatic checks a listing passes on its way to review (POST /listings/:id/submit)
 * and on every edit of a live listing: all failures at once, in the maker's language,
 * and nothing changes when they fail.
 */
describe('moderation: automatic listing checks', () => {
  let t: TestApp;
  let admin: Actor;
  let moderator: Actor;
  let syrmak: string;

  beforeAll(async () => {
    t = await startApp();
    admin = await createAdmin(t);
    moderator = await platformModerator(t, admin);
    syrmak = await categoryId(t, 'syrmak');
  });
  afterAll(() => t.close());

  const body = (overrides: Record<string, unknown> = {}, variants?: unknown[]) => listingBody({ categoryId: syrmak, ...overrides }, variants);
  const sku = () => `CHK-${uniqueSuffix()}`.toUpperCase();
  const submit = (maker: Actor, id: string, language?: string) => {
    const req = t.http().post(`${API}/listings/${id}/submit`).set(maker.auth);
    return language ? req.set('Accept-Language', language) : req;
  };
  const statusOf = async (id: string): Promise<string> => (await t.db.query('SELECT status FROM listings WHERE id = $1', [id]))[0].status;

  /** A draft with a photo that passes every check unless `overrides` break one. */
  async function draft(maker: Actor, overrides: Record<string, unknown> = {}, variants?: unknown[]) {
    const listing = await createListing(t, maker, body(overrides, variants));
    await addPhoto(t, maker, listing.id);
    return listing;
  }

  /** The 422 every failed check answers with; its problems. */
  function failedChecks(res: { status: number; body: { error?: string; details?: Problem[] } }): Problem[] {
    expect({ status: res.status, error: res.body.error }).toEqual({ status: 422, error: 'listing_checks_failed' });
    return res.body.details!;
  }

  describe('on submit', () => {
    it('reports every failed check of a ready-made listing at once, and leaves it a draft, unchanged', async () => {
      const { maker } = await makerWithShop(t);
      // No photo, a 2-letter Kazakh title, short kk and ru descriptions, a price under the KZT minimum, nothing in stock.
      const listing = await createListing(
        t,
        maker,
        body({ title: { kk: 'Ою', ru: 'Войлочный сырмак' }, description: { kk: 'Әдемі сырмақ', ru: 'Красивый сырмак' } }, [
          { sku: sku(), price: KZT(5_000), stock: 0 },
        ]),
      );
      const before = await listingSnapshot(t, listing.id);

      const problems = failedChecks(await submit(maker, listing.id));
      expect(new Set(problems.map((p) => p.check))).toEqual(new Set(['title', 'description', 'images', 'price', 'stock']));
      expect(problems.map((p) => p.field).sort()).toEqual(['description.kk', 'description.ru', 'images', 'title.kk', 'variants', 'variants.0.price'].sort());
      for (const p of problems) expect(p.message).toEqual(expect.any(String));

      expect(await statusOf(listing.id)).toBe('draft');
      expect(await listingSnapshot(t, listing.id)).toEqual(before);
      const seen = await t.http().get(`${API}/listings/${listing.id}`).set(maker.auth);
      expect(seen.body).toMatchObject({ status: 'draft' });
      // Not in anybody's review queue.
      const queue = await t.http().get(`${API}/moderation/queue`).query({ limit: 100 }).set(moderator.auth);
      expect(queue.body.items.map((i: { listing: { id: string } }) => i.listing.id)).not.toContain(listing.id);
    });

    it('reports a made-to-order listing with a lead time over the limit, a price over the maximum and a banned term, but not its empty stock', async () => {
      const { maker } = await makerWithShop(t);
      const listing = await createListing(
        t,
        maker,
        body({ madeToOrder: true, leadTimeDays: 300, materials: ['қой жүні', 'гашиш'] }, [{ sku: sku(), price: KZT(6_000_000_000), stock: 0 }]),
      );
      const before = await listingSnapshot(t, listing.id);

      const problems = failedChecks(await submit(maker, listing.id));
      expect(new Set(problems.map((p) => p.check))).toEqual(new Set(['images', 'price', 'lead_time', 'banned_terms']));
      expect(problems.find((p) => p.check === 'banned_terms')).toMatchObject({ field: 'materials.1', terms: ['гашиш'] });
      expect(await listingSnapshot(t, listing.id)).toEqual(before);

      // Fixed, the same listing goes to review.
      await addPhoto(t, maker, listing.id);
      const fixed = await t
        .http()
        .patch(`${API}/listings/${listing.id}`)
        .set(maker.auth)
        .send({ leadTimeDays: 30, materials: ['қой жүні'], variants: [{ sku: before.variants[0].sku, price: KZT(6_000_000) }] });
      expect(fixed.status).toBe(200);
      const ok = await submit(maker, listing.id);
      expect(ok.status).toBe(200);
      expect(ok.body.status).toBe('pending_review');
    });
  });

  describe('messages in the maker’s language', () => {
    it('answers the same failure in Kazakh, Russian or English as Accept-Language asks', async () => {
      const { maker } = await makerWithShop(t);
      const listing = await createListing(t, maker, body()); // only the photo is missing

      const messages: Record<string, string> = {};
      for (const language of ['kk', 'ru', 'en']) {
        const res = await submit(maker, listing.id, language);
        const problems = failedChecks(res);
        expect(problems).toEqual([{ check: 'images', field: 'images', message: expect.any(String) }]);
        messages[language] = problems[0].message;
        expect(res.body.message).toContain(problems[0].message);
      }
      expect(messages.kk).toMatch(/сурет/);
      expect(messages.ru).toMatch(/фотографи/);
      expect(messages.en).toMatch(/photo/);
      expect(new Set(Object.values(messages)).size).toBe(3);
      // A regional tag and a ranked list pick the supported language.
      expect(failedChecks(await submit(maker, listing.id, 'kk-KZ,ru;q=0.8'))[0].message).toBe(messages.kk);
      expect(failedChecks(await submit(maker, listing.id, 'de-DE,en;q=0.5'))[0].message).toBe(messages.en);
      expect(await statusOf(listing.id)).toBe('draft');
    });

    it("answers in the user's own language without the header: Kazakh for a user registered in kk, Russian by default", async () => {
      const kkMaker = await register(t, ['maker'], { locale: 'kk' });
      await t.http().put(`${API}/me/shop`).set(kkMaker.auth).send({ name: `Шеберхана ${uniqueSuffix()}`, region: 'turkestan', city: 'Түркістан' }).expect(201);
      const { maker: ruMaker } = await makerWithShop(t);

      const kkListing = await createListing(t, kkMaker, body());
      const ruListing = await createListing(t, ruMaker, body());
      const kk = failedChecks(await submit(kkMaker, kkListing.id));
      const ru = failedChecks(await submit(ruMaker, ruListing.id));
      expect(kk[0].message).toBe(failedChecks(await submit(kkMaker, kkListing.id, 'kk'))[0].message);
      expect(kk[0].message).toMatch(/сурет/);
      expect(ru[0].message).toBe(failedChecks(await submit(ruMaker, ruListing.id, 'ru'))[0].message);
      expect(ru[0].message).not.toBe(kk[0].message);
      // The header still wins over the user's own language.
      expect(failedChecks(await submit(kkMaker, kkListing.id, 'en'))[0].message).toMatch(/photo/);
    });
  });

  describe('banned terms', () => {
    it.each([
      ['a Kazakh term in capitals in the Kazakh title', { title: { kk: 'ЕСІРТКІ сатамын', ru: 'Войлочный сырмак' } }, 'title.kk', ['есірткі']],
      [
        'a Russian term with a capital in the Russian description',
        { description: { kk: 'Түркістан шеберлерінің қой жүнінен жасалған сырмағы.', ru: 'Кокаин и сырмак из овечьей шерсти от мастеров.' } },
        'description.ru',
        ['кокаин'],
      ],
      ['a Latin transliteration in the materials', { materials: ['қой жүні', 'kokain'] }, 'materials.1', ['кокаин']],
      // "кoкаин" with a Latin "o": what a maker would type to slip past a plain word match.
      ['a Cyrillic word hiding a Latin look-alike letter in the materials', { materials: ['к\u006fкаин'] }, 'materials.0', ['кокаин']],
      [
        'a Kazakh phrase with an ending in the English description',
        { description: { kk: 'Түркістан шеберлерінің қой жүнінен жасалған сырмағы.', ru: 'Сырмак из овечьей шерсти от мастеров.', en: 'Inlaid with піл сүйегі' } },
        'description.en',
        ['піл сүйег'],
      ],
      [
        'terms in several places, each named once',
        { title: { kk: 'Қолдан тоқылған сырмақ', ru: 'Контрафактный сырмак' }, materials: ['kokain', 'КОКАИН', 'контрафакт'] },
        'title.ru',
        ['контрафакт', 'кокаин'],
      ],
    ])('refuses %s (422 banned_terms with the terms)', async (_, overrides, field, terms) => {
      const { maker } = await makerWithShop(t);
      const listing = await draft(maker, overrides);
      const before = await listingSnapshot(t, listing.id);
      const problems = failedChecks(await submit(maker, listing.id, 'ru'));
      expect(problems).toEqual([{ check: 'banned_terms', field, terms, message: expect.any(String) }]);
      for (const term of terms) expect(problems[0].message).toContain(`«${term}»`);
      expect(await listingSnapshot(t, listing.id)).toEqual(before);
    });

    it('lets through an innocent listing with words close to banned ones', async () => {
      const { maker } = await makerWithShop(t);
      const listing = await draft(maker, {
        title: { kk: 'Піл бейнелі кілем', ru: 'Кукла «Героиня эпоса» цвета слоновой кости', en: 'Ivory-coloured doll' },
        description: {
          kk: 'Бұл жалған емес, нағыз қолөнер: піл мен барс бейнесі бар кілем.',
          ru: 'Героиня эпоса в платье цвета слоновой кости; реплика музейного саукеле, авторская работа.',
          en: 'Begun in spring; ivory yarn, a brand new design.',
        },
        materials: ['ivory yarn', 'жүн', 'табиғи бояу'],
      });
      const res = await submit(maker, listing.id);
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('pending_review');
    });
  });

  describe('edits of a published listing', () => {
    async function live() {
      const { maker } = await makerWithShop(t);
      const variantSku = sku();
      const listing = await publishedListing(t, maker, moderator, body({}, [{ sku: variantSku, price: KZT(4_500_000), stock: 3 }]));
      return { maker, listing, variantSku };
    }
    const patch = (maker: Actor, id: string, edit: Record<string, unknown>) => t.http().patch(`${API}/listings/${id}`).set(maker.auth).send(edit);
    const publicView = async (id: string) => {
      const res = await t.http().get(`${API}/listings/${id}`);
      expect(res.status).toBe(200);
      return res.body;
    };

    it('refuses an edit that adds a banned term; the live listing and its pending revision stay as they were', async () => {
      const { maker, listing } = await live();
      // An acceptable edit waits for review first.
      const waiting = await patch(maker, listing.id, { title: { kk: 'Жаңа сырмақ', ru: 'Новый сырмак' } });
      expect(waiting.status).toBe(200);
      expect(waiting.body.pendingRevision).toMatchObject({ title: { kk: 'Жаңа сырмақ', ru: 'Новый сырмак' } });
      const before = await listingSnapshot(t, listing.id);
      const liveBefore = await publicView(listing.id);

      for (const edit of [
        { description: { kk: 'Есірткіні жасыратын сырмақ, қой жүнінен жасалған.', ru: 'Сырмак из овечьей шерсти от мастеров Туркестана.' } },
        { title: { kk: 'Жаңа сырмақ', ru: 'Контрафактный сырмак' } },
        { materials: ['Cocaine'] },
      ]) {
        const problems = failedChecks(await patch(maker, listing.id, edit));
        expect(problems).toEqual([expect.objectContaining({ check: 'banned_terms', terms: [expect.any(String)] })]);
      }

      expect(await listingSnapshot(t, listing.id)).toEqual(before);
      expect(await publicView(listing.id)).toEqual(liveBefore);
      const own = await t.http().get(`${API}/listings/${listing.id}`).set(maker.auth);
      expect(own.body.status).toBe('published');
      expect(own.body.pendingRevision).toMatchObject({ title: { kk: 'Жаңа сырмақ', ru: 'Новый сырмак' } });
      expect(own.body.pendingRevision.description).toBeUndefined();
    });

    it('refuses a price edit below the minimum; the price buyers see is unchanged', async () => {
      const { maker, listing, variantSku } = await live();
      const before = await listingSnapshot(t, listing.id);
      const problems = failedChecks(await patch(maker, listing.id, { variants: [{ sku: variantSku, price: KZT(500) }] }));
      expect(problems).toEqual([expect.objectContaining({ check: 'price', field: 'variants.0.price' })]);
      // Adding a new variant priced too low is refused the same way.
      const added = failedChecks(await patch(maker, listing.id, { variants: [{ sku: sku(), price: KZT(1), stock: 2 }] }));
      expect(added.map((p) => p.check)).toEqual(['price']);

      expect(await listingSnapshot(t, listing.id)).toEqual(before);
      const seen = await publicView(listing.id);
      expect(seen.variants).toEqual([expect.objectContaining({ sku: variantSku, price: KZT(4_500_000) })]);
      expect(seen.price).toEqual(KZT(4_500_000));

      // A sold-out listing is allowed (stock is not an edit check), and a valid price applies at once.
      const ok = await patch(maker, listing.id, { variants: [{ sku: variantSku, price: KZT(3_000_000), stock: 0 }] });
      expect(ok.status).toBe(200);
      expect((await publicView(listing.id)).price).toEqual(KZT(3_000_000));
    });
  });

  it('refuses to submit while the shop is suspended (422 shop_suspended), and accepts it again once lifted', async () => {
    const { maker, shop } = await makerWithShop(t);
    const listing = await draft(maker);
    const suspended = await t.http().post(`${API}/moderation/shops/${shop.id}/suspend`).set(moderator.auth).send({ reason: 'Жалған тауарлар' });
    expect(suspended.status).toBe(201);

    const res = await submit(maker, listing.id);
    expect(res.status).toBe(422);
    expect(res.body.error).toBe('shop_suspended');
    expect(await statusOf(listing.id)).toBe('draft');

    const lifted = await t.http().post(`${API}/moderation/shops/${shop.id}/lift-suspension`).set(admin.auth).send({ note: 'Тексерілді' });
    expect(lifted.status).toBe(200);
    const again = await submit(maker, listing.id);
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('pending_review');
  });
});
