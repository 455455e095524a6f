import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { buildCatalogueSql, detailsSql } from '../../src/catalog/catalog.query';
import { encodeCursor } from '../../src/common/pagination';
import { catalogueSize, DEFAULT_BENCH_DATABASE_URL, ensureDatabase, migrateDatabase } from '../../src/cli/generate-catalogue';
import { BENCH_ADMIN, checkRows, CheckoutFixture, cleanupCheckout, databaseActivity, Http, prepareCheckout, probeCheckout, runCheckout } from './checkout';
import { cleanupNotifications, NotificationsQueue, NotificationsRun, prepareNotifications, removeRedisPrefixes, runNotifications } from './notifications';
import { prepareReports, ReportsRun, runReports } from './reports';

// autocannon ships no types; the part of its result this file reads.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon: (options: Record<string, unknown>) => Promise<AutocannonResult> = require('autocannon');
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number; max: number };
  throughput: { average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
}

/**
 * `npm run bench` (scripts/bench.sh builds first): the catalogue under load.
 *
 * 1. the bench database (BENCH_DATABASE_URL, default sheber_bench) is migrated and, if it
 *    holds fewer than BENCH_LISTINGS published listings (default 100,000), generated
 *    (src/cli/generate-catalogue.ts);
 * 2. the built API (`node dist/main.js`, NODE_ENV=production) and the bare baseline
 *    (test/bench/bare-catalogue.ts: Node http + pg, the same SQL) start on free ports;
 * 3. autocannon runs each scenario for BENCH_DURATION seconds (default 15) after a short
 *    warm-up, while the server's RSS is sampled from /proc;
 * 4. then the checkout scenarios (test/bench/checkout.ts): BENCH_CHECKOUT_BUYERS buyers
 *    (default 20) place full orders (2 items from 2 makers' shops, shipping, manual
 *    payment) one after another for BENCH_CHECKOUT_DURATION seconds (default 12, or
 *    BENCH_DURATION when shorter) after a 2 s warm-up; the data is made through the API
 *    and the orders are deleted afterwards;
 * 5. then the notifications scenario (test/bench/notifications.ts): one built worker
 *    (`node dist/worker.js`) starts on a fresh Redis prefix and idles; BENCH_NOTIFICATIONS_EVENTS
 *    (default 10,000) `order.placed` outbox rows of as many orders (made by SQL) are committed
 *    in one INSERT; the bench waits (at most BENCH_NOTIFICATIONS_TIMEOUT seconds, default
 *    300) until every event has its in-app row, then measures events/s and the latency from
 *    outbox row to in-app row in SQL; the worker is stopped and the rows deleted;
 * 6. then the reports scenarios (test/bench/reports.ts) over the generated ledger
 *    (src/cli/generate-ledger.ts, generated when missing: BENCH_SELLER_ORDERS seller orders,
 *    default 1,000,000, 50 associations, 5,000 shops, 12 months): the commission report of
 *    the median association for the last month as JSON (BENCH_REPORT_RUNS requests, default
 *    10: cold, p50, p99), the same of the largest association, and the largest association's
 *    12 months as streamed CSV with the API's RSS before and during the export;
 * 7. a table with the targets is printed and the results are written to bench-results/.
 *
 * Options: --explain prints EXPLAIN (ANALYZE, BUFFERS) of every scenario's statements and
 * exits; --only name,name runs some scenarios (a name, a server, or a group: catalogue,
 * checkout, notifications, reports); a bare word is the same as --only (`npm run bench -- checkout`).
 * Without a catalogue scenario the catalogue is not generated; the API is started only for
 * the catalogue, checkout and reports scenarios. Environment: BENCH_DURATION, BENCH_LISTINGS,
 * BENCH_WARMUP (seconds, default 3), BENCH_DATABASE_URL, BENCH_POOL_SIZE (the API's and the
 * baseline's DATABASE_POOL_SIZE; default: the API's default), BENCH_NODE_OPTIONS (Node flags
 * for the API process only; none by default, as `npm start` runs it), REDIS_URL.
 */

const ROOT = resolve(__dirname, '..', '..');
const DURATION = Number(process.env.BENCH_DURATION ?? 15);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const LISTINGS = Number(process.env.BENCH_LISTINGS ?? 100_000);
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? DEFAULT_BENCH_DATABASE_URL;
const POOL_SIZE = process.env.BENCH_POOL_SIZE;
/** Node flags for the API process only (e.g. "--max-old-space-size=128"); none by default, as `npm start` runs it. */
const API_NODE_OPTIONS = process.env.BENCH_NODE_OPTIONS;
const CHECKOUT_DURATION = Number(process.env.BENCH_CHECKOUT_DURATION ?? Math.min(DURATION, 12));
const CHECKOUT_WARMUP = Number(process.env.BENCH_CHECKOUT_WARMUP ?? 2);
const CHECKOUT_BUYERS = Number(process.env.BENCH_CHECKOUT_BUYERS ?? 20);
const NOTIFICATIONS_EVENTS = Number(process.env.BENCH_NOTIFICATIONS_EVENTS ?? 10_000);
const NOTIFICATIONS_TIMEOUT = Number(process.env.BENCH_NOTIFICATIONS_TIMEOUT ?? 300);
const SELLER_ORDERS = Number(process.env.BENCH_SELLER_ORDERS ?? 1_000_000);
const REPORT_RUNS = Math.max(2, Number(process.env.BENCH_REPORT_RUNS ?? 10));
/** The CSV export streams: the API's RSS may grow this much during it at most. */
const CSV_RSS_DELTA_MB = 30;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const REDIS_PREFIX = 'sheber_bench';
const RSS_LIMIT_MB = 200;
const GENERATOR_LIMIT_S = 60;

const KAZAKH_SEARCH = { q: 'кілем', category: 'carpets' };
const RUSSIAN_SEARCH = { q: 'войлок', category: 'textiles-felt' };

type Target =
  | { kind: 'ratio'; of: string; min: number }
  | { kind: 'rps'; min: number }
  | { kind: 'p99'; max: number }
  | { kind: 'checkout'; min: number; p99: number }
  | { kind: 'none'; label?: string };

interface Scenario {
  name: string;
  group: 'catalogue';
  server: 'api' | 'bare';
  connections: number;
  paths: string[];
  target: Target;
  note: string;
}

/** Full checkouts: `connections` buyers in a closed loop (test/bench/checkout.ts). */
interface CheckoutScenario {
  name: string;
  group: 'checkout';
  server: 'api';
  connections: number;
  /** Every order's first item is the same variant: one stock row for all buyers. */
  hot: boolean;
  target: Target;
  note: string;
}

/** Outbox events relayed and delivered in-app by `connections` worker processes (test/bench/notifications.ts). */
interface NotificationsScenario {
  name: string;
  group: 'notifications';
  server: 'worker';
  connections: number;
  target: Target;
  note: string;
}

/** The commission report over the generated ledger, read by the platform admin (test/bench/reports.ts). */
interface ReportsScenario {
  name: string;
  group: 'reports';
  server: 'api';
  connections: number;
  target: Target;
  note: string;
}

interface Measured {
  scenario: string;
  server: 'api' | 'bare' | 'worker';
  connections: number;
  path: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  meanLatency: number;
  total: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  peakRssMb: number;
  target: string;
  pass: boolean | null;
  /** Checkout scenarios: the non-201 answers by status and error code. */
  failures?: Record<string, number>;
  /** Checkout scenarios: CPU time of the API process per order placed (warm-up included). */
  apiCpuMsPerCheckout?: number;
  /** The notifications scenario: its measurements as test/bench/notifications.ts took them, and the worker's CPU per event. */
  notifications?: NotificationsRun & { workerCpuMsPerEvent: number; jobs: Record<string, number> };
  /** The reports scenarios: their measurements as test/bench/reports.ts took them. */
  reports?: ReportsRun;
}

function log(line: string) {
  console.log(`[bench] ${line}`);
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolvePort(port));
    });
  });
}

/** The newest .ts under src/ must be older than dist/main.js: the bench measures the build. */
function checkBuild() {
  const main = join(ROOT, 'dist', 'main.js');
  if (!existsSync(main)) throw new Error('dist/main.js is missing: run `npm run build` (npm run bench does)');
  const built = statSync(main).mtimeMs;
  let newest = { at: 0, file: '' };
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) {
        const at = statSync(path).mtimeMs;
        if (at > newest.at) newest = { at, file: path };
      }
    }
  };
  walk(join(ROOT, 'src'));
  if (newest.at > built) log(`warning: ${newest.file.slice(ROOT.length + 1)} is newer than dist/main.js; the bench measures the build`);
}

async function prepareDatabase(needCatalogue: boolean): Promise<{ generatedNow: boolean }> {
  await ensureDatabase(DATABASE_URL);
  const applied = await migrateDatabase(DATABASE_URL);
  if (applied.length) log(`applied migrations to the bench database: ${applied.join(', ')}`);
  const size = await catalogueSize(DATABASE_URL);
  if (!needCatalogue) {
    log(`no catalogue scenario: the catalogue is left as it is (${size ?? 'no complete'} generated listings)`);
    return { generatedNow: false };
  }
  if (size !== null && size >= LISTINGS) {
    log(`bench database holds ${size} published listings (wanted ${LISTINGS})`);
    return { generatedNow: false };
  }
  log(size === null ? 'no complete generated catalogue: generating' : `bench database holds ${size} listings, wanted ${LISTINGS}: generating`);
  await new Promise<void>((done, fail) => {
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', join(ROOT, 'src', 'cli', 'generate-catalogue.ts'), '--listings', String(LISTINGS), '--database-url', DATABASE_URL],
      { cwd: ROOT, stdio: 'inherit', env: process.env },
    );
    child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`generator exited with ${code}`))));
  });
  return { generatedNow: true };
}

function generatorRecord(): { elapsedMs: number; listings: number; at: string } | null {
  const file = join(ROOT, 'bench-results', `generate-catalogue-${new URL(DATABASE_URL).pathname.slice(1)}.json`);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
}

/** Parameters of the scenarios, read from the bench database. */
async function scenarioData() {
  const db = new Client({ connectionString: DATABASE_URL });
  await db.connect();
  try {
    // A deep page: the cursor after the listing 90 % down the newest-first catalogue.
    const { rows: deep } = await db.query(
      `SELECT l.published_at, l.id FROM listings l JOIN shops s ON s.id = l.shop_id
       WHERE l.status = 'published' AND s.status = 'active' ORDER BY l.published_at DESC, l.id DESC
       OFFSET (SELECT (count(*) * 0.9)::int FROM listings WHERE status = 'published') LIMIT 1`,
    );
    const { rows: ids } = await db.query(
      `SELECT l.id FROM listings l JOIN shops s ON s.id = l.shop_id
       WHERE l.status = 'published' AND s.status = 'active' ORDER BY md5(l.id::text) LIMIT 2000`,
    );
    const { rows: counts } = await db.query(
      `SELECT count(*)::int AS published, (SELECT count(*)::int FROM listing_variants) AS variants FROM listings WHERE status = 'published'`,
    );
    return {
      deepCursor: encodeCursor(['n', deep[0].published_at.toISOString(), deep[0].id]),
      ids: ids.map((r) => r.id as string),
      published: counts[0].published as number,
      variants: counts[0].variants as number,
    };
  } finally {
    await db.end();
  }
}

function query(params: Record<string, string | number>): string {
  return new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])).toString();
}

function scenarios(data: Awaited<ReturnType<typeof scenarioData>>): Scenario[] {
  const page = `/listings?${query({ limit: 20 })}`;
  const deep = `/listings?${query({ limit: 20, cursor: data.deepCursor })}`;
  const kk = `/api/v1/listings?${query({ ...KAZAKH_SEARCH, limit: 20 })}`;
  const ru = `/api/v1/listings?${query({ ...RUSSIAN_SEARCH, limit: 20 })}`;
  return [
    { name: 'bare page', group: 'catalogue', server: 'bare', connections: 50, paths: [page], target: { kind: 'none' }, note: 'http + pg, same SQL' },
    { name: 'page', group: 'catalogue', server: 'api', connections: 50, paths: [`/api/v1${page}`], target: { kind: 'ratio', of: 'bare page', min: 0.6 }, note: 'GET /listings?limit=20' },
    { name: 'bare deep page', group: 'catalogue', server: 'bare', connections: 50, paths: [deep], target: { kind: 'none' }, note: 'cursor 90 % down' },
    { name: 'deep page', group: 'catalogue', server: 'api', connections: 50, paths: [`/api/v1${deep}`], target: { kind: 'ratio', of: 'bare deep page', min: 0.6 }, note: 'cursor 90 % down' },
    { name: 'search kk', group: 'catalogue', server: 'api', connections: 50, paths: [kk], target: { kind: 'rps', min: 500 }, note: `q=${KAZAKH_SEARCH.q} category=${KAZAKH_SEARCH.category}` },
    { name: 'search ru', group: 'catalogue', server: 'api', connections: 50, paths: [ru], target: { kind: 'rps', min: 500 }, note: `q=${RUSSIAN_SEARCH.q} category=${RUSSIAN_SEARCH.category}` },
    { name: 'search kk', group: 'catalogue', server: 'api', connections: 10, paths: [kk], target: { kind: 'p99', max: 30 }, note: 'p99 with 10 connections' },
    { name: 'search ru', group: 'catalogue', server: 'api', connections: 10, paths: [ru], target: { kind: 'p99', max: 30 }, note: 'p99 with 10 connections' },
    {
      name: 'listing',
      group: 'catalogue',
      server: 'api',
      connections: 50,
      paths: data.ids.map((id) => `/api/v1/listings/${id}`),
      target: { kind: 'rps', min: 2000 },
      note: `GET /listings/:id over ${data.ids.length} ids`,
    },
  ];
}

function checkoutScenarios(): CheckoutScenario[] {
  return [
    {
      name: 'checkout',
      group: 'checkout',
      server: 'api',
      connections: CHECKOUT_BUYERS,
      hot: false,
      target: { kind: 'checkout', min: 200, p99: 200 },
      note: 'POST /orders: 2 items of 50 variants, 2 shops, shipping, manual payment',
    },
    {
      name: 'checkout hot item',
      group: 'checkout',
      server: 'api',
      connections: CHECKOUT_BUYERS,
      hot: true,
      target: { kind: 'none', label: '(informational)' },
      note: 'every order takes the same variant first: one stock row',
    },
  ];
}

function notificationScenarios(): NotificationsScenario[] {
  return [
    {
      name: 'notifications',
      group: 'notifications',
      server: 'worker',
      connections: 1,
      target: { kind: 'none', label: '(informational)' },
      note: `${NOTIFICATIONS_EVENTS} order.placed outbox rows in one INSERT → in-app rows, one worker process`,
    },
  ];
}

function reportScenarios(): ReportsScenario[] {
  return [
    {
      name: 'report json',
      group: 'reports',
      server: 'api',
      connections: 1,
      target: { kind: 'p99', max: 1000 },
      note: 'commission report, median association, last month, JSON',
    },
    {
      name: 'report json largest',
      group: 'reports',
      server: 'api',
      connections: 1,
      target: { kind: 'none', label: '(informational)' },
      note: 'commission report, largest association, last month, JSON',
    },
    {
      name: 'report csv largest',
      group: 'reports',
      server: 'api',
      connections: 1,
      target: { kind: 'none', label: '(informational)' },
      note: 'commission report, largest association, 12 months, CSV streamed',
    },
  ];
}

/** A child process the bench started, with the tail of its output for error messages. */
interface Child {
  child: ChildProcess;
  output: string[];
}

interface Running extends Child {
  port: number;
}

/** An HTTP server: started when its /health answers. */
async function start(name: string, args: string[], env: NodeJS.ProcessEnv, port: number): Promise<Running> {
  const healthy = async () => {
    try {
      return (await fetch(`http://127.0.0.1:${port}/health`)).ok;
    } catch {
      return false; // not listening yet
    }
  };
  return { ...(await launch(name, args, env, healthy)), port };
}

/** Spawns `node args` and waits (60 s at most) until `ready` answers true. */
async function launch(name: string, args: string[], env: NodeJS.ProcessEnv, ready: () => Promise<boolean>): Promise<Child> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${output.join('')}`);
    if (await ready()) return { child, output };
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill('SIGKILL');
  throw new Error(`${name} was not ready in 60 s:\n${output.join('')}`);
}

async function stop(running: Child | undefined) {
  if (!running || running.child.exitCode !== null) return;
  const exited = new Promise((r) => running.child.once('exit', r));
  running.child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  if (running.child.exitCode === null) running.child.kill('SIGKILL');
}

/** CPU time (user + system) a process has used, in ms, from /proc (clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/** RSS of a process in MB from /proc: VmRSS now, VmHWM the peak since it started. */
function memory(pid: number): { rss: number; hwm: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

async function measure(scenario: Scenario, port: number, pid: number): Promise<Measured> {
  const base = `http://127.0.0.1:${port}`;
  // One request first: a scenario that answers errors must fail loudly, not look fast.
  const probe = await fetch(base + scenario.paths[0]);
  const body = await probe.text();
  if (!probe.ok) throw new Error(`${scenario.name}: ${scenario.paths[0]} answered ${probe.status}: ${body.slice(0, 300)}`);
  if (scenario.paths[0].includes('listings?') && JSON.parse(body).items.length !== 20) {
    throw new Error(`${scenario.name}: expected a full page of 20 items, got ${JSON.parse(body).items.length}`);
  }

  let i = 0;
  const requests = [
    {
      setupRequest: (request: { path: string }) => {
        request.path = scenario.paths[i++ % scenario.paths.length];
        return request;
      },
    },
  ];
  const run = (duration: number) => autocannon({ url: base, connections: scenario.connections, duration, requests });
  if (WARMUP > 0) await run(WARMUP);

  let peak = memory(pid)?.rss ?? 0;
  const sampler = setInterval(() => {
    const m = memory(pid);
    if (m) peak = Math.max(peak, m.rss);
  }, 100);
  const result = await run(DURATION);
  clearInterval(sampler);
  peak = Math.max(peak, memory(pid)?.rss ?? 0);

  return {
    scenario: scenario.name,
    server: scenario.server,
    connections: scenario.connections,
    path: scenario.paths.length > 1 ? `${scenario.paths[0].replace(/[0-9a-f-]{36}$/, ':id')} (${scenario.paths.length} ids)` : scenario.paths[0],
    requestsPerSecond: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    meanLatency: result.latency.average,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    peakRssMb: peak,
    target: '',
    pass: null,
  };
}

function judge(scenario: { target: Target }, m: Measured, all: Measured[]) {
  const clean = m.non2xx === 0 && m.errors === 0 && m.timeouts === 0;
  const t = scenario.target;
  switch (t.kind) {
    case 'ratio': {
      const base = all.find((x) => x.scenario === t.of);
      const ratio = base ? m.requestsPerSecond / base.requestsPerSecond : 0;
      m.target = `≥ ${t.min * 100} % of bare (${ratio ? (ratio * 100).toFixed(0) : '?'} %)`;
      m.pass = clean && ratio >= t.min;
      break;
    }
    case 'rps':
      m.target = `≥ ${t.min} req/s`;
      m.pass = clean && m.requestsPerSecond >= t.min;
      break;
    case 'p99':
      m.target = `p99 ≤ ${t.max} ms`;
      m.pass = clean && m.p99 <= t.max;
      break;
    case 'checkout':
      m.target = `≥ ${t.min} checkouts/s, p99 ≤ ${t.p99} ms`;
      m.pass = clean && m.requestsPerSecond >= t.min && m.p99 <= t.p99;
      break;
    default:
      m.target = t.label ?? '(baseline)';
      m.pass = clean ? null : false;
  }
  if (!clean) m.target += m.failures ? ` [${Object.entries(m.failures).map(([k, n]) => `${n}× ${k}`).join(', ')}]` : ` [${m.non2xx} non-2xx, ${m.errors} errors, ${m.timeouts} timeouts]`;
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => [...r[c]].length)));
  const line = (r: string[]) => `| ${r.map((cell, c) => cell + ' '.repeat(widths[c] - [...cell].length)).join(' | ')} |`;
  return [line(rows[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

/** --explain: the plans of every scenario's statements, as the API runs them. */
async function explain(data: Awaited<ReturnType<typeof scenarioData>>) {
  const db = new Client({ connectionString: DATABASE_URL });
  await db.connect();
  try {
    const categoryIds = async (slug: string) =>
      (await db.query(`SELECT array_agg(id) AS ids FROM categories WHERE slug = $1 OR parent_id = (SELECT id FROM categories WHERE slug = $1)`, [slug]))
        .rows[0].ids as string[];
    const pages: [string, Parameters<typeof buildCatalogueSql>][] = [
      ['page', [{ limit: 20 } as never, null]],
      ['deep page', [{ limit: 20, cursor: data.deepCursor } as never, null]],
      ['search kk', [{ limit: 20, q: KAZAKH_SEARCH.q } as never, await categoryIds(KAZAKH_SEARCH.category)]],
      ['search ru', [{ limit: 20, q: RUSSIAN_SEARCH.q } as never, await categoryIds(RUSSIAN_SEARCH.category)]],
    ];
    for (const [name, args] of pages) {
      const { parts } = buildCatalogueSql(...args);
      let found = 0;
      for (const [k, { sql, params, name: prepared, tier }] of parts.entries()) {
        let plan: string;
        if (prepared) {
          // The API runs it as a named statement with a cached generic plan: show that plan.
          await db.query(`DEALLOCATE ALL`);
          await db.query(`PREPARE bench_page AS ${sql}`);
          const values = params.length ? `(${params.map((v) => db.escapeLiteral(String(v))).join(', ')})` : '';
          for (let run = 0; run < 6; run++) await db.query(`EXECUTE bench_page${values}`);
          plan = (await db.query(`EXPLAIN (ANALYZE, BUFFERS) EXECUTE bench_page${values}`)).rows.map((r) => r['QUERY PLAN']).join('\n');
          const cache = (await db.query(`SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = 'bench_page'`)).rows[0];
          plan += `\n(plan cache after 7 runs: ${cache.generic_plans} generic, ${cache.custom_plans} custom)`;
        } else {
          plan = (await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params)).rows.map((r) => r['QUERY PLAN']).join('\n');
        }
        const rows = (await db.query(sql, params)).rowCount ?? 0;
        const label = `${name}: part ${k + 1}/${parts.length}${tier ? ` (relevance tier ${tier})` : ''}${prepared ? ' [prepared]' : ''}, ${rows} rows`;
        console.log(`\n=== ${label}\n${sql}\n${JSON.stringify(params)}\n${plan}`);
        found += rows;
        if (found > 20) break;
      }
    }
    const id = data.ids[0];
    await db.query(`PREPARE bench_details AS ${detailsSql('l.id = $1::uuid')}`);
    const idList = db.escapeLiteral(id);
    for (let run = 0; run < 6; run++) await db.query(`EXECUTE bench_details(${idList})`);
    const detail = await db.query(`EXPLAIN (ANALYZE, BUFFERS) EXECUTE bench_details(${idList})`);
    const cache = (await db.query(`SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = 'bench_details'`)).rows[0];
    detail.rows.push({ 'QUERY PLAN': `(plan cache after 7 runs: ${cache.generic_plans} generic, ${cache.custom_plans} custom)` });
    console.log(`\n=== listing (CatalogQuery.details) [prepared]\n${detail.rows.map((r) => r['QUERY PLAN']).join('\n')}`);
  } finally {
    await db.end();
  }
}

/**
 * The checkout scenarios on the running API: data through the API, a probe order, each
 * scenario (warm-up + measured window), a check that every 201 wrote its rows, then the
 * orders deleted and the listings archived. `checks` gets the row check's table row.
 */
async function measureCheckouts(list: CheckoutScenario[], api: Running, checks: string[][]): Promise<Measured[]> {
  const round = (ms: number) => Math.round(ms * 10) / 10;
  const http = new Http('127.0.0.1', api.port);
  const options = { databaseUrl: DATABASE_URL, redisUrl: REDIS_URL, redisPrefix: REDIS_PREFIX, buyers: CHECKOUT_BUYERS };
  const began = Date.now();
  const out: Measured[] = [];
  let fixture: CheckoutFixture | undefined;
  let wedged = false;
  try {
    fixture = await prepareCheckout(http, options, log);
    const variants = fixture.makers.reduce((n, m) => n + m.variantIds.length, 0);
    log(`checkout data ready in ${((Date.now() - began) / 1000).toFixed(1)} s: ${fixture.buyers.length} buyers, ${fixture.makers.length} makers, ${variants} variants`);
    await probeCheckout(http, fixture);
    let created = 1;
    let unanswered = 0;
    log(`${list.length} checkout scenarios, ${CHECKOUT_WARMUP} s warm-up + ${CHECKOUT_DURATION} s each, API pool ${POOL_SIZE ?? 'default'}`);
    for (const scenario of list) {
      if (wedged) {
        log(`${scenario.name}: not run, the API stopped answering`);
        continue;
      }
      let peak = memory(api.child.pid!)?.rss ?? 0;
      const sampler = setInterval(() => {
        const m = memory(api.child.pid!);
        if (m) peak = Math.max(peak, m.rss);
      }, 100);
      const cpuBefore = cpuMs(api.child.pid!);
      const run = await runCheckout(http, fixture, { hot: scenario.hot, buyers: scenario.connections, warmup: CHECKOUT_WARMUP, duration: CHECKOUT_DURATION });
      clearInterval(sampler);
      const apiCpuPerCheckout = run.createdOrders ? (cpuMs(api.child.pid!) - cpuBefore) / run.createdOrders : 0;
      created += run.createdOrders;
      unanswered += run.unanswered;
      const m: Measured = {
        scenario: scenario.name,
        server: 'api',
        connections: scenario.connections,
        path: `POST /api/v1/orders${scenario.hot ? ' (hot variant)' : ''}`,
        requestsPerSecond: run.checkouts / run.seconds,
        p50: round(run.p50),
        p99: round(run.p99),
        meanLatency: round(run.mean),
        total: run.checkouts,
        non2xx: run.non201,
        errors: run.networkErrors,
        timeouts: run.timeouts,
        peakRssMb: Math.max(peak, memory(api.child.pid!)?.rss ?? 0),
        target: '',
        pass: null,
        failures: run.failures,
        apiCpuMsPerCheckout: round(apiCpuPerCheckout),
      };
      out.push(m);
      const failed = Object.entries(run.failures).map(([k, n]) => `${n}× ${k}`).join(', ');
      log(`${scenario.name} (${scenario.connections} buyers): ${m.requestsPerSecond.toFixed(0)} checkouts/s, p50 ${m.p50} ms, p99 ${m.p99} ms, max ${round(run.max)} ms, ${failed || 'no errors'}, API CPU ${apiCpuPerCheckout.toFixed(1)} ms per checkout, RSS ${m.peakRssMb.toFixed(0)} MB`);
      if (run.checkouts === 0 && run.timeouts > 0) {
        wedged = true;
        log(`no checkout completed and requests time out: the API is stuck. Its database connections:\n  ${await databaseActivity(DATABASE_URL)}`);
      }
    }
    const rows = await checkRows(DATABASE_URL, fixture.buyers.map((b) => b.id));
    // Every 201 has its rows; a request that got no answer may have placed an order too.
    const ok = rows.ok && rows.orders >= created && rows.orders <= created + unanswered;
    checks.push([`checkout rows`, 'api', '', '', '', '', '', '', `${created} answers 201: ${rows.detail}`, ok ? 'PASS' : 'MISS']);
  } finally {
    if (fixture) {
      try {
        const { removed, archived } = await cleanupCheckout(http, fixture, { ...options, archive: !wedged });
        log(`checkout: ${removed} bench orders deleted, ${archived} bench listings archived; checkout part took ${((Date.now() - began) / 1000).toFixed(1)} s`);
      } catch (error) {
        log(`checkout cleanup failed (the next run's setup repairs it): ${(error as Error).message}`);
      }
    }
    http.close();
  }
  return out;
}

/**
 * The notifications scenario: its data by SQL, one built worker on a fresh Redis prefix
 * (no job of an earlier run can interfere; prefixes of crashed runs are removed first),
 * idle for 2 s, then the burst and the wait (test/bench/notifications.ts); the worker is
 * stopped with SIGTERM, the rows and the prefix's keys removed. MAIL_DIR points into a
 * temporary directory and SMTP_URL is unset, for an e-mail channel that writes files.
 * `checks` gets the row check's table row.
 */
async function measureNotifications(list: NotificationsScenario[], common: NodeJS.ProcessEnv, checks: string[][]): Promise<Measured[]> {
  const round = (ms: number) => Math.round(ms * 10) / 10;
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const workerJs = join(ROOT, 'dist', 'worker.js');
  if (!existsSync(workerJs)) throw new Error('dist/worker.js is missing: run `npm run build` (npm run bench does)');
  const began = Date.now();
  const redisPrefix = `${REDIS_PREFIX}_notifications_${randomBytes(4).toString('hex')}`;
  const mailDir = mkdtempSync(join(tmpdir(), 'sheber-bench-mail-'));
  const options = { databaseUrl: DATABASE_URL, events: NOTIFICATIONS_EVENTS };
  const out: Measured[] = [];
  let queue: NotificationsQueue | undefined;
  let worker: Child | undefined;
  try {
    // Before this run's queue exists: opening a queue writes its meta key.
    const stale = await removeRedisPrefixes(REDIS_URL, `${REDIS_PREFIX}_notifications_*`);
    if (stale) log(`notifications: ${stale} Redis keys of an earlier run removed`);
    queue = new NotificationsQueue(REDIS_URL, redisPrefix);
    const workerQueue = queue;
    const fixture = await prepareNotifications(options);
    log(
      `notifications data ready in ${seconds(Date.now() - began)}: ${fixture.orders} orders (each 2 seller orders, 2 lines, a pending manual payment) of ${fixture.buyers} buyers` +
        (fixture.leftovers ? `; ${fixture.leftovers} orders of an earlier run deleted` : ''),
    );
    if (fixture.foreignUndispatched) log(`notifications: warning: ${fixture.foreignUndispatched} undispatched outbox rows of something else; the worker relays them too`);

    const env: NodeJS.ProcessEnv = {
      ...common,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      JWT_SECRET: randomBytes(32).toString('hex'),
      REDIS_URL,
      REDIS_PREFIX: redisPrefix,
      MAIL_DIR: mailDir,
      STRIPE_SECRET_KEY: '',
    };
    delete env.SMTP_URL;
    const startedAt = Date.now();
    worker = await launch('worker', [workerJs], env, () => workerQueue.hasWorker());
    // Idle a moment: the boot-time jobs (order timers, maintenance) are done and the relay polls, as in a live system.
    await new Promise((r) => setTimeout(r, 2_000));
    log(`worker (pid ${worker.child.pid}) ready in ${seconds(Date.now() - startedAt)}, Redis prefix ${redisPrefix}; ${NOTIFICATIONS_EVENTS} events in one INSERT now`);

    const pid = worker.child.pid!;
    let peak = memory(pid)?.rss ?? 0;
    const sampler = setInterval(() => {
      const m = memory(pid);
      if (m) peak = Math.max(peak, m.rss);
    }, 100);
    const cpuBefore = cpuMs(pid);
    let run: NotificationsRun;
    try {
      run = await runNotifications({ ...options, timeoutMs: NOTIFICATIONS_TIMEOUT * 1000 }, (delivered) => {
        if (worker!.child.exitCode !== null) throw new Error(`the worker exited with ${worker!.child.exitCode}:\n${worker!.output.join('')}`);
        log(`notifications: ${delivered}/${NOTIFICATIONS_EVENTS} in-app rows after ${seconds(Date.now() - startedAt)}`);
      });
    } finally {
      clearInterval(sampler);
    }
    const cpuPerEvent = (cpuMs(pid) - cpuBefore) / NOTIFICATIONS_EVENTS;
    peak = Math.max(peak, memory(pid)?.rss ?? 0);
    const jobs = await queue.counts();

    const [scenario] = list;
    const missing = run.events - run.delivered;
    const failures: Record<string, number> = {};
    if (missing) failures['missing in-app rows'] = missing;
    if (run.wrong) failures['in-app rows for another user or of another kind'] = run.wrong;
    if (jobs.failed) failures['failed jobs'] = jobs.failed;
    if (run.timedOut) failures[`timed out after ${NOTIFICATIONS_TIMEOUT} s`] = 1;
    const m: Measured = {
      scenario: scenario.name,
      server: 'worker',
      connections: scenario.connections,
      path: 'order.placed outbox row → in-app notification',
      requestsPerSecond: run.eventsPerSecond,
      p50: round(run.p50),
      p99: round(run.p99),
      meanLatency: round(run.mean),
      total: run.delivered,
      non2xx: missing + run.wrong,
      errors: jobs.failed,
      timeouts: run.timedOut ? 1 : 0,
      peakRssMb: peak,
      target: '',
      pass: null,
      ...(Object.keys(failures).length ? { failures } : {}),
      notifications: { ...run, workerCpuMsPerEvent: round(cpuPerEvent), jobs },
    };
    out.push(m);
    log(
      `notifications (1 worker): ${run.delivered} in-app rows ${seconds(run.spanMs)} after the first event: ${run.eventsPerSecond.toFixed(0)} events/s, ` +
        `p50 ${m.p50} ms, p99 ${m.p99} ms, max ${round(run.max)} ms; first in-app row after ${round(run.firstMs)} ms; ` +
        `relay: all ${run.relay.dispatched} dispatched after ${seconds(run.relay.doneMs)} (p50 ${round(run.relay.p50)} ms, p99 ${round(run.relay.p99)} ms); ` +
        `INSERT ${run.insertMs} ms; worker CPU ${cpuPerEvent.toFixed(2)} ms per event, RSS ${peak.toFixed(0)} MB; jobs ${JSON.stringify(jobs)}`,
    );
    log(`notifications: in-app rows per 5 s after the first event: ${run.timeline.join(' ')}`);
    const ok = !missing && !run.wrong && !jobs.failed;
    checks.push([
      'notifications rows',
      'worker',
      '',
      '',
      '',
      '',
      '',
      '',
      `${run.events} order.placed: ${run.delivered} in-app rows, ${run.wrong} wrong, ${jobs.failed} failed jobs, ${run.emailRows} email rows`,
      ok ? 'PASS' : 'MISS',
    ]);
  } finally {
    const stopping = Date.now();
    await stop(worker);
    if (worker) log(`worker stopped (SIGTERM) in ${seconds(Date.now() - stopping)}: exit ${worker.child.exitCode ?? worker.child.signalCode}`);
    await queue?.close().catch(() => undefined);
    const mails = readdirSync(mailDir, { recursive: true }).filter((f) => String(f).endsWith('.eml')).length;
    rmSync(mailDir, { recursive: true, force: true });
    try {
      const removed = await cleanupNotifications({ databaseUrl: DATABASE_URL });
      const keys = await removeRedisPrefixes(REDIS_URL, redisPrefix);
      log(`notifications: ${removed} bench orders with their events and notifications deleted, ${keys} Redis keys removed, ${mails} .eml files in MAIL_DIR; notifications part took ${seconds(Date.now() - began)}`);
    } catch (error) {
      log(`notifications cleanup failed (the next run's setup repairs it): ${(error as Error).message}`);
    }
  }
  return out;
}

async function measureReports(list: ReportsScenario[], api: Running, fixture: Awaited<ReturnType<typeof prepareReports>>, checks: string[][]): Promise<Measured[]> {
  const run = await runReports(api.port, api.child.pid!, fixture, BENCH_ADMIN, REPORT_RUNS, log);
  const row = (name: string, fields: Partial<Measured>): Measured => ({
    scenario: name,
    server: 'api',
    connections: 1,
    path: '',
    requestsPerSecond: 0,
    p50: 0,
    p99: 0,
    meanLatency: 0,
    total: 0,
    non2xx: 0,
    errors: 0,
    timeouts: 0,
    peakRssMb: 0,
    target: '',
    pass: null,
    ...fields,
  });
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const out: Measured[] = [];
  const { json, jsonLargest, csv } = run;
  const rows: Record<string, Measured> = {
    'report json': row('report json', {
      path: `median association (${json.sellerOrders} seller orders), ${json.month.from}…${json.month.to}, JSON`,
      requestsPerSecond: 1000 / mean(json.times),
      p50: json.p50,
      p99: json.p99,
      meanLatency: Math.round(mean(json.times)),
      total: json.times.length,
      peakRssMb: memory(api.child.pid!)?.rss ?? 0,
      reports: run,
    }),
    'report json largest': row('report json largest', {
      path: `largest association (${jsonLargest.sellerOrders} seller orders), same month, JSON`,
      requestsPerSecond: 1000 / mean(jsonLargest.times),
      p50: jsonLargest.p50,
      p99: Math.max(...jsonLargest.times.slice(1)),
      meanLatency: Math.round(mean(jsonLargest.times)),
      total: jsonLargest.times.length,
      peakRssMb: jsonLargest.peakRssMb,
    }),
    'report csv largest': row('report csv largest', {
      path: `largest association, ${csv.period.from}…${csv.period.to}, CSV`,
      requestsPerSecond: 1000 / csv.ms,
      p50: csv.ms,
      p99: csv.ms,
      meanLatency: csv.ms,
      total: 1,
      peakRssMb: csv.peakRssMb,
    }),
  };
  for (const scenario of list) out.push(rows[scenario.name]);
  if (list.some((s) => s.name === 'report json')) {
    checks.push(['report json cold', 'api', '1', '', String(json.cold), '', '', '', `first request < 1000 ms (${json.cold} ms)`, json.cold < 1000 ? 'PASS' : 'MISS']);
  }
  if (list.some((s) => s.name === 'report csv largest')) {
    const delta = csv.peakRssMb - csv.rssBeforeMb;
    checks.push([
      'report csv memory',
      'api',
      '1',
      '',
      '',
      '',
      '',
      csv.peakRssMb.toFixed(0),
      `constant memory: RSS +${delta.toFixed(1)} MB ≤ ${CSV_RSS_DELTA_MB} MB (${csv.rssBeforeMb.toFixed(0)} → ${csv.peakRssMb.toFixed(0)} MB; ${csv.bytes} B, ${csv.lines} lines, ${csv.ms} ms)`,
      delta <= CSV_RSS_DELTA_MB ? 'PASS' : 'MISS',
    ]);
  }
  return out;
}

/** --only a,b and bare words: scenario names, servers (api, bare, worker) or groups (catalogue, checkout, notifications). */
function parseArgs(args: string[]): { only: string[] | null; explain: boolean } {
  const only: string[] = [];
  let explain = false;
  for (let k = 0; k < args.length; k++) {
    if (args[k] === '--explain') explain = true;
    else if (args[k] === '--only') only.push(...(args[++k] ?? '').split(','));
    else if (args[k].startsWith('-')) throw new Error(`unknown option ${args[k]}`);
    else only.push(...args[k].split(','));
  }
  const names = only.map((n) => n.trim()).filter(Boolean);
  return { only: names.length ? names : null, explain };
}

async function main() {
  const { only, explain: explainOnly } = parseArgs(process.argv.slice(2));
  const selected = (s: { name: string; server: string; group: string }) => !only || only.includes(s.name) || only.includes(s.server) || only.includes(s.group);
  const placeholder = { deepCursor: '', ids: [], published: 0, variants: 0 };
  const checkouts = checkoutScenarios().filter(selected);
  const notifications = notificationScenarios().filter(selected);
  const reports = reportScenarios().filter(selected);
  const needCatalogue = explainOnly || scenarios(placeholder).some(selected);
  const known = [...scenarios(placeholder), ...checkoutScenarios(), ...notificationScenarios(), ...reportScenarios()].flatMap((s) => [s.name, s.server, s.group]);
  const unknown = (only ?? []).filter((n) => !known.includes(n));
  if (unknown.length) throw new Error(`no scenario, server or group named ${unknown.join(', ')} (known: ${[...new Set(known)].join(', ')})`);
  checkBuild();
  const { generatedNow } = await prepareDatabase(needCatalogue);
  const data = needCatalogue ? await scenarioData() : null;
  if (explainOnly) return explain(data!);
  const reportsFixture = reports.length ? await prepareReports(DATABASE_URL, SELLER_ORDERS) : null;

  const apiPort = await freePort();
  const barePort = await freePort();
  const storage = mkdtempSync(join(tmpdir(), 'sheber-bench-storage-'));
  const common = { ...process.env, DATABASE_URL, ...(POOL_SIZE ? { DATABASE_POOL_SIZE: POOL_SIZE } : {}) };
  let api: Running | undefined;
  let bare: Running | undefined;
  const results: Measured[] = [];
  const all = data ? scenarios(data).filter(selected) : [];
  const checkoutChecks: string[][] = [];
  const notificationChecks: string[][] = [];
  const reportChecks: string[][] = [];
  let hwmBeforeCheckout: number | undefined;
  try {
    // The API serves the catalogue and checkout scenarios; the notifications scenario starts its worker itself.
    if (all.length || checkouts.length || reports.length) {
      api = await start(
        'API',
        [join(ROOT, 'dist', 'main.js')],
        {
          ...common,
          NODE_ENV: 'production',
          LOG_LEVEL: 'warn',
          MIGRATIONS_RUN: 'false',
          HOST: '127.0.0.1',
          PORT: String(apiPort),
          JWT_SECRET: randomBytes(32).toString('hex'),
          SEARCH_THROTTLE_LIMIT: '1000000000',
          LOGIN_THROTTLE_LIMIT: '1000000000',
          // A load test is many checkouts from one address by few buyers: lift the checkout limits it measures around.
          CHECKOUT_THROTTLE_LIMIT: '1000000000',
          MAX_UNPAID_ORDERS_PER_BUYER: '100000',
          REDIS_PREFIX,
          STORAGE_DIR: storage,
          // The checkout scenarios publish their listings with this admin; the manual payment provider (no STRIPE_SECRET_KEY).
          // The reports scenarios read as this admin too.
          ...(checkouts.length || reports.length ? { BOOTSTRAP_ADMIN_EMAIL: BENCH_ADMIN.email, BOOTSTRAP_ADMIN_PASSWORD: BENCH_ADMIN.password, STRIPE_SECRET_KEY: '' } : {}),
          ...(API_NODE_OPTIONS ? { NODE_OPTIONS: API_NODE_OPTIONS } : {}),
        },
        apiPort,
      );
      log(`API (pid ${api.child.pid}) on :${apiPort}`);
    }
    if (all.some((s) => s.server === 'bare')) {
      bare = await start('bare baseline', ['-r', 'ts-node/register/transpile-only', join(ROOT, 'test', 'bench', 'bare-catalogue.ts')], { ...common, PORT: String(barePort) }, barePort);
      log(`bare baseline (pid ${bare.child.pid}) on :${barePort}`);
    }
    if (all.length) log(`${all.length} scenarios, ${WARMUP} s warm-up + ${DURATION} s each, on ${data!.published} published listings`);
    for (const scenario of all) {
      const target = scenario.server === 'api' ? api! : bare!;
      const m = await measure(scenario, target.port, target.child.pid!);
      results.push(m);
      log(`${scenario.name} (${scenario.connections} conn): ${m.requestsPerSecond.toFixed(0)} req/s, p50 ${m.p50} ms, p99 ${m.p99} ms, RSS ${m.peakRssMb.toFixed(0)} MB`);
    }
    // After the catalogue scenarios: their orders and listings are gone again before the next run's catalogue scenarios.
    if (checkouts.length) {
      // The checkout setup hashes passwords (argon2, 64 MB each): the RSS row keeps the peak from before it; checkout rows have their sampled peaks.
      hwmBeforeCheckout = all.length ? (memory(api!.child.pid!)?.hwm ?? 0) : 0;
      results.push(...(await measureCheckouts(checkouts, api!, checkoutChecks)));
    }
    if (notifications.length) results.push(...(await measureNotifications(notifications, common, notificationChecks)));
    if (reports.length) {
      // The admin's login hashes a password (argon2, 64 MB): as for checkout, the RSS row keeps the peak from before it and the report rows' sampled peaks.
      hwmBeforeCheckout ??= all.length ? (memory(api!.child.pid!)?.hwm ?? 0) : 0;
      results.push(...(await measureReports(reports, api!, reportsFixture!, reportChecks)));
    }
  } finally {
    const apiMemory = api?.child.pid ? memory(api.child.pid) : null;
    await stop(api);
    await stop(bare);
    rmSync(storage, { recursive: true, force: true });
    if (apiMemory) (results as Measured[] & { apiHwm?: number }).apiHwm = hwmBeforeCheckout ?? apiMemory.hwm;
  }
  const apiStarted = api !== undefined;

  const judged: { name: string; connections: number; server: string; target: Target }[] = [...all, ...checkouts, ...notifications, ...reports];
  for (const m of results) judge(judged.find((s) => s.name === m.scenario && s.connections === m.connections && s.server === m.server)!, m, results);
  const apiHwm = (results as Measured[] & { apiHwm?: number }).apiHwm ?? 0;
  const apiPeak = Math.max(apiHwm, ...results.filter((m) => m.server === 'api').map((m) => m.peakRssMb));
  const generator = generatorRecord();
  // req/s of a checkout row: full checkouts (201) per second; errors: every answer that was not a 2xx (not a 201 for checkouts).
  // The notifications row: conn = worker processes, req/s = events delivered in-app per second, p50/p99 = outbox row to in-app row,
  // errors = missing or wrong in-app rows + failed jobs, RSS = the worker's.
  const rows: string[][] = [['scenario', 'server', 'conn', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'peak RSS MB', 'target', 'result']];
  for (const m of results) {
    rows.push([
      m.scenario,
      m.server,
      String(m.connections),
      m.requestsPerSecond.toFixed(0),
      String(m.p50),
      String(m.p99),
      String(m.non2xx + m.errors + m.timeouts),
      m.peakRssMb.toFixed(0),
      m.target,
      m.pass === null ? '' : m.pass ? 'PASS' : 'MISS',
    ]);
  }
  rows.push(...checkoutChecks, ...notificationChecks, ...reportChecks);
  if (apiStarted) {
    rows.push([hwmBeforeCheckout === undefined ? 'server RSS (VmHWM)' : 'server RSS (peak, without login hashing)', 'api', '', '', '', '', '', apiPeak.toFixed(0), `≤ ${RSS_LIMIT_MB} MB`, apiPeak <= RSS_LIMIT_MB ? 'PASS' : 'MISS']);
  }
  if (generator && all.length) {
    const s = generator.elapsedMs / 1000;
    rows.push([`generator (${generator.listings} listings${generatedNow ? '' : `, ${generator.at.slice(0, 16)}`})`, '', '', '', '', '', '', '', `< ${GENERATOR_LIMIT_S} s (${s.toFixed(1)} s)`, s < GENERATOR_LIMIT_S ? 'PASS' : 'MISS']);
  }
  console.log(`\n${table(rows)}\n`);
  const loadAverage = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  if (data) console.log(`catalogue: ${data.published} published listings, ${data.variants} variants; ${DURATION} s per scenario; pool ${POOL_SIZE ?? 'default'}; API NODE_OPTIONS ${API_NODE_OPTIONS ?? '(none)'}; load average ${loadAverage}`);
  if (checkouts.length) {
    console.log(
      `checkout: ${CHECKOUT_BUYERS} buyers, each order 2 items from 2 shops, shipping, manual payment; req/s = full checkouts (201) per second; ${CHECKOUT_WARMUP} s warm-up + ${CHECKOUT_DURATION} s; pool ${POOL_SIZE ?? 'default'}; load average ${loadAverage}`,
    );
  }
  const notified = results.find((m) => m.notifications)?.notifications;
  if (notified) {
    console.log(
      `notifications: ${notified.events} order.placed outbox rows (distinct orders, 2 seller orders each) committed in one INSERT (${notified.insertMs} ms) while one idle worker (node dist/worker.js) polled; ` +
        `req/s = events delivered in-app per second (first outbox row to last in-app row, ${(notified.spanMs / 1000).toFixed(1)} s); p50/p99 = in-app created_at − outbox created_at, mostly queueing behind the burst; ` +
        `relay done after ${(notified.relay.doneMs / 1000).toFixed(1)} s; worker CPU ${notified.workerCpuMsPerEvent} ms per event; ${notified.emailRows} email rows; OUTBOX_POLL_MS ${process.env.OUTBOX_POLL_MS ?? 'default'}; pool ${POOL_SIZE ?? 'default'}; load average ${loadAverage}`,
    );
  }

  const reported = results.find((m) => m.reports)?.reports ?? results.find((m) => m.scenario.startsWith('report'))?.reports;
  if (reportsFixture) {
    const l = reportsFixture.ledger;
    console.log(
      `reports: ${l.sellerOrders} generated seller orders (${l.from}…${l.to}, generated ${l.generatedAt.slice(0, 16)} in ${(l.elapsedMs / 1000).toFixed(1)} s); ` +
        `median association ${reportsFixture.median.sellerOrders} seller orders / ${reportsFixture.median.shops} shops, largest ${reportsFixture.largest.sellerOrders} / ${reportsFixture.largest.shops}; ` +
        (reported ? `JSON ms per request ${reported.json.times.join(', ')}; CSV first byte ${reported.csv.firstByteMs} ms, ${reported.csv.bytes} B; ` : '') +
        `one request at a time; load average ${loadAverage}`,
    );
  }

  mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
  const file = join(ROOT, 'bench-results', `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      {
        at: new Date().toISOString(),
        durationSeconds: DURATION,
        warmupSeconds: WARMUP,
        database: new URL(DATABASE_URL).pathname.slice(1),
        catalogue: data ? { published: data.published, variants: data.variants } : null,
        checkout: checkouts.length ? { buyers: CHECKOUT_BUYERS, warmupSeconds: CHECKOUT_WARMUP, durationSeconds: CHECKOUT_DURATION } : null,
        notifications: notifications.length ? { events: NOTIFICATIONS_EVENTS, timeoutSeconds: NOTIFICATIONS_TIMEOUT, workers: 1 } : null,
        reports: reportsFixture ? { ...reportsFixture, runs: REPORT_RUNS } : null,
        poolSize: POOL_SIZE ?? 'default',
        apiNodeOptions: API_NODE_OPTIONS ?? null,
        results,
        apiPeakRssMb: apiStarted ? apiPeak : null,
        generator,
        cpus: readFileSync('/proc/cpuinfo', 'utf8').split('\n').filter((l) => l.startsWith('processor')).length,
        loadAverage: readFileSync('/proc/loadavg', 'utf8').trim(),
      },
      null,
      2,
    ),
  );
  log(`results written to ${file.slice(ROOT.length + 1)}`);
  const missed = rows.slice(1).filter((r) => r[r.length - 1] === 'MISS').length;
  if (missed) process.exitCode = 1;
}

main().catch((error: Error) => {
  console.error(`bench failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
