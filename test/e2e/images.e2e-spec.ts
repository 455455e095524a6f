import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { TestApp, startApp } from '../support/app';
import { Actor, categoryId, createListing, listingBody, listingSnapshot, makerWithShop, platformModerator, publishedListing, register } from '../support/api';

const UPLOAD_MAX_BYTES = 200_000;
const LISTING_MAX_IMAGES = 3;

/** A real image of the given format, made here with sharp. */
function image(format: 'jpeg' | 'png' | 'webp', width = 64, height = 48) {
  const base = sharp({ create: { width, height, channels: 3, background: { r: 180, g: 40, b: 30 } } });
  return (format === 'jpeg' ? base.jpeg() : format === 'png' ? base.png() : base.webp()).toBuffer();
}

/** Every file under the listing's folder of the storage directory. */
function storedFiles(listingId: string): string[] {
  const dir = join(process.env.STORAGE_DIR!, 'listings', listingId);
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

/** Every file under the storage directory (to check that a refused upload leaves nothing anywhere). */
function allStoredFiles(dir = process.env.STORAGE_DIR!): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? allStoredFiles(join(dir, e.name)) : [join(dir, e.name)]));
}

describe('listing images', () => {
  let t: TestApp;
  let moderator: Actor;
  let syrmak: string;

  beforeAll(async () => {
    t = await startApp({ UPLOAD_MAX_BYTES: String(UPLOAD_MAX_BYTES), LISTING_MAX_IMAGES: String(LISTING_MAX_IMAGES) });
    moderator = await platformModerator(t);
    syrmak = await categoryId(t, 'syrmak');
  });
  afterAll(() => t.close());

  const upload = (who: Actor, listingId: string, data: Buffer, filename = 'photo.jpg', contentType = 'image/jpeg') =>
    t.http().post(`/api/v1/listings/${listingId}/images`).set(who.auth).attach('file', data, { filename, contentType });
  const newListing = async () => {
    const { maker } = await makerWithShop(t);
    const listing = await createListing(t, maker, listingBody({ categoryId: syrmak }));
    return { maker, listing };
  };
  const imageRows = async (listingId: string) =>
    (await t.db.query('SELECT count(*)::int AS count FROM listing_images WHERE listing_id = $1', [listingId]))[0].count as number;

  it.each([
    ['jpeg', 'photo.jpg', 'image/jpeg'],
    ['png', 'photo.png', 'image/png'],
    ['webp', 'photo.webp', 'image/webp'],
  ] as const)('takes a %s image: 201 with url and thumbnailUrl that serve the image', async (format, filename, contentType) => {
    const { maker, listing } = await newListing();
    const res = await upload(maker, listing.id, await image(format, 64, 48), filename, contentType);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      url: expect.stringMatching(/^\/media\//),
      thumbnailUrl: expect.stringMatching(/^\/media\//),
      width: 64,
      height: 48,
      contentType,
    });

    const full = await t.http().get(res.body.url).buffer(true);
    expect(full.status).toBe(200);
    expect(full.headers['content-type']).toBe(contentType);
    expect((await sharp(full.body).metadata()).format).toBe(format);

    const thumb = await t.http().get(res.body.thumbnailUrl).buffer(true);
    expect(thumb.status).toBe(200);
    expect(thumb.headers['content-type']).toMatch(/^image\//);
    expect((await sharp(thumb.body).metadata()).format).toBe('webp');

    const view = await t.http().get(`/api/v1/listings/${listing.id}`).set(maker.auth);
    expect(view.body.images).toEqual([res.body]);
    expect(await imageRows(listing.id)).toBe(1);
  });

  it('lists images in upload order, and the catalogue card shows the first', async () => {
    const { maker, listing } = await newListing();
    const first = await upload(maker, listing.id, await image('png', 30, 20), 'a.png', 'image/png');
    const second = await upload(maker, listing.id, await image('jpeg', 20, 30));
    expect([first.status, second.status]).toEqual([201, 201]);
    await t.http().post(`/api/v1/listings/${listing.id}/submit`).set(maker.auth).expect(200);
    await t.http().post(`/api/v1/moderation/listings/${listing.id}/decision`).set(moderator.auth).send({ decision: 'approve' }).expect(200);

    const view = await t.http().get(`/api/v1/listings/${listing.id}`);
    expect(view.body.images.map((i: { id: string }) => i.id)).toEqual([first.body.id, second.body.id]);
    const card = (await t.http().get('/api/v1/listings').query({ shop: view.body.shop.id })).body.items[0];
    expect(card.image).toEqual({ url: first.body.url, thumbnailUrl: first.body.thumbnailUrl });
  });

  it('refuses a text file named photo.jpg sent as image/jpeg with 415, recording and storing nothing', async () => {
    const { maker, listing } = await newListing();
    const filesBefore = allStoredFiles();
    const before = await listingSnapshot(t, listing.id);
    const res = await upload(maker, listing.id, Buffer.from('This is not a photo, just some text.\n'.repeat(20)));
    expect(res.status).toBe(415);
    expect(res.body).toMatchObject({ statusCode: 415, error: 'unsupported_image_type', message: expect.any(String) });
    expect(await listingSnapshot(t, listing.id)).toEqual(before);
    expect(storedFiles(listing.id)).toEqual([]);
    expect(allStoredFiles()).toEqual(filesBefore);

    // Other formats that an image library can read are refused too (here: a GIF).
    const gif = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } }).gif().toBuffer();
    const gifRes = await upload(maker, listing.id, gif, 'anim.jpg', 'image/jpeg');
    expect(gifRes.status).toBe(415);
    expect(await imageRows(listing.id)).toBe(0);
  });

  it(`refuses a file larger than UPLOAD_MAX_BYTES with 413, recording and storing nothing`, async () => {
    const { maker, listing } = await newListing();
    // Noise does not compress: a real PNG well over the limit.
    const noise = Buffer.alloc(400 * 400 * 3);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 7919 + (i >> 3) * 104729) % 251;
    const big = await sharp(noise, { raw: { width: 400, height: 400, channels: 3 } }).png({ compressionLevel: 0 }).toBuffer();
    expect(big.length).toBeGreaterThan(UPLOAD_MAX_BYTES);
    const filesBefore = allStoredFiles();

    const res = await upload(maker, listing.id, big, 'big.png', 'image/png');
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ statusCode: 413, error: 'file_too_large', message: expect.any(String) });
    expect(await imageRows(listing.id)).toBe(0);
    expect(allStoredFiles()).toEqual(filesBefore);
  });

  it('lets no other maker upload to my listing (404 on a draft, 403 on a published one)', async () => {
    const { maker, listing } = await newListing();
    const other = await makerWithShop(t);
    const published = await publishedListing(t, maker, moderator, listingBody({ categoryId: syrmak })); // with the maker's own photo
    const filesBefore = allStoredFiles();
    const draft = await upload(other.maker, listing.id, await image('jpeg'));
    expect(draft.status).toBe(404);

    const live = await upload(other.maker, published.id, await image('jpeg'));
    expect(live.status).toBe(403);
    expect(live.body.error).toBe('forbidden');

    const buyer = await register(t, ['buyer']);
    expect((await upload(buyer, listing.id, await image('jpeg'))).status).toBe(403);
    expect((await t.http().post(`/api/v1/listings/${listing.id}/images`).attach('file', await image('jpeg'), 'p.jpg')).status).toBe(401);

    expect(await imageRows(listing.id)).toBe(0);
    expect(await imageRows(published.id)).toBe(1);
    expect(allStoredFiles()).toEqual(filesBefore);
  });

  it(`refuses image number ${LISTING_MAX_IMAGES + 1} with 422, leaving no file behind`, async () => {
    const { maker, listing } = await newListing();
    for (let i = 0; i < LISTING_MAX_IMAGES; i++) {
      expect((await upload(maker, listing.id, await image('jpeg', 40 + i, 30))).status).toBe(201);
    }
    const files = storedFiles(listing.id);
    expect(files).toHaveLength(LISTING_MAX_IMAGES * 2);

    const res = await upload(maker, listing.id, await image('png'), 'one-more.png', 'image/png');
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ statusCode: 422, error: 'too_many_images' });
    expect(await imageRows(listing.id)).toBe(LISTING_MAX_IMAGES);
    expect(storedFiles(listing.id)).toEqual(files);

    // Removing one makes room again, and removes its files.
    const view = await t.http().get(`/api/v1/listings/${listing.id}`).set(maker.auth);
    const [gone] = view.body.images;
    await t.http().delete(`/api/v1/listings/${listing.id}/images/${gone.id}`).set(maker.auth).expect(204);
    expect(storedFiles(listing.id)).toHaveLength(LISTING_MAX_IMAGES * 2 - 2);
    await t.http().get(gone.url).expect(404);
    expect((await upload(maker, listing.id, await image('png'), 'one-more.png', 'image/png')).status).toBe(201);
  });

  it('keeps the image limit when uploads arrive at the same moment', async () => {
    const { maker, listing } = await newListing();
    const results = await Promise.all(
      Array.from({ length: LISTING_MAX_IMAGES + 2 }, async (_, i) => upload(maker, listing.id, await image('jpeg', 30 + i, 30))),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(LISTING_MAX_IMAGES);
    expect(results.filter((r) => r.status === 422)).toHaveLength(2);
    expect(await imageRows(listing.id)).toBe(LISTING_MAX_IMAGES);
    expect(storedFiles(listing.id)).toHaveLength(LISTING_MAX_IMAGES * 2);
    const positions = await t.db.query('SELECT position FROM listing_images WHERE listing_id = $1 ORDER BY position', [listing.id]);
    expect(positions.map((p: { position: number }) => p.position)).toEqual([0, 1, 2]);
  });

  it('strips EXIF metadata (camera, GPS) from the stored JPEG and applies its orientation', async () => {
    const { maker, listing } = await newListing();
    const withExif = await sharp({ create: { width: 60, height: 40, channels: 3, background: { r: 10, g: 120, b: 200 } } })
      .jpeg()
      .withExif({ IFD0: { Make: 'SheberCam', Model: 'Secret Model X', Copyright: 'PRIVATE-OWNER-NAME' }, IFD3: { GPSLatitudeRef: 'N' } })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const original = await sharp(withExif).metadata();
    expect(original.exif).toBeDefined();
    expect(withExif.includes('PRIVATE-OWNER-NAME')).toBe(true);

    const res = await upload(maker, listing.id, withExif);
    expect(res.status).toBe(201);
    // Orientation 6 means "rotate 90°": the stored image is upright, 40 × 60.
    expect(res.body).toMatchObject({ width: 40, height: 60, contentType: 'image/jpeg' });

    const [row] = await t.db.query('SELECT path, thumbnail_path FROM listing_images WHERE id = $1', [res.body.id]);
    for (const path of [row.path, row.thumbnail_path]) {
      const stored = readFileSync(join(process.env.STORAGE_DIR!, path));
      const meta = await sharp(stored).metadata();
      expect(meta.exif).toBeUndefined();
      expect(meta.orientation).toBeUndefined();
      expect(stored.includes('PRIVATE-OWNER-NAME')).toBe(false);
      expect(stored.includes('SheberCam')).toBe(false);
    }
    // And what is served is the stripped file.
    const served = await t.http().get(res.body.url).buffer(true);
    expect((await sharp(served.body).metadata()).exif).toBeUndefined();
  });

  it('downsizes a very large image to at most 2400 px', async () => {
    const { maker, listing } = await newListing();
    const wide = await image('png', 3000, 20);
    const res = await upload(maker, listing.id, wide, 'wide.png', 'image/png');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ width: 2400, height: 16 });
  });

  it('needs multipart with a field named "file"', async () => {
    const { maker, listing } = await newListing();
    const json = await t.http().post(`/api/v1/listings/${listing.id}/images`).set(maker.auth).send({ file: 'aGVsbG8=' });
    expect(json.status).toBe(400);
    const wrongField = await t
      .http()
      .post(`/api/v1/listings/${listing.id}/images`)
      .set(maker.auth)
      .attach('photo', await image('jpeg'), { filename: 'p.jpg', contentType: 'image/jpeg' });
    expect(wrongField.status).toBe(400);
    expect(wrongField.body.error).toBe('file_required');
    expect(await imageRows(listing.id)).toBe(0);
    expect(storedFiles(listing.id)).toEqual([]);
  });
});
