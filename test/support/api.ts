import sharp from 'sharp';
import { TestApp } from './app';

let seq = 0;
/** E-mails unique across test files and runs sharing the database. */
export const uniqueEmail = (tag: string) => `${tag}-${Date.now().toString(36)}-${process.pid}-${++seq}@test.sheber.kz`;
export const uniqueSuffix = () => `${Date.now().toString(36)}${process.pid.toString(36)}${++seq}`;

export const PASSWORD = 'correct-horse-battery';

export interface Actor {
  id: string;
  email: string;
  accessToken: string;
  refreshToken: string;
  auth: { Authorization: string };
}

function actor(body: { user: { id: string; email: string }; accessToken: string; refreshToken: string }): Actor {
  return {
    id: body.user.id,
    email: body.user.email,
    accessToken: body.accessToken,
    refreshToken: body.refreshToken,
    auth: { Authorization: `Bearer ${body.accessToken}` },
  };
}

export async function register(t: TestApp, roles: string[] = ['buyer'], extra: Record<string, unknown> = {}): Promise<Actor> {
  const res = await t
    .http()
    .post('/api/v1/auth/register')
    .send({ email: uniqueEmail(roles.join('-')), password: PASSWORD, name: 'Тест Қолданушы', roles, ...extra });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  return actor(res.body);
}

/** An admin made the way an operator would: the UsersService (as BOOTSTRAP_ADMIN does), then a real login. */
export async function createAdmin(t: TestApp): Promise<Actor> {
  const { UsersService } = await import('../../src/identity/users.service');
  const email = uniqueEmail('admin');
  await t.app.get(UsersService).create({ email, password: PASSWORD, name: 'Admin', locale: 'ru', roles: ['admin'] });
  const res = await t.http().post('/api/v1/auth/login').send({ email, password: PASSWORD });
  if (res.status !== 200) throw new Error(`admin login failed: ${res.status}`);
  return actor(res.body);
}

/** Logs in again to pick up a fresh token (roles are read per request, so this is rarely needed). */
export async function login(t: TestApp, email: string): Promise<Actor> {
  const res = await t.http().post('/api/v1/auth/login').send({ email, password: PASSWORD });
  if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
  return actor(res.body);
}

export async function createAssociation(t: TestApp, admin: Actor, overrides: Record<string, unknown> = {}) {
  const res = await t
    .http()
    .post('/api/v1/associations')
    .set(admin.auth)
    .send({
      name: { kk: `Шеберлер қауымдастығы ${uniqueSuffix()}`, ru: 'Ассоциация мастеров', en: 'Crafts Association' },
      region: 'turkestan',
      city: 'Түркістан',
      commissionRateBps: 1000,
      ...overrides,
    });
  if (res.status !== 201) throw new Error(`create association failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; commissionRateBps: number };
}

/** An association with its own association_admin. */
export async function associationWithAdmin(t: TestApp, admin: Actor, overrides: Record<string, unknown> = {}) {
  const association = await createAssociation(t, admin, overrides);
  const assocAdmin = await register(t, ['buyer']);
  const grant = await t
    .http()
    .post(`/api/v1/admin/users/${assocAdmin.id}/roles`)
    .set(admin.auth)
    .send({ roles: ['association_admin'], associationId: association.id });
  if (grant.status !== 200) throw new Error(`grant failed: ${grant.status} ${JSON.stringify(grant.body)}`);
  return { association, assocAdmin };
}

export async function makerWithShop(t: TestApp, shop: Record<string, unknown> = {}) {
  const maker = await register(t, ['maker']);
  const res = await t
    .http()
    .put('/api/v1/me/shop')
    .set(maker.auth)
    .send({ name: `Шеберхана ${uniqueSuffix()}`, region: 'turkestan', city: 'Түркістан', ...shop });
  if (res.status !== 201) throw new Error(`shop failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { maker, shop: res.body as { id: string; slug: string } };
}

/** A maker approved into an association by its admin. */
export async function joinAssociation(t: TestApp, maker: Actor, associationId: string, assocAdmin: Actor) {
  const requested = await t.http().post(`/api/v1/associations/${associationId}/memberships`).set(maker.auth).send({});
  if (requested.status !== 201) throw new Error(`membership failed: ${requested.status} ${JSON.stringify(requested.body)}`);
  const decided = await t
    .http()
    .post(`/api/v1/associations/${associationId}/memberships/${requested.body.id}/decision`)
    .set(assocAdmin.auth)
    .send({ decision: 'approve' });
  if (decided.status !== 200) throw new Error(`approve failed: ${decided.status} ${JSON.stringify(decided.body)}`);
  return decided.body;
}

let categoryIds: Record<string, string> | undefined;
export async function categoryId(t: TestApp, slug: string): Promise<string> {
  if (!categoryIds) {
    const rows: { id: string; slug: string }[] = await t.db.query('SELECT id, slug FROM categories');
    categoryIds = Object.fromEntries(rows.map((r) => [r.slug, r.id]));
  }
  const id = categoryIds[slug];
  if (!id) throw new Error(`no category ${slug}`);
  return id;
}

export function listingBody(overrides: Record<string, unknown> = {}, variants?: unknown[]) {
  return {
    title: { kk: 'Қолдан тоқылған сырмақ', ru: 'Войлочный сырмак ручной работы', en: 'Handmade felt syrmak' },
    description: {
      kk: 'Түркістан шеберлерінің қой жүнінен жасалған сырмағы.',
      ru: 'Сырмак из овечьей шерсти от мастеров Туркестана.',
      en: 'A syrmak of sheep wool by Turkestan makers.',
    },
    materials: ['қой жүні'],
    variants: variants ?? [{ sku: `SYR-${uniqueSuffix()}`, options: { size: '2×3 м' }, price: { amount: 4500000, currency: 'KZT' }, stock: 3 }],
    ...overrides,
  };
}

export async function createListing(t: TestApp, maker: Actor, body: Record<string, unknown>) {
  const res = await t.http().post('/api/v1/listings').set(maker.auth).send(body);
  if (res.status !== 201) throw new Error(`create listing failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; status: string; variants: { id: string; sku: string }[] };
}

let photo: Promise<Buffer> | undefined;
/** A small real PNG (made once with sharp): a listing needs a photo before it can be submitted. */
export const testPhoto = () => (photo ??= sharp({ create: { width: 16, height: 12, channels: 3, background: { r: 150, g: 60, b: 40 } } }).png().toBuffer());

/** Uploads the test photo to a listing. */
export async function addPhoto(t: TestApp, maker: Actor, listingId: string) {
  const res = await t
    .http()
    .post(`/api/v1/listings/${listingId}/images`)
    .set(maker.auth)
    .attach('file', await testPhoto(), { filename: 'photo.png', contentType: 'image/png' });
  if (res.status !== 201) throw new Error(`image upload failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string };
}

/** Create (with a photo) → submit → approve by a moderator: a listing in the catalogue. */
export async function publishedListing(t: TestApp, maker: Actor, moderator: Actor, body: Record<string, unknown>) {
  const listing = await createListing(t, maker, body);
  await addPhoto(t, maker, listing.id);
  const submitted = await t.http().post(`/api/v1/listings/${listing.id}/submit`).set(maker.auth);
  if (submitted.status !== 200) throw new Error(`submit failed: ${submitted.status} ${JSON.stringify(submitted.body)}`);
  const approved = await t.http().post(`/api/v1/moderation/listings/${listing.id}/decision`).set(moderator.auth).send({ decision: 'approve' });
  if (approved.status !== 200) throw new Error(`approve failed: ${approved.status} ${JSON.stringify(approved.body)}`);
  return approved.body as { id: string; status: string };
}

// ---------- associations, shops and moderation scope (helpers of their suites)

/** An admin grants roles to a user; scoped roles act for `associationId` (a moderator without one is a platform moderator). */
export async function grantScopedRoles(t: TestApp, admin: Actor, user: Actor, roles: string[], associationId?: string) {
  const res = await t
    .http()
    .post(`/api/v1/admin/users/${user.id}/roles`)
    .set(admin.auth)
    .send(associationId ? { roles, associationId } : { roles });
  if (res.status !== 200) throw new Error(`grant failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; roles: string[]; associationId: string | null };
}

/** A new user who moderates one association's members, or (without an association) the whole platform. */
export async function moderatorOf(t: TestApp, admin: Actor, associationId?: string): Promise<Actor> {
  const moderator = await register(t, ['buyer']);
  await grantScopedRoles(t, admin, moderator, ['moderator'], associationId);
  return moderator;
}

/** Create (with a photo) → submit: a listing waiting in the review queue. */
export async function listingUnderReview(t: TestApp, maker: Actor, overrides: Record<string, unknown> = {}) {
  const listing = await createListing(t, maker, listingBody({ categoryId: await categoryId(t, 'syrmak'), ...overrides }));
  await addPhoto(t, maker, listing.id);
  const submitted = await t.http().post(`/api/v1/listings/${listing.id}/submit`).set(maker.auth);
  if (submitted.status !== 200) throw new Error(`submit failed: ${submitted.status} ${JSON.stringify(submitted.body)}`);
  return submitted.body as { id: string; status: string };
}

/** A platform moderator (the moderator role with no association), granted by a fresh admin. */
export async function platformModerator(t: TestApp, admin?: Actor): Promise<Actor> {
  const granter = admin ?? (await createAdmin(t));
  const moderator = await register(t, ['buyer']);
  const grant = await t.http().post(`/api/v1/admin/users/${moderator.id}/roles`).set(granter.auth).send({ roles: ['moderator'] });
  if (grant.status !== 200) throw new Error(`moderator grant failed: ${grant.status} ${JSON.stringify(grant.body)}`);
  return moderator;
}

/** What the database holds for one listing: the row, its variants and images (for before/after comparisons). */
export async function listingSnapshot(t: TestApp, listingId: string) {
  const [listing] = await t.db.query('SELECT * FROM listings WHERE id = $1', [listingId]);
  const variants = await t.db.query('SELECT * FROM listing_variants WHERE listing_id = $1 ORDER BY id', [listingId]);
  const images = await t.db.query('SELECT * FROM listing_images WHERE listing_id = $1 ORDER BY id', [listingId]);
  return { listing, variants, images };
}

/** Row counts of a shop's catalogue tables (listings, variants, images). */
export async function shopCounts(t: TestApp, shopId: string) {
  const [row] = await t.db.query(
    `SELECT (SELECT count(*)::int FROM listings WHERE shop_id = $1) AS listings,
            (SELECT count(*)::int FROM listing_variants WHERE shop_id = $1) AS variants,
            (SELECT count(*)::int FROM listing_images i JOIN listings l ON l.id = i.listing_id WHERE l.shop_id = $1) AS images`,
    [shopId],
  );
  return row as { listings: number; variants: number; images: number };
}

/** Every item of a paged list (`{items, nextCursor}`) as `actor` sees it, walking the cursor (at most 100 pages of 100). */
export async function allPages<T>(t: TestApp, actor: Actor, path: string, query: Record<string, string | number> = {}): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res: { status: number; body: { items: T[]; nextCursor: string | null } } = await t
      .http()
      .get(path)
      .query({ limit: 100, ...query, ...(cursor ? { cursor } : {}) })
      .set(actor.auth);
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor && ++pages < 100);
  return items;
}
