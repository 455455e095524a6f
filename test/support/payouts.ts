import { TestApp } from './app';

/** Completes seller orders as the worker's clock would once the payout hold has passed. */
export async function complete(t: TestApp, sellerOrderIds: string[]) {
  await t.db.query(
    `UPDATE seller_orders SET status = 'completed', shipped_at = now(), delivered_at = now(), completed_at = now() WHERE id = ANY($1::uuid[])`,
    [sellerOrderIds],
  );
}

/** What the ledger says each account is owed for these seller orders (credit balances, non-zero). */
export async function owed(t: TestApp, sellerOrderIds: string[]): Promise<Record<string, number>> {
  const rows: { code: string; balance: string }[] = await t.db.query(
    `SELECT a.code, -sum(p.amount) AS balance FROM postings p JOIN ledger_accounts a ON a.id = p.account_id
      WHERE p.seller_order_id = ANY($1::uuid[]) AND a.kind IN ('maker_payable', 'association_payable')
      GROUP BY a.code HAVING sum(p.amount) <> 0`,
    [sellerOrderIds],
  );
  return Object.fromEntries(rows.map((r) => [r.code, Number(r.balance)]));
}
