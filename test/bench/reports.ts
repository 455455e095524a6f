import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { Client } from 'pg';
import { generateLedger, LedgerData } from '../../src/cli/generate-ledger';

/**
 * The reports scenarios of `npm run bench -- reports`: the commission report
 * (GET /associations/:id/reports/commission) over the generated ledger
 * (src/cli/generate-ledger.ts: 1,000,000 seller orders, 50 associations, 5,000 shops, 12
 * months), read by the platform admin through the built API:
 *
 * - `report json`: the last month of the median-sized association, `runs` times one after
 *   another; the first (cold: the association's rows not yet in shared buffers) and p50/p99;
 * - `report json largest`: the same month of the largest association (informational);
 * - `report csv largest`: the largest association's 12 months as CSV, read as a stream:
 *   time to the first byte and to the last, bytes, lines, and the API's RSS sampled every
 *   20 ms during the export, against its RSS just before.
 */

export interface ReportsFixture {
  ledger: LedgerData;
  median: { id: string; sellerOrders: number; shops: number };
  largest: { id: string; sellerOrders: number; shops: number };
  /** The last month of the generated data. */
  month: { from: string; to: string };
}

export interface Timing {
  ms: number;
  status: number;
  bytes: number;
  lines: number;
  firstByteMs: number;
}

export interface ReportsRun {
  json: { association: string; sellerOrders: number; month: { from: string; to: string }; cold: number; p50: number; p99: number; max: number; times: number[]; rows: number };
  jsonLargest: { association: string; sellerOrders: number; cold: number; p50: number; times: number[]; rows: number; peakRssMb: number; rssBeforeMb: number };
  csv: { association: string; sellerOrders: number; period: { from: string; to: string } } & Timing & { rssBeforeMb: number; peakRssMb: number; rssAfterMb: number };
}

/** Generates the ledger when the bench database has none (or an incomplete one), then picks the associations. */
export async function prepareReports(databaseUrl: string, sellerOrders: number): Promise<ReportsFixture> {
  const ledger = await generateLedger({ databaseUrl, sellerOrders, associations: 50, shops: 5000, buyers: 20_000, force: false, quiet: false });
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ id: string; seller_orders: number; shops: number }>(
      `SELECT association_id AS id, count(*)::int AS seller_orders, count(DISTINCT shop_id)::int AS shops
         FROM seller_orders WHERE number LIKE 'GEN-%' GROUP BY association_id ORDER BY count(*), association_id`,
    );
    const pick = (r: (typeof rows)[number]) => ({ id: r.id, sellerOrders: r.seller_orders, shops: r.shops });
    const to = new Date(`${ledger.to}T00:00:00Z`);
    const from = `${ledger.to.slice(0, 8)}01`;
    if (to.getUTCDate() < 28) throw new Error(`the generated data ends on ${ledger.to}, not on a month's last day`);
    return { ledger, median: pick(rows[Math.floor(rows.length / 2)]), largest: pick(rows[rows.length - 1]), month: { from, to: ledger.to } };
  } finally {
    await db.end();
  }
}

function rssMb(pid: number): number {
  try {
    return Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** One GET read to its end as a stream (nothing kept but counts): time, bytes, lines. */
function get(port: number, path: string, token: string, onChunk?: () => void): Promise<Timing & { body?: string }> {
  const started = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
  return new Promise((resolveTiming, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { authorization: `Bearer ${token}` } }, (res) => {
      let bytes = 0;
      let lines = 0;
      let firstByteMs = -1;
      const json = (res.headers['content-type'] ?? '').includes('json');
      const kept: Buffer[] = [];
      res.on('data', (chunk: Buffer) => {
        if (firstByteMs < 0) firstByteMs = elapsed();
        bytes += chunk.length;
        for (let k = chunk.indexOf(10); k >= 0; k = chunk.indexOf(10, k + 1)) lines++;
        if (json || res.statusCode !== 200) kept.push(chunk);
        onChunk?.();
      });
      res.on('end', () => resolveTiming({ ms: elapsed(), status: res.statusCode ?? 0, bytes, lines, firstByteMs, body: kept.length ? Buffer.concat(kept).toString('utf8') : undefined }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const round = (n: number) => Math.round(n * 10) / 10;

async function login(port: number, admin: { email: string; password: string }): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(admin) });
  if (!res.ok) throw new Error(`admin login answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

export async function runReports(port: number, pid: number, fixture: ReportsFixture, admin: { email: string; password: string }, runs: number, log: (line: string) => void): Promise<ReportsRun> {
  const token = await login(port, admin);
  const path = (id: string, period: { from: string; to: string }, format: 'json' | 'csv') =>
    `/api/v1/associations/${id}/reports/commission?from=${period.from}&to=${period.to}&format=${format}`;
  const expectOk = (t: Timing & { body?: string }, what: string) => {
    if (t.status !== 200) throw new Error(`${what} answered ${t.status}: ${(t.body ?? '').slice(0, 300)}`);
    return t;
  };

  // (a) the median association's last month, `runs` times.
  const times: number[] = [];
  let rows = 0;
  for (let k = 0; k < runs; k++) {
    const t = expectOk(await get(port, path(fixture.median.id, fixture.month, 'json'), token), 'JSON report');
    times.push(t.ms);
    rows = (JSON.parse(t.body!) as { rows: unknown[] }).rows.length;
  }
  const sorted = times.slice(1).sort((a, b) => a - b);
  const json = {
    association: fixture.median.id,
    sellerOrders: fixture.median.sellerOrders,
    month: fixture.month,
    cold: round(times[0]),
    p50: round(percentile(sorted, 50)),
    p99: round(percentile(sorted, 99)),
    max: round(Math.max(...times)),
    times: times.map(round),
    rows,
  };
  log(`report json (median association, ${fixture.median.sellerOrders} seller orders, ${json.rows} rows, ${fixture.month.from}…${fixture.month.to}): cold ${json.cold} ms, then p50 ${json.p50} ms, p99 ${json.p99} ms over ${runs - 1}`);

  // The largest association's same month, for comparison (its RSS too).
  const largestTimes: number[] = [];
  let largestRows = 0;
  const rssBeforeJson = rssMb(pid);
  let peakJson = rssBeforeJson;
  const jsonSampler = setInterval(() => (peakJson = Math.max(peakJson, rssMb(pid))), 20);
  try {
    for (let k = 0; k < Math.max(2, Math.ceil(runs / 3)); k++) {
      const t = expectOk(await get(port, path(fixture.largest.id, fixture.month, 'json'), token), 'JSON report (largest)');
      largestTimes.push(t.ms);
      largestRows = (JSON.parse(t.body!) as { rows: unknown[] }).rows.length;
    }
  } finally {
    clearInterval(jsonSampler);
  }
  const jsonLargest = {
    association: fixture.largest.id,
    sellerOrders: fixture.largest.sellerOrders,
    cold: round(largestTimes[0]),
    p50: round(percentile(largestTimes.slice(1).sort((a, b) => a - b), 50)),
    times: largestTimes.map(round),
    rows: largestRows,
    peakRssMb: round(peakJson),
    rssBeforeMb: round(rssBeforeJson),
  };
  log(`report json (largest association, ${fixture.largest.sellerOrders} seller orders, ${largestRows} rows): ${jsonLargest.times.join(', ')} ms; RSS ${jsonLargest.rssBeforeMb} → peak ${jsonLargest.peakRssMb} MB`);

  // (b) the largest association's 12 months as CSV, streamed; RSS sampled during the export.
  const period = { from: fixture.ledger.from, to: fixture.ledger.to };
  await new Promise((r) => setTimeout(r, 500));
  const rssBefore = rssMb(pid);
  let peak = rssBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 20);
  let csv: Timing;
  try {
    csv = expectOk(await get(port, path(fixture.largest.id, period, 'csv'), token, () => (peak = Math.max(peak, rssMb(pid)))), 'CSV export');
  } finally {
    clearInterval(sampler);
  }
  const rssAfter = rssMb(pid);
  log(
    `report csv (largest association, ${period.from}…${period.to}): ${round(csv.ms)} ms (first byte after ${round(csv.firstByteMs)} ms), ${csv.bytes} bytes, ${csv.lines} lines; ` +
      `API RSS ${round(rssBefore)} MB before, peak ${round(peak)} MB (+${round(peak - rssBefore)}), ${round(rssAfter)} MB after`,
  );
  return {
    json,
    jsonLargest,
    csv: {
      association: fixture.largest.id,
      sellerOrders: fixture.largest.sellerOrders,
      period,
      ms: round(csv.ms),
      status: csv.status,
      bytes: csv.bytes,
      lines: csv.lines,
      firstByteMs: round(csv.firstByteMs),
      rssBeforeMb: round(rssBefore),
      peakRssMb: round(peak),
      rssAfterMb: round(rssAfter),
    },
  };
}
