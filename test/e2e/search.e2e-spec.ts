import { TestApp, startApp } from '../support/app';
import {
  Actor,
  addPhoto,
  associationWithAdmin,
  categoryId,
  createAdmin,
  createListing,
  joinAssociation,
  listingBody,
  makerWithShop,
  platformModerator,
  publishedListing,
  uniqueSuffix,
} from '../support/api';

interface Card {
  id: string;
  title: Record<string, string>;
  localizedTitle: string;
  price: { amount: number; currency: string };
  inStock: boolean;
  categoryId: string;
  shop: { id: string; slug: string; region: string };
  publishedAt: string;
}

const SORTS = ['newest', 'price_asc', 'price_desc', 'relevance'] as const;

/**
 * The catalogue's search, filters, sorts and pages, over a set of listings of its own.
 * Other test files publish listings into the same database at the same time, so every
 * query here is narrowed by this run's token (a word in every description here) or by
 * one of this file's shops.
 */
describe('catalogue search', () => {
  let t: TestApp;
  let moderator: Actor;
  // A word only this run's listings carry (in their English description), and one for relevance.
  const token = `qx${uniqueSuffix()}`.toLowerCase();
  const rel = `rz${uniqueSuffix()}`.toLowerCase();

  let shopA: { id: string; slug: string };
  let shopB: { id: string; slug: string };
  let shopC: { id: string; slug: string };
  let associationId: string;
  const ids: Record<string, string> = {};
  const hidden: Record<string, string> = {};
  const publicationOrder: string[] = [];

  const search = (query: Record<string, string | number | boolean>, language?: string) => {
    const req = t.http().get('/api/v1/listings').query(query);
    return language ? req.set('Accept-Language', language) : req;
  };
  /** Ids of one page (limit 100) of a search. */
  const found = async (query: Record<string, string | number | boolean>): Promise<string[]> => {
    const res = await search({ limit: 100, ...query });
    expect(res.status).toBe(200);
    expect(res.body.nextCursor).toBeNull();
    return res.body.items.map((c: Card) => c.id);
  };
  const sorted = (names: string[]) => names.map((n) => ids[n]).sort();
  const all = () => Object.keys(ids);

  beforeAll(async () => {
    t = await startApp();
    const admin = await createAdmin(t);
    moderator = await platformModerator(t, admin);
    const { association, assocAdmin } = await associationWithAdmin(t, admin);
    associationId = association.id;

    const a = await makerWithShop(t, { region: 'turkestan', city: 'Түркістан' });
    const b = await makerWithShop(t, { region: 'almaty', city: 'Алматы' });
    const c = await makerWithShop(t, { region: 'almaty', city: 'Алматы' });
    await joinAssociation(t, a.maker, associationId, assocAdmin);
    [shopA, shopB, shopC] = [a.shop, b.shop, c.shop];

    // Descriptions are padded with the run's token: a description needs 20 characters to be submitted.
    const desc = (ru: string, kk = 'Қолдан жасалған бұйым.') => ({ kk, ru: `${ru} — ${token}`, en: `Handmade item ${token}.` });
    const v = (amount: number, stock = 1, currency = 'KZT') => [{ sku: `S-${uniqueSuffix()}`, price: { amount, currency }, stock }];
    const cat = (slug: string) => categoryId(t, slug);

    const specs: [string, Actor, Record<string, unknown>][] = [
      [
        'redCarpet',
        a.maker,
        listingBody(
          {
            title: { kk: 'Қызыл Кілем', ru: 'Красный ковер', en: 'Red carpet' },
            description: desc('Ковер из овечьей шерсти.'),
            categoryId: await cat('syrmak'),
          },
          v(1_000_000, 2),
        ),
      ],
      [
        'patterned',
        a.maker,
        listingBody(
          {
            title: { kk: 'Ою-өрнекті кілемдер', ru: 'Узорные ковры', en: 'Patterned rugs' },
            description: desc('Текемет с узорами.'),
            categoryId: await cat('tekemet'),
          },
          v(2_500_000, 1), // sold out after publication (below)
        ),
      ],
      [
        'jug',
        b.maker,
        listingBody(
          {
            title: { kk: 'Қыш құмыра', ru: 'Глиняный кувшин', en: 'Clay jug' },
            description: desc('Обожжён в дровяной печи у подножия гор.'),
            categoryId: await cat('pottery'),
          },
          v(300_000, 4),
        ),
      ],
      [
        'dombra',
        b.maker,
        listingBody(
          {
            title: { kk: `Домбыра ${rel}`, ru: 'Домбра из тутового дерева', en: 'Mulberry dombra' },
            description: desc('Двухструнный инструмент.'),
            categoryId: await cat('dombra'),
          },
          v(5_000_000, 1),
        ),
      ],
      [
        'kobyz',
        b.maker,
        listingBody(
          {
            title: { kk: 'Қобыз', ru: 'Кобыз', en: 'Kobyz' },
            description: desc(`Смычковый инструмент, звучит как ${rel}.`),
            categoryId: await cat('kobyz'),
          },
          v(300_000, 1),
        ),
      ],
      [
        'kazakhLetters',
        b.maker,
        listingBody(
          {
            title: { kk: 'Әсем ғажайып қоңыр өзгеше ұлттық үйге һәм ішкі', ru: 'Сувенирная шкатулка' },
            description: desc('Шкатулка.'),
            categoryId: await cat('souvenirs'),
          },
          v(700_000, 1),
        ),
      ],
      [
        'magnet',
        c.maker,
        listingBody(
          { title: { ru: 'Магнит с юртой', en: 'Yurt fridge magnet' }, description: desc('Магнит на холодильник.'), categoryId: await cat('souvenirs') },
          v(1_500, 5, 'USD'),
        ),
      ],
    ];
    for (const [name, maker, body] of specs) {
      ids[name] = (await publishedListing(t, maker, moderator, body)).id;
      publicationOrder.push(ids[name]);
    }
    // A ready-made listing is submitted with something in stock; this one then sells out.
    const patterned = specs.find(([name]) => name === 'patterned')![2] as { variants: { sku: string }[] };
    await t
      .http()
      .patch(`/api/v1/listings/${ids.patterned}`)
      .set(a.maker.auth)
      .send({ variants: [{ sku: patterned.variants[0].sku, stock: 0 }] })
      .expect(200);

    // Listings that must never show: a draft, one under review, a rejected one and an archived one.
    const carpets = await cat('syrmak');
    const body = (title: string) =>
      listingBody({ title: { kk: `${title} кілем ${rel}`, ru: 'Скрытый ковер' }, description: desc('Не опубликован.'), categoryId: carpets }, v(10_000));
    hidden.draft = (await createListing(t, a.maker, body('Жоба'))).id;
    hidden.review = (await createListing(t, a.maker, body('Тексеруде'))).id;
    await addPhoto(t, a.maker, hidden.review);
    await t.http().post(`/api/v1/listings/${hidden.review}/submit`).set(a.maker.auth).expect(200);
    hidden.rejected = (await createListing(t, a.maker, body('Қабылданбаған'))).id;
    await addPhoto(t, a.maker, hidden.rejected);
    await t.http().post(`/api/v1/listings/${hidden.rejected}/submit`).set(a.maker.auth).expect(200);
    await t
      .http()
      .post(`/api/v1/moderation/listings/${hidden.rejected}/decision`)
      .set(moderator.auth)
      .send({ decision: 'reject', reason: 'Суреттер жоқ' })
      .expect(200);
    hidden.archived = (await publishedListing(t, a.maker, moderator, body('Мұрағат'))).id;
    await t.http().post(`/api/v1/listings/${hidden.archived}/archive`).set(a.maker.auth).expect(200);
  }, 120_000);
  afterAll(() => t.close());

  describe('words', () => {
    it('finds every published listing of this run by a word of the description, and nothing else', async () => {
      expect((await found({ q: token })).sort()).toEqual(sorted(all()));
    });

    it('finds Kazakh words case-insensitively and by their beginning (кілем → Кілем, кілемдер)', async () => {
      expect((await found({ q: `кілем ${token}` })).sort()).toEqual(sorted(['redCarpet', 'patterned']));
      expect((await found({ q: `КІЛЕМ ${token}` })).sort()).toEqual(sorted(['redCarpet', 'patterned']));
      expect((await found({ q: `кілемдер ${token}` })).sort()).toEqual(sorted(['patterned']));
    });

    it.each([['ӘСЕМ'], ['ғажайып'], ['Қоңыр'], ['ӨЗГЕШЕ'], ['ұлттық'], ['ҮЙГЕ'], ['Һәм'], ['ІШКІ']])(
      'finds a title by the Kazakh word %s in any case',
      async (word) => {
        expect(await found({ q: `${word} ${token}` })).toEqual([ids.kazakhLetters]);
        expect(await found({ q: `${word.toLowerCase()} ${token}` })).toEqual([ids.kazakhLetters]);
      },
    );

    it('finds Russian words case-insensitively and by their stem (ковров → ковры, УЗОРНЫЙ → Узорные)', async () => {
      expect(await found({ q: `КОВРЫ ${token}` })).toEqual([ids.patterned]);
      // Different endings of one word: Russian stemming, not a prefix match.
      expect(await found({ q: `ковров ${token}` })).toEqual([ids.patterned]);
      expect(await found({ q: `узорный ${token}` })).toEqual([ids.patterned]);
      expect(await found({ q: `глиняные ${token}` })).toEqual([ids.jug]);
      expect(await found({ q: `красного ${token}` })).toEqual([ids.redCarpet]);
    });

    it('finds English words, stemmed (carpets → carpet, rug → rugs)', async () => {
      expect(await found({ q: `carpets ${token}` })).toEqual([ids.redCarpet]);
      expect(await found({ q: `RUG ${token}` })).toEqual([ids.patterned]);
      expect((await found({ q: `magnets ${token}` })).sort()).toEqual(sorted(['magnet']));
    });

    it('searches descriptions too', async () => {
      expect(await found({ q: `печи ${token}` })).toEqual([ids.jug]);
      expect(await found({ q: `шерсти ${token}` })).toEqual([ids.redCarpet]);
    });

    it('needs every word to match', async () => {
      expect(await found({ q: `кілем домбыра ${token}` })).toEqual([]);
      expect(await found({ q: `${token} nosuchwordanywhere` })).toEqual([]);
    });

    it('ranks a title match above a description-only match', async () => {
      const res = await search({ q: rel, sort: 'relevance' });
      expect(res.status).toBe(200);
      expect(res.body.items.map((c: Card) => c.id)).toEqual([ids.dombra, ids.kobyz]);
      // Relevance is also the default order of a search with words.
      const byDefault = await search({ q: rel });
      expect(byDefault.body.items.map((c: Card) => c.id)).toEqual([ids.dombra, ids.kobyz]);
    });
  });

  describe('filters', () => {
    it('by category id, and by slug of a parent category including its children', async () => {
      expect(await found({ q: token, category: await categoryId(t, 'syrmak') })).toEqual([ids.redCarpet]);
      expect(await found({ q: token, category: 'tekemet' })).toEqual([ids.patterned]);
      expect((await found({ q: token, category: 'carpets' })).sort()).toEqual(sorted(['redCarpet', 'patterned']));
      expect((await found({ q: token, category: await categoryId(t, 'musical-instruments') })).sort()).toEqual(sorted(['dombra', 'kobyz']));
      expect(await found({ q: token, category: 'leather' })).toEqual([]);
    });

    it("by the shop's region", async () => {
      expect((await found({ q: token, region: 'turkestan' })).sort()).toEqual(sorted(['redCarpet', 'patterned']));
      expect((await found({ q: token, region: 'almaty' })).sort()).toEqual(sorted(['jug', 'dombra', 'kobyz', 'kazakhLetters', 'magnet']));
      expect(await found({ q: token, region: 'mangystau' })).toEqual([]);
      await search({ region: 'atlantis' }).expect(400);
    });

    it("by the maker's association", async () => {
      expect((await found({ association: associationId })).sort()).toEqual(sorted(['redCarpet', 'patterned']));
      await search({ association: 'not-a-uuid' }).expect(400);
    });

    it('by shop id and by shop slug', async () => {
      expect((await found({ shop: shopA.id })).sort()).toEqual(sorted(['redCarpet', 'patterned']));
      expect((await found({ shop: shopA.slug })).sort()).toEqual(sorted(['redCarpet', 'patterned']));
      expect((await found({ shop: shopA.slug.toUpperCase() })).sort()).toEqual(sorted(['redCarpet', 'patterned']));
      expect((await found({ shop: shopB.slug })).sort()).toEqual(sorted(['jug', 'dombra', 'kobyz', 'kazakhLetters']));
      expect(await found({ shop: shopC.id })).toEqual([ids.magnet]);
      expect(await found({ shop: `no-such-shop-${uniqueSuffix()}` })).toEqual([]);
    });

    it('by price in minor units, bounds included', async () => {
      expect((await found({ q: token, minPrice: 1_000_000, maxPrice: 2_500_000 })).sort()).toEqual(sorted(['redCarpet', 'patterned']));
      expect(await found({ q: token, minPrice: 2_500_001 })).toEqual([ids.dombra]);
      expect((await found({ q: token, maxPrice: 300_000, currency: 'KZT' })).sort()).toEqual(sorted(['jug', 'kobyz']));
      expect(await found({ q: token, minPrice: 5_000_001 })).toEqual([]);
      await search({ minPrice: -1 }).expect(400);
      await search({ maxPrice: 12.5 }).expect(400);
    });

    it('by stock', async () => {
      expect(await found({ q: token, inStock: false })).toEqual([ids.patterned]);
      expect((await found({ q: token, inStock: true })).sort()).toEqual(sorted(all().filter((n) => n !== 'patterned')));
      await search({ inStock: 'maybe' }).expect(400);
    });

    it('by currency', async () => {
      expect(await found({ q: token, currency: 'USD' })).toEqual([ids.magnet]);
      expect((await found({ q: token, currency: 'KZT' })).sort()).toEqual(sorted(all().filter((n) => n !== 'magnet')));
      expect(await found({ q: token, currency: 'EUR' })).toEqual([]);
      await search({ currency: 'usd' }).expect(400);
      await search({ currency: 'XYZ' }).expect(400);
    });

    it('combines filters', async () => {
      expect(await found({ q: token, region: 'almaty', category: 'musical-instruments', maxPrice: 1_000_000 })).toEqual([ids.kobyz]);
    });
  });

  describe('never shows unpublished listings', () => {
    it('not by words, not by shop, not by id', async () => {
      const shown = [...(await found({ q: token })), ...(await found({ q: rel })), ...(await found({ shop: shopA.id })), ...(await found({ q: `кілем ${token}` }))];
      for (const id of Object.values(hidden)) {
        expect(shown).not.toContain(id);
        await t.http().get(`/api/v1/listings/${id}`).expect(404);
      }
      for (const sort of SORTS) expect(await walk({ shop: shopA.id, sort }, 1)).toHaveLength(2);
    });
  });

  describe('sorting', () => {
    it('newest: latest publication first', async () => {
      const items: Card[] = (await search({ q: token, sort: 'newest', limit: 100 })).body.items;
      expect(items.map((c) => c.id)).toEqual([...publicationOrder].reverse());
      const dates = items.map((c) => Date.parse(c.publishedAt));
      expect(dates).toEqual([...dates].sort((x, y) => y - x));
    });

    it('price_asc and price_desc: by the lowest variant price', async () => {
      const asc: Card[] = (await search({ q: token, currency: 'KZT', sort: 'price_asc', limit: 100 })).body.items;
      const prices = asc.map((c) => c.price.amount);
      expect(prices).toEqual([300_000, 300_000, 700_000, 1_000_000, 2_500_000, 5_000_000]);
      expect(asc.slice(2).map((c) => c.id)).toEqual([ids.kazakhLetters, ids.redCarpet, ids.patterned, ids.dombra]);

      const desc: Card[] = (await search({ q: token, currency: 'KZT', sort: 'price_desc', limit: 100 })).body.items;
      expect(desc.map((c) => c.price.amount)).toEqual([...prices].reverse());
      expect(desc.map((c) => c.id)).toEqual(asc.map((c) => c.id).reverse());
    });

    it('without words, relevance falls back to newest', async () => {
      const res = await search({ shop: shopB.id, sort: 'relevance' });
      expect(res.status).toBe(200);
      expect(res.body.items.map((c: Card) => c.id)).toEqual([ids.kazakhLetters, ids.kobyz, ids.dombra, ids.jug]);
    });

    it('refuses an unknown sort', async () => {
      await search({ sort: 'cheapest' }).expect(400);
    });
  });

  /** Every item of a search, page by page; checks that nextCursor is null exactly on the last page. */
  async function walk(query: Record<string, string | number>, limit: number): Promise<string[]> {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 50; page++) {
      const res = await search({ ...query, limit, ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(limit);
      seen.push(...res.body.items.map((c: Card) => c.id));
      cursor = res.body.nextCursor;
      if (!cursor) return seen;
      expect(res.body.items).toHaveLength(limit);
    }
    throw new Error('pagination does not end');
  }

  describe('pagination', () => {
    it.each(SORTS)('walks every page of %s with limit=2: no duplicates, no gaps, same order as one page', async (sort) => {
      const queries: Record<string, string>[] = [{ q: token, sort }, { q: rel, sort }, { shop: shopB.slug, sort }];
      for (const query of queries) {
        const single = await search({ ...query, limit: 100 });
        expect(single.body.nextCursor).toBeNull();
        const expected = single.body.items.map((c: Card) => c.id);
        const pages = await walk(query, 2);
        expect(new Set(pages).size).toBe(pages.length);
        expect(pages).toEqual(expected);
      }
      // A page of exactly the remaining items ends with a null cursor.
      const exact = await walk({ q: token, sort }, all().length);
      expect(exact).toHaveLength(all().length);
    });

    it('refuses limit above 100 and below 1', async () => {
      const res = await search({ limit: 101 });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'validation_failed' });
      expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(['limit']);
      await search({ limit: 0 }).expect(400);
      await search({ limit: 'ten' }).expect(400);
      await search({ limit: 100 }).expect(200);
    });

    it.each([
      ['garbage', 'not-a-cursor!!'],
      ['base64 of non-JSON', Buffer.from('hello').toString('base64url')],
      ['a JSON array of the wrong length', Buffer.from(JSON.stringify([1, 2, 3, 4])).toString('base64url')],
      ['a JSON array of the wrong types', Buffer.from(JSON.stringify(['yesterday', 'someone'])).toString('base64url')],
      ['an object', Buffer.from(JSON.stringify({ a: 1 })).toString('base64url')],
    ])('refuses a bad cursor (%s) with 400', async (_name, cursor) => {
      for (const sort of SORTS) {
        const res = await search({ q: token, sort, cursor });
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ statusCode: 400, error: expect.any(String), message: expect.any(String) });
      }
    });

    it("refuses a cursor of another sort order with 400, not a server error", async () => {
      const newest = await search({ q: token, sort: 'newest', limit: 1 });
      const priced = await search({ q: token, sort: 'price_asc', limit: 1 });
      const relevance = await search({ q: token, sort: 'relevance', limit: 1 });
      expect((await search({ q: token, sort: 'price_asc', cursor: newest.body.nextCursor })).status).toBe(400);
      expect((await search({ q: token, sort: 'newest', cursor: priced.body.nextCursor })).status).toBe(400);
      expect((await search({ q: token, sort: 'newest', cursor: relevance.body.nextCursor })).status).toBe(400);
    });
  });

  describe('languages', () => {
    it('Accept-Language picks localizedTitle, falling back when a language is missing', async () => {
      const titles = async (language: string) => {
        const res = await search({ shop: shopA.id, sort: 'price_asc' }, language);
        return res.body.items.map((c: Card) => c.localizedTitle);
      };
      expect(await titles('kk')).toEqual(['Қызыл Кілем', 'Ою-өрнекті кілемдер']);
      expect(await titles('ru-RU,ru;q=0.9')).toEqual(['Красный ковер', 'Узорные ковры']);
      expect(await titles('en')).toEqual(['Red carpet', 'Patterned rugs']);

      const magnet = async (language: string) => (await search({ shop: shopC.id }, language)).body.items[0].localizedTitle;
      expect(await magnet('kk')).toBe('Магнит с юртой');
      expect(await magnet('en')).toBe('Yurt fridge magnet');
      // The stored object keeps every language.
      const card: Card = (await search({ shop: shopC.id }, 'kk')).body.items[0];
      expect(card.title).toEqual({ ru: 'Магнит с юртой', en: 'Yurt fridge magnet' });

      const detail = await t.http().get(`/api/v1/listings/${ids.dombra}`).set('Accept-Language', 'en');
      expect(detail.body.localizedTitle).toBe('Mulberry dombra');
    });
  });
});
