import { Response } from 'supertest';
import { randomUUID } from 'node:crypto';
import { TestApp, startApp } from '../../support/app';
import {
  Actor,
  associationWithAdmin,
  categoryId,
  createAdmin,
  createListing,
  grantScopedRoles,
  joinAssociation,
  listingBody,
  listingSnapshot,
  makerWithShop,
  moderatorOf,
  platformModerator,
  publishedListing,
  testPhoto,
  uniqueSuffix,
} from '../../support/api';
import { buyer, ForSale, postOrder, shippingTo, variantForSale } from '../../support/orders';

const API = '/api/v1';
const THRESHOLD = 3; // FLAG_HIDE_THRESHOLD's default, which this suite runs with

interface ModerationFlag {
  id: string;
  listingId: string;
  reporterId: string;
  reason: string;
  status: string;
  resolution: string | null;
  resolutionNote: string | null;
  resolvedBy: string | null;
  listing: { id: string; status: string; openFlags: number; shop: { id: string; status: string }; associationId: string | null };
}

/**
 * Flags: anyone signed in reports a published listing, once while their flag is open;
 * enough distinct reporters hide it; moderators in scope resolve every open flag on a
 * listing at once.
 */
describe('moderation: flags', () => {
  let t: TestApp;
  let admin: Actor;
  let moderator: Actor;

  beforeAll(async () => {
    t = await startApp();
    admin = await createAdmin(t);
    moderator = await platformModerator(t, admin);
  });
  afterAll(() => t.close());

  const flag = (who: Actor | null, listingId: string, body: Record<string, unknown> = { reason: 'counterfeit' }) => {
    const req = t.http().post(`${API}/listings/${listingId}/flags`);
    return (who ? req.set(who.auth) : req).send(body);
  };
  const resolve = (who: Actor, flagId: string, body: Record<string, unknown>) =>
    t.http().post(`${API}/moderation/flags/${flagId}/resolve`).set(who.auth).send(body);
  const flagsOf = async (listingId: string) =>
    (await t.db.query(`SELECT * FROM flags WHERE listing_id = $1 ORDER BY created_at, id`, [listingId])) as {
      id: string;
      reporter_id: string;
      status: string;
      resolution: string | null;
    }[];
  const statusOf = async (listingId: string): Promise<string> => (await t.db.query('SELECT status FROM listings WHERE id = $1', [listingId]))[0].status;
  const publicDetail = (listingId: string) => t.http().get(`${API}/listings/${listingId}`);
  /** The public catalogue of one shop: ids of the listings it shows. */
  const catalogueOf = async (shopId: string): Promise<string[]> => {
    const res = await t.http().get(`${API}/listings`).query({ shop: shopId, limit: 100 });
    expect(res.status).toBe(200);
    return res.body.items.map((i: { id: string }) => i.id);
  };
  /** Every flag `who` sees in the moderators' list (all pages). */
  async function listed(who: Actor, query: Record<string, string> = {}): Promise<ModerationFlag[]> {
    const items: ModerationFlag[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: Response = await t
        .http()
        .get(`${API}/moderation/flags`)
        .query({ limit: 100, ...query, ...(cursor ? { cursor } : {}) })
        .set(who.auth);
      if (res.status !== 200) throw new Error(`flags: ${res.status} ${JSON.stringify(res.body)}`);
      items.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor && ++pages < 100);
    return items;
  }

  /** `count` distinct buyers flag the listing; answers their flags' ids. */
  async function flaggedBy(count: number, listingId: string): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const res = await flag(await buyer(t), listingId, { reason: 'prohibited' });
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    return ids;
  }

  describe('reporting', () => {
    it('answers 201 with the flag, open, as its reporter sees it', async () => {
      const sale = await variantForSale(t);
      const reporter = await buyer(t);
      const res = await flag(reporter, sale.listingId, { reason: 'counterfeit', details: 'Брендтің логотипі көшірілген' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        listingId: sale.listingId,
        reason: 'counterfeit',
        details: 'Брендтің логотипі көшірілген',
        status: 'open',
        resolution: null,
        resolutionNote: null,
        resolvedAt: null,
        createdAt: expect.any(String),
      });
      expect(await flagsOf(sale.listingId)).toEqual([expect.objectContaining({ id: res.body.id, reporter_id: reporter.id, status: 'open' })]);
      // One flag does not take the listing out of the catalogue.
      expect((await publicDetail(sale.listingId)).status).toBe(200);
    });

    it('refuses a bad reason, "other" without details, the own listing, a draft, an unknown listing and an anonymous caller, recording nothing', async () => {
      const sale = await variantForSale(t);
      const reporter = await buyer(t);

      const badReason = await flag(reporter, sale.listingId, { reason: 'ugly' });
      expect(badReason.status).toBe(400);
      for (const body of [{ reason: 'other' }, { reason: 'other', details: '  ' }]) {
        const res = await flag(reporter, sale.listingId, body);
        expect(res.status).toBe(400);
        expect(res.body.error).toBe('validation_failed');
      }
      const own = await flag(sale.maker, sale.listingId);
      expect(own.status).toBe(422);
      expect(own.body.error).toBe('own_listing');
      const anonymous = await flag(null, sale.listingId);
      expect(anonymous.status).toBe(401);

      const draft = await createListing(t, sale.maker, listingBody({ categoryId: await categoryId(t, 'syrmak') }));
      expect((await flag(reporter, draft.id)).status).toBe(404);
      expect((await flag(reporter, randomUUID())).status).toBe(404);
      expect(await flagsOf(sale.listingId)).toEqual([]);
      expect(await flagsOf(draft.id)).toEqual([]);

      // "other" with what the reporter saw is accepted.
      const other = await flag(reporter, sale.listingId, { reason: 'other', details: 'Суреті басқа сайттан алынған' });
      expect(other.status).toBe(201);
      expect(other.body).toMatchObject({ reason: 'other', details: 'Суреті басқа сайттан алынған' });
    });
  });

  describe('one open flag per user and listing', () => {
    it('answers a second flag with 409 already_flagged, and keeps the first', async () => {
      const sale = await variantForSale(t);
      const reporter = await buyer(t);
      const first = await flag(reporter, sale.listingId, { reason: 'counterfeit' });
      expect(first.status).toBe(201);
      const second = await flag(reporter, sale.listingId, { reason: 'offensive' });
      expect(second.status).toBe(409);
      expect(second.body.error).toBe('already_flagged');
      expect(await flagsOf(sale.listingId)).toEqual([expect.objectContaining({ id: first.body.id, status: 'open' })]);
      // Another user may flag it too.
      expect((await flag(await buyer(t), sale.listingId)).status).toBe(201);
    });

    it('lets exactly one of two simultaneous flags by one user through (201 and 409), with one row', async () => {
      for (let round = 0; round < 3; round++) {
        const sale = await variantForSale(t);
        const reporter = await buyer(t);
        const answers = await Promise.all([flag(reporter, sale.listingId), flag(reporter, sale.listingId, { reason: 'misleading' })]);
        expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
        expect(answers.find((r) => r.status === 409)!.body.error).toBe('already_flagged');
        expect(await flagsOf(sale.listingId)).toHaveLength(1);
      }
    });

    it('lets the user flag the listing again once their flag is resolved', async () => {
      const sale = await variantForSale(t);
      const reporter = await buyer(t);
      const first = await flag(reporter, sale.listingId);
      expect((await resolve(moderator, first.body.id, { action: 'dismiss', note: 'Түпнұсқа тауар' })).status).toBe(200);
      const again = await flag(reporter, sale.listingId);
      expect(again.status).toBe(201);
      expect((await flagsOf(sale.listingId)).map((f) => f.status)).toEqual(['resolved', 'open']);
    });
  });

  describe('hiding at the threshold', () => {
    async function checkout(sale: ForSale) {
      return postOrder(t, await buyer(t), { items: [{ variantId: sale.variantId, quantity: 1 }], delivery: shippingTo() });
    }

    it(`keeps a listing with ${THRESHOLD - 1} flags in the catalogue`, async () => {
      const sale = await variantForSale(t);
      await flaggedBy(THRESHOLD - 1, sale.listingId);
      expect(await statusOf(sale.listingId)).toBe('published');
      expect(await catalogueOf(sale.shop.id)).toEqual([sale.listingId]);
      expect((await publicDetail(sale.listingId)).status).toBe(200);
      expect((await checkout(sale)).status).toBe(201);
    });

    it(`hides a listing flagged by ${THRESHOLD} users: gone from the catalogue and detail, not for sale; its owner sees it hidden`, async () => {
      const sale = await variantForSale(t);
      await flaggedBy(THRESHOLD, sale.listingId);

      expect(await catalogueOf(sale.shop.id)).toEqual([]);
      const detail = await publicDetail(sale.listingId);
      expect(detail.status).toBe(404);
      // Nor does a signed-in stranger see it.
      expect((await t.http().get(`${API}/listings/${sale.listingId}`).set((await buyer(t)).auth)).status).toBe(404);
      const own = await t.http().get(`${API}/listings/${sale.listingId}`).set(sale.maker.auth);
      expect(own.status).toBe(200);
      expect(own.body.status).toBe('hidden');

      const order = await checkout(sale);
      expect(order.status).toBe(422);
      expect(order.body.error).toBe('listing_unavailable');
      expect(order.body.details).toEqual([{ variantId: sale.variantId, reason: 'listing_not_published' }]);

      // The moderators see it with its open flags.
      const flags = await listed(moderator, { listingId: sale.listingId });
      expect(flags).toHaveLength(THRESHOLD);
      for (const f of flags) expect(f.listing).toMatchObject({ id: sale.listingId, status: 'hidden', openFlags: THRESHOLD });
      // A hidden listing cannot be archived to dodge the review.
      expect((await t.http().post(`${API}/listings/${sale.listingId}/archive`).set(sale.maker.auth)).status).toBe(409);
    });

    it('hides a listing once when more users flag it at the same moment', async () => {
      const sale = await variantForSale(t);
      const reporters = await Promise.all(Array.from({ length: THRESHOLD + 1 }, () => buyer(t)));
      const answers = await Promise.all(reporters.map((r) => flag(r, sale.listingId)));
      // The listing leaves the catalogue at the THRESHOLD-th flag; who comes after finds nothing to flag.
      expect(answers.filter((r) => r.status === 201).length).toBeGreaterThanOrEqual(THRESHOLD);
      for (const r of answers) expect([201, 404]).toContain(r.status);
      expect(await statusOf(sale.listingId)).toBe('hidden');
      const hidden: { n: number }[] = await t.db.query(
        `SELECT count(*)::int AS n FROM audit_log WHERE action = 'listing.hidden' AND target_id = $1`,
        [sale.listingId],
      );
      expect(hidden[0].n).toBe(1);
    });
  });

  describe('resolving', () => {
    it('dismiss brings a hidden listing back and closes every open flag on it', async () => {
      const sale = await variantForSale(t);
      const flagIds = await flaggedBy(THRESHOLD, sale.listingId);
      expect(await statusOf(sale.listingId)).toBe('hidden');

      const res = await resolve(moderator, flagIds[1], { action: 'dismiss', note: 'Тауар түпнұсқа, шағым негізсіз' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: flagIds[1],
        status: 'resolved',
        resolution: 'dismiss',
        resolutionNote: 'Тауар түпнұсқа, шағым негізсіз',
        resolvedBy: moderator.id,
        listing: { id: sale.listingId, status: 'published', openFlags: 0 },
      });

      expect(await statusOf(sale.listingId)).toBe('published');
      expect(await catalogueOf(sale.shop.id)).toEqual([sale.listingId]);
      expect((await publicDetail(sale.listingId)).status).toBe(200);
      expect(await flagsOf(sale.listingId)).toEqual(flagIds.map((id) => expect.objectContaining({ id, status: 'resolved', resolution: 'dismiss' })));
      expect(await listed(moderator, { listingId: sale.listingId })).toEqual([]);
      const resolved = await listed(moderator, { listingId: sale.listingId, status: 'resolved' });
      expect(resolved.map((f) => f.id).sort()).toEqual([...flagIds].sort());
    });

    it('remove_listing takes it down for good: the maker can neither resubmit, edit nor archive it', async () => {
      const sale = await variantForSale(t);
      const [flagId] = await flaggedBy(1, sale.listingId);

      const res = await resolve(moderator, flagId, { action: 'remove_listing', note: 'Жалған бренд' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'resolved', resolution: 'remove_listing', listing: { status: 'suspended', shop: { status: 'active' } } });

      expect(await catalogueOf(sale.shop.id)).toEqual([]);
      expect((await publicDetail(sale.listingId)).status).toBe(404);
      const own = await t.http().get(`${API}/listings/${sale.listingId}`).set(sale.maker.auth);
      expect(own.body).toMatchObject({ status: 'suspended', moderationNote: 'Жалған бренд' });

      const submit = await t.http().post(`${API}/listings/${sale.listingId}/submit`).set(sale.maker.auth);
      expect(submit.status).toBe(409);
      const edit = await t.http().patch(`${API}/listings/${sale.listingId}`).set(sale.maker.auth).send({ title: { kk: 'Жаңа атау', ru: 'Новое название' } });
      expect(edit.status).toBe(409);
      expect(edit.body.error).toBe('listing_removed');
      const reprice = await t.http().patch(`${API}/listings/${sale.listingId}`).set(sale.maker.auth).send({ variants: [{ sku: sale.sku, stock: 9 }] });
      expect(reprice.status).toBe(409);
      expect((await t.http().post(`${API}/listings/${sale.listingId}/archive`).set(sale.maker.auth)).status).toBe(409);
      expect(await statusOf(sale.listingId)).toBe('suspended');

      const order = await postOrder(t, await buyer(t), { items: [{ variantId: sale.variantId, quantity: 1 }], delivery: shippingTo() });
      expect(order.status).toBe(422);
      expect(order.body.error).toBe('listing_unavailable');
    });

    it('keeps a removed listing as the moderator left it: the maker can neither add nor delete its photos, nor remove a variant', async () => {
      const { maker } = await makerWithShop(t);
      const variants = ['A', 'B'].map((size) => ({
        sku: `RM-${size}-${uniqueSuffix()}`.toUpperCase(),
        price: { amount: 4_500_000, currency: 'KZT' },
        stock: 2,
      }));
      const listing = await publishedListing(t, maker, moderator, listingBody({ categoryId: await categoryId(t, 'syrmak') }, variants));
      const [flagId] = await flaggedBy(1, listing.id);
      expect((await resolve(moderator, flagId, { action: 'remove_listing', note: 'Жалған бренд' })).status).toBe(200);
      const before = await listingSnapshot(t, listing.id);

      const upload = await t
        .http()
        .post(`${API}/listings/${listing.id}/images`)
        .set(maker.auth)
        .attach('file', await testPhoto(), { filename: 'photo.png', contentType: 'image/png' });
      expect(upload.status).toBe(409);
      const deleted = await t.http().delete(`${API}/listings/${listing.id}/images/${before.images[0].id}`).set(maker.auth);
      expect(deleted.status).toBe(409);
      const variant = await t.http().delete(`${API}/listings/${listing.id}/variants/${before.variants[0].id}`).set(maker.auth);
      expect(variant.status).toBe(409);

      expect(await listingSnapshot(t, listing.id)).toEqual(before);
      // What the moderators removed is still there for them to see.
      const seen = await t.http().get(`${API}/listings/${listing.id}`).set(moderator.auth);
      expect(seen.body).toMatchObject({ status: 'suspended', images: [expect.objectContaining({ id: before.images[0].id })] });
    });

    it('answers 409 to resolving an already-resolved flag, and 400 without a note or with an unknown action', async () => {
      const sale = await variantForSale(t);
      const [flagId] = await flaggedBy(1, sale.listingId);

      for (const body of [{ action: 'dismiss' }, { action: 'dismiss', note: '  ' }, { action: 'ban', note: 'Себебі бар' }]) {
        const res = await resolve(moderator, flagId, body);
        expect(res.status).toBe(400);
      }
      expect(await flagsOf(sale.listingId)).toEqual([expect.objectContaining({ status: 'open' })]);

      expect((await resolve(moderator, flagId, { action: 'dismiss', note: 'Шағым негізсіз' })).status).toBe(200);
      const again = await resolve(moderator, flagId, { action: 'remove_listing', note: 'Қайта қарадым' });
      expect(again.status).toBe(409);
      expect(again.body.error).toBe('flag_resolved');
      expect(await statusOf(sale.listingId)).toBe('published');
      expect(await flagsOf(sale.listingId)).toEqual([expect.objectContaining({ status: 'resolved', resolution: 'dismiss' })]);
      expect((await resolve(moderator, randomUUID(), { action: 'dismiss', note: 'Шағым негізсіз' })).status).toBe(404);
    });

    it('lets only one of two simultaneous resolutions of a listing’s flags through', async () => {
      const sale = await variantForSale(t);
      const flagIds = await flaggedBy(2, sale.listingId);
      const other = await platformModerator(t, admin);
      const answers = await Promise.all([
        resolve(moderator, flagIds[0], { action: 'dismiss', note: 'Шағым негізсіз' }),
        resolve(other, flagIds[1], { action: 'remove_listing', note: 'Жалған бренд' }),
      ]);
      expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
      const winner = answers.find((r) => r.status === 200)!.body.resolution as string;
      expect(await flagsOf(sale.listingId)).toEqual(flagIds.map(() => expect.objectContaining({ status: 'resolved', resolution: winner })));
      expect(await statusOf(sale.listingId)).toBe(winner === 'dismiss' ? 'published' : 'suspended');
    });
  });

  describe('scope', () => {
    /** Associations A and B, each with its admin, a moderator and an approved maker whose published listing is flagged. */
    async function world() {
      const syrmak = await categoryId(t, 'syrmak');
      const side = async () => {
        const { association, assocAdmin } = await associationWithAdmin(t, admin);
        const mod = await moderatorOf(t, admin, association.id);
        const { maker, shop } = await makerWithShop(t);
        await joinAssociation(t, maker, association.id, assocAdmin);
        const listing = await publishedListing(t, maker, moderator, listingBody({ categoryId: syrmak }));
        const [flagId] = await flaggedBy(1, listing.id);
        return { association, assocAdmin, mod, maker, shop, listing, flagId };
      };
      return { a: await side(), b: await side() };
    }

    it("shows an association's moderator and admin only their own members' flags, and 404 for the other association's", async () => {
      const { a, b } = await world();
      for (const who of [a.mod, a.assocAdmin]) {
        const flags = await listed(who);
        expect(flags.map((f) => f.id)).toEqual([a.flagId]);
        expect(flags[0]).toMatchObject({ listingId: a.listing.id, listing: { associationId: a.association.id, shop: { id: a.shop.id } } });

        const res = await resolve(who, b.flagId, { action: 'remove_listing', note: 'Жалған бренд' });
        expect(res.status).toBe(404);
      }
      expect((await listed(b.mod)).map((f) => f.id)).toEqual([b.flagId]);
      expect(await flagsOf(b.listing.id)).toEqual([expect.objectContaining({ status: 'open' })]);
      expect(await statusOf(b.listing.id)).toBe('published');

      // In scope, the association's moderator decides.
      expect((await resolve(a.mod, a.flagId, { action: 'dismiss', note: 'Шағым негізсіз' })).status).toBe(200);
    });

    it('shows a platform moderator and an admin the flags of every association', async () => {
      const { a, b } = await world();
      for (const who of [moderator, admin]) {
        const ids = (await listed(who)).map((f) => f.id);
        expect(ids).toEqual(expect.arrayContaining([a.flagId, b.flagId]));
      }
      expect((await resolve(moderator, b.flagId, { action: 'dismiss', note: 'Шағым негізсіз' })).status).toBe(200);
    });

    it('answers 403 to a moderator resolving flags on their own listing', async () => {
      const { a } = await world();
      // The maker becomes a moderator of their own association.
      await grantScopedRoles(t, admin, a.maker, ['moderator'], a.association.id);
      expect((await listed(a.maker)).map((f) => f.id)).toEqual([a.flagId]);
      for (const action of ['dismiss', 'remove_listing', 'suspend_shop']) {
        const res = await resolve(a.maker, a.flagId, { action, note: 'Менің тауарым түпнұсқа' });
        expect(res.status).toBe(403);
      }
      expect(await flagsOf(a.listing.id)).toEqual([expect.objectContaining({ status: 'open' })]);
      expect(await statusOf(a.listing.id)).toBe('published');
    });

    it('answers 403 to a buyer or a maker asking for the flags, and 401 to an anonymous caller', async () => {
      const someone = await buyer(t);
      const { maker } = await makerWithShop(t);
      for (const who of [someone, maker]) {
        expect((await t.http().get(`${API}/moderation/flags`).set(who.auth)).status).toBe(403);
      }
      expect((await t.http().get(`${API}/moderation/flags`)).status).toBe(401);
      const sale = await variantForSale(t);
      const [flagId] = await flaggedBy(1, sale.listingId);
      expect((await resolve(someone, flagId, { action: 'dismiss', note: 'Шағым негізсіз' })).status).toBe(403);
      expect(await flagsOf(sale.listingId)).toEqual([expect.objectContaining({ status: 'open' })]);
    });
  });
});
