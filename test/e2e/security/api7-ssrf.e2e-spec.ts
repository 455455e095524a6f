import { INestApplicationContext } from '@nestjs/common';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { startApp, startWorker, TestApp } from '../../support/app';
import { isolatedEnv } from '../../support/isolated';
import { categoryId, createListing, listingBody, makerWithShop, testPhoto } from '../../support/api';
import { eventually } from '../../support/eventually';
import { buyer, KZ_ADDRESS, placeOrder, shippingTo, variantForSale } from '../../support/orders';

/**
 * OWASP API7 (server-side request forgery). No request field takes a URL (the OpenAPI
 * request schemas say so, and unknown fields such as `imageUrl` are refused), and URLs
 * written into free text are stored as text and never fetched: a local HTTP server
 * started here records no request, from the API or from the worker that renders those
 * texts into notifications.
 */

type Schema = { $ref?: string; format?: string; properties?: Record<string, Schema>; items?: Schema; allOf?: Schema[]; oneOf?: Schema[]; anyOf?: Schema[]; additionalProperties?: Schema | boolean };
type Operation = { requestBody?: { content?: Record<string, { schema?: Schema }> }; parameters?: { name: string; in: string; schema?: Schema }[] };

const URLISH_NAME = /ur[il]|link|website|webhook|callback|avatar|redirect|href|src$|endpoint|host/i;

describe('API7 server-side request forgery', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let trap: Server;
  let port: number;
  const hits: string[] = [];

  beforeAll(async () => {
    trap = createServer((req: IncomingMessage, res) => {
      hits.push(`${req.method} ${req.headers.host}${req.url}`);
      res.end('ok');
    });
    await new Promise<void>((resolve) => trap.listen(0, resolve)); // all interfaces: 127.0.0.1 and ::1
    port = (trap.address() as AddressInfo).port;
    // A worker of its own needs a database of its own: on the shared one it would relay every other suite's events too.
    t = await startApp({ ...(await isolatedEnv('ssrf')), OUTBOX_POLL_MS: '50' });
    worker = await startWorker();
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await new Promise((resolve) => trap?.close(resolve));
  });

  /** URLs at the trap, under every name a careless fetcher would resolve to this machine. */
  const urls = (tag: string) => [
    `http://127.0.0.1:${port}/${tag}`,
    `http://localhost:${port}/${tag}`,
    `http://[::1]:${port}/${tag}`,
    `http://0.0.0.0:${port}/${tag}`,
    `http://2130706433:${port}/${tag}`,
  ];

  describe('no request field takes a URL', () => {
    it('has no format: uri (or url-named) field in any request body or query of the OpenAPI document', async () => {
      const doc = (await t.http().get('/docs-json')).body as { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };
      const found: string[] = [];
      const seen = new Set<string>();
      const walk = (schema: Schema | undefined, where: string) => {
        if (!schema) return;
        if (schema.$ref) {
          const name = schema.$ref.split('/').pop()!;
          if (seen.has(name)) return;
          seen.add(name);
          return walk(doc.components.schemas[name], `${where}→${name}`);
        }
        if (schema.format && /ur[il]/i.test(schema.format)) found.push(`${where} format: ${schema.format}`);
        for (const [prop, sub] of Object.entries(schema.properties ?? {})) {
          if (URLISH_NAME.test(prop)) found.push(`${where}.${prop}`);
          walk(sub, `${where}.${prop}`);
        }
        for (const sub of [schema.items, ...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])]) walk(sub, where);
        if (typeof schema.additionalProperties === 'object') walk(schema.additionalProperties, `${where}.*`);
      };
      let operations = 0;
      for (const [path, ops] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(ops)) {
          operations++;
          seen.clear();
          for (const [type, content] of Object.entries(op.requestBody?.content ?? {})) walk(content.schema, `${method.toUpperCase()} ${path} (${type})`);
          for (const p of op.parameters ?? []) {
            if (p.in === 'path') continue;
            if (URLISH_NAME.test(p.name)) found.push(`${method.toUpperCase()} ${path} ?${p.name}`);
            walk(p.schema, `${method.toUpperCase()} ${path} ?${p.name}`);
          }
        }
      }
      expect(operations).toBeGreaterThan(20);
      expect(found).toEqual([]);
    });

    it('refuses URL fields a client adds on its own (imageUrl, avatarUrl, website) with 400, fetching nothing', async () => {
      const { maker } = await makerWithShop(t);
      const [url] = urls('unknown-field');
      const listing = await t
        .http()
        .post('/api/v1/listings')
        .set(maker.auth)
        .send({ ...listingBody({ categoryId: await categoryId(t, 'syrmak') }), imageUrl: url, images: [{ url }] });
      expect(listing.status).toBe(400);
      expect(listing.body.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['imageUrl', 'images']));
      const shop = await t.http().put('/api/v1/me/shop').set(maker.auth).send({ name: 'Шеберхана', region: 'turkestan', city: 'Түркістан', website: url, avatarUrl: url });
      expect(shop.status).toBe(400);
      expect(hits).toEqual([]);
    });

    it('takes images only as uploaded bytes: a URL in the upload form is not fetched', async () => {
      const { maker } = await makerWithShop(t);
      const listing = await createListing(t, maker, listingBody({ categoryId: await categoryId(t, 'syrmak') }));
      const [url] = urls('upload');
      const onlyUrl = await t.http().post(`/api/v1/listings/${listing.id}/images`).set(maker.auth).field('url', url).field('file', url);
      expect(onlyUrl.status).toBe(400);
      expect(onlyUrl.body.statusCode).toBe(400);
      // A "file" whose bytes are a URL is not an image.
      const urlAsFile = await t.http().post(`/api/v1/listings/${listing.id}/images`).set(maker.auth).attach('file', Buffer.from(url), { filename: 'x.png', contentType: 'image/png' });
      expect(urlAsFile.status).toBeGreaterThanOrEqual(400);
      expect(urlAsFile.status).toBeLessThan(500);
      // A real image still uploads.
      const ok = await t.http().post(`/api/v1/listings/${listing.id}/images`).set(maker.auth).attach('file', await testPhoto(), { filename: 'p.png', contentType: 'image/png' });
      expect(ok.status).toBe(201);
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM listing_images WHERE listing_id = $1`, [listing.id]);
      expect(n).toBe(1);
      expect(hits).toEqual([]);
    });
  });

  describe('URLs in free text are text', () => {
    it('stores URLs in shop, listing, flag and address texts verbatim and never requests them, even after the worker has rendered them', async () => {
      const links = (tag: string) => urls(tag).join(' ');
      const { maker, shop } = await makerWithShop(t, { bio: { ru: `Наш сайт: ${links('shop-bio')}` } });
      const draft = await createListing(
        t,
        maker,
        listingBody({
          categoryId: await categoryId(t, 'syrmak'),
          description: { ru: `Фото тут: ${links('listing-description')} <img src="http://127.0.0.1:${port}/img-tag">`, kk: 'Сипаттама' },
        }),
      );
      const [stored] = await t.db.query(`SELECT description FROM listings WHERE id = $1`, [draft.id]);
      expect(stored.description.ru).toContain(`http://127.0.0.1:${port}/listing-description`);
      const [shopRow] = await t.db.query(`SELECT bio FROM shops WHERE id = $1`, [shop.id]);
      expect(JSON.stringify(shopRow.bio)).toContain(`http://localhost:${port}/shop-bio`);

      // An order whose address carries URLs, and a flag whose details do: both reach the worker (notifications).
      const sale = await variantForSale(t);
      const b = await buyer(t);
      const street = `Абай 1 http://127.0.0.1:${port}/address`;
      const order = await placeOrder(t, b, [{ variantId: sale.variantId, quantity: 1 }], shippingTo({ ...KZ_ADDRESS, street }));
      const [orderRow] = await t.db.query(`SELECT shipping_address FROM orders WHERE id = $1`, [order.id]);
      expect(orderRow.shipping_address.street).toBe(street);
      const flag = await t
        .http()
        .post(`/api/v1/listings/${sale.listingId}/flags`)
        .set(b.auth)
        .send({ reason: 'other', details: `Копия с ${links('flag-details')}` });
      expect(flag.status).toBe(201);

      // The worker has rendered the order's notifications (to the buyer and the maker)…
      await eventually('order notifications', async () => {
        const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM notifications WHERE user_id = ANY($1::uuid[])`, [[b.id, sale.maker.id]]);
        return n >= 2;
      });
      // …and had time for the rest.
      await new Promise((r) => setTimeout(r, 1500));
      expect(hits).toEqual([]);
    });

    it('the trap does record a request when one is made (the test can fail)', async () => {
      const before = hits.length;
      await fetch(`http://127.0.0.1:${port}/self-check`);
      expect(hits.length).toBe(before + 1);
      hits.length = before;
    });
  });
});
