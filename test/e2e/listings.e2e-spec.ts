import { TestApp, startApp } from '../support/app';
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
} from '../support/api';

const KZT = (amount: number) => ({ amount, currency: 'KZT' });

describe('listings', () => {
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
  const get = (id: string, who?: Actor) => {
    const req = t.http().get(`/api/v1/listings/${id}`);
    return who ? req.set(who.auth) : req;
  };
  /** Every published listing of a shop, as the public catalogue shows them. */
  const catalogueOf = async (shopId: string) => {
    const res = await t.http().get('/api/v1/listings').query({ shop: shopId, limit: 100 });
    expect(res.status).toBe(200);
    return res.body.items as { id: string; localizedTitle: string }[];
  };

  describe('create', () => {
    it('creates a draft with upper-cased SKUs and money as {amount, currency}', async () => {
      const { maker, shop } = await makerWithShop(t);
      const sku = `kilem-${uniqueSuffix()}`;
      const res = await t
        .http()
        .post('/api/v1/listings')
        .set(maker.auth)
        .send(body({}, [{ sku, options: { size: '2×3 м' }, price: KZT(4500000), stock: 3 }]));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        id: expect.any(String),
        status: 'draft',
        price: KZT(4500000),
        inStock: true,
        category: { id: syrmak, slug: 'syrmak' },
        shop: { id: shop.id, slug: shop.slug },
        publishedAt: null,
      });
      expect(res.body.variants).toEqual([
        { id: expect.any(String), sku: sku.toUpperCase(), options: { size: '2×3 м' }, price: KZT(4500000), stock: 3 },
      ]);
      const [row] = await t.db.query('SELECT sku, price_amount FROM listing_variants WHERE listing_id = $1', [res.body.id]);
      expect(row).toEqual({ sku: sku.toUpperCase(), price_amount: '4500000' });
    });

    it('refuses a maker without a shop with 422 shop_required and stores nothing', async () => {
      const maker = await register(t, ['maker']);
      const res = await t.http().post('/api/v1/listings').set(maker.auth).send(body());
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ statusCode: 422, error: 'shop_required' });
      const [{ count }] = await t.db.query(
        'SELECT count(*)::int AS count FROM listings l JOIN shops s ON s.id = l.shop_id WHERE s.owner_id = $1',
        [maker.id],
      );
      expect(count).toBe(0);
    });

    it('refuses a buyer with 403 and an anonymous caller with 401', async () => {
      const buyer = await register(t, ['buyer']);
      await t.http().post('/api/v1/listings').set(buyer.auth).send(body()).expect(403);
      await t.http().post('/api/v1/listings').send(body()).expect(401);
    });

    it('needs leadTimeDays for a made-to-order listing (400), and keeps it when given', async () => {
      const { maker } = await makerWithShop(t);
      const missing = await t.http().post('/api/v1/listings').set(maker.auth).send(body({ madeToOrder: true }));
      expect(missing.status).toBe(400);
      expect(missing.body.details.map((d: { field: string }) => d.field)).toContain('leadTimeDays');
      const ok = await t.http().post('/api/v1/listings').set(maker.auth).send(body({ madeToOrder: true, leadTimeDays: 14 }));
      expect(ok.status).toBe(201);
      expect(ok.body).toMatchObject({ madeToOrder: true, leadTimeDays: 14 });
      // Turning a draft into made-to-order without a lead time is refused too.
      const plain = await createListing(t, maker, body());
      const patch = await t.http().patch(`/api/v1/listings/${plain.id}`).set(maker.auth).send({ madeToOrder: true });
      expect(patch.status).toBe(400);
      expect((await get(plain.id, maker)).body.madeToOrder).toBe(false);
    });
  });

  describe('SKUs', () => {
    it('are unique per shop, case-insensitively (409 sku_taken)', async () => {
      const { maker, shop } = await makerWithShop(t);
      const sku = `ab-${uniqueSuffix()}`;
      await createListing(t, maker, body({}, [{ sku, price: KZT(100000), stock: 1 }]));
      const again = await t.http().post('/api/v1/listings').set(maker.auth).send(body({}, [{ sku: sku.toUpperCase(), price: KZT(100000), stock: 1 }]));
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ statusCode: 409, error: 'sku_taken' });
      const [{ count }] = await t.db.query('SELECT count(*)::int AS count FROM listings WHERE shop_id = $1', [shop.id]);
      expect(count).toBe(1);

      // Adding the taken SKU as a new variant of another listing is refused as well.
      const other = await createListing(t, maker, body());
      const patch = await t
        .http()
        .patch(`/api/v1/listings/${other.id}`)
        .set(maker.auth)
        .send({ variants: [{ sku: ` ${sku.toUpperCase()} `, price: KZT(100000), stock: 1 }] });
      expect(patch.status).toBe(409);
      expect(patch.body.error).toBe('sku_taken');
      expect((await get(other.id, maker)).body.variants).toHaveLength(1);
    });

    it('may repeat across shops', async () => {
      const a = await makerWithShop(t);
      const b = await makerWithShop(t);
      const sku = `SAME-${uniqueSuffix()}`.toUpperCase();
      const first = await createListing(t, a.maker, body({}, [{ sku, price: KZT(100000), stock: 1 }]));
      const second = await createListing(t, b.maker, body({}, [{ sku: sku.toLowerCase(), price: KZT(100000), stock: 1 }]));
      expect(first.variants[0].sku).toBe(sku);
      expect(second.variants[0].sku).toBe(sku);
    });

    it('refuses a repeated SKU inside one request with 400', async () => {
      const { maker, shop } = await makerWithShop(t);
      const sku = `DUP-${uniqueSuffix()}`;
      const res = await t
        .http()
        .post('/api/v1/listings')
        .set(maker.auth)
        .send(body({}, [{ sku, price: KZT(100000), stock: 1 }, { sku: sku.toLowerCase(), price: KZT(200000), stock: 1 }]));
      expect(res.status).toBe(400);
      const [{ count }] = await t.db.query('SELECT count(*)::int AS count FROM listing_variants WHERE shop_id = $1', [shop.id]);
      expect(count).toBe(0);
    });

    it('lets only one of two simultaneous creates with the same SKU succeed (201 and 409)', async () => {
      const { maker, shop } = await makerWithShop(t);
      const sku = `RACE-${uniqueSuffix()}`.toUpperCase();
      const results = await Promise.all(
        [1, 2].map(() => t.http().post('/api/v1/listings').set(maker.auth).send(body({}, [{ sku, price: KZT(100000), stock: 1 }]))),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
      expect(results.find((r) => r.status === 409)!.body).toMatchObject({ statusCode: 409, error: 'sku_taken' });
      const rows = await t.db.query('SELECT listing_id FROM listing_variants WHERE shop_id = $1 AND sku = $2', [shop.id, sku]);
      expect(rows).toHaveLength(1);
      // The refused request left no listing without variants behind.
      const [{ count }] = await t.db.query('SELECT count(*)::int AS count FROM listings WHERE shop_id = $1', [shop.id]);
      expect(count).toBe(1);
    });
  });

  describe('lifecycle', () => {
    it('goes draft → pending_review → published, and shows up in the catalogue', async () => {
      const { maker, shop } = await makerWithShop(t);
      const listing = await createListing(t, maker, body());
      await addPhoto(t, maker, listing.id);
      expect(await catalogueOf(shop.id)).toEqual([]);

      const submitted = await t.http().post(`/api/v1/listings/${listing.id}/submit`).set(maker.auth);
      expect(submitted.status).toBe(200);
      expect(submitted.body.status).toBe('pending_review');
      expect(await catalogueOf(shop.id)).toEqual([]);
      await get(listing.id).expect(404);

      const queue = await t.http().get('/api/v1/moderation/queue').set(moderator.auth).query({ limit: 100 });
      expect(queue.status).toBe(200);
      // The queue is oldest first and shared with other tests: walk it until the listing shows up.
      let items = queue.body.items;
      let cursor = queue.body.nextCursor;
      while (!items.some((i: { listing: { id: string } }) => i.listing.id === listing.id) && cursor) {
        const next = await t.http().get('/api/v1/moderation/queue').set(moderator.auth).query({ limit: 100, cursor });
        items = next.body.items;
        cursor = next.body.nextCursor;
      }
      expect(items.find((i: { listing: { id: string } }) => i.listing.id === listing.id)).toMatchObject({ kind: 'new_listing' });

      const approved = await t.http().post(`/api/v1/moderation/listings/${listing.id}/decision`).set(moderator.auth).send({ decision: 'approve' });
      expect(approved.status).toBe(200);
      expect(approved.body.status).toBe('published');

      const pub = await get(listing.id);
      expect(pub.status).toBe(200);
      expect(pub.body).toMatchObject({ id: listing.id, status: 'published', publishedAt: expect.any(String), shop: { id: shop.id } });
      expect(pub.body.pendingRevision).toBeUndefined();
      expect((await catalogueOf(shop.id)).map((i) => i.id)).toEqual([listing.id]);

      // Submitting again is a state conflict, and changes nothing.
      const again = await t.http().post(`/api/v1/listings/${listing.id}/submit`).set(maker.auth);
      expect(again.status).toBe(409);
      expect((await get(listing.id)).body.status).toBe('published');
    });

    it('refuses to submit a listing without a kk or ru description (422 with the failed checks)', async () => {
      const { maker } = await makerWithShop(t);
      const listing = await createListing(t, maker, body({ description: { en: 'Only in English' } }));
      await addPhoto(t, maker, listing.id);
      const res = await t.http().post(`/api/v1/listings/${listing.id}/submit`).set(maker.auth);
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ statusCode: 422, error: 'listing_checks_failed' });
      expect(res.body.details).toEqual([expect.objectContaining({ check: 'description' })]);
      expect((await get(listing.id, maker)).body.status).toBe('draft');

      // Fixed, it goes through.
      await t.http().patch(`/api/v1/listings/${listing.id}`).set(maker.auth).send({ description: { kk: 'Қой жүнінен қолдан жасалған.' } }).expect(200);
      const ok = await t.http().post(`/api/v1/listings/${listing.id}/submit`).set(maker.auth);
      expect(ok.status).toBe(200);
      expect(ok.body.status).toBe('pending_review');
    });

    it('needs a reason to reject a new listing; the owner sees it as moderationNote', async () => {
      const { maker } = await makerWithShop(t);
      const listing = await createListing(t, maker, body());
      await addPhoto(t, maker, listing.id);
      await t.http().post(`/api/v1/listings/${listing.id}/submit`).set(maker.auth).expect(200);

      const noReason = await t.http().post(`/api/v1/moderation/listings/${listing.id}/decision`).set(moderator.auth).send({ decision: 'reject' });
      expect(noReason.status).toBe(400);
      expect(noReason.body.details.map((d: { field: string }) => d.field)).toContain('reason');
      expect((await get(listing.id, maker)).body.status).toBe('pending_review');

      const reason = 'Фотосуреттер жоқ: please add photos';
      const rejected = await t.http().post(`/api/v1/moderation/listings/${listing.id}/decision`).set(moderator.auth).send({ decision: 'reject', reason });
      expect(rejected.status).toBe(200);
      const own = await get(listing.id, maker);
      expect(own.body).toMatchObject({ status: 'rejected', moderationNote: reason });
      await get(listing.id).expect(404);

      // Fixed and resubmitted, the note is cleared.
      const resubmitted = await t.http().post(`/api/v1/listings/${listing.id}/submit`).set(maker.auth);
      expect(resubmitted.body).toMatchObject({ status: 'pending_review', moderationNote: null });
    });

    it('does not let a maker moderate, nor a moderator decide on a listing not under review', async () => {
      const { maker } = await makerWithShop(t);
      const listing = await createListing(t, maker, body());
      await addPhoto(t, maker, listing.id);
      await t.http().post(`/api/v1/moderation/listings/${listing.id}/decision`).set(maker.auth).send({ decision: 'approve' }).expect(403);
      const draft = await t.http().post(`/api/v1/moderation/listings/${listing.id}/decision`).set(moderator.auth).send({ decision: 'approve' });
      expect(draft.status).toBe(409);
      expect((await get(listing.id, maker)).body.status).toBe('draft');
    });

    it('withdraws a listing under review to draft when its content is edited, so nobody approves unseen text', async () => {
      const { maker } = await makerWithShop(t);
      const listing = await createListing(t, maker, body());
      await addPhoto(t, maker, listing.id);
      await t.http().post(`/api/v1/listings/${listing.id}/submit`).set(maker.auth).expect(200);
      const edited = await t
        .http()
        .patch(`/api/v1/listings/${listing.id}`)
        .set(maker.auth)
        .send({ title: { kk: 'Жаңа атау', ru: 'Новое название' } });
      expect(edited.status).toBe(200);
      expect(edited.body.status).toBe('draft');
      const decision = await t.http().post(`/api/v1/moderation/listings/${listing.id}/decision`).set(moderator.auth).send({ decision: 'approve' });
      expect(decision.status).toBe(409);
      await t.http().post(`/api/v1/listings/${listing.id}/submit`).set(maker.auth).expect(200);
      const approved = await t.http().post(`/api/v1/moderation/listings/${listing.id}/decision`).set(moderator.auth).send({ decision: 'approve' });
      expect(approved.body).toMatchObject({ status: 'published', title: { kk: 'Жаңа атау' } });
    });

    it('archive takes a published listing out of the catalogue', async () => {
      const { maker, shop } = await makerWithShop(t);
      const listing = await publishedListing(t, maker, moderator, body());
      expect((await catalogueOf(shop.id)).map((i) => i.id)).toEqual([listing.id]);
      const archived = await t.http().post(`/api/v1/listings/${listing.id}/archive`).set(maker.auth);
      expect(archived.status).toBe(200);
      expect(archived.body.status).toBe('archived');
      expect(await catalogueOf(shop.id)).toEqual([]);
      await get(listing.id).expect(404);
      expect((await get(listing.id, maker)).body.status).toBe('archived');
    });
  });

  describe('visibility', () => {
    it('shows a draft only to its owner (and moderators): 404 for anonymous users and other makers', async () => {
      const { maker } = await makerWithShop(t);
      const other = await makerWithShop(t);
      const listing = await createListing(t, maker, body());
      const anonymous = await get(listing.id);
      expect(anonymous.status).toBe(404);
      expect(anonymous.body).toMatchObject({ statusCode: 404, error: 'not_found' });
      await get(listing.id, other.maker).expect(404);
      const own = await get(listing.id, maker);
      expect(own.status).toBe(200);
      expect(own.body).toMatchObject({ id: listing.id, status: 'draft' });
      await get(listing.id, moderator).expect(200);
    });

    it('GET /me/listings lists only my own listings, filtered by status', async () => {
      const { maker } = await makerWithShop(t);
      const other = await makerWithShop(t);
      const draft = await createListing(t, maker, body());
      const published = await publishedListing(t, maker, moderator, body());
      await createListing(t, other.maker, body());

      const all = await t.http().get('/api/v1/me/listings').set(maker.auth);
      expect(all.status).toBe(200);
      expect(all.body.items.map((l: { id: string }) => l.id).sort()).toEqual([draft.id, published.id].sort());
      expect(all.body.nextCursor).toBeNull();

      const drafts = await t.http().get('/api/v1/me/listings').query({ status: 'draft' }).set(maker.auth);
      expect(drafts.body.items.map((l: { id: string }) => l.id)).toEqual([draft.id]);
      const live = await t.http().get('/api/v1/me/listings').query({ status: 'published' }).set(maker.auth);
      expect(live.body.items.map((l: { id: string }) => l.id)).toEqual([published.id]);
      const none = await t.http().get('/api/v1/me/listings').query({ status: 'archived' }).set(maker.auth);
      expect(none.body.items).toEqual([]);

      // Pages of one: both listings, newest first, then no more.
      const first = await t.http().get('/api/v1/me/listings').query({ limit: 1 }).set(maker.auth);
      expect(first.body.items.map((l: { id: string }) => l.id)).toEqual([published.id]);
      const second = await t.http().get('/api/v1/me/listings').query({ limit: 1, cursor: first.body.nextCursor }).set(maker.auth);
      expect(second.body.items.map((l: { id: string }) => l.id)).toEqual([draft.id]);
      expect(second.body.nextCursor).toBeNull();

      await t.http().get('/api/v1/me/listings').query({ status: 'sold' }).set(maker.auth).expect(400);
    });
  });

  describe('only the owner changes a listing', () => {
    it("another maker's PATCH, submit and image upload on my draft are 404 and change nothing", async () => {
      const { maker } = await makerWithShop(t);
      const other = await makerWithShop(t);
      const listing = await createListing(t, maker, body());
      const before = await listingSnapshot(t, listing.id);

      const patch = await t
        .http()
        .patch(`/api/v1/listings/${listing.id}`)
        .set(other.maker.auth)
        .send({ title: { kk: 'Ұрланған' }, variants: [{ sku: listing.variants[0].sku, price: KZT(1), stock: 0 }] });
      expect(patch.status).toBe(404);
      const submit = await t.http().post(`/api/v1/listings/${listing.id}/submit`).set(other.maker.auth);
      expect(submit.status).toBe(404);
      const upload = await t
        .http()
        .post(`/api/v1/listings/${listing.id}/images`)
        .set(other.maker.auth)
        .attach('file', Buffer.from('not even an image'), { filename: 'photo.jpg', contentType: 'image/jpeg' });
      expect(upload.status).toBe(404);
      const archive = await t.http().post(`/api/v1/listings/${listing.id}/archive`).set(other.maker.auth);
      expect(archive.status).toBe(404);
      const removeVariant = await t.http().delete(`/api/v1/listings/${listing.id}/variants/${listing.variants[0].id}`).set(other.maker.auth);
      expect(removeVariant.status).toBe(404);

      expect(await listingSnapshot(t, listing.id)).toEqual(before);
    });

    it("another maker's PATCH, image upload and archive on my published listing are 403 and change nothing", async () => {
      const { maker } = await makerWithShop(t);
      const other = await makerWithShop(t);
      const created = (await publishedListing(t, maker, moderator, body())) as unknown as { id: string; variants: { sku: string }[] };
      const before = await listingSnapshot(t, created.id);

      const patch = await t
        .http()
        .patch(`/api/v1/listings/${created.id}`)
        .set(other.maker.auth)
        .send({ title: { kk: 'Ұрланған' }, variants: [{ sku: created.variants[0].sku, price: KZT(1), stock: 0 }] });
      expect(patch.status).toBe(403);
      expect(patch.body.error).toBe('forbidden');
      const upload = await t
        .http()
        .post(`/api/v1/listings/${created.id}/images`)
        .set(other.maker.auth)
        .attach('file', Buffer.from('not even an image'), { filename: 'photo.jpg', contentType: 'image/jpeg' });
      expect(upload.status).toBe(403);
      await t.http().post(`/api/v1/listings/${created.id}/submit`).set(other.maker.auth).expect(403);
      await t.http().post(`/api/v1/listings/${created.id}/archive`).set(other.maker.auth).expect(403);

      expect(await listingSnapshot(t, created.id)).toEqual(before);
      const live = await get(created.id);
      expect(live.body.variants[0].price).toEqual(KZT(4500000));
    });
  });

  describe('editing a published listing', () => {
    it('applies price and stock at once', async () => {
      const { maker, shop } = await makerWithShop(t);
      const listing = await publishedListing(t, maker, moderator, body());
      const sku = (await get(listing.id)).body.variants[0].sku;

      const res = await t
        .http()
        .patch(`/api/v1/listings/${listing.id}`)
        .set(maker.auth)
        .send({ variants: [{ sku, price: KZT(3900000), stock: 0 }] });
      expect(res.status).toBe(200);
      expect(res.body.pendingRevision).toBeNull();

      const live = await get(listing.id);
      expect(live.body).toMatchObject({ status: 'published', price: KZT(3900000), inStock: false });
      expect(live.body.variants).toEqual([expect.objectContaining({ sku, price: KZT(3900000), stock: 0 })]);
      const card = (await t.http().get('/api/v1/listings').query({ shop: shop.id })).body.items[0];
      expect(card).toMatchObject({ id: listing.id, price: KZT(3900000), inStock: false });

      // A new variant is added at once too, and the lowest price follows it.
      const added = await t
        .http()
        .patch(`/api/v1/listings/${listing.id}`)
        .set(maker.auth)
        .send({ variants: [{ sku: `NEW-${uniqueSuffix()}`, options: { size: '1×1 м' }, price: KZT(1200000), stock: 2 }] });
      expect(added.status).toBe(200);
      const after = await get(listing.id);
      expect(after.body.variants).toHaveLength(2);
      expect(after.body).toMatchObject({ price: KZT(1200000), inStock: true });
    });

    it('keeps the live title while a new title waits for review as pendingRevision; approval applies it', async () => {
      const { maker, shop } = await makerWithShop(t);
      const original = body();
      const listing = await publishedListing(t, maker, moderator, original);
      const newTitle = { kk: `Жаңа сырмақ ${uniqueSuffix()}`, ru: 'Новый сырмак' };

      const res = await t.http().patch(`/api/v1/listings/${listing.id}`).set(maker.auth).send({ title: newTitle });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('published');
      expect(res.body.title).toEqual(original.title);
      expect(res.body.pendingRevision).toMatchObject({ title: newTitle });

      // The public sees the approved version, without the pending edit.
      const pub = await get(listing.id);
      expect(pub.body.title).toEqual(original.title);
      expect(pub.body.pendingRevision).toBeUndefined();
      expect((await catalogueOf(shop.id)).map((i) => i.id)).toEqual([listing.id]);
      // The owner sees the pending edit.
      expect((await get(listing.id, maker)).body.pendingRevision).toMatchObject({ title: newTitle });

      // The moderator finds it in the queue as a revision.
      let found: { kind: string; listing: { id: string; pendingRevision: unknown } } | undefined;
      let cursor: string | null = null;
      do {
        const queue: { status: number; body: { items: (typeof found)[]; nextCursor: string | null } } = await t
          .http()
          .get('/api/v1/moderation/queue')
          .set(moderator.auth)
          .query({ limit: 100, ...(cursor ? { cursor } : {}) });
        expect(queue.status).toBe(200);
        found = queue.body.items.find((i) => i!.listing.id === listing.id);
        cursor = queue.body.nextCursor;
      } while (!found && cursor);
      expect(found).toMatchObject({ kind: 'revision', listing: { id: listing.id, pendingRevision: { title: newTitle } } });

      const approved = await t.http().post(`/api/v1/moderation/listings/${listing.id}/decision`).set(moderator.auth).send({ decision: 'approve' });
      expect(approved.status).toBe(200);
      const live = await get(listing.id, maker);
      expect(live.body).toMatchObject({ status: 'published', title: newTitle, pendingRevision: null });
      const search = await t.http().get('/api/v1/listings').query({ shop: shop.id }).set('Accept-Language', 'kk');
      expect(search.body.items[0].localizedTitle).toBe(newTitle.kk);
    });

    it('applies the price of a mixed edit at once and holds its content for review', async () => {
      const { maker } = await makerWithShop(t);
      const original = body();
      const listing = await publishedListing(t, maker, moderator, original);
      const sku = (await get(listing.id)).body.variants[0].sku;
      const res = await t
        .http()
        .patch(`/api/v1/listings/${listing.id}`)
        .set(maker.auth)
        .send({ title: { kk: 'Жаңартылған сырмақ' }, variants: [{ sku, price: KZT(4100000) }] });
      expect(res.status).toBe(200);
      // A second content edit joins the pending one.
      await t.http().patch(`/api/v1/listings/${listing.id}`).set(maker.auth).send({ description: { ru: 'Новое описание сырмака.' } }).expect(200);

      const live = await get(listing.id);
      expect(live.body).toMatchObject({ title: original.title, description: original.description, price: KZT(4100000) });
      const own = await get(listing.id, maker);
      expect(own.body.pendingRevision).toMatchObject({ title: { kk: 'Жаңартылған сырмақ' }, description: { ru: 'Новое описание сырмака.' } });
    });

    it('cleans materials the same way whether edited before or after publication', async () => {
      const { maker } = await makerWithShop(t);
      const draft = await createListing(t, maker, body());
      const edited = await t.http().patch(`/api/v1/listings/${draft.id}`).set(maker.auth).send({ materials: [' жүн ', 'жүн', 'күміс'] });
      expect(edited.body.materials).toEqual(['жүн', 'күміс']);

      const listing = await publishedListing(t, maker, moderator, body());
      const revised = await t.http().patch(`/api/v1/listings/${listing.id}`).set(maker.auth).send({ materials: [' жүн ', 'жүн', 'күміс'] });
      expect(revised.body.pendingRevision).toMatchObject({ materials: ['жүн', 'күміс'] });
      await t.http().post(`/api/v1/moderation/listings/${listing.id}/decision`).set(moderator.auth).send({ decision: 'approve' }).expect(200);
      expect((await get(listing.id)).body.materials).toEqual(['жүн', 'күміс']);
    });

    it('a rejected revision leaves the live version and tells the owner why', async () => {
      const { maker } = await makerWithShop(t);
      const original = body();
      const listing = await publishedListing(t, maker, moderator, original);
      await t.http().patch(`/api/v1/listings/${listing.id}`).set(maker.auth).send({ title: { ru: 'КУПИ СЕЙЧАС!!!' } }).expect(200);
      await t
        .http()
        .post(`/api/v1/moderation/listings/${listing.id}/decision`)
        .set(moderator.auth)
        .send({ decision: 'reject', reason: 'Заголовок — реклама' })
        .expect(200);
      const live = await get(listing.id, maker);
      expect(live.body).toMatchObject({ status: 'published', title: original.title, pendingRevision: null, moderationNote: 'Заголовок — реклама' });
    });
  });

  describe('variants', () => {
    it('refuses to remove the last variant with 422, and removes others', async () => {
      const { maker } = await makerWithShop(t);
      const listing = await createListing(
        t,
        maker,
        body({}, [
          { sku: `A-${uniqueSuffix()}`, price: KZT(100000), stock: 1 },
          { sku: `B-${uniqueSuffix()}`, price: KZT(200000), stock: 1 },
        ]),
      );
      const [first, second] = listing.variants;
      const removed = await t.http().delete(`/api/v1/listings/${listing.id}/variants/${first.id}`).set(maker.auth);
      expect(removed.status).toBe(200);
      expect(removed.body.variants.map((v: { id: string }) => v.id)).toEqual([second.id]);
      expect(removed.body.price).toEqual(KZT(200000));

      const last = await t.http().delete(`/api/v1/listings/${listing.id}/variants/${second.id}`).set(maker.auth);
      expect(last.status).toBe(422);
      expect(last.body.error).toBe('last_variant');
      expect((await get(listing.id, maker)).body.variants.map((v: { id: string }) => v.id)).toEqual([second.id]);
    });
  });
});
