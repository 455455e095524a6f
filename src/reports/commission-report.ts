import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { stringify } from 'csv-stringify';
import { createWriteStream } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { PassThrough, Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DataSource } from 'typeorm';
import { forbidden, notFound } from '../common/errors';
import { administers, AuthUser } from '../identity/roles';
import { Money } from '../common/money';
import { Sales, salesAggregates, salesOf, SalesSqlRow } from './ledger-sales';
import { boundsSql, Period, REPORT_TIME_ZONE } from './period';

/** A member shop's sales in the period (ledger-sales.ts), and what it was paid and is owed. */
export interface CommissionRow extends Sales {
  shopId: string;
  shopName: string;
  /** Passed on to the maker in the period (transfers, less reversals). */
  paidOut: Money;
  /** Still owed to the maker at the end of the period, for this association's sales. */
  owed: Money;
}

export interface CommissionReport {
  association: { id: string; name: unknown };
  period: Period & { timeZone: string };
  rows: CommissionRow[];
  /** Per currency. */
  totals: Omit<CommissionRow, 'shopId' | 'shopName'>[];
}

interface SqlRow extends SalesSqlRow {
  shop_id: string;
  shop_name: string;
  paid_out: string;
  owed: string;
}

const AMOUNTS = ['gross', 'refunds', 'net', 'commission', 'platformFee', 'paidOut', 'owed'] as const;

/**
 * The commission report of one association, read from the ledger (so its figures are the
 * ledger's): per member shop and currency, from the postings of the seller orders sold under
 * the association. The same query feeds the JSON and the CSV; the CSV streams row by row
 * from a database cursor (UTF-8 with a BOM, so that Excel reads Kazakh and Russian text).
 */
@Injectable()
export class CommissionReports {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async json(actor: AuthUser, associationId: string, period: Period): Promise<CommissionReport> {
    const association = await this.authorize(actor, associationId);
    return { association, ...(await this.summary(associationId, period)) };
  }

  /** The same report as CSV, streamed: one line per shop and currency, then a total per currency. */
  async csv(actor: AuthUser, associationId: string, period: Period): Promise<Readable> {
    await this.authorize(actor, associationId);
    return this.csvStream(associationId, period);
  }

  private async summary(associationId: string, period: Period): Promise<Omit<CommissionReport, 'association'>> {
    const rows: CommissionRow[] = (await this.dataSource.query(SQL, [associationId, period.from, period.to, REPORT_TIME_ZONE])).map(toRow);
    const totals = new Totals();
    for (const row of rows) totals.add(row);
    return { period: { ...period, timeZone: REPORT_TIME_ZONE }, rows, totals: totals.list() };
  }

  /**
   * Writes the CSV to a file (under a temporary name, then renamed), for the system (no
   * reader to check): the monthly job's attachment. Answers the totals, counted on the way.
   */
  async writeCsv(associationId: string, period: Period, path: string): Promise<CommissionReport['totals']> {
    await mkdir(dirname(path), { recursive: true });
    const totals = new Totals();
    await pipeline(await this.csvStream(associationId, period, totals), createWriteStream(`${path}.part`));
    await rename(`${path}.part`, path);
    return totals.list();
  }

  private async csvStream(associationId: string, period: Period, totals = new Totals()): Promise<Readable> {
    const runner = this.dataSource.createQueryRunner();
    const rows = await runner.stream(SQL, [associationId, period.from, period.to, REPORT_TIME_ZONE]);
    const records = new Transform({
      objectMode: true,
      transform(row: SqlRow, _encoding, done) {
        const view = toRow(row);
        totals.add(view);
        done(null, record(view.shopName, view));
      },
      flush(done) {
        for (const total of totals.list()) this.push(record('TOTAL', total));
        done();
      },
    });
    const out = new PassThrough();
    out.write('\uFEFF');
    pipeline(rows, records, stringify({ header: true, columns: COLUMNS }), out)
      .catch((error: Error) => out.destroy(error))
      .finally(() => void runner.release());
    return out;
  }

  private async authorize(actor: AuthUser, associationId: string) {
    const [association]: { id: string; name: unknown }[] = await this.dataSource.query(`SELECT id, name FROM associations WHERE id = $1`, [associationId]);
    if (!association) throw notFound('Association');
    if (!administers(actor, associationId)) throw forbidden('Only this association’s admins may read its reports');
    return association;
  }
}

const COLUMNS = [
  { key: 'shop', header: 'shop' },
  { key: 'currency', header: 'currency' },
  { key: 'sellerOrders', header: 'seller_orders' },
  { key: 'gross', header: 'gross_sales' },
  { key: 'refunds', header: 'refunds' },
  { key: 'net', header: 'net_sales' },
  { key: 'commission', header: 'commission' },
  { key: 'platformFee', header: 'platform_fee' },
  { key: 'paidOut', header: 'paid_out' },
  { key: 'owed', header: 'still_owed' },
];

/** A CSV line: amounts in major units with two decimals (12500.00), as a spreadsheet wants them. */
function record(shop: string, row: Omit<CommissionRow, 'shopId' | 'shopName'>): Record<string, string | number> {
  const out: Record<string, string | number> = { shop, currency: row.currency, sellerOrders: row.sellerOrders };
  for (const key of AMOUNTS) out[key] = major(row[key].amount);
  return out;
}

function major(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

function toRow(r: SqlRow): CommissionRow {
  const sales = salesOf(r);
  const money = (amount: string): Money => ({ amount: Number(amount), currency: sales.currency });
  return { shopId: r.shop_id, shopName: r.shop_name, ...sales, paidOut: money(r.paid_out), owed: money(r.owed) };
}

class Totals {
  private readonly byCurrency = new Map<string, Omit<CommissionRow, 'shopId' | 'shopName'>>();

  add(row: CommissionRow): void {
    const total = this.byCurrency.get(row.currency) ?? {
      currency: row.currency,
      sellerOrders: 0,
      ...Object.fromEntries(AMOUNTS.map((k) => [k, { amount: 0, currency: row.currency }])),
    } as Omit<CommissionRow, 'shopId' | 'shopName'>;
    total.sellerOrders += row.sellerOrders;
    for (const key of AMOUNTS) total[key] = { amount: total[key].amount + row[key].amount, currency: row.currency };
    this.byCurrency.set(row.currency, total);
  }

  list() {
    return [...this.byCurrency.values()];
  }
}

/**
 * $1 association, $2 first day, $3 last day, $4 time zone. The period is [first day 00:00,
 * day after the last 00:00) in that zone. Postings are those of the seller orders sold
 * under the association; signs: debit +, credit −.
 */
const SQL = `
  WITH bounds AS (${boundsSql('$2', '$3', '$4')}),
  moves AS (
    SELECT so.shop_id, p.currency, e.kind, a.kind AS account, p.amount, p.seller_order_id, e.created_at >= b.starts AS in_period
      FROM seller_orders so
      JOIN postings p ON p.seller_order_id = so.id
      JOIN journal_entries e ON e.id = p.entry_id
      JOIN ledger_accounts a ON a.id = p.account_id
      CROSS JOIN bounds b
     WHERE so.association_id = $1 AND e.created_at < b.ends
  )
  SELECT m.shop_id, s.name AS shop_name, m.currency,
         ${salesAggregates('m.in_period')},
         coalesce(sum(m.amount) FILTER (WHERE m.in_period AND m.kind IN ('payout', 'payout_reversal') AND m.account = 'maker_payable'), 0) AS paid_out,
         coalesce(-sum(m.amount) FILTER (WHERE m.account = 'maker_payable'), 0) AS owed
    FROM moves m JOIN shops s ON s.id = m.shop_id
   GROUP BY m.shop_id, s.name, m.currency
  HAVING bool_or(m.in_period) OR sum(m.amount) FILTER (WHERE m.account = 'maker_payable') <> 0
   ORDER BY s.name, m.shop_id, m.currency`;
