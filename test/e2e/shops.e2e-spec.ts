import { TestApp, startApp } from '../support/app';
import { Actor, associationWithAdmin, createAdmin, joinAssociation, makerWithShop, register, uniqueSuffix } from '../support/api';

const API = '/api/v1';

describe('shops', () => {
  let t: TestApp;
  let admin: Actor;
  beforeAll(async () => {
    t = await startApp();
    admin = await createAdmin(t);
  });
  afterAll(() => t.close());

  const putShop = (maker: Actor, body: Record<string, unknown>) => t.http().put(`${API}/me/shop`).set(maker.auth).send(body);
  const shopBody = (overrides: Record<string, unknown> = {}) => ({
    name: `Шеберхана ${uniqueSuffix()}`,
    region: 'turkestan',
    city: 'Түркістан',
    ...overrides,
  });
  const shopCount = async (ownerId: string): Promise<number> =>
    (await t.db.query('SELECT count(*)::int AS count FROM shops WHERE owner_id = $1', [ownerId]))[0].count;

  describe('PUT /me/shop', () => {
    it("creates the maker's shop with 201, then updates the same shop with 200", async () => {
      const maker = await register(t, ['maker']);
      const created = await putShop(maker, shopBody({ name: 'Алтын ою', bio: { kk: 'Қолөнер', ru: 'Ремесло' } }));
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        id: expect.any(String),
        name: 'Алтын ою',
        slug: expect.stringMatching(/^altyn-oyu/),
        bio: { kk: 'Қолөнер', ru: 'Ремесло' },
        region: 'turkestan',
        city: 'Түркістан',
        status: 'active',
        shippingFee: { amount: 0, currency: 'KZT' },
        freeShippingOver: null,
        association: null,
      });

      const updated = await putShop(maker, shopBody({ name: 'Алтын ою шеберханасы', city: 'Кентау', shippingFee: { amount: 150000, currency: 'KZT' } }));
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({
        id: created.body.id,
        slug: created.body.slug, // a shop's address does not move when it is renamed
        name: 'Алтын ою шеберханасы',
        city: 'Кентау',
        bio: { kk: 'Қолөнер', ru: 'Ремесло' },
        shippingFee: { amount: 150000, currency: 'KZT' },
      });
      expect(await shopCount(maker.id)).toBe(1);

      const mine = await t.http().get(`${API}/me/shop`).set(maker.auth);
      expect(mine.status).toBe(200);
      expect(mine.body).toMatchObject({ id: created.body.id, name: 'Алтын ою шеберханасы' });
    });

    it('makes the slug from a Kazakh or Russian name by transliteration', async () => {
      const kk = await putShop(await register(t, ['maker']), shopBody({ name: 'Қазына шеберханасы' }));
      expect(kk.status).toBe(201);
      expect(kk.body.slug).toMatch(/^qazyna-sheberkhanasy(-\d+)?$/);

      const ru = await putShop(await register(t, ['maker']), shopBody({ name: 'Мастерская «Жібек жолы»' }));
      expect(ru.status).toBe(201);
      expect(ru.body.slug).toMatch(/^masterskaya-zhibek-zholy(-\d+)?$/);

      const shop = await t.http().get(`${API}/shops/${kk.body.slug}`);
      expect(shop.status).toBe(200);
      expect(shop.body).toMatchObject({ id: kk.body.id, name: 'Қазына шеберханасы' });
    });

    it('gives a second shop of the same name a suffixed slug', async () => {
      const name = `Қазына шеберханасы ${uniqueSuffix()}`;
      const first = await putShop(await register(t, ['maker']), shopBody({ name }));
      const second = await putShop(await register(t, ['maker']), shopBody({ name }));
      const third = await putShop(await register(t, ['maker']), shopBody({ name }));
      expect([first.status, second.status, third.status]).toEqual([201, 201, 201]);
      expect(first.body.slug).toMatch(/^qazyna-sheberkhanasy-[a-z0-9]+$/);
      expect(second.body.slug).toBe(`${first.body.slug}-2`);
      expect(third.body.slug).toBe(`${first.body.slug}-3`);
    });

    it('gives shops of the same name distinct slugs even when they are created at the same moment', async () => {
      for (let round = 0; round < 3; round++) {
        const name = `Қазына шеберханасы ${uniqueSuffix()}`;
        const makers = await Promise.all([1, 2, 3, 4].map(() => register(t, ['maker'])));
        const results = await Promise.all(makers.map((maker) => putShop(maker, shopBody({ name }))));
        expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201]);
        expect(new Set(results.map((r) => r.body.slug)).size).toBe(4);
      }
    });

    it('gives an explicit slug claimed by two makers at once to one of them; the other gets 409 slug_taken', async () => {
      const slug = `kilem-${uniqueSuffix()}`;
      const makers = await Promise.all([1, 2].map(() => register(t, ['maker'])));
      const results = await Promise.all(makers.map((maker) => putShop(maker, shopBody({ slug }))));
      expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
      expect(results.find((r) => r.status === 409)!.body.error).toBe('slug_taken');
    });

    it('creates one shop when a maker sends two first PUTs at once (a double click)', async () => {
      for (let round = 0; round < 3; round++) {
        const maker = await register(t, ['maker']);
        const results = await Promise.all([1, 2].map(() => putShop(maker, shopBody({ name: 'Екі рет басылды' }))));
        expect(results.map((r) => r.status).sort()).toEqual([200, 201]);
        expect(results[0].body.id).toBe(results[1].body.id);
        expect(await shopCount(maker.id)).toBe(1);
      }
    });

    it('takes an explicit free slug, and refuses a taken one with 409 slug_taken', async () => {
      const slug = `kilem-${uniqueSuffix()}`;
      const first = await putShop(await register(t, ['maker']), shopBody({ slug }));
      expect(first.status).toBe(201);
      expect(first.body.slug).toBe(slug);

      const maker = await register(t, ['maker']);
      const taken = await putShop(maker, shopBody({ slug }));
      expect(taken.status).toBe(409);
      expect(taken.body.error).toBe('slug_taken');
      expect(await shopCount(maker.id)).toBe(0);
    });

    it('lets the owner repeat their own slug and change it to a free one', async () => {
      const { maker, shop } = await makerWithShop(t);
      const same = await putShop(maker, shopBody({ slug: shop.slug }));
      expect(same.status).toBe(200);
      expect(same.body.slug).toBe(shop.slug);
      const moved = `moved-${uniqueSuffix()}`;
      const changed = await putShop(maker, shopBody({ slug: moved }));
      expect(changed.status).toBe(200);
      expect(changed.body.slug).toBe(moved);
      expect((await t.http().get(`${API}/shops/${moved}`)).status).toBe(200);
      expect((await t.http().get(`${API}/shops/${shop.slug}`)).status).toBe(404);
    });

    it.each([['Bad Slug'], ['ab'], ['-dash-first'], ['double--dash'], ['Қазына'], ['admin'], ['UPPER-case']])(
      'refuses the slug %p with 400',
      async (slug) => {
        const maker = await register(t, ['maker']);
        const res = await putShop(maker, shopBody({ slug }));
        expect(res.status).toBe(400);
        expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'slug' })]));
        expect(await shopCount(maker.id)).toBe(0);
      },
    );

    it('refuses a buyer-only user with 403 and creates nothing', async () => {
      const buyer = await register(t, ['buyer']);
      expect((await putShop(buyer, shopBody())).status).toBe(403);
      expect(await shopCount(buyer.id)).toBe(0);
    });

    it('clears the bio with null, and keeps it when the bio is left out', async () => {
      const maker = await register(t, ['maker']);
      await putShop(maker, shopBody({ name: 'Ою-өрнек', bio: { kk: 'Кесте тігеміз' } })).expect(201);
      const kept = await putShop(maker, shopBody({ name: 'Ою-өрнек' }));
      expect(kept.status).toBe(200);
      expect(kept.body.bio).toEqual({ kk: 'Кесте тігеміз' });
      const cleared = await putShop(maker, shopBody({ name: 'Ою-өрнек', bio: null }));
      expect(cleared.status).toBe(200);
      expect(cleared.body.bio).toEqual({});
    });

    it('keeps shipping prices as money in one currency', async () => {
      const maker = await register(t, ['maker']);
      const created = await putShop(
        maker,
        shopBody({ shippingFee: { amount: 200000, currency: 'KZT' }, freeShippingOver: { amount: 5000000, currency: 'KZT' } }),
      );
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        shippingFee: { amount: 200000, currency: 'KZT' },
        freeShippingOver: { amount: 5000000, currency: 'KZT' },
      });

      const mixed = await putShop(
        maker,
        shopBody({ shippingFee: { amount: 500, currency: 'USD' }, freeShippingOver: { amount: 5000000, currency: 'KZT' } }),
      );
      expect(mixed.status).toBe(422);
      expect(mixed.body.error).toBe('mixed_currencies');

      // A new currency for one price while the other stays in the old one is mixed too.
      const half = await putShop(maker, shopBody({ shippingFee: { amount: 500, currency: 'USD' } }));
      expect(half.status).toBe(422);

      const unchanged = (await t.http().get(`${API}/shops/${created.body.slug}`)).body;
      expect(unchanged).toMatchObject({
        shippingFee: { amount: 200000, currency: 'KZT' },
        freeShippingOver: { amount: 5000000, currency: 'KZT' },
      });

      // Restating both in the new currency, or dropping the threshold, is fine.
      const moved = await putShop(maker, shopBody({ shippingFee: { amount: 500, currency: 'USD' }, freeShippingOver: null }));
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({ shippingFee: { amount: 500, currency: 'USD' }, freeShippingOver: null });
    });

    it.each<[string, Record<string, unknown>]>([
      ['a negative shipping fee', { shippingFee: { amount: -1, currency: 'KZT' } }],
      ['a negative free-shipping threshold', { freeShippingOver: { amount: -100, currency: 'KZT' } }],
      ['a fractional amount', { shippingFee: { amount: 10.5, currency: 'KZT' } }],
      ['an amount as a string', { shippingFee: { amount: '1000', currency: 'KZT' } }],
      ['an unknown currency', { shippingFee: { amount: 1000, currency: 'XXX' } }],
      ['a shipping fee of null', { shippingFee: null }],
      ['a slug of null', { slug: null }],
    ])('refuses %s with 400', async (_, overrides) => {
      const maker = await register(t, ['maker']);
      const res = await putShop(maker, shopBody(overrides));
      expect(res.status).toBe(400);
      expect(await shopCount(maker.id)).toBe(0);
    });

    it.each<[string, Record<string, unknown>]>([
      ['an unknown region', { region: 'atlantis' }],
      ['a name of blanks', { name: '   ' }],
      ['no city', { city: undefined }],
      ['an unknown field', { stripeAccountId: 'acct_1' }],
    ])('refuses %s with 400', async (_, overrides) => {
      const maker = await register(t, ['maker']);
      const res = await putShop(maker, shopBody(overrides));
      expect(res.status).toBe(400);
      expect(await shopCount(maker.id)).toBe(0);
    });
  });

  describe('GET /shops/:slug', () => {
    it('is public and shows the association once the membership is approved, and no longer after a revoke', async () => {
      const { association, assocAdmin } = await associationWithAdmin(t, admin, { commissionRateBps: 1200 });
      const { maker, shop } = await makerWithShop(t);

      const before = await t.http().get(`${API}/shops/${shop.slug}`);
      expect(before.status).toBe(200);
      expect(before.body).toMatchObject({ id: shop.id, slug: shop.slug, association: null });
      expect(JSON.stringify(before.body)).not.toMatch(/ownerId|stripeAccountId|@/);

      const requested = await t.http().post(`${API}/associations/${association.id}/memberships`).set(maker.auth).send({});
      expect((await t.http().get(`${API}/shops/${shop.slug}`)).body.association).toBeNull();

      await t
        .http()
        .post(`${API}/associations/${association.id}/memberships/${requested.body.id}/decision`)
        .set(assocAdmin.auth)
        .send({ decision: 'approve' })
        .expect(200);
      const member = await t.http().get(`${API}/shops/${shop.slug}`);
      expect(member.body.association).toMatchObject({ id: association.id, commissionRateBps: 1200, name: expect.any(Object) });

      await t
        .http()
        .post(`${API}/associations/${association.id}/memberships/${requested.body.id}/revoke`)
        .set(assocAdmin.auth)
        .send({ reason: 'Шеберхана жабылды' })
        .expect(200);
      expect((await t.http().get(`${API}/shops/${shop.slug}`)).body.association).toBeNull();
    });

    it('shows the association on the maker\'s own shop too', async () => {
      const { association, assocAdmin } = await associationWithAdmin(t, admin);
      const { maker } = await makerWithShop(t);
      await joinAssociation(t, maker, association.id, assocAdmin);
      const mine = await t.http().get(`${API}/me/shop`).set(maker.auth);
      expect(mine.body.association).toMatchObject({ id: association.id });
      const updated = await putShop(maker, shopBody());
      expect(updated.body.association).toMatchObject({ id: association.id });
    });

    it('answers an unknown slug with 404, and finds a slug whatever its case', async () => {
      const res = await t.http().get(`${API}/shops/no-such-shop-${uniqueSuffix()}`);
      expect(res.status).toBe(404);
      expect(res.body.error).toBe('not_found');
      const { shop } = await makerWithShop(t);
      expect((await t.http().get(`${API}/shops/${shop.slug.toUpperCase()}`)).body.id).toBe(shop.id);
    });

    it('answers GET /me/shop with 422 before the maker has a shop', async () => {
      const maker = await register(t, ['maker']);
      const res = await t.http().get(`${API}/me/shop`).set(maker.auth);
      expect(res.status).toBe(422);
      expect(res.body.error).toBe('shop_required');
    });
  });
});
