import { Response } from 'supertest';
import { TestApp, startApp } from '../../support/app';
import {
  Actor,
  associationWithAdmin,
  categoryId,
  createAdmin,
  joinAssociation,
  listingBody,
  makerWithShop,
  moderatorOf,
  platformModerator,
  publishedListing,
  uniqueSuffix,
} from '../../support/api';
import { isolatedEnv } from '../../support/isolated';
import { buyer, OrderBody, placeOrder, postOrder, shippingTo } from '../../support/orders';
import { complete, owed } from '../../support/payouts';

const API = '/api/v1';
const KZT = (amount: number) => ({ amount, currency: 'KZT' });
const THRESHOLD = 3; // FLAG_HIDE_THRESHOLD's default

interface PayoutBody {
  id: string;
  beneficiary: { type: string; id: string };
  amount: { amount: number; currency: string };
  sellerOrders: { id: string }[];
}

/**
 * Shop suspensions: a moderator suspends a shop (from a flag, or directly); its listings
 * leave the catalogue and checkout, orders already paid stay fulfillable, its payouts
 * wait; an admin or the association's admin lifts it, and exactly what it hid comes back.
 *
 * Its own database: payout runs take every completed seller order of the database.
 */
describe('moderation: shop suspensions', () => {
  let t: TestApp;
  let admin: Actor;
  let syrmak: string;

  beforeAll(async () => {
    t = await startApp(await isolatedEnv('suspensions'));
    admin = await createAdmin(t);
    syrmak = await categoryId(t, 'syrmak');
  });
  afterAll(() => t.close());

  /** An association with its admin and moderator, and an approved maker with a shop in it. */
  async function associationShop() {
    const { association, assocAdmin } = await associationWithAdmin(t, admin);
    const mod = await moderatorOf(t, admin, association.id);
    const { maker, shop } = await makerWithShop(t);
    await joinAssociation(t, maker, association.id, assocAdmin);
    return { association, assocAdmin, mod, maker, shop };
  }

  /** A published listing of `maker` with one variant: its ids. */
  async function forSale(maker: Actor, approver: Actor, price = 200_000) {
    const sku = `SUS-${uniqueSuffix()}`.toUpperCase();
    const listing = await publishedListing(t, maker, approver, listingBody({ categoryId: syrmak }, [{ sku, price: KZT(price), stock: 10 }]));
    const [variant]: { id: string }[] = await t.db.query(`SELECT id FROM listing_variants WHERE listing_id = $1`, [listing.id]);
    return { listingId: listing.id, variantId: variant.id, sku };
  }

  const flag = async (listingId: string) => {
    const res = await t.http().post(`${API}/listings/${listingId}/flags`).set((await buyer(t)).auth).send({ reason: 'counterfeit' });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const resolve = (who: Actor, flagId: string, action: string, note = 'Жалған бренд') =>
    t.http().post(`${API}/moderation/flags/${flagId}/resolve`).set(who.auth).send({ action, note });
  const suspend = (who: Actor, shopId: string, reason = 'Жалған тауарлар сатылады') =>
    t.http().post(`${API}/moderation/shops/${shopId}/suspend`).set(who.auth).send({ reason });
  const lift = (who: Actor, shopId: string, note = 'Дүкен тексерілді') =>
    t.http().post(`${API}/moderation/shops/${shopId}/lift-suspension`).set(who.auth).send({ note });
  const markPaid = async (order: OrderBody) => expect((await t.http().post(`${API}/payments/${order.payment.id}/mark-paid`).set(admin.auth)).status).toBe(200);
  const runPayouts = async (): Promise<PayoutBody[]> => {
    const res = await t.http().post(`${API}/admin/payouts/run`).set(admin.auth);
    expect(res.status).toBe(200);
    return res.body.payouts;
  };

  const shopStatus = async (shopId: string): Promise<string> => (await t.db.query(`SELECT status FROM shops WHERE id = $1`, [shopId]))[0].status;
  const statuses = async (ids: string[]): Promise<string[]> => {
    const rows: { id: string; status: string }[] = await t.db.query(`SELECT id, status FROM listings WHERE id = ANY($1::uuid[])`, [ids]);
    const byId = new Map(rows.map((r) => [r.id, r.status]));
    return ids.map((id) => byId.get(id)!);
  };
  const catalogueOf = async (shopId: string): Promise<string[]> => {
    const res = await t.http().get(`${API}/listings`).query({ shop: shopId, limit: 100 });
    expect(res.status).toBe(200);
    return (res.body.items as { id: string }[]).map((i) => i.id).sort();
  };
  /** Every listing the public catalogue shows, unfiltered, all pages (this file's database only). */
  const wholeCatalogue = async (): Promise<string[]> => {
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: Response = await t
        .http()
        .get(`${API}/listings`)
        .query({ limit: 100, ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      ids.push(...(res.body.items as { id: string }[]).map((i) => i.id));
      cursor = res.body.nextCursor;
    } while (cursor && ++pages < 100);
    return ids;
  };
  const publicStatus = async (listingId: string) => (await t.http().get(`${API}/listings/${listingId}`)).status;
  const checkout = async (variantId: string) =>
    postOrder(t, await buyer(t), { items: [{ variantId, quantity: 1 }], delivery: shippingTo() });

  it('suspend_shop removes the flagged listing and suspends the shop: its listings leave catalogue and checkout, paid orders still ship', async () => {
    const { mod, maker, shop } = await associationShop();
    const flagged = await forSale(maker, mod);
    const other = await forSale(maker, mod);
    const third = await forSale(maker, mod);
    // Bought and paid before the suspension.
    const customer = await buyer(t);
    const paidBefore = await placeOrder(t, customer, [{ variantId: other.variantId, quantity: 1 }]);
    await markPaid(paidBefore);
    expect(await catalogueOf(shop.id)).toEqual([flagged.listingId, other.listingId, third.listingId].sort());

    const flagId = await flag(flagged.listingId);
    const res = await resolve(mod, flagId, 'suspend_shop', 'Жалған брендтер сатылады');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'resolved',
      resolution: 'suspend_shop',
      listing: { status: 'suspended', shop: { id: shop.id, status: 'suspended' } },
    });

    expect(await statuses([flagged.listingId, other.listingId, third.listingId])).toEqual(['suspended', 'published', 'published']);
    expect(await shopStatus(shop.id)).toBe('suspended');
    const own = await t.http().get(`${API}/me/shop`).set(maker.auth);
    expect(own.body.status).toBe('suspended');

    expect(await catalogueOf(shop.id)).toEqual([]);
    const everything = await wholeCatalogue();
    for (const l of [flagged, other, third]) expect(everything).not.toContain(l.listingId);
    for (const l of [flagged, other, third]) expect(await publicStatus(l.listingId)).toBe(404);
    for (const l of [other, third]) {
      const order = await checkout(l.variantId);
      expect(order.status).toBe(422);
      expect(order.body.error).toBe('listing_unavailable');
      expect(order.body.details).toEqual([{ variantId: l.variantId, reason: 'shop_suspended' }]);
    }
    const removed = await checkout(flagged.variantId);
    expect(removed.status).toBe(422);
    expect(removed.body.error).toBe('listing_unavailable');

    // The order paid before the suspension is still the maker's to ship.
    const shipped = await t
      .http()
      .post(`${API}/seller-orders/${paidBefore.sellerOrders[0].id}/ship`)
      .set(maker.auth)
      .send({ carrier: 'kazpost', trackingNumber: 'RR123456789KZ' });
    expect(shipped.status).toBe(200);
    expect(shipped.body.status).toBe('shipped');

    // Moderators in scope see the suspension, linked to the flag.
    const list = await t.http().get(`${API}/moderation/suspensions`).set(mod.auth);
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({
        shop: expect.objectContaining({ id: shop.id, status: 'suspended' }),
        flagId,
        reason: 'Жалған брендтер сатылады',
        liftedAt: null,
      }),
    ]);
  });

  it("holds a suspended shop's payouts (not its association's commission) until the suspension is lifted", async () => {
    const { association, assocAdmin, mod, maker, shop } = await associationShop();
    const item = await forSale(maker, mod, 200_000);
    const order = await placeOrder(t, await buyer(t), [{ variantId: item.variantId, quantity: 1 }]);
    await markPaid(order);
    const so = order.sellerOrders[0];
    expect(so.associationId).toBe(association.id);
    await complete(t, [so.id]);
    const makerOwed = (await owed(t, [so.id]))[`maker_payable:${shop.id}`];
    expect(makerOwed).toBeGreaterThan(0);

    expect((await suspend(mod, shop.id)).status).toBe(201);
    const whileSuspended = await runPayouts();
    expect(whileSuspended.filter((p) => p.beneficiary.id === shop.id)).toEqual([]);
    const commission = whileSuspended.filter((p) => p.beneficiary.id === association.id);
    expect(commission).toEqual([expect.objectContaining({ sellerOrders: [expect.objectContaining({ id: so.id })] })]);
    expect((await t.http().get(`${API}/me/payouts`).set(maker.auth)).body).toEqual([]);
    // Still owed, and a second run while suspended pays nothing either.
    expect((await owed(t, [so.id]))[`maker_payable:${shop.id}`]).toBe(makerOwed);
    expect((await runPayouts()).filter((p) => p.beneficiary.id === shop.id)).toEqual([]);

    expect((await lift(assocAdmin, shop.id)).status).toBe(200);
    const afterLift = (await runPayouts()).filter((p) => p.beneficiary.id === shop.id);
    expect(afterLift).toEqual([expect.objectContaining({ amount: KZT(makerOwed), sellerOrders: [expect.objectContaining({ id: so.id })] })]);
    const mine = await t.http().get(`${API}/me/payouts`).set(maker.auth);
    expect(mine.body.map((p: { id: string }) => p.id)).toEqual([afterLift[0].id]);
  });

  it('lifting brings back exactly what the suspension hid: listings archived, hidden by flags or removed keep their status', async () => {
    const { assocAdmin, mod, maker, shop } = await associationShop();
    const published = await forSale(maker, mod);
    const archived = await forSale(maker, mod);
    const hidden = await forSale(maker, mod);
    const removed = await forSale(maker, mod);
    const culprit = await forSale(maker, mod);

    expect((await t.http().post(`${API}/listings/${archived.listingId}/archive`).set(maker.auth)).status).toBe(200);
    for (let i = 0; i < THRESHOLD; i++) await flag(hidden.listingId);
    expect((await resolve(mod, await flag(removed.listingId), 'remove_listing')).status).toBe(200);
    const all = [published, archived, hidden, removed, culprit].map((l) => l.listingId);
    expect(await statuses(all)).toEqual(['published', 'archived', 'hidden', 'suspended', 'published']);
    expect(await catalogueOf(shop.id)).toEqual([published.listingId, culprit.listingId].sort());

    expect((await resolve(mod, await flag(culprit.listingId), 'suspend_shop', 'Қайталанған бұзушылық')).status).toBe(200);
    expect(await catalogueOf(shop.id)).toEqual([]);
    expect(await statuses(all)).toEqual(['published', 'archived', 'hidden', 'suspended', 'suspended']);

    const res = await lift(assocAdmin, shop.id, 'Дүкен иесімен сөйлестік');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ shop: { id: shop.id, status: 'active' }, liftedBy: assocAdmin.id, liftNote: 'Дүкен иесімен сөйлестік' });
    expect(res.body.liftedAt).toEqual(expect.any(String));

    expect(await shopStatus(shop.id)).toBe('active');
    expect(await catalogueOf(shop.id)).toEqual([published.listingId]);
    expect((await wholeCatalogue()).filter((id) => all.includes(id))).toEqual([published.listingId]);
    expect(await statuses(all)).toEqual(['published', 'archived', 'hidden', 'suspended', 'suspended']);
    expect(await publicStatus(published.listingId)).toBe(200);
    for (const l of [archived, hidden, removed, culprit]) expect(await publicStatus(l.listingId)).toBe(404);
    expect((await checkout(published.variantId)).status).toBe(201);
    // The hidden listing still waits for a moderator, with its flags open.
    const open = await t.http().get(`${API}/moderation/flags`).query({ listingId: hidden.listingId }).set(mod.auth);
    expect(open.body.items).toHaveLength(THRESHOLD);
    // The suspension is no longer in force.
    const inForce = await t.http().get(`${API}/moderation/suspensions`).set(mod.auth);
    expect(inForce.body.items).toEqual([]);
    const every = await t.http().get(`${API}/moderation/suspensions`).query({ status: 'all' }).set(mod.auth);
    expect(every.body.items).toEqual([expect.objectContaining({ liftedBy: assocAdmin.id, liftNote: 'Дүкен иесімен сөйлестік' })]);
  });

  describe('who suspends and who lifts', () => {
    async function world() {
      const a = await associationShop();
      const b = await associationShop();
      const listing = await forSale(a.maker, a.mod);
      return { a, b, listing };
    }

    it("lets a moderator in scope suspend a shop directly (201), 404 out of scope, 409 when it already is", async () => {
      const { a, b, listing } = await world();
      const outOfScope = await suspend(b.mod, a.shop.id);
      expect(outOfScope.status).toBe(404);
      expect((await suspend(b.assocAdmin, a.shop.id)).status).toBe(404);
      expect(await shopStatus(a.shop.id)).toBe('active');
      expect((await suspend(a.mod, a.shop.id, '  ')).status).toBe(400);

      const res = await suspend(a.mod, a.shop.id, 'Тыйым салынған тауарлар');
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        shop: { id: a.shop.id, status: 'suspended' },
        reason: 'Тыйым салынған тауарлар',
        flagId: null,
        suspendedBy: a.mod.id,
        liftedAt: null,
      });
      expect(await catalogueOf(a.shop.id)).toEqual([]);
      expect(await publicStatus(listing.listingId)).toBe(404);

      const again = await suspend(a.mod, a.shop.id);
      expect(again.status).toBe(409);
      expect(again.body.error).toBe('shop_suspended');
      const rows: { n: number }[] = await t.db.query(`SELECT count(*)::int AS n FROM shop_suspensions WHERE shop_id = $1`, [a.shop.id]);
      expect(rows[0].n).toBe(1);
      // Out of scope, it is not even listed.
      expect((await t.http().get(`${API}/moderation/suspensions`).set(b.mod.auth)).body.items).toEqual([]);
    });

    it('lets two simultaneous suspensions of one shop make one (201 and 409)', async () => {
      const { a } = await world();
      const platform = await platformModerator(t, admin);
      const answers = await Promise.all([suspend(a.mod, a.shop.id), suspend(platform, a.shop.id)]);
      expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
      const rows: { n: number }[] = await t.db.query(`SELECT count(*)::int AS n FROM shop_suspensions WHERE shop_id = $1`, [a.shop.id]);
      expect(rows[0].n).toBe(1);
    });

    it("lets only an admin or the shop's association admin lift: moderators 403, another association's admin 404; not suspended 409", async () => {
      const { a, b, listing } = await world();
      const platform = await platformModerator(t, admin);
      expect((await suspend(a.mod, a.shop.id)).status).toBe(201);

      for (const moderator of [a.mod, platform]) expect((await lift(moderator, a.shop.id)).status).toBe(403);
      expect((await lift(a.maker, a.shop.id)).status).toBe(403);
      expect((await lift(b.assocAdmin, a.shop.id)).status).toBe(404);
      expect((await lift(a.assocAdmin, a.shop.id, '')).status).toBe(400);
      expect(await shopStatus(a.shop.id)).toBe('suspended');
      expect(await catalogueOf(a.shop.id)).toEqual([]);

      const lifted = await lift(a.assocAdmin, a.shop.id);
      expect(lifted.status).toBe(200);
      expect(await shopStatus(a.shop.id)).toBe('active');
      expect(await catalogueOf(a.shop.id)).toEqual([listing.listingId]);

      const again = await lift(a.assocAdmin, a.shop.id);
      expect(again.status).toBe(409);
      expect(again.body.error).toBe('shop_not_suspended');

      // An admin lifts anywhere.
      expect((await suspend(b.mod, b.shop.id)).status).toBe(201);
      expect((await lift(admin, b.shop.id)).status).toBe(200);
      expect(await shopStatus(b.shop.id)).toBe('active');
    });
  });
});
