import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Money } from '../common/money';
import { Sales, salesAggregates, salesOf, SalesSqlRow } from './ledger-sales';
import { boundsSql, Period, REPORT_TIME_ZONE } from './period';

/** A region's sales in the period (ledger-sales.ts), and its goods by category. */
export interface RegionRow extends Sales {
  /** The selling shop's region. */
  region: string;
  /** Goods sold (order lines of the seller orders paid in the period), by the listing's category. */
  categories: { category: { id: string; slug: string; name: Record<string, string> }; units: number; goods: Money }[];
}

export interface RegionsReport {
  period: Period & { timeZone: string };
  regions: RegionRow[];
}

/**
 * Sales by region (the shop's) and category, for the platform's admins: money from the
 * ledger's entries of the period (as the commission report), goods by category from the
 * order lines of the seller orders paid in the period.
 */
@Injectable()
export class RegionsReports {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async report(period: Period): Promise<RegionsReport> {
    const params = [period.from, period.to, REPORT_TIME_ZONE];
    const [money, goods]: [MoneyRow[], GoodsRow[]] = await Promise.all([this.dataSource.query(MONEY_SQL, params), this.dataSource.query(GOODS_SQL, params)]);
    const regions = new Map<string, RegionRow>();
    const key = (region: string, currency: string) => `${region}/${currency}`;
    for (const r of money) regions.set(key(r.region, r.currency), { region: r.region, ...salesOf(r), categories: [] });
    for (const g of goods) {
      const row = regions.get(key(g.region, g.currency));
      row?.categories.push({ category: { id: g.category_id, slug: g.slug, name: g.name }, units: Number(g.units), goods: { amount: Number(g.goods), currency: row.currency } });
    }
    return { period: { ...period, timeZone: REPORT_TIME_ZONE }, regions: [...regions.values()] };
  }
}

interface MoneyRow extends SalesSqlRow {
  region: string;
}

interface GoodsRow {
  region: string;
  currency: string;
  category_id: string;
  slug: string;
  name: Record<string, string>;
  units: string;
  goods: string;
}

const MONEY_SQL = `
  WITH bounds AS (${boundsSql('$1', '$2', '$3')}),
  moves AS (
    SELECT s.region, p.currency, e.kind, a.kind AS account, p.amount, p.seller_order_id
      FROM journal_entries e
      JOIN postings p ON p.entry_id = e.id
      JOIN ledger_accounts a ON a.id = p.account_id
      JOIN seller_orders so ON so.id = p.seller_order_id
      JOIN shops s ON s.id = so.shop_id
      CROSS JOIN bounds b
     WHERE e.created_at >= b.starts AND e.created_at < b.ends
  )
  SELECT m.region, m.currency,
         ${salesAggregates()}
    FROM moves m
   GROUP BY m.region, m.currency
  HAVING count(*) FILTER (WHERE m.kind IN ('payment', 'refund', 'refund_failed', 'dispute_lost')) > 0
   ORDER BY m.region, m.currency`;

const GOODS_SQL = `
  WITH bounds AS (${boundsSql('$1', '$2', '$3')})
  SELECT s.region, so.currency, c.id AS category_id, c.slug, c.name, sum(l.quantity) AS units, sum(l.line_total_amount) AS goods
    FROM seller_orders so
    JOIN shops s ON s.id = so.shop_id
    JOIN order_lines l ON l.seller_order_id = so.id
    JOIN listings li ON li.id = l.listing_id
    JOIN categories c ON c.id = li.category_id
    CROSS JOIN bounds b
   WHERE so.paid_at >= b.starts AND so.paid_at < b.ends
   GROUP BY s.region, so.currency, c.id, c.slug, c.name
   ORDER BY s.region, goods DESC, c.slug`;
