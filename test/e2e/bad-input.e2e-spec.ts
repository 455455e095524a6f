import type { Response } from 'supertest';
import { TestApp, startApp } from '../support/app';
import {
  Actor,
  categoryId,
  createListing,
  listingBody,
  listingSnapshot,
  makerWithShop,
  platformModerator,
  shopCounts,
  uniqueSuffix,
} from '../support/api';

/**
 * Bad requests to the catalogue: each gets its documented 4xx in the error shape
 * {statusCode, error, message, details?}, leaks nothing of the server's insides, and
 * leaves the database as it was.
 */
describe('bad input to the catalogue', () => {
  let t: TestApp;
  let maker: Actor;
  let shop: { id: string; slug: string };
  let syrmak: string;
  let draft: { id: string; variants: { id: string; sku: string }[] };

  beforeAll(async () => {
    t = await startApp();
    ({ maker, shop } = await makerWithShop(t));
    syrmak = await categoryId(t, 'syrmak');
    draft = await createListing(t, maker, listingBody({ categoryId: syrmak }));
  });
  afterAll(() => t.close());

  const variant = (overrides: Record<string, unknown> = {}) => ({
    sku: `V-${uniqueSuffix()}`,
    price: { amount: 1_500_000, currency: 'KZT' },
    stock: 2,
    ...overrides,
  });
  const body = (overrides: Record<string, unknown> = {}, variants?: unknown[]) =>
    listingBody({ categoryId: syrmak, ...overrides }, variants ?? [variant()]);

  /** The documented error shape, and nothing of the server's insides (stack frames, SQL, driver errors). */
  function expectCleanError(res: Response, status: number, error?: string) {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(Object.keys(res.body).sort()).toEqual(expect.arrayContaining(['error', 'message', 'statusCode']));
    expect(Object.keys(res.body).every((k) => ['statusCode', 'error', 'message', 'details'].includes(k))).toBe(true);
    expect(res.body.statusCode).toBe(status);
    expect(res.body.error).toMatch(/^[a-z_]+$/);
    expect(typeof res.body.message).toBe('string');
    if (error) expect(res.body.error).toBe(error);
    const text = res.text;
    expect(text).not.toMatch(/\bat [\w.<>]+ \(|\n\s+at |\.ts:\d+|node_modules/);
    expect(text).not.toMatch(/\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM)\b/);
    expect(text).not.toMatch(/QueryFailedError|duplicate key|violates|constraint "|TypeError|Cannot read prop/);
  }
  const fields = (res: Response) => (res.body.details as { field: string }[]).map((d) => d.field).sort();

  /** Runs a request and checks that the shop's listings, variants, images and the draft are unchanged. */
  async function unchanged(send: () => Promise<Response>): Promise<Response> {
    const counts = await shopCounts(t, shop.id);
    const before = await listingSnapshot(t, draft.id);
    const res = await send();
    expect(await shopCounts(t, shop.id)).toEqual(counts);
    expect(await listingSnapshot(t, draft.id)).toEqual(before);
    return res;
  }
  const create = (payload: unknown) => unchanged(() => t.http().post('/api/v1/listings').set(maker.auth).send(payload as object));
  const patch = (payload: unknown) => unchanged(() => t.http().patch(`/api/v1/listings/${draft.id}`).set(maker.auth).send(payload as object));

  describe('unknown fields', () => {
    it('are refused with 400 naming the field, at the top level and nested', async () => {
      const top = await create({ ...body(), colour: 'қызыл' });
      expectCleanError(top, 400, 'validation_failed');
      expect(fields(top)).toEqual(['colour']);

      const nested = await create(body({}, [variant({ weight: 3 })]));
      expectCleanError(nested, 400, 'validation_failed');
      expect(fields(nested)).toEqual(['variants.0.weight']);

      const language = await create(body({ title: { kk: 'Сырмақ', de: 'Teppich' } }));
      expectCleanError(language, 400, 'validation_failed');
      expect(fields(language)).toEqual(['title.de']);

      // The server-side fields of a listing cannot be set by the client either.
      const status = await create({ ...body(), status: 'published' });
      expectCleanError(status, 400, 'validation_failed');
      expect(fields(status)).toEqual(['status']);

      const edit = await patch({ status: 'published', shopId: shop.id });
      expectCleanError(edit, 400, 'validation_failed');
      expect(fields(edit)).toEqual(['shopId', 'status']);
    });
  });

  describe('prices and stock', () => {
    it.each([
      ['a negative price', { price: { amount: -100, currency: 'KZT' } }, 'variants.0.price.amount'],
      ['price 0', { price: { amount: 0, currency: 'KZT' } }, 'variants.0.price.amount'],
      ['a fractional price', { price: { amount: 1500.5, currency: 'KZT' } }, 'variants.0.price.amount'],
      ['a price as a string', { price: { amount: '1500', currency: 'KZT' } }, 'variants.0.price.amount'],
      ['a price beyond 2^53', { price: { amount: 2 ** 60, currency: 'KZT' } }, 'variants.0.price.amount'],
      ['a price without amount', { price: { currency: 'KZT' } }, 'variants.0.price.amount'],
      ['currency XYZ', { price: { amount: 1500, currency: 'XYZ' } }, 'variants.0.price.currency'],
      ['currency kzt (lower case)', { price: { amount: 1500, currency: 'kzt' } }, 'variants.0.price.currency'],
      ['stock -1', { stock: -1 }, 'variants.0.stock'],
      ['fractional stock', { stock: 1.5 }, 'variants.0.stock'],
      ['a lower-case Cyrillic SKU', { sku: 'кілем-1' }, 'variants.0.sku'],
    ])('refuses %s with 400 naming the field, on create and on edit', async (_name, overrides, field) => {
      const created = await create(body({}, [variant(overrides)]));
      expectCleanError(created, 400, 'validation_failed');
      expect(fields(created)).toEqual([field]);

      // The same variant as an edit of an existing one, and as a new one.
      const existing = await patch({ variants: [{ sku: draft.variants[0].sku, ...overrides }] });
      expectCleanError(existing, 400, 'validation_failed');
      const added = await patch({ variants: [variant(overrides)] });
      expectCleanError(added, 400, 'validation_failed');
      expect(fields(added)).toEqual([field]);
    });

    it('refuses variants in more than one currency with 422', async () => {
      const res = await create(body({}, [variant(), variant({ price: { amount: 1500, currency: 'USD' } })]));
      expectCleanError(res, 422, 'mixed_currencies');
      // An edit cannot bring a second currency into a listing either.
      const edit = await patch({ variants: [{ sku: draft.variants[0].sku, price: { amount: 1500, currency: 'USD' } }] });
      expectCleanError(edit, 422);
    });

    it('refuses a listing without variants, or with too many', async () => {
      const none = await create(body({}, []));
      expectCleanError(none, 400, 'validation_failed');
      expect(fields(none)).toEqual(['variants']);
      const many = await create(body({}, Array.from({ length: 51 }, () => variant())));
      expectCleanError(many, 400, 'validation_failed');
      expect(fields(many)).toEqual(['variants']);
    });
  });

  describe('shape of the request', () => {
    it('refuses missing required fields with 400 naming each', async () => {
      const empty = await create({});
      expectCleanError(empty, 400, 'validation_failed');
      expect(new Set(fields(empty))).toEqual(new Set(['title', 'categoryId', 'variants']));

      const emptyVariant = await create(body({}, [{}]));
      expectCleanError(emptyVariant, 400, 'validation_failed');
      expect(new Set(fields(emptyVariant))).toEqual(new Set(['variants.0.sku', 'variants.0.price', 'variants.0.stock']));

      const noKkOrRu = await create(body({ title: { en: 'Only English' } }));
      expectCleanError(noKkOrRu, 400, 'validation_failed');
      expect(fields(noKkOrRu)).toEqual(['title']);

      const wrongTypes = await create({ ...body(), title: 'Сырмақ', materials: 'жүн', madeToOrder: 'yes' });
      expectCleanError(wrongTypes, 400, 'validation_failed');
      expect(fields(wrongTypes)).toEqual(expect.arrayContaining(['title', 'materials', 'madeToOrder']));
    });

    it('refuses malformed JSON with 400', async () => {
      const res = await unchanged(() =>
        t.http().post('/api/v1/listings').set(maker.auth).set('Content-Type', 'application/json').send('{"title": {"kk": "Сырмақ"'),
      );
      expectCleanError(res, 400);
      const trailing = await unchanged(() =>
        t.http().patch(`/api/v1/listings/${draft.id}`).set(maker.auth).set('Content-Type', 'application/json').send('{"materials": ["жүн",]}'),
      );
      expectCleanError(trailing, 400);
      const empty = await unchanged(() => t.http().post('/api/v1/listings').set(maker.auth).set('Content-Type', 'application/json').send(''));
      expectCleanError(empty, 400);
    });

    it('refuses a JSON array or a bare value as the body with 400', async () => {
      const array = await unchanged(() => t.http().post('/api/v1/listings').set(maker.auth).set('Content-Type', 'application/json').send('[]'));
      expectCleanError(array, 400);
      const value = await unchanged(() => t.http().post('/api/v1/listings').set(maker.auth).set('Content-Type', 'application/json').send('42'));
      expectCleanError(value, 400);
    });

    it('refuses a 2 MB JSON body with 413', async () => {
      const huge = body({ description: { kk: 'ж'.repeat(1024), ru: 'ш'.repeat(1024), en: 'x'.repeat(2 * 1024 * 1024) } });
      const res = await create(huge);
      expectCleanError(res, 413, 'payload_too_large');
      const edit = await patch({ materials: Array.from({ length: 20 }, () => 'ж'.repeat(60_000)) });
      expectCleanError(edit, 413, 'payload_too_large');
    });

    it('refuses a body that is not JSON with 415, plain text included', async () => {
      const xml = await unchanged(() => t.http().post('/api/v1/listings').set(maker.auth).set('Content-Type', 'application/xml').send('<listing/>'));
      expectCleanError(xml, 415);
      const text = await unchanged(() => t.http().post('/api/v1/listings').set(maker.auth).set('Content-Type', 'text/plain').send('title=Сырмақ'));
      expectCleanError(text, 415, 'unsupported_media_type');
    });

    it('refuses too long texts with 400', async () => {
      const res = await create(body({ title: { kk: 'С'.repeat(201) }, description: { ru: 'ш'.repeat(5001) } }));
      expectCleanError(res, 400, 'validation_failed');
      expect(fields(res)).toEqual(['description.ru', 'title.kk']);
    });
  });

  describe('ids', () => {
    it('refuses a non-UUID id in the path with 400', async () => {
      const requests = [
        () => t.http().get('/api/v1/listings/not-a-uuid'),
        () => t.http().get("/api/v1/listings/1' OR '1'='1"),
        () => t.http().patch('/api/v1/listings/123').set(maker.auth).send({ materials: ['жүн'] }),
        () => t.http().post('/api/v1/listings/abc/submit').set(maker.auth),
        () => t.http().post('/api/v1/listings/abc/archive').set(maker.auth),
        () => t.http().delete(`/api/v1/listings/${draft.id}/variants/xyz`).set(maker.auth),
        () => t.http().post('/api/v1/listings/abc/images').set(maker.auth).attach('file', Buffer.from('x'), 'photo.jpg'),
      ];
      for (const send of requests) expectCleanError(await unchanged(send), 400);
    });

    it('refuses an unknown categoryId with 422, on create and on edit', async () => {
      const unknown = '00000000-0000-4000-8000-000000000000';
      const res = await create(body({ categoryId: unknown }));
      expectCleanError(res, 422, 'unknown_category');
      expect(fields(res)).toEqual(['categoryId']);
      const edit = await patch({ categoryId: unknown });
      expectCleanError(edit, 422, 'unknown_category');

      const notUuid = await create(body({ categoryId: 'syrmak' }));
      expectCleanError(notUuid, 400, 'validation_failed');
      expect(fields(notUuid)).toEqual(['categoryId']);
    });

    it('answers an unknown listing with 404', async () => {
      const res = await unchanged(() => t.http().patch('/api/v1/listings/00000000-0000-4000-8000-000000000000').set(maker.auth).send({ materials: ['жүн'] }));
      expectCleanError(res, 404, 'not_found');
    });
  });

  describe('search parameters', () => {
    it.each([
      [{ limit: 101 }, 'limit'],
      [{ limit: -1 }, 'limit'],
      [{ minPrice: 'cheap' }, 'minPrice'],
      [{ sort: 'random' }, 'sort'],
      [{ currency: 'kzt' }, 'currency'],
      [{ inStock: 'yes' }, 'inStock'],
      [{ region: 'mars' }, 'region'],
      [{ colour: 'red' }, 'colour'],
    ])('refuses %j with 400 naming the parameter', async (query, field) => {
      const res = await t.http().get('/api/v1/listings').query(query);
      expectCleanError(res, 400, 'validation_failed');
      expect(fields(res)).toEqual([field]);
    });

    it('refuses a forged cursor on my listings and on the review queue with 400', async () => {
      const moderator = await platformModerator(t);
      const forged = [
        Buffer.from(JSON.stringify(['yesterday', 'someone'])).toString('base64url'),
        Buffer.from(JSON.stringify([12, 34])).toString('base64url'),
        Buffer.from(JSON.stringify(['2025-01-01T00:00:00.000Z', "x' OR '1'='1"])).toString('base64url'),
        'definitely not a cursor',
      ];
      for (const cursor of forged) {
        expectCleanError(await t.http().get('/api/v1/me/listings').query({ cursor }).set(maker.auth), 400);
        expectCleanError(await t.http().get('/api/v1/moderation/queue').query({ cursor }).set(moderator.auth), 400);
      }
      // A real cursor still works.
      await createListing(t, maker, listingBody({ categoryId: syrmak }));
      const first = await t.http().get('/api/v1/me/listings').query({ limit: 1 }).set(maker.auth);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      await t.http().get('/api/v1/me/listings').query({ limit: 1, cursor: first.body.nextCursor }).set(maker.auth).expect(200);
    });

    it('refuses a bad cursor with 400, without leaking SQL', async () => {
      const cursor = Buffer.from(JSON.stringify(["'; DROP TABLE listings; --", 'x'])).toString('base64url');
      for (const sort of ['newest', 'price_asc', 'price_desc']) {
        expectCleanError(await t.http().get('/api/v1/listings').query({ sort, cursor }), 400);
      }
    });
  });
});
