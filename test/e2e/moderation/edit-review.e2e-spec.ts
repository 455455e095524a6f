import { TestApp, startApp } from '../../support/app';
import { Actor, allPages, categoryId, createAdmin, listingBody, makerWithShop, platformModerator, publishedListing, register, uniqueSuffix } from '../../support/api';

const API = '/api/v1';
const KZT = (amount: number) => ({ amount, currency: 'KZT' });

interface ListingBody {
  status: string;
  title: Record<string, string>;
  description: Record<string, string>;
  localizedTitle: string;
  localizedDescription: string | null;
  materials: string[];
  price: { amount: number; currency: string } | null;
  inStock: boolean;
  variants: { sku: string; price: { amount: number }; stock: number }[];
  pendingRevision?: Record<string, unknown> | null;
  moderationNote?: string | null;
}

/**
 * Review of edits to a live listing, beyond what listings.e2e covers: buyers keep seeing
 * the approved version (title and description, on the page, in the catalogue and in
 * search) until a moderator approves the edit; a rejection keeps it and tells the maker
 * why; prices and stock are not reviewed; a second edit joins the pending one; and a
 * listing hidden by flags is reviewed the same way while it stays hidden.
 */
describe('review of edits to a live listing', () => {
  let t: TestApp;
  let moderator: Actor;
  let syrmak: string;

  beforeAll(async () => {
    t = await startApp();
    moderator = await platformModerator(t, await createAdmin(t));
    syrmak = await categoryId(t, 'syrmak');
  });
  afterAll(() => t.close());

  const publicView = async (id: string, locale = 'ru') => {
    const res = await t.http().get(`${API}/listings/${id}`).set('Accept-Language', locale);
    return { status: res.status, body: res.body as ListingBody };
  };
  const ownView = async (maker: Actor, id: string) => {
    const res = await t.http().get(`${API}/listings/${id}`).set(maker.auth);
    expect(res.status).toBe(200);
    return res.body as ListingBody;
  };
  const edit = (maker: Actor, id: string, body: Record<string, unknown>) => t.http().patch(`${API}/listings/${id}`).set(maker.auth).send(body);
  const decide = (id: string, body: Record<string, unknown>) =>
    t.http().post(`${API}/moderation/listings/${id}/decision`).set(moderator.auth).send(body);
  /** What buyers find: the catalogue of a shop, or a search, as (id, localizedTitle) pairs. */
  const catalogue = async (query: Record<string, string>, locale = 'ru') => {
    const res = await t.http().get(`${API}/listings`).query({ limit: 100, ...query }).set('Accept-Language', locale);
    expect(res.status).toBe(200);
    return (res.body.items as { id: string; localizedTitle: string }[]).map((i) => [i.id, i.localizedTitle]);
  };
  /** The kinds of `listingId`'s entries in the moderator's whole queue. */
  const queueEntries = async (listingId: string): Promise<string[]> =>
    (await allPages<{ kind: string; listing: { id: string } }>(t, moderator, `${API}/moderation/queue`))
      .filter((item) => item.listing.id === listingId)
      .map((item) => item.kind);

  /** A published listing whose texts carry a word of their own, so a search finds only it. */
  async function liveListing() {
    const { maker, shop } = await makerWithShop(t);
    const word = `orig${uniqueSuffix()}`.toLowerCase();
    const body = listingBody({
      categoryId: syrmak,
      title: { kk: `Киіз сырмақ ${word}`, ru: `Войлочный сырмак ${word}`, en: `Felt syrmak ${word}` },
      description: {
        kk: `Қой жүнінен басылған сырмақ, ою-өрнегі бар ${word}.`,
        ru: `Сырмак из овечьей шерсти с орнаментом ${word}.`,
        en: `A syrmak of sheep wool with an ornament ${word}.`,
      },
    }) as ReturnType<typeof listingBody> & { title: Record<string, string>; description: Record<string, string> };
    const listing = await publishedListing(t, maker, moderator, body);
    return { maker, shop, listing, word, original: body };
  }

  /** New texts in every language, with a word of their own. */
  function newTexts() {
    const word = `edit${uniqueSuffix()}`.toLowerCase();
    return {
      word,
      title: { kk: `Жаңа киіз кілем ${word}`, ru: `Новый войлочный ковёр ${word}`, en: `New felt rug ${word}` },
      description: {
        kk: `Жаңартылған сипаттама: түйе жүні, табиғи бояу ${word}.`,
        ru: `Обновлённое описание: верблюжья шерсть, натуральные красители ${word}.`,
        en: `Updated description: camel wool, natural dyes ${word}.`,
      },
    };
  }

  it('keeps the approved title and description public, on the page, in the catalogue and in search, until the edit is approved', async () => {
    const { maker, shop, listing, word, original } = await liveListing();
    const next = newTexts();
    const res = await edit(maker, listing.id, { title: next.title, description: next.description });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'published', title: original.title, description: original.description });

    for (const locale of ['kk', 'ru', 'en'] as const) {
      const page = await publicView(listing.id, locale);
      expect(page.status).toBe(200);
      expect(page.body).toMatchObject({
        status: 'published',
        title: original.title,
        description: original.description,
        localizedTitle: original.title[locale],
        localizedDescription: original.description[locale],
      });
      expect(page.body.pendingRevision).toBeUndefined();
      expect(await catalogue({ shop: shop.id }, locale)).toEqual([[listing.id, original.title[locale]]]);
    }
    // Search reads the approved texts only: the old word finds it, the new one finds nothing.
    expect(await catalogue({ q: word })).toEqual([[listing.id, original.title.ru]]);
    expect(await catalogue({ q: next.word })).toEqual([]);
    // The maker sees both: the live version and the edit waiting.
    const own = await ownView(maker, listing.id);
    expect(own).toMatchObject({ title: original.title, description: original.description, pendingRevision: { title: next.title, description: next.description } });

    await decide(listing.id, { decision: 'approve' }).expect(200);
    const approved = await publicView(listing.id, 'kk');
    expect(approved.body).toMatchObject({
      status: 'published',
      title: next.title,
      description: next.description,
      localizedTitle: next.title.kk,
      localizedDescription: next.description.kk,
    });
    expect(await catalogue({ shop: shop.id }, 'en')).toEqual([[listing.id, next.title.en]]);
    expect(await catalogue({ q: next.word })).toEqual([[listing.id, next.title.ru]]);
    expect(await catalogue({ q: word })).toEqual([]);
    expect((await ownView(maker, listing.id)).pendingRevision).toBeNull();
  });

  it('keeps the live version when the edit is rejected, clears the edit, and tells only the maker why', async () => {
    const { maker, shop, listing, original } = await liveListing();
    const next = newTexts();
    await edit(maker, listing.id, { title: next.title, description: next.description }).expect(200);
    await decide(listing.id, { decision: 'reject', reason: 'Атауы жарнамаға ұқсайды' }).expect(200);

    const own = await ownView(maker, listing.id);
    expect(own).toMatchObject({
      status: 'published',
      title: original.title,
      description: original.description,
      pendingRevision: null,
      moderationNote: 'Атауы жарнамаға ұқсайды',
    });
    const page = await publicView(listing.id);
    expect(page.body).toMatchObject({ status: 'published', title: original.title, description: original.description });
    expect(page.body.moderationNote).toBeUndefined(); // the reason is the maker's, not the public's
    expect(await catalogue({ shop: shop.id })).toEqual([[listing.id, original.title.ru]]);
    // Nothing is left to review: not in the queue, and a second decision is 409.
    expect(await queueEntries(listing.id)).toEqual([]);
    expect((await decide(listing.id, { decision: 'approve' })).status).toBe(409);
    expect((await publicView(listing.id)).body.title).toEqual(original.title);

    // The next edit starts afresh: the rejected texts are not carried into it.
    await edit(maker, listing.id, { materials: ['түйе жүні'] }).expect(200);
    const pending = (await ownView(maker, listing.id)).pendingRevision!;
    expect(Object.keys(pending).sort()).toEqual(['materials', 'submittedAt']);
    await decide(listing.id, { decision: 'approve' }).expect(200);
    expect(await ownView(maker, listing.id)).toMatchObject({
      title: original.title,
      description: original.description,
      materials: ['түйе жүні'],
      pendingRevision: null,
      moderationNote: null,
    });
  });

  it('applies price and stock at once, without review, and leaves a pending edit as it was', async () => {
    const { maker, shop, listing, original } = await liveListing();
    const sku = (await publicView(listing.id)).body.variants[0].sku;

    // Alone, a price change never reaches the queue.
    await edit(maker, listing.id, { variants: [{ sku, price: KZT(3_800_000) }] }).expect(200);
    expect((await ownView(maker, listing.id)).pendingRevision).toBeNull();
    expect(await queueEntries(listing.id)).toEqual([]);
    expect((await publicView(listing.id)).body.price).toEqual(KZT(3_800_000));

    // With a content edit waiting, price and stock still apply at once; the edit is untouched.
    const next = newTexts();
    await edit(maker, listing.id, { title: next.title }).expect(200);
    const waiting = (await ownView(maker, listing.id)).pendingRevision;
    await edit(maker, listing.id, { variants: [{ sku, price: KZT(3_500_000), stock: 0 }] }).expect(200);

    const page = await publicView(listing.id);
    expect(page.body).toMatchObject({ status: 'published', title: original.title, price: KZT(3_500_000), inStock: false });
    expect(page.body.variants).toEqual([expect.objectContaining({ sku, price: KZT(3_500_000), stock: 0 })]);
    const card = (await t.http().get(`${API}/listings`).query({ shop: shop.id })).body.items[0];
    expect(card).toMatchObject({ id: listing.id, price: KZT(3_500_000), inStock: false, title: original.title });
    expect((await ownView(maker, listing.id)).pendingRevision).toEqual(waiting);
    expect(await queueEntries(listing.id)).toEqual(['revision']);
  });

  it('merges a second edit into the pending one: one review, the later value of a field wins, approval applies all', async () => {
    const { maker, listing, original } = await liveListing();
    const first = newTexts();
    const second = newTexts();
    await edit(maker, listing.id, { title: first.title, description: first.description }).expect(200);
    await edit(maker, listing.id, { title: second.title, materials: ['түйе жүні', 'мақта'] }).expect(200);

    const own = await ownView(maker, listing.id);
    expect(own.pendingRevision).toEqual({
      title: second.title,
      description: first.description,
      materials: ['түйе жүні', 'мақта'],
      submittedAt: expect.any(String),
    });
    expect(own).toMatchObject({ title: original.title, description: original.description, materials: original.materials });
    expect(await queueEntries(listing.id)).toEqual(['revision']);

    await decide(listing.id, { decision: 'approve' }).expect(200);
    expect((await publicView(listing.id)).body).toMatchObject({
      title: second.title,
      description: first.description,
      materials: ['түйе жүні', 'мақта'],
    });
    expect(await queueEntries(listing.id)).toEqual([]);
  });

  it('holds an edit of a listing hidden by flags for review too, and the listing stays hidden', async () => {
    const { maker, shop, listing, original } = await liveListing();
    const reporters = await Promise.all([1, 2, 3].map(() => register(t)));
    const flagIds: string[] = [];
    for (const reporter of reporters) {
      const res = await t.http().post(`${API}/listings/${listing.id}/flags`).set(reporter.auth).send({ reason: 'misleading' });
      expect(res.status).toBe(201);
      flagIds.push(res.body.id);
    }
    expect((await ownView(maker, listing.id)).status).toBe('hidden');

    const next = newTexts();
    const res = await edit(maker, listing.id, { title: next.title, description: next.description });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'hidden',
      title: original.title,
      description: original.description,
      pendingRevision: { title: next.title, description: next.description },
    });
    expect((await publicView(listing.id)).status).toBe(404);
    expect(await catalogue({ shop: shop.id })).toEqual([]);
    expect(await catalogue({ q: next.word })).toEqual([]);
    expect(await queueEntries(listing.id)).toEqual(['revision']);

    // Approving the edit does not bring the listing back: its flags are still open.
    await decide(listing.id, { decision: 'approve' }).expect(200);
    expect(await ownView(maker, listing.id)).toMatchObject({ status: 'hidden', title: next.title, description: next.description, pendingRevision: null });
    expect((await publicView(listing.id)).status).toBe(404);
    expect(await catalogue({ shop: shop.id })).toEqual([]);

    // Dismissing the flags does, with the approved edit.
    await t
      .http()
      .post(`${API}/moderation/flags/${flagIds[0]}/resolve`)
      .set(moderator.auth)
      .send({ action: 'dismiss', note: 'Шағымдар негізсіз' })
      .expect(200);
    expect((await publicView(listing.id)).body).toMatchObject({ status: 'published', title: next.title, description: next.description });
    expect(await catalogue({ shop: shop.id })).toEqual([[listing.id, next.title.ru]]);
  });
});
