import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { BENCH_PASSWORD } from '../../src/cli/generate-catalogue';
import { bullOptions, QUEUES } from '../../src/worker/queues';

/**
 * The checkout scenarios of `npm run bench`: full checkouts (POST /api/v1/orders with a
 * fresh Idempotency-Key answered 201) by concurrent buyers against the built API with the
 * manual payment provider.
 *
 * Data, made through the HTTP API and reused from run to run (stable e-mails; accounts are
 * registered again when the generator has wiped the database): the bootstrap admin (the
 * API is started with BOOTSTRAP_ADMIN_EMAIL/PASSWORD), one association, MAKERS makers in it
 * with a shop (flat shipping fee) and one published listing of VARIANTS_PER_LISTING
 * variants with MAX_STOCK units each, and BUYERS buyers. Every order has 2 items from 2
 * different makers' shops (two seller orders) and ships to a Kazakh address.
 *
 * Afterwards the orders of the bench buyers are deleted, the delayed expiry jobs in the
 * bench's Redis prefix are dropped and the listings archived, so the catalogue scenarios
 * of the next run see the generated catalogue only. Setup restores stock and republishes.
 */

export const BENCH_ADMIN = { email: 'bench-admin@bench.sheber.kz', password: BENCH_PASSWORD };
const MAKERS = 10;
const VARIANTS_PER_LISTING = 5;
const STOCK = 1_000_000; // MAX_STOCK of a variant
const PRICE = 1_500_000; // 15,000 ₸ in tiyn
const SHIPPING_FEE = 200_000;
const ASSOCIATION_NAME = 'Sheber bench checkout association';
const SKU_PREFIX = 'BENCH-CO-';
const REQUEST_TIMEOUT_MS = 5_000;

export const KZ_SHIPPING = {
  type: 'shipping',
  address: { country: 'KZ', city: 'Шымкент', street: 'Тәуке хан даңғылы, 12', postalCode: '160000', phone: '+77012345678' },
};

interface Answer {
  status: number;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** A small keep-alive HTTP/1.1 client (lighter than fetch: the load generator shares the CPU with the API). */
export class Http {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 256 });

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}

  call(method: string, path: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(payload));
    }
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    return new Promise((resolveAnswer, reject) => {
      const req = request({ host: this.host, port: this.port, method, path, headers, agent: this.agent, timeout: REQUEST_TIMEOUT_MS }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = null;
          if (text && (res.headers['content-type'] ?? '').includes('json')) {
            try {
              body = JSON.parse(text);
            } catch {
              body = null;
            }
          }
          resolveAnswer({ status: res.statusCode ?? 0, text, body });
        });
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** A call that must answer one of `ok` statuses. */
  async expect(ok: number[], method: string, path: string, options: Parameters<Http['call']>[2] = {}): Promise<Answer> {
    const answer = await this.call(method, path, options);
    if (!ok.includes(answer.status)) throw new Error(`${method} ${path} answered ${answer.status}: ${answer.text.slice(0, 400)}`);
    return answer;
  }

  close() {
    this.agent.destroy();
  }
}

interface Account {
  id: string;
  email: string;
  token: string;
}

export interface CheckoutFixture {
  buyers: Account[];
  makers: { account: Account; shopId: string; listingId: string; variantIds: string[] }[];
  /** Variants of maker 0 first, then the others: makers[m].variantIds. */
  hotVariantId: string;
}

async function inBatches<T, R>(items: T[], size: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map((item, k) => fn(item, i + k)))));
  return out;
}

/** Logs in, or registers when the account does not exist (a fresh or regenerated database). */
async function account(http: Http, email: string, roles: string[], name: string): Promise<Account> {
  const login = await http.call('POST', '/api/v1/auth/login', { body: { email, password: BENCH_PASSWORD } });
  const res = login.status === 200 ? login : await http.expect([201], 'POST', '/api/v1/auth/register', { body: { email, password: BENCH_PASSWORD, name, roles, locale: 'kk' } });
  return { id: res.body.user.id, email, token: res.body.accessToken };
}

async function syrmakCategory(http: Http): Promise<string> {
  const { body } = await http.expect([200], 'GET', '/api/v1/categories');
  const walk = (nodes: { id: string; slug: string; children?: unknown[] }[]): string | undefined => {
    for (const n of nodes) {
      if (n.slug === 'syrmak') return n.id;
      const found = walk((n.children ?? []) as typeof nodes);
      if (found) return found;
    }
    return undefined;
  };
  const id = walk(Array.isArray(body) ? body : body.items);
  if (!id) throw new Error('no category syrmak');
  return id;
}

async function benchAssociation(http: Http, admin: Account): Promise<string> {
  let cursor: string | undefined;
  do {
    const { body } = await http.expect([200], 'GET', `/api/v1/associations?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    const found = (body.items as { id: string; name: { en?: string } }[]).find((a) => a.name.en === ASSOCIATION_NAME);
    if (found) return found.id;
    cursor = body.nextCursor ?? undefined;
  } while (cursor);
  const created = await http.expect([201], 'POST', '/api/v1/associations', {
    token: admin.token,
    body: { name: { kk: 'Бенчмарк шеберлер қауымдастығы', ru: 'Ассоциация мастеров (бенчмарк)', en: ASSOCIATION_NAME }, region: 'shymkent', city: 'Шымкент', commissionRateBps: 1000 },
  });
  return created.body.id;
}

async function approvedMember(http: Http, admin: Account, maker: Account, associationId: string) {
  const { body: memberships } = await http.expect([200], 'GET', '/api/v1/me/memberships', { token: maker.token });
  const mine = (memberships as { id: string; associationId: string; status: string }[]).find((m) => m.associationId === associationId && m.status !== 'rejected' && m.status !== 'revoked');
  if (mine?.status === 'approved') return;
  const id = mine?.id ?? (await http.expect([201], 'POST', `/api/v1/associations/${associationId}/memberships`, { token: maker.token, body: {} })).body.id;
  await http.expect([200], 'POST', `/api/v1/associations/${associationId}/memberships/${id}/decision`, { token: admin.token, body: { decision: 'approve' } });
}

/** The maker's bench listing, published, every variant at STOCK units. */
async function publishedListing(http: Http, admin: Account, maker: Account, m: number, categoryId: string): Promise<{ listingId: string; variantIds: string[] }> {
  const prefix = `${SKU_PREFIX}${m}-`;
  const skus = Array.from({ length: VARIANTS_PER_LISTING }, (_, v) => `${prefix}${v + 1}`);
  const { body: mine } = await http.expect([200], 'GET', '/api/v1/me/listings?limit=100', { token: maker.token });
  type View = { id: string; status: string; variants: { id: string; sku: string; stock: number }[] };
  let listing: View | undefined = (mine.items as View[]).find((l) => l.variants.some((v) => v.sku.startsWith(prefix)));
  if (!listing) {
    listing = (
      await http.expect([201], 'POST', '/api/v1/listings', {
        token: maker.token,
        body: {
          title: { kk: `Бенчмарк сырмақ №${m + 1}`, ru: `Сырмак для бенчмарка №${m + 1}`, en: `Bench syrmak no. ${m + 1}` },
          description: { kk: 'Жүктеме сынағына арналған сырмақ.', ru: 'Сырмак для нагрузочного теста.', en: 'A syrmak for the load test.' },
          categoryId,
          materials: ['қой жүні'],
          variants: skus.map((sku, v) => ({ sku, options: { size: `${v + 1}×${v + 2} м` }, price: { amount: PRICE + v * 100_000, currency: 'KZT' }, stock: STOCK })),
        },
      })
    ).body as View;
  }
  if (listing.status === 'archived') listing = (await http.expect([200], 'POST', `/api/v1/listings/${listing.id}/restore`, { token: maker.token })).body as View;
  if (listing.variants.some((v) => v.stock < STOCK)) {
    listing = (await http.expect([200], 'PATCH', `/api/v1/listings/${listing.id}`, { token: maker.token, body: { variants: skus.map((sku) => ({ sku, stock: STOCK })) } })).body as View;
  }
  if (listing.status === 'draft' || listing.status === 'rejected') {
    listing = (await http.expect([200], 'POST', `/api/v1/listings/${listing.id}/submit`, { token: maker.token })).body as View;
  }
  if (listing.status === 'pending_review') {
    await http.expect([200], 'POST', `/api/v1/moderation/listings/${listing.id}/decision`, { token: admin.token, body: { decision: 'approve' } });
  }
  const { body: detail } = await http.expect([200], 'GET', `/api/v1/listings/${listing.id}`);
  if (detail.status !== 'published') throw new Error(`bench listing ${listing.id} is ${detail.status}, not published`);
  const bySku = new Map((detail.variants as { id: string; sku: string; stock: number }[]).map((v) => [v.sku, v]));
  const variantIds = skus.map((sku) => {
    const v = bySku.get(sku);
    if (!v || v.stock < STOCK) throw new Error(`bench listing ${listing!.id}: variant ${sku} missing or short of stock (${v?.stock})`);
    return v.id;
  });
  return { listingId: listing.id, variantIds };
}

/** Buyers, makers with shops, association and published listings; leftovers of an earlier run removed. */
export async function prepareCheckout(
  http: Http,
  options: { buyers: number; databaseUrl: string; redisUrl: string; redisPrefix: string },
  log: (line: string) => void = () => undefined,
): Promise<CheckoutFixture> {
  let at = Date.now();
  const phase = (name: string) => {
    log(`checkout setup: ${name} in ${((Date.now() - at) / 1000).toFixed(1)} s`);
    at = Date.now();
  };
  const adminLogin = await http.expect([200], 'POST', '/api/v1/auth/login', { body: BENCH_ADMIN });
  const admin: Account = { id: adminLogin.body.user.id, email: BENCH_ADMIN.email, token: adminLogin.body.accessToken };
  const [associationId, categoryId] = await Promise.all([benchAssociation(http, admin), syrmakCategory(http)]);
  const buyers = await inBatches(
    Array.from({ length: options.buyers }, (_, b) => b),
    4,
    (b) => account(http, `bench-buyer-${String(b + 1).padStart(2, '0')}@bench.sheber.kz`, ['buyer'], `Сатып алушы ${b + 1}`),
  );
  phase(`admin, association, ${buyers.length} buyers`);
  // A crashed earlier run may have left orders behind; their stock comes back with the PATCH below.
  const leftovers = await removeOrders(options, buyers.map((b) => b.id));
  if (leftovers) phase(`${leftovers} orders of an earlier run deleted`);
  const makers = await inBatches(
    Array.from({ length: MAKERS }, (_, m) => m),
    4,
    async (m) => {
      const maker = await account(http, `bench-maker-${String(m + 1).padStart(2, '0')}@bench.sheber.kz`, ['maker'], `Шебер ${m + 1}`);
      const shop = await http.expect([200, 201], 'PUT', '/api/v1/me/shop', {
        token: maker.token,
        body: {
          name: `Бенчмарк шеберханасы ${m + 1}`,
          slug: `bench-checkout-${m + 1}`,
          region: 'shymkent',
          city: 'Шымкент',
          shippingFee: { amount: SHIPPING_FEE, currency: 'KZT' },
          freeShippingOver: null,
        },
      });
      await approvedMember(http, admin, maker, associationId);
      const listing = await publishedListing(http, admin, maker, m, categoryId);
      return { account: maker, shopId: shop.body.id as string, ...listing };
    },
  );
  phase(`${makers.length} makers with shop, membership and published listing`);
  return { buyers, makers, hotVariantId: makers[0].variantIds[0] };
}

/** Deletes every order of these buyers (and its rows), and drops the delayed expiry jobs the API scheduled in the bench's Redis prefix. */
export async function removeOrders(options: { databaseUrl: string; redisUrl: string; redisPrefix: string }, buyerIds: string[]): Promise<number> {
  const db = new Client({ connectionString: options.databaseUrl });
  await db.connect();
  let removed = 0;
  try {
    await db.query('BEGIN');
    const { rows } = await db.query<{ id: string }>(`SELECT id FROM orders WHERE buyer_id = ANY($1::uuid[])`, [buyerIds]);
    removed = rows.length;
    if (removed) {
      const orders = rows.map((r) => r.id);
      await db.query(`CREATE TEMP TABLE bench_gone ON COMMIT DROP AS SELECT unnest($1::uuid[]) AS id UNION ALL SELECT id FROM seller_orders WHERE order_id = ANY($1::uuid[])`, [orders]);
      await db.query(`DELETE FROM outbox_events WHERE aggregate_id IN (SELECT id FROM bench_gone)`);
      await db.query(`DELETE FROM refunds WHERE seller_order_id IN (SELECT id FROM bench_gone)`);
      await db.query(`DELETE FROM payments WHERE order_id = ANY($1::uuid[])`, [orders]);
      await db.query(`DELETE FROM order_lines WHERE seller_order_id IN (SELECT id FROM bench_gone)`);
      await db.query(`DELETE FROM seller_orders WHERE order_id = ANY($1::uuid[])`, [orders]);
      await db.query(`DELETE FROM orders WHERE id = ANY($1::uuid[])`, [orders]);
    }
    await db.query(`DELETE FROM idempotency_records WHERE user_id = ANY($1::uuid[])`, [buyerIds]);
    await db.query('COMMIT');
  } catch (error) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await db.end();
  }
  // Nothing else enqueues in the bench's prefix: the delayed `expire-<orderId>` jobs are all ours.
  const config = { get: (key: string) => ({ REDIS_URL: options.redisUrl, REDIS_PREFIX: options.redisPrefix })[key] };
  const queue = new Queue(QUEUES.orders, bullOptions(config as never));
  try {
    await queue.drain(true);
  } finally {
    await queue.close();
  }
  return removed;
}

/**
 * After the scenarios: the orders go, the listings leave the catalogue (archived; setup
 * republishes them). With `archive` false (the API stopped answering) the listings stay
 * published until the next run's checkout setup.
 */
export async function cleanupCheckout(
  http: Http,
  fixture: CheckoutFixture,
  options: { databaseUrl: string; redisUrl: string; redisPrefix: string; archive: boolean },
): Promise<{ removed: number; archived: number }> {
  const removed = await removeOrders(options, fixture.buyers.map((b) => b.id));
  let archived = 0;
  if (options.archive) {
    for (const maker of fixture.makers) {
      await http.expect([200], 'POST', `/api/v1/listings/${maker.listingId}/archive`, { token: maker.account.token });
      archived++;
    }
  }
  return { removed, archived };
}

/** What the API's connections are doing (after a scenario in which no checkout completed). */
export async function databaseActivity(databaseUrl: string): Promise<string> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query(
      `SELECT state, wait_event_type, left(regexp_replace(query, '\\s+', ' ', 'g'), 140) AS query, count(*)::int AS n
         FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'sheber' AND pid <> pg_backend_pid()
        GROUP BY 1, 2, 3 ORDER BY n DESC`,
    );
    return rows.map((r) => `${r.n}× ${r.state}${r.wait_event_type ? ` (${r.wait_event_type})` : ''}: ${r.query}`).join('\n  ') || 'no connections of the API';
  } finally {
    await db.end();
  }
}

export interface CheckoutRun {
  /** 201 answers completed inside the measured window. */
  checkouts: number;
  seconds: number;
  /** Latencies (ms) of the 201 answers in the window. */
  p50: number;
  p99: number;
  mean: number;
  max: number;
  /** Non-201 answers in the window, by "status error". */
  failures: Record<string, number>;
  non201: number;
  networkErrors: number;
  timeouts: number;
  /** Every 201 of the run, warm-up included (for the row check). */
  createdOrders: number;
  /** Requests of the whole run without an answer (timeout, connection error): the server may still have placed them. */
  unanswered: number;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * `buyers` workers, each one buyer placing one order after another (a closed loop), for
 * `warmup` + `duration` seconds; only answers completing in the last `duration` seconds count.
 * hot: every order has the same first variant (maker 0's first), so every checkout
 * updates that one row; otherwise both items are drawn from all makers' variants.
 */
export async function runCheckout(http: Http, fixture: CheckoutFixture, options: { hot: boolean; buyers: number; warmup: number; duration: number }): Promise<CheckoutRun> {
  const makers = fixture.makers;
  const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)];
  const cart = () => {
    let first: string;
    let firstMaker: number;
    if (options.hot) {
      first = fixture.hotVariantId;
      firstMaker = 0;
    } else {
      firstMaker = Math.floor(Math.random() * makers.length);
      first = pick(makers[firstMaker].variantIds);
    }
    let second = Math.floor(Math.random() * (makers.length - 1));
    if (second >= firstMaker) second++;
    return {
      items: [
        { variantId: first, quantity: 1 },
        { variantId: pick(makers[second].variantIds), quantity: 1 },
      ],
      delivery: KZ_SHIPPING,
    };
  };

  const t0 = performance.now();
  const measureFrom = t0 + options.warmup * 1000;
  const until = measureFrom + options.duration * 1000;
  const latencies: number[] = [];
  const failures: Record<string, number> = {};
  let non201 = 0;
  let networkErrors = 0;
  let timeouts = 0;
  let createdOrders = 0;
  let unanswered = 0;

  const worker = async (buyer: Account) => {
    while (performance.now() < until) {
      const started = performance.now();
      let status = 0;
      let label: string;
      try {
        const answer = await http.call('POST', '/api/v1/orders', { token: buyer.token, headers: { 'idempotency-key': randomUUID() }, body: cart() });
        status = answer.status;
        label = `${status} ${answer.body?.error ?? ''}`.trim();
      } catch (error) {
        label = (error as Error).message;
        unanswered++;
      }
      const ended = performance.now();
      if (status === 201) createdOrders++;
      if (ended < measureFrom || ended > until) continue;
      if (status === 201) latencies.push(ended - started);
      else {
        failures[label] = (failures[label] ?? 0) + 1;
        if (status) non201++;
        else if (label === 'timeout') timeouts++;
        else networkErrors++;
      }
    }
  };
  await Promise.all(fixture.buyers.slice(0, options.buyers).map(worker));
  latencies.sort((a, b) => a - b);
  return {
    checkouts: latencies.length,
    seconds: options.duration,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    mean: latencies.reduce((s, x) => s + x, 0) / (latencies.length || 1),
    max: latencies[latencies.length - 1] ?? 0,
    failures,
    non201,
    networkErrors,
    timeouts,
    createdOrders,
    unanswered,
  };
}

/** One checkout that must answer 201 with two seller orders and a manual payment: the scenario measures the real thing. */
export async function probeCheckout(http: Http, fixture: CheckoutFixture): Promise<void> {
  const buyer = fixture.buyers[0];
  const body = {
    items: [
      { variantId: fixture.makers[0].variantIds[1], quantity: 1 },
      { variantId: fixture.makers[1].variantIds[1], quantity: 1 },
    ],
    delivery: KZ_SHIPPING,
  };
  const res = await http.call('POST', '/api/v1/orders', { token: buyer.token, headers: { 'idempotency-key': randomUUID() }, body });
  if (res.status !== 201) throw new Error(`checkout probe answered ${res.status}: ${res.text.slice(0, 400)}`);
  const order = res.body;
  if (order.sellerOrders?.length !== 2 || order.payment?.provider !== 'manual' || order.status !== 'pending_payment') {
    throw new Error(`checkout probe: expected 2 seller orders and a pending manual payment, got ${res.text.slice(0, 400)}`);
  }
}

/** The rows a full checkout writes, for the orders of these buyers: orders, 2 seller orders, 2 lines, 1 payment, 1 order.placed each. */
export async function checkRows(databaseUrl: string, buyerIds: string[]): Promise<{ orders: number; ok: boolean; detail: string }> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query(
      `WITH o AS (SELECT id FROM orders WHERE buyer_id = ANY($1::uuid[]))
       SELECT (SELECT count(*)::int FROM o) AS orders,
              (SELECT count(*)::int FROM seller_orders WHERE order_id IN (SELECT id FROM o)) AS seller_orders,
              (SELECT count(*)::int FROM order_lines l JOIN seller_orders so ON so.id = l.seller_order_id WHERE so.order_id IN (SELECT id FROM o)) AS lines,
              (SELECT count(*)::int FROM payments WHERE order_id IN (SELECT id FROM o)) AS payments,
              (SELECT count(*)::int FROM outbox_events WHERE type = 'order.placed' AND aggregate_id IN (SELECT id FROM o)) AS events,
              (SELECT count(*)::int FROM idempotency_records WHERE user_id = ANY($1::uuid[]) AND completed_at IS NOT NULL AND response_status = 201) AS keys`,
      [buyerIds],
    );
    const r = rows[0];
    const ok = r.seller_orders === 2 * r.orders && r.lines === 2 * r.orders && r.payments === r.orders && r.events === r.orders && r.keys === r.orders;
    return { orders: r.orders, ok, detail: `${r.orders} orders, ${r.seller_orders} seller orders, ${r.lines} lines, ${r.payments} payments, ${r.events} order.placed, ${r.keys} completed keys` };
  } finally {
    await db.end();
  }
}
