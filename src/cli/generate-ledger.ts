import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { DEFAULT_BENCH_DATABASE_URL, ensureDatabase, migrateDatabase } from './generate-catalogue';

/**
 * The reports bench's ledger: N seller orders (default 1,000,000) in ~0.6 N orders of 1–3
 * seller orders, sold by 5,000 shops under 50 associations, over the last 12 full months
 * (Almaty time), with the ledger entries the live system would have written for them:
 *
 * - a `payment` entry per order: platform_cash +total, maker_payable −net,
 *   association_payable −commission, platform_revenue −fee per seller order;
 * - ~5 % of seller orders partly refunded: a `refund` entry (the parties give back their
 *   proportional shares, refunds −amount) and a `refund_paid` entry (refunds +, cash −);
 * - ~60 % paid out to the maker: a `payout` entry (maker_payable +owed, cash −owed) and a
 *   manual, paid `payouts` row; these seller orders are `completed`, the rest `shipped`
 *   (a state no timer or payout job picks up, so a worker on this database leaves them be).
 *
 * Association sizes follow Zipf (association k has a share ∝ 1/k of the shops), so the
 * largest association sells ~11× the average. Entry ids follow created_at, as appends do.
 *
 *   ts-node --transpile-only src/cli/generate-ledger.ts [--seller-orders 1000000]
 *     [--database-url postgres://…/sheber_bench] [--force]
 *
 * Everything happens in one transaction with `session_replication_role = replica`: the
 * ledger's deferred balance trigger, its append-only triggers and the foreign-key checks
 * are off (superuser only), so the rows are balanced by construction and checked by one
 * query before COMMIT. The generated rows are marked (order numbers `GEN-…`, users
 * `ledger-…@bench.sheber.kz`, associations' description `{"generator": "ledger"}`, entries'
 * memo `bench-ledger`): a new run deletes them first and leaves the catalogue alone. A row
 * in `bench_ledger` marks a complete run; with one that matches, the generator does nothing.
 */

export interface LedgerOptions {
  databaseUrl: string;
  sellerOrders: number;
  associations: number;
  shops: number;
  buyers: number;
  force: boolean;
  quiet: boolean;
}

export interface LedgerData {
  sellerOrders: number;
  /** The 12 months the data spans, YYYY-MM-DD (Almaty), first and last day included. */
  from: string;
  to: string;
  elapsedMs: number;
  generatedAt: string;
}

export const LEDGER_MARKER_TABLE = 'bench_ledger';
const MEMO = 'bench-ledger';
/** Tables whose secondary indexes are built once after the load instead of row by row. */
const LOADED_TABLES = ['postings', 'journal_entries', 'seller_orders', 'orders', 'payments', 'payouts'];

function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

/** The complete generated ledger in that database, or null when there is none (or it was partly wiped, e.g. by the catalogue generator). */
export async function ledgerData(url: string): Promise<LedgerData | null> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    if (!(await client.query(`SELECT to_regclass('${LEDGER_MARKER_TABLE}') IS NOT NULL AS marked`)).rows[0].marked) return null;
    const { rows } = await client.query(
      `SELECT seller_orders, to_char(from_day, 'YYYY-MM-DD') AS from, to_char(to_day, 'YYYY-MM-DD') AS to, elapsed_ms, generated_at,
              (SELECT count(*)::int FROM seller_orders WHERE number LIKE 'GEN-%') AS present
         FROM ${LEDGER_MARKER_TABLE} LIMIT 1`,
    );
    const row = rows[0];
    if (!row || row.present !== row.seller_orders) return null;
    return { sellerOrders: row.seller_orders, from: row.from, to: row.to, elapsedMs: row.elapsed_ms, generatedAt: row.generated_at.toISOString() };
  } finally {
    await client.end();
  }
}

/** Deletes the rows of an earlier run (triggers and FK checks are off: children first). */
const WIPE_SQL = [
  `DELETE FROM postings p USING journal_entries e WHERE e.id = p.entry_id AND e.memo = '${MEMO}'`,
  `DELETE FROM journal_entries WHERE memo = '${MEMO}'`,
  `DELETE FROM payouts p USING seller_orders so WHERE so.number LIKE 'GEN-%' AND p.id IN (so.maker_payout_id, so.association_payout_id)`,
  `DELETE FROM seller_orders WHERE number LIKE 'GEN-%'`,
  `DELETE FROM payments p USING orders o WHERE o.id = p.order_id AND o.number LIKE 'GEN-%'`,
  `DELETE FROM orders WHERE number LIKE 'GEN-%'`,
  `DELETE FROM ledger_accounts a USING shops s JOIN users u ON u.id = s.owner_id WHERE a.owner_id = s.id AND u.email LIKE 'ledger-%@bench.sheber.kz'`,
  `DELETE FROM ledger_accounts a USING associations x WHERE a.owner_id = x.id AND x.description @> '{"generator": "ledger"}'`,
  `DELETE FROM memberships m USING users u WHERE u.id = m.maker_id AND u.email LIKE 'ledger-%@bench.sheber.kz'`,
  `DELETE FROM shops s USING users u WHERE u.id = s.owner_id AND u.email LIKE 'ledger-%@bench.sheber.kz'`,
  `DELETE FROM users WHERE email LIKE 'ledger-%@bench.sheber.kz'`,
  `DELETE FROM associations WHERE description @> '{"generator": "ledger"}'`,
];

/** The generation, step by step: temporary plan tables (g_*), then the real rows from them. */
function generationSteps(o: LedgerOptions): [label: string, sql: string, params?: unknown[]][] {
  const orders = Math.round(o.sellerOrders * 0.6);
  return [
    [
      'window',
      // The last 12 full months in Almaty: [t0, t1).
      `CREATE TEMP TABLE g_window ON COMMIT DROP AS
         SELECT (date_trunc('month', now() AT TIME ZONE 'Asia/Almaty') - interval '12 months') AT TIME ZONE 'Asia/Almaty' AS t0,
                date_trunc('month', now() AT TIME ZONE 'Asia/Almaty') AT TIME ZONE 'Asia/Almaty' AS t1`,
    ],
    [
      'associations',
      `CREATE TEMP TABLE g_assoc ON COMMIT DROP AS
         SELECT k, gen_random_uuid() AS id, gen_random_uuid() AS account_id, gen_random_uuid() AS payout_id,
                500 + (k * 37 % 11) * 100 AS rate,
                sum(1.0 / k) OVER (ORDER BY k) / sum(1.0 / k) OVER () AS cum
           FROM generate_series(1, $1::int) k`,
      [o.associations],
    ],
    [
      'shops',
      `CREATE TEMP TABLE g_shop ON COMMIT DROP AS
         SELECT n, gen_random_uuid() AS id, gen_random_uuid() AS owner_id, gen_random_uuid() AS account_id,
                (SELECT a.k FROM g_assoc a WHERE a.cum * $1::int >= n - 0.5 ORDER BY a.k LIMIT 1) AS assoc_k
           FROM generate_series(1, $1::int) n`,
      [o.shops],
    ],
    [
      'orders (plan)',
      // Six orders of 1, 2, 3, 1, 2, 1 seller orders: 10 seller orders per 6 orders.
      `CREATE TEMP TABLE g_order ON COMMIT DROP AS
         SELECT n, gen_random_uuid() AS id, gen_random_uuid() AS payment_id, (1 + (n::bigint * 7919) % $2::int)::int AS buyer_n,
                (ARRAY[1, 2, 3, 1, 2, 1])[n % 6 + 1] AS parts, (n / 6) * 10 + (ARRAY[0, 1, 3, 6, 7, 9])[n % 6 + 1] AS first_so,
                w.t0 + (w.t1 - w.t0) * ((n + random()) / $1::int) AS created_at
           FROM generate_series(0, $1::int - 1) n CROSS JOIN g_window w`,
      [orders, o.buyers],
    ],
    [
      'seller orders (plan)',
      `CREATE TEMP TABLE g_so ON COMMIT DROP AS
         WITH base AS (
           SELECT o.first_so + j AS n, j + 1 AS part, o.n AS order_n, o.id AS order_id, o.created_at,
                  1 + floor(random() * $2::int)::int AS shop_n,
                  (3000 + floor(random() ^ 3 * 197000)::bigint) * 100 AS subtotal,
                  CASE WHEN random() < 0.3 THEN 0 ELSE (1000 + floor(random() * 2000)::bigint) * 100 END AS shipping,
                  random() AS r_refund, random() AS r_part, random() AS r_payout, random() AS r_days
             FROM g_order o CROSS JOIN LATERAL generate_series(0, o.parts - 1) j
            WHERE o.first_so + j < $1::int
         ), priced AS (
           SELECT b.*, s.id AS shop_id, s.owner_id AS maker_id, s.account_id AS maker_account, a.id AS association_id, a.account_id AS association_account,
                  a.payout_id AS association_payout, a.rate, b.subtotal + b.shipping AS total,
                  round(b.subtotal * a.rate / 10000.0)::bigint AS commission, round(b.subtotal * 500 / 10000.0)::bigint AS fee
             FROM base b JOIN g_shop s ON s.n = b.shop_n JOIN g_assoc a ON a.k = s.assoc_k
         ), refunded AS (
           SELECT p.*, CASE WHEN p.r_refund < 0.05 THEN round(p.total * (0.2 + 0.6 * p.r_part))::bigint ELSE 0 END AS refund
             FROM priced p
         )
         SELECT r.*, gen_random_uuid() AS id, 'GEN-' || lpad(r.order_n::text, 7, '0') || '-' || r.part AS number,
                round(r.commission * r.refund::numeric / r.total)::bigint AS r_commission, round(r.fee * r.refund::numeric / r.total)::bigint AS r_fee,
                r.created_at + interval '2 minutes' AS paid_at,
                r.created_at + interval '3 days' + interval '17 days' * r.r_days AS refund_at,
                r.created_at + interval '21 days' + interval '14 days' * r.r_days AS payout_at,
                CASE WHEN r.r_payout < 0.6 THEN gen_random_uuid() END AS payout_id,
                CASE WHEN r.refund > 0 THEN gen_random_uuid() END AS refund_id
           FROM refunded r`,
      [o.sellerOrders, o.shops],
    ],
    ['seller orders (plan, index)', `CREATE INDEX ON g_so (order_n)`],
    [
      'users',
      `INSERT INTO users (id, email, password_hash, name, locale, roles)
       SELECT owner_id, 'ledger-maker-' || n || '@bench.sheber.kz', 'not-a-hash', 'Ledger maker ' || n, 'kk', '{maker}'::text[] FROM g_shop
       UNION ALL
       SELECT gen_random_uuid(), 'ledger-buyer-' || n || '@bench.sheber.kz', 'not-a-hash', 'Ledger buyer ' || n, 'ru', '{buyer}'::text[] FROM generate_series(1, $1::int) n`,
      [o.buyers],
    ],
    [
      'associations, shops, memberships, accounts',
      `WITH a AS (
         INSERT INTO associations (id, name, description, region, city, commission_rate_bps)
         SELECT id, jsonb_build_object('kk', 'Bench қауымдастығы ' || k, 'ru', 'Бенч-ассоциация ' || k, 'en', 'Ledger bench association ' || k),
                '{"generator": "ledger"}'::jsonb, 'almaty', 'Алматы', rate FROM g_assoc RETURNING id
       ), s AS (
         INSERT INTO shops (id, owner_id, slug, name, region, city, payouts_enabled)
         SELECT id, owner_id, 'ledger-shop-' || n, 'Ledger shop ' || lpad(n::text, 4, '0'), 'almaty', 'Алматы', false FROM g_shop RETURNING id
       ), m AS (
         INSERT INTO memberships (association_id, maker_id, status, decided_at)
         SELECT a.id, s.owner_id, 'approved', now() FROM g_shop s JOIN g_assoc a ON a.k = s.assoc_k RETURNING 1
       )
       INSERT INTO ledger_accounts (id, code, kind, owner_id)
       SELECT account_id, 'maker_payable:' || id, 'maker_payable', id FROM g_shop
       UNION ALL SELECT account_id, 'association_payable:' || id, 'association_payable', id FROM g_assoc`,
    ],
    [
      'platform accounts',
      `INSERT INTO ledger_accounts (code, kind) VALUES ('platform_cash', 'platform_cash'), ('platform_revenue', 'platform_revenue'), ('refunds', 'refunds')
       ON CONFLICT (code) DO NOTHING`,
    ],
    [
      'orders',
      `INSERT INTO orders (id, number, buyer_id, status, currency, subtotal_amount, shipping_amount, total_amount, delivery_type, shipping_address,
                           expires_at, paid_at, created_at, updated_at)
       SELECT o.id, 'GEN-' || lpad(o.n::text, 7, '0'), u.id, 'paid', 'KZT', t.subtotal, t.shipping, t.subtotal + t.shipping, 'shipping',
              '{"city": "Алматы", "line1": "ул. Абая, 1"}'::jsonb, o.created_at + interval '30 minutes', o.created_at + interval '2 minutes', o.created_at, o.created_at + interval '2 minutes'
         FROM g_order o
         JOIN (SELECT order_n, sum(subtotal) AS subtotal, sum(shipping) AS shipping FROM g_so GROUP BY order_n) t ON t.order_n = o.n
         JOIN users u ON u.email = 'ledger-buyer-' || o.buyer_n || '@bench.sheber.kz'
        ORDER BY o.n`,
    ],
    [
      'payments',
      `INSERT INTO payments (id, order_id, provider, status, currency, amount, refunded_amount, succeeded_at, created_at, updated_at)
       SELECT o.payment_id, o.id, 'manual', 'succeeded', 'KZT', x.total_amount, t.refunded, o.created_at + interval '2 minutes', o.created_at, o.created_at + interval '2 minutes'
         FROM g_order o JOIN orders x ON x.id = o.id
         JOIN (SELECT order_n, sum(refund) AS refunded FROM g_so GROUP BY order_n) t ON t.order_n = o.n
        ORDER BY o.n`,
    ],
    [
      'payouts',
      `INSERT INTO payouts (id, beneficiary_type, beneficiary_id, provider, status, amount, currency, paid_at, created_at, updated_at)
       SELECT payout_id, 'shop', shop_id, 'manual', 'paid', total - commission - fee - (refund - r_commission - r_fee), 'KZT', payout_at, payout_at, payout_at
         FROM g_so WHERE payout_id IS NOT NULL
       UNION ALL
       SELECT payout_id, 'association', id, 'manual', 'paid', 1, 'KZT', w.t1, w.t1, w.t1 FROM g_assoc CROSS JOIN g_window w`,
    ],
    [
      'seller orders',
      `INSERT INTO seller_orders (id, order_id, number, shop_id, maker_id, status, currency, subtotal_amount, shipping_amount, total_amount, refunded_amount,
                                  association_id, commission_rate_bps, platform_fee_bps, commission_amount, platform_fee_amount, delivery_type, carrier,
                                  paid_at, shipped_at, delivered_at, completed_at, created_at, updated_at, maker_payout_id, association_payout_id)
       SELECT id, order_id, number, shop_id, maker_id, CASE WHEN payout_id IS NULL THEN 'shipped' ELSE 'completed' END, 'KZT', subtotal, shipping, total, refund,
              association_id, rate, 500, commission, fee, 'shipping', 'kazpost',
              paid_at, paid_at + interval '1 day', CASE WHEN payout_id IS NOT NULL THEN paid_at + interval '5 days' END,
              CASE WHEN payout_id IS NOT NULL THEN paid_at + interval '12 days' END, created_at, coalesce(payout_at, paid_at),
              payout_id, CASE WHEN payout_id IS NOT NULL THEN association_payout END
         FROM g_so ORDER BY n`,
    ],
    [
      'journal entries',
      // Ids in created_at order, as the live system appends them.
      `CREATE TEMP TABLE g_entry ON COMMIT DROP AS
         SELECT (SELECT coalesce(max(id), 0) FROM journal_entries) + row_number() OVER (ORDER BY created_at, kind, ref) AS id, *
           FROM (
             SELECT 'payment' AS kind, payment_id AS source_id, id AS order_id, n AS ref, created_at + interval '2 minutes' AS created_at FROM g_order
             UNION ALL SELECT 'refund', refund_id, order_id, n, refund_at FROM g_so WHERE refund_id IS NOT NULL
             UNION ALL SELECT 'refund_paid', refund_id, order_id, n, refund_at + interval '1 hour' FROM g_so WHERE refund_id IS NOT NULL
             UNION ALL SELECT 'payout', payout_id, NULL, n, payout_at FROM g_so WHERE payout_id IS NOT NULL
           ) x`,
    ],
    [
      'journal entries (insert)',
      `INSERT INTO journal_entries (id, kind, source_id, order_id, memo, created_at) OVERRIDING SYSTEM VALUE
       SELECT id, kind, source_id, order_id, '${MEMO}', created_at FROM g_entry ORDER BY id`,
    ],
    ['journal entries (sequence)', `SELECT setval(pg_get_serial_sequence('journal_entries', 'id'), (SELECT max(id) FROM journal_entries))`],
    [
      'postings',
      `INSERT INTO postings (entry_id, account_id, seller_order_id, amount, currency)
       SELECT e.id, v.account, so.id, v.amount, 'KZT'
         FROM (SELECT e.id, e.kind, so.n AS so_n FROM g_entry e JOIN g_so so ON so.order_n = e.ref WHERE e.kind = 'payment'
               UNION ALL SELECT e.id, e.kind, so.n FROM g_entry e JOIN g_so so ON so.n = e.ref WHERE e.kind <> 'payment') e
         JOIN g_so so ON so.n = e.so_n
         CROSS JOIN (SELECT (SELECT id FROM ledger_accounts WHERE code = 'platform_cash') AS cash,
                            (SELECT id FROM ledger_accounts WHERE code = 'platform_revenue') AS revenue,
                            (SELECT id FROM ledger_accounts WHERE code = 'refunds') AS refunds) pa
         CROSS JOIN LATERAL (VALUES
           (e.kind = 'payment', pa.cash, so.total), (e.kind = 'payment', so.maker_account, -(so.total - so.commission - so.fee)),
           (e.kind = 'payment', so.association_account, -so.commission), (e.kind = 'payment', pa.revenue, -so.fee),
           (e.kind = 'refund', so.maker_account, so.refund - so.r_commission - so.r_fee), (e.kind = 'refund', so.association_account, so.r_commission),
           (e.kind = 'refund', pa.revenue, so.r_fee), (e.kind = 'refund', pa.refunds, -so.refund),
           (e.kind = 'refund_paid', pa.refunds, so.refund), (e.kind = 'refund_paid', pa.cash, -so.refund),
           (e.kind = 'payout', so.maker_account, so.total - so.commission - so.fee - (so.refund - so.r_commission - so.r_fee)),
           (e.kind = 'payout', pa.cash, -(so.total - so.commission - so.fee - (so.refund - so.r_commission - so.r_fee)))
         ) v(applies, account, amount)
        WHERE v.applies AND v.amount <> 0
        ORDER BY e.id, e.so_n`,
    ],
  ];
}

export async function generateLedger(o: LedgerOptions): Promise<LedgerData & { skipped: boolean }> {
  const started = Date.now();
  const log = (line: string) => !o.quiet && console.log(`[generate-ledger] ${line}`);
  const database = databaseName(o.databaseUrl);
  if (!database.includes('bench') && !o.force) throw new Error(`refusing to write into "${database}": use a database whose name contains "bench" or pass --force`);
  if (await ensureDatabase(o.databaseUrl)) log(`created database ${database}`);
  const applied = await migrateDatabase(o.databaseUrl);
  if (applied.length) log(`applied migrations: ${applied.join(', ')}`);

  const existing = await ledgerData(o.databaseUrl);
  if (existing && existing.sellerOrders >= o.sellerOrders) {
    log(`${existing.sellerOrders} generated seller orders present (${existing.from} … ${existing.to}, generated ${existing.generatedAt.slice(0, 16)}): nothing to do`);
    return { ...existing, skipped: true };
  }

  // Bench data: no need to wait for WAL flushes.
  const client = new Client({ connectionString: o.databaseUrl, application_name: 'sheber-ledger-generator', options: '-c synchronous_commit=off' });
  await client.connect();
  const step = async (label: string, sql: string, params?: unknown[]) => {
    const at = Date.now();
    const result = await client.query(sql, params);
    log(`${label}: ${result.rowCount ?? 0} rows in ${((Date.now() - at) / 1000).toFixed(1)} s (${((Date.now() - started) / 1000).toFixed(0)} s so far)`);
    return result;
  };
  try {
    await client.query('BEGIN');
    // Superuser only: no triggers (balance, append-only) and no FK checks for this transaction.
    await client.query(`SET LOCAL session_replication_role = replica`);
    await client.query(`SET LOCAL work_mem = '256MB'`);
    await client.query(`SET LOCAL maintenance_work_mem = '512MB'`);
    await client.query(`SELECT setseed(0.42)`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${LEDGER_MARKER_TABLE} (seller_orders integer NOT NULL, from_day date NOT NULL, to_day date NOT NULL, elapsed_ms integer NOT NULL, generated_at timestamptz NOT NULL DEFAULT now())`);
    await client.query(`DELETE FROM ${LEDGER_MARKER_TABLE}`);
    for (const sql of WIPE_SQL) await step(`wipe: ${sql.slice(0, 60).replace(/\s+/g, ' ')}…`, sql);

    // Secondary indexes: dropped here, built once after the load (the transaction restores them on failure).
    const { rows: deferred } = await client.query<{ name: string; definition: string }>(
      `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS definition FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
        WHERE x.indrelid = ANY($1::regclass[]) AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)`,
      [LOADED_TABLES],
    );
    for (const { name } of deferred) await client.query(`DROP INDEX "${name}"`);
    log(`dropped ${deferred.length} secondary indexes of ${LOADED_TABLES.join(', ')} for the load`);

    for (const [label, sql, params] of generationSteps(o)) await step(label, sql, params);

    for (const { name, definition } of deferred) await step(`index ${name}`, definition);

    // Balanced by construction; checked once here, as the deferred trigger would at commit.
    const { rows: unbalanced } = await client.query(
      `SELECT count(*)::int AS n FROM (SELECT p.entry_id FROM postings p JOIN journal_entries e ON e.id = p.entry_id
         WHERE e.memo = '${MEMO}' GROUP BY p.entry_id, p.currency HAVING sum(p.amount) <> 0 OR count(*) < 2) x`,
    );
    if (unbalanced[0].n) throw new Error(`${unbalanced[0].n} generated journal entries do not balance`);
    const { rows: owed } = await client.query(
      `SELECT count(*)::int AS n FROM (SELECT p.seller_order_id FROM postings p JOIN ledger_accounts a ON a.id = p.account_id
         JOIN journal_entries e ON e.id = p.entry_id WHERE e.memo = '${MEMO}' AND a.kind IN ('maker_payable', 'refunds')
         GROUP BY p.seller_order_id HAVING sum(p.amount) FILTER (WHERE a.kind = 'maker_payable') > 0 OR sum(p.amount) FILTER (WHERE a.kind = 'refunds') <> 0) x`,
    );
    if (owed[0].n) throw new Error(`${owed[0].n} generated seller orders pay the maker more than owed or leave refunds open`);
    log('every generated entry balances; no maker is overpaid');

    const { rows: span } = await client.query(
      `SELECT to_char(t0 AT TIME ZONE 'Asia/Almaty', 'YYYY-MM-DD') AS from, to_char((t1 AT TIME ZONE 'Asia/Almaty') - interval '1 day', 'YYYY-MM-DD') AS to FROM g_window`,
    );
    const { rows: count } = await client.query(`SELECT count(*)::int AS n FROM seller_orders WHERE number LIKE 'GEN-%'`);
    const elapsedMs = Date.now() - started;
    await client.query(`INSERT INTO ${LEDGER_MARKER_TABLE} (seller_orders, from_day, to_day, elapsed_ms) VALUES ($1, $2, $3, $4)`, [count[0].n, span[0].from, span[0].to, elapsedMs]);
    await step('commit', 'COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }

  const analyze = new Client({ connectionString: o.databaseUrl });
  await analyze.connect();
  try {
    const at = Date.now();
    for (const table of [...LOADED_TABLES, 'ledger_accounts', 'shops', 'users', 'associations', 'memberships']) await analyze.query(`VACUUM (ANALYZE) ${table}`);
    log(`vacuum analyze in ${((Date.now() - at) / 1000).toFixed(1)} s`);
    const elapsedMs = Date.now() - started;
    await analyze.query(`UPDATE ${LEDGER_MARKER_TABLE} SET elapsed_ms = $1`, [elapsedMs]);
  } finally {
    await analyze.end();
  }
  const data = await ledgerData(o.databaseUrl);
  if (!data) throw new Error('the generated ledger is not there after the commit');
  return { ...data, skipped: false };
}

function argument(args: string[], name: string): string | undefined {
  const k = args.indexOf(`--${name}`);
  if (k >= 0) return args[k + 1];
  return args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

async function main() {
  const args = process.argv.slice(2);
  const options: LedgerOptions = {
    databaseUrl: argument(args, 'database-url') ?? process.env.BENCH_DATABASE_URL ?? DEFAULT_BENCH_DATABASE_URL,
    sellerOrders: Number(argument(args, 'seller-orders') ?? process.env.BENCH_SELLER_ORDERS ?? 1_000_000),
    associations: 50,
    shops: 5000,
    buyers: 20_000,
    force: args.includes('--force'),
    quiet: args.includes('--quiet'),
  };
  if (!Number.isInteger(options.sellerOrders) || options.sellerOrders < 10) throw new Error('--seller-orders must be an integer ≥ 10');
  const result = await generateLedger(options);
  const seconds = (result.elapsedMs / 1000).toFixed(1);
  console.log(`${result.skipped ? 'kept' : 'generated'} ${result.sellerOrders} seller orders with their ledger (${result.from} … ${result.to}) in ${databaseName(options.databaseUrl)}${result.skipped ? '' : ` in ${seconds} s`}`);
  mkdirSync('bench-results', { recursive: true });
  if (!result.skipped) writeFileSync(join('bench-results', `generate-ledger-${databaseName(options.databaseUrl)}.json`), JSON.stringify(result, null, 2));
}

if (require.main === module) {
  main().catch((error: Error) => {
    console.error(`generate-ledger failed: ${error.stack ?? error.message}`);
    process.exit(1);
  });
}
