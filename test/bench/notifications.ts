import * as argon2 from 'argon2';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { Client } from 'pg';
import { BENCH_PASSWORD } from '../../src/cli/generate-catalogue';
import { bullOptions, QUEUES } from '../../src/worker/queues';

/**
 * The notifications scenario of `npm run bench`: a burst of `order.placed` outbox rows,
 * relayed and delivered in-app by one worker process (bench.ts starts `node dist/worker.js`
 * and stops it). This file makes the data, fires the burst, waits for the in-app rows
 * and measures them in SQL, and removes what it made.
 *
 * Data, by SQL (not the API: setup must cost seconds, not minutes): BUYERS buyer accounts
 * (locales kk, ru, en in turn) and 2 makers with a shop and an archived listing of one
 * variant, kept from run to run (made again after the generator wipes the database); and
 * per run `events` orders numbered BN-000001…, each as a checkout writes it (pending manual
 * payment, 2 seller orders of one line each, shipping to Shymkent), so every event is
 * planned from real rows and tells exactly one buyer. The orders expire in 30 days, so the
 * worker's order timers leave them alone; they and their events and notifications are
 * deleted afterwards (and before, should a crashed run have left them).
 *
 * The burst: while the worker idles (its relay polls OUTBOX_POLL_MS), one INSERT commits
 * one event per order, created_at = the statement's now(). Latency is notifications.created_at
 * − outbox_events.created_at of the in-app rows: both from PostgreSQL's clock. With every
 * event at once, p50 and p99 are mostly time spent queued behind the burst.
 */

const BUYERS = 500;
const MAKERS = 2;
const PRICE = 1_500_000; // 15,000 ₸ in tiyn
const SHIPPING_FEE = 200_000;
const PLATFORM_FEE_BPS = 500;
const ORDER_PREFIX = 'BN-';
const BUYER_EMAIL = (b: number) => `bench-notify-buyer-${String(b).padStart(4, '0')}@bench.sheber.kz`;
const MAKER_EMAIL = (m: number) => `bench-notify-maker-${m}@bench.sheber.kz`;
const SHIPPING_ADDRESS = { country: 'KZ', city: 'Шымкент', street: 'Тәуке хан даңғылы, 12', postalCode: '160000', phone: '+77012345678' };
const POLL_MS = 500;
const TIMELINE_MS = 5_000;

export interface NotificationsOptions {
  databaseUrl: string;
  events: number;
}

interface MakerFixture {
  k: number;
  shop_id: string;
  maker_id: string;
  listing_id: string;
  variant_id: string;
  sku: string;
  title: Record<string, string>;
  options: Record<string, string>;
}

async function withClient<T>(databaseUrl: string, fn: (db: Client) => Promise<T>): Promise<T> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    return await fn(db);
  } finally {
    await db.end();
  }
}

async function inTransaction<T>(db: Client, fn: () => Promise<T>): Promise<T> {
  await db.query('BEGIN');
  try {
    const result = await fn();
    await db.query('COMMIT');
    return result;
  } catch (error) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** The accounts, shops and listings the orders point at; made when missing. */
async function accounts(db: Client): Promise<MakerFixture[]> {
  const emails = [...Array.from({ length: BUYERS }, (_, b) => BUYER_EMAIL(b + 1)), ...Array.from({ length: MAKERS }, (_, m) => MAKER_EMAIL(m + 1))];
  const { rows: present } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM users WHERE email = ANY($1::text[])`, [emails]);
  if (present[0].n < emails.length) {
    // One real hash for all (as the generator does): the accounts can log in to look at their inbox.
    const hash = await argon2.hash(BENCH_PASSWORD);
    await db.query(
      `INSERT INTO users (email, password_hash, name, locale, roles)
       SELECT format('bench-notify-buyer-%s@bench.sheber.kz', lpad(g::text, 4, '0')), $1, 'Сатып алушы ' || g, (ARRAY['kk', 'ru', 'en'])[1 + g % 3], '{buyer}'
         FROM generate_series(1, $2::int) g
       ON CONFLICT (email) DO NOTHING`,
      [hash, BUYERS],
    );
    await db.query(
      `INSERT INTO users (email, password_hash, name, locale, roles)
       SELECT format('bench-notify-maker-%s@bench.sheber.kz', g), $1, 'Шебер ' || g, 'kk', '{maker}' FROM generate_series(1, $2::int) g
       ON CONFLICT (email) DO NOTHING`,
      [hash, MAKERS],
    );
  }
  const makers: MakerFixture[] = [];
  for (let m = 1; m <= MAKERS; m++) {
    const { rows: owner } = await db.query<{ id: string }>(`SELECT id FROM users WHERE email = $1`, [MAKER_EMAIL(m)]);
    const slug = `bench-notifications-${m}`;
    await db.query(
      `INSERT INTO shops (owner_id, slug, name, region, city, shipping_fee_amount) VALUES ($1, $2, $3, 'shymkent', 'Шымкент', $4) ON CONFLICT DO NOTHING`,
      [owner[0].id, slug, `Хабарлама шеберханасы ${m}`, SHIPPING_FEE],
    );
    const { rows: shop } = await db.query<{ id: string; owner_id: string }>(`SELECT id, owner_id FROM shops WHERE slug = $1`, [slug]);
    if (shop[0]?.owner_id !== owner[0].id) throw new Error(`shop ${slug} is missing or not ${MAKER_EMAIL(m)}'s`);
    // Archived: the order lines need a listing, the catalogue scenarios must not see it.
    let { rows: listing } = await db.query<{ id: string }>(`SELECT id FROM listings WHERE shop_id = $1 LIMIT 1`, [shop[0].id]);
    if (!listing.length) {
      ({ rows: listing } = await db.query<{ id: string }>(
        `INSERT INTO listings (shop_id, category_id, status, title, description, materials, currency, min_price)
         SELECT $1, id, 'archived', $2, '{}', '{киіз}', 'KZT', $3 FROM categories WHERE slug = 'syrmak' RETURNING id`,
        [shop[0].id, JSON.stringify({ kk: `Хабарлама сырмағы №${m}`, ru: `Сырмак для уведомлений №${m}`, en: `Notification bench syrmak no. ${m}` }), PRICE],
      ));
    }
    const sku = `BENCH-NT-${m}`;
    await db.query(
      `INSERT INTO listing_variants (listing_id, shop_id, sku, options, price_amount, currency, stock) VALUES ($1, $2, $3, $4, $5, 'KZT', 0)
       ON CONFLICT (shop_id, sku) DO NOTHING`,
      [listing[0].id, shop[0].id, sku, JSON.stringify({ size: '2×3 м' }), PRICE],
    );
    const { rows: variant } = await db.query(
      `SELECT v.id, v.options, l.title FROM listing_variants v JOIN listings l ON l.id = v.listing_id WHERE v.shop_id = $1 AND v.sku = $2`,
      [shop[0].id, sku],
    );
    makers.push({ k: m, shop_id: shop[0].id, maker_id: owner[0].id, listing_id: listing[0].id, variant_id: variant[0].id, sku, title: variant[0].title, options: variant[0].options });
  }
  return makers;
}

/** Deletes the BN- orders with their rows, their events and the notifications of those events. */
async function removeOrders(db: Client): Promise<number> {
  return inTransaction(db, async () => {
    await db.query(`CREATE TEMP TABLE bench_notify_orders ON COMMIT DROP AS SELECT id FROM orders WHERE number LIKE '${ORDER_PREFIX}%'`);
    await db.query(`DELETE FROM notifications WHERE outbox_id IN (SELECT e.id FROM outbox_events e JOIN bench_notify_orders o ON o.id = e.aggregate_id)`);
    await db.query(`DELETE FROM outbox_events WHERE aggregate_id IN (SELECT id FROM bench_notify_orders)`);
    await db.query(`DELETE FROM payments WHERE order_id IN (SELECT id FROM bench_notify_orders)`);
    await db.query(
      `DELETE FROM order_lines WHERE seller_order_id IN (SELECT so.id FROM seller_orders so JOIN bench_notify_orders o ON o.id = so.order_id)`,
    );
    await db.query(`DELETE FROM seller_orders WHERE order_id IN (SELECT id FROM bench_notify_orders)`);
    return (await db.query(`DELETE FROM orders WHERE id IN (SELECT id FROM bench_notify_orders)`)).rowCount ?? 0;
  });
}

export interface NotificationsFixture {
  orders: number;
  buyers: number;
  makers: number;
  /** Rows of an earlier run removed before this one. */
  leftovers: number;
  /** Undispatched outbox rows that are not this scenario's: the worker relays them too. */
  foreignUndispatched: number;
}

/** Accounts when missing, then `events` fresh orders (leftovers of a crashed run removed first). */
export async function prepareNotifications(options: NotificationsOptions): Promise<NotificationsFixture> {
  return withClient(options.databaseUrl, async (db) => {
    const makers = await accounts(db);
    const leftovers = await removeOrders(db);
    const subtotal = PRICE * MAKERS;
    const shipping = SHIPPING_FEE * MAKERS;
    const orders = await inTransaction(db, async () => {
      const { rowCount } = await db.query(
        `INSERT INTO orders (number, buyer_id, status, currency, subtotal_amount, shipping_amount, total_amount, delivery_type, shipping_address, expires_at)
         SELECT '${ORDER_PREFIX}' || lpad(g::text, 6, '0'), b.ids[1 + (g - 1) % cardinality(b.ids)], 'pending_payment', 'KZT', $2::bigint, $3::bigint,
                $2::bigint + $3::bigint, 'shipping', $4::jsonb, now() + interval '30 days'
           FROM generate_series(1, $1::int) g,
                (SELECT array_agg(id ORDER BY email) AS ids FROM users WHERE email LIKE 'bench-notify-buyer-%') b`,
        [options.events, subtotal, shipping, JSON.stringify(SHIPPING_ADDRESS)],
      );
      await db.query(
        `INSERT INTO payments (order_id, provider, status, currency, amount)
         SELECT id, 'manual', 'pending', currency, total_amount FROM orders WHERE number LIKE '${ORDER_PREFIX}%'`,
      );
      const fixture = `jsonb_to_recordset($1::jsonb) AS m(k int, shop_id uuid, maker_id uuid, listing_id uuid, variant_id uuid, sku text, title jsonb, options jsonb)`;
      await db.query(
        `INSERT INTO seller_orders (order_id, number, shop_id, maker_id, status, currency, subtotal_amount, shipping_amount, total_amount,
                                    commission_rate_bps, platform_fee_bps, commission_amount, platform_fee_amount, delivery_type)
         SELECT o.id, o.number || '-' || m.k, m.shop_id, m.maker_id, 'pending_payment', o.currency, $2::bigint, $3::bigint, $2::bigint + $3::bigint,
                0, $4::int, 0, $2::bigint * $4::int / 10000, 'shipping'
           FROM orders o CROSS JOIN ${fixture} WHERE o.number LIKE '${ORDER_PREFIX}%'`,
        [JSON.stringify(makers), PRICE, SHIPPING_FEE, PLATFORM_FEE_BPS],
      );
      await db.query(
        `INSERT INTO order_lines (seller_order_id, listing_id, variant_id, sku, title, options, unit_price_amount, quantity, line_total_amount, position)
         SELECT so.id, m.listing_id, m.variant_id, m.sku, m.title, m.options, $2::bigint, 1, $2::bigint, m.k - 1
           FROM seller_orders so JOIN ${fixture} ON m.shop_id = so.shop_id WHERE so.number LIKE '${ORDER_PREFIX}%'`,
        [JSON.stringify(makers), PRICE],
      );
      return rowCount ?? 0;
    });
    if (orders !== options.events) throw new Error(`expected ${options.events} bench orders, made ${orders} (are there ${BUYERS} bench buyers?)`);
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox_events WHERE dispatched_at IS NULL`);
    return { orders, buyers: BUYERS, makers: MAKERS, leftovers, foreignUndispatched: rows[0].n };
  });
}

export interface NotificationsRun {
  events: number;
  /** In-app rows of the burst's events. */
  delivered: number;
  /** In-app rows for someone other than the order's buyer, or of another kind. */
  wrong: number;
  /** Email rows of the burst's events (0 while only in-app exists). */
  emailRows: number;
  timedOut: boolean;
  /** The INSERT of the burst (the rows are visible to the relay when it commits). */
  insertMs: number;
  /** First outbox created_at to last in-app created_at. */
  spanMs: number;
  eventsPerSecond: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
  /** First outbox created_at to first in-app created_at. */
  firstMs: number;
  /** The relay alone: outbox created_at to dispatched_at, and when it had dispatched the last row. */
  relay: { dispatched: number; p50: number; p99: number; doneMs: number };
  /** In-app rows created in each TIMELINE_MS after the first outbox row: how delivery was spread over the run. */
  timeline: number[];
}

/**
 * The burst and the wait: one INSERT of an `order.placed` event per bench order, then the
 * in-app rows are counted every POLL_MS until all are there or `timeoutMs` has passed.
 * `progress` is called every few seconds with the rows so far.
 */
export async function runNotifications(
  options: NotificationsOptions & { timeoutMs: number },
  progress: (delivered: number) => void = () => undefined,
): Promise<NotificationsRun> {
  return withClient(options.databaseUrl, async (db) => {
    const started = Date.now();
    const { rows: inserted } = await db.query<{ n: number; lo: string; hi: string }>(
      `WITH e AS (
         INSERT INTO outbox_events (type, aggregate_type, aggregate_id, payload)
         SELECT 'order.placed', 'order', id, jsonb_build_object('orderId', id, 'buyerId', buyer_id) FROM orders WHERE number LIKE '${ORDER_PREFIX}%' ORDER BY number
         RETURNING id)
       SELECT count(*)::int AS n, min(id) AS lo, max(id) AS hi FROM e`,
    );
    const insertMs = Date.now() - started;
    const { n: events, lo, hi } = inserted[0];
    if (events !== options.events) throw new Error(`expected ${options.events} events, inserted ${events}`);

    const count = async () =>
      (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM notifications WHERE outbox_id BETWEEN $1 AND $2 AND channel = 'in_app'`, [lo, hi]))
        .rows[0].n;
    const deadline = started + options.timeoutMs;
    let delivered = 0;
    let reported = Date.now();
    while ((delivered = await count()) < events && Date.now() < deadline) {
      if (Date.now() - reported >= 5_000) {
        progress(delivered);
        reported = Date.now();
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }

    // Milliseconds as float8, so that pg hands over numbers; every timestamp is PostgreSQL's clock.
    const lag = (to: string, from: string) => `extract(epoch FROM ${to} - ${from})::float8 * 1000`;
    const { rows: inApp } = await db.query(
      `SELECT count(*) FILTER (WHERE n.user_id <> (o.payload->>'buyerId')::uuid OR n.kind <> 'order_placed')::int AS wrong,
              ${lag('max(n.created_at)', 'min(o.created_at)')} AS span,
              ${lag('min(n.created_at)', 'min(o.created_at)')} AS first,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY ${lag('n.created_at', 'o.created_at')}) AS p50,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY ${lag('n.created_at', 'o.created_at')}) AS p99,
              max(${lag('n.created_at', 'o.created_at')}) AS max,
              avg(${lag('n.created_at', 'o.created_at')}) AS mean
         FROM outbox_events o JOIN notifications n ON n.outbox_id = o.id AND n.channel = 'in_app'
        WHERE o.id BETWEEN $1 AND $2`,
      [lo, hi],
    );
    const { rows: relay } = await db.query(
      `SELECT count(dispatched_at)::int AS dispatched,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY ${lag('dispatched_at', 'created_at')}) AS p50,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY ${lag('dispatched_at', 'created_at')}) AS p99,
              ${lag('max(dispatched_at)', 'min(created_at)')} AS done,
              (SELECT count(*)::int FROM notifications WHERE outbox_id BETWEEN $1 AND $2 AND channel = 'email') AS email
         FROM outbox_events WHERE id BETWEEN $1 AND $2`,
      [lo, hi],
    );
    const { rows: buckets } = await db.query<{ k: number; n: number }>(
      `SELECT floor(${lag('n.created_at', 'first.at')} / $3)::int AS k, count(*)::int AS n
         FROM notifications n, (SELECT min(created_at) AS at FROM outbox_events WHERE id BETWEEN $1 AND $2) first
        WHERE n.outbox_id BETWEEN $1 AND $2 AND n.channel = 'in_app' GROUP BY 1 ORDER BY 1`,
      [lo, hi, TIMELINE_MS],
    );
    const timeline = Array.from({ length: buckets.length ? buckets[buckets.length - 1].k + 1 : 0 }, (_, k) => buckets.find((b) => b.k === k)?.n ?? 0);
    const r = inApp[0];
    const spanMs: number = r.span ?? 0;
    return {
      events,
      delivered,
      wrong: r.wrong,
      emailRows: relay[0].email,
      timedOut: delivered < events,
      insertMs,
      spanMs,
      eventsPerSecond: spanMs ? (delivered * 1000) / spanMs : 0,
      p50: r.p50 ?? 0,
      p99: r.p99 ?? 0,
      max: r.max ?? 0,
      mean: r.mean ?? 0,
      firstMs: r.first ?? 0,
      relay: { dispatched: relay[0].dispatched, p50: relay[0].p50 ?? 0, p99: relay[0].p99 ?? 0, doneMs: relay[0].done ?? 0 },
      timeline,
    };
  });
}

/** The worker's two notification queues (events, deliveries) under its prefix: is a worker listening, and how their jobs ended. */
export class NotificationsQueue {
  private readonly queues: Queue[];

  constructor(redisUrl: string, redisPrefix: string) {
    const config = { get: (key: string) => ({ REDIS_URL: redisUrl, REDIS_PREFIX: redisPrefix })[key] };
    this.queues = [QUEUES.notifications, QUEUES.deliveries].map((name) => new Queue(name, bullOptions(config as never)));
  }

  async hasWorker(): Promise<boolean> {
    const counts = await Promise.all(this.queues.map((q) => q.getWorkersCount()));
    return counts.every((n) => n > 0);
  }

  /** Job counts of both queues added up. */
  async counts(): Promise<Record<string, number>> {
    const all = await Promise.all(this.queues.map((q) => q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed')));
    const sum: Record<string, number> = {};
    for (const counts of all) for (const [state, n] of Object.entries(counts)) sum[state] = (sum[state] ?? 0) + n;
    return sum;
  }

  async close(): Promise<void> {
    await Promise.all(this.queues.map((q) => q.close()));
  }
}

/** Deletes every Redis key under prefixes matching `pattern` (a glob, e.g. `sheber_bench_notifications_*`); answers how many. */
export async function removeRedisPrefixes(redisUrl: string, pattern: string): Promise<number> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  let removed = 0;
  try {
    const stream = redis.scanStream({ match: `${pattern}:*`, count: 1000 });
    for await (const keys of stream as AsyncIterable<string[]>) {
      if (keys.length) removed += await redis.unlink(...keys);
    }
  } finally {
    redis.disconnect();
  }
  return removed;
}

/** After the run: the bench orders, their events and notifications go; the accounts stay for the next run. */
export async function cleanupNotifications(options: { databaseUrl: string }): Promise<number> {
  return withClient(options.databaseUrl, removeOrders);
}
