import { Currency, Money } from '../common/money';

/**
 * A period's sales as the ledger has them, shared by the reports: SQL aggregates over
 * rows of postings with their entry's `kind`, their account's kind as `account`, `amount`
 * (debit +, credit −) and `seller_order_id`, under the alias `m`; `when` restricts them
 * (e.g. to the period).
 *
 * - seller orders: those paid (a `payment` entry);
 * - gross: what buyers paid for them (goods and shipping: the cash in);
 * - refunds: refunds opened (less those the provider refused) and disputes lost;
 * - commission, platform fee: what the payments credited, less what refunds and lost
 *   disputes took back.
 */
export function salesAggregates(when = 'true'): string {
  const where = (condition: string) => `FILTER (WHERE ${when} AND ${condition})`;
  const taken = `m.kind IN ('payment', 'refund', 'refund_failed', 'dispute_lost')`;
  return `count(DISTINCT m.seller_order_id) ${where(`m.kind = 'payment'`)}::int AS seller_orders,
         coalesce(sum(m.amount) ${where(`m.kind = 'payment' AND m.account = 'platform_cash'`)}, 0) AS gross,
         coalesce(-sum(m.amount) ${where(`m.kind IN ('refund', 'refund_failed') AND m.account = 'refunds'`)}, 0)
           + coalesce(-sum(m.amount) ${where(`m.kind = 'dispute_lost' AND m.account = 'platform_cash'`)}, 0) AS refunds,
         coalesce(-sum(m.amount) ${where(`${taken} AND m.account = 'association_payable'`)}, 0) AS commission,
         coalesce(-sum(m.amount) ${where(`${taken} AND m.account = 'platform_revenue'`)}, 0) AS platform_fee`;
}

/** The columns salesAggregates() adds to a row (numerics come back as strings). */
export interface SalesSqlRow {
  currency: string;
  seller_orders: number;
  gross: string;
  refunds: string;
  commission: string;
  platform_fee: string;
}

export interface Sales {
  currency: Currency;
  sellerOrders: number;
  gross: Money;
  refunds: Money;
  net: Money;
  commission: Money;
  platformFee: Money;
}

export function salesOf(r: SalesSqlRow): Sales {
  const currency = r.currency as Currency;
  const money = (amount: string | number): Money => ({ amount: Number(amount), currency });
  return {
    currency,
    sellerOrders: Number(r.seller_orders),
    gross: money(r.gross),
    refunds: money(r.refunds),
    net: money(Number(r.gross) - Number(r.refunds)),
    commission: money(r.commission),
    platformFee: money(r.platform_fee),
  };
}
