import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Order } from '../orders/order.entity';
import type { SellerOrder } from '../orders/seller-order.entity';
import type { Payment } from '../payments/payment.entity';
import type { Refund } from '../payments/refund.entity';
import {
  AccountRef,
  accountCode,
  cashOutPostings,
  imbalance,
  paymentPostings,
  payoutPostings,
  PostingDraft,
  refundPostings,
  refundSplit,
  reversalOf,
  SellerOrderSplit,
} from './ledger.rules';

/** What caused an entry; with its source id, unique: an event is posted once however often it is handled. */
export type EntryKind =
  /** A payment for an order awaiting it: source = payment. */
  | 'payment'
  /** A payment for an order already closed, owed back to the buyer in full: source = payment. */
  | 'payment_unclaimed'
  /** A refund opened: the parties give back their shares, the buyer is owed it. source = refund. */
  | 'refund'
  /** The refund reached the buyer. source = refund. */
  | 'refund_paid'
  /** The provider refused the refund for good: its 'refund' entry undone. source = refund. */
  | 'refund_failed'
  /** Money passed on to a maker or an association. source = payout. */
  | 'payout'
  /** Money taken back from a payout after a refund overpaid it. source = payout reversal. */
  | 'payout_reversal'
  /** A dispute the buyer won: the money went back through the card network. source = dispute. */
  | 'dispute_lost';

export interface EntryDraft {
  kind: EntryKind;
  sourceId: string;
  orderId?: string | null;
  memo?: string | null;
  postings: PostingDraft[];
}

export type LedgerCheck =
  | { balanced: true; entries: number; postings: number }
  | { balanced: false; entries: number; postings: number; firstUnbalanced: { entryId: string; kind: string; sourceId: string; currency: string; leftOver: number } };

/**
 * The double-entry ledger (see ledger.rules.ts for the accounts and the arithmetic).
 * Entries are written in the caller's transaction, next to the change that caused them,
 * and only if they balance; the database checks the same at commit and refuses any
 * UPDATE or DELETE of the ledger's rows.
 */
@Injectable()
export class LedgerService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Writes one entry; false if this (kind, source) was posted before (a replayed event). */
  async post(manager: EntityManager, entry: EntryDraft): Promise<boolean> {
    const left = imbalance(entry.postings);
    if (left.size) throw new Error(`${entry.kind} entry for ${entry.sourceId} does not balance: ${JSON.stringify(Object.fromEntries(left))}`);
    if (entry.postings.length < 2) throw new Error(`${entry.kind} entry for ${entry.sourceId} has fewer than two postings`);

    const inserted: { id: string }[] = await manager.query(
      `INSERT INTO journal_entries (kind, source_id, order_id, memo) VALUES ($1, $2, $3, $4)
       ON CONFLICT ON CONSTRAINT journal_entries_source_key DO NOTHING RETURNING id`,
      [entry.kind, entry.sourceId, entry.orderId ?? null, entry.memo ?? null],
    );
    if (!inserted.length) return false;
    const accounts = await this.accountIds(manager, entry.postings.map((p) => p.account));
    await manager.query(
      `INSERT INTO postings (entry_id, account_id, seller_order_id, amount, currency)
       SELECT $1, * FROM unnest($2::uuid[], $3::uuid[], $4::bigint[], $5::text[])`,
      [
        inserted[0].id,
        entry.postings.map((p) => accounts.get(accountCode(p.account))),
        entry.postings.map((p) => p.sellerOrderId ?? null),
        entry.postings.map((p) => p.amount),
        entry.postings.map((p) => p.currency),
      ],
    );
    return true;
  }

  /** An order was paid: the buyer's money in, each party's share owed. */
  recordPayment(manager: EntityManager, payment: Payment, order: Order, sellerOrders: SellerOrder[]): Promise<boolean> {
    return this.post(manager, { kind: 'payment', sourceId: payment.id, orderId: order.id, postings: paymentPostings(sellerOrders.map(split)) });
  }

  /** Money arrived for an order that had already closed: all of it is owed back to the buyer. */
  recordUnclaimedPayment(manager: EntityManager, payment: Payment, order: Order, amount: number): Promise<boolean> {
    return this.post(manager, {
      kind: 'payment_unclaimed',
      sourceId: payment.id,
      orderId: order.id,
      memo: `paid after the order was ${order.status}`,
      postings: reversalOf(cashOutPostings({ kind: 'refunds' }, amount, payment.currency)),
    });
  }

  /**
   * A refund was opened (after `so.refundedAmount` counts it). If the seller order had
   * been paid, its maker, association and the platform give back their shares, in
   * proportion (see refundSplit); otherwise (a payment that came too late) the money
   * was never theirs, and the 'payment_unclaimed' entry already owes it to the buyer.
   */
  async recordRefundOpened(manager: EntityManager, refund: Refund, so: SellerOrder): Promise<boolean> {
    if (!so.paidAt) return false;
    return this.post(manager, { kind: 'refund', sourceId: refund.id, orderId: so.orderId, postings: await this.sharesBack(manager, so, refund.amount) });
  }

  /**
   * A dispute lost: per seller order, the parties give back their shares of what was taken
   * (in proportion, as for a refund; `so.refundedAmount` already counts it), and the money
   * has left the platform. One entry for the dispute.
   */
  async recordDisputeLost(manager: EntityManager, dispute: { id: string; orderId: string }, takes: { so: SellerOrder; amount: number }[]): Promise<boolean> {
    const postings: PostingDraft[] = [];
    for (const { so, amount } of takes) {
      // The parties give back their shares; the buyer is owed the amount (refunds −) ...
      if (so.paidAt) postings.push(...(await this.sharesBack(manager, so, amount)));
      // ... and has it already (a payment that was never the parties' was owed back since it came).
      postings.push(...cashOutPostings({ kind: 'refunds' }, amount, so.currency, so.id));
    }
    return this.post(manager, { kind: 'dispute_lost', sourceId: dispute.id, orderId: dispute.orderId, postings });
  }

  /** The refund reached the buyer: the money leaves the platform. */
  recordRefundPaid(manager: EntityManager, refund: Refund, so: SellerOrder): Promise<boolean> {
    return this.post(manager, {
      kind: 'refund_paid',
      sourceId: refund.id,
      orderId: so.orderId,
      postings: cashOutPostings({ kind: 'refunds' }, refund.amount, refund.currency, so.id),
    });
  }

  /** The refund was refused for good: its 'refund' entry is undone, so the shares are owed again. */
  async recordRefundFailed(manager: EntityManager, refund: Refund, so: SellerOrder): Promise<boolean> {
    const opened = await this.postingsOf(manager, 'refund', refund.id);
    if (!opened.length) return false;
    return this.post(manager, { kind: 'refund_failed', sourceId: refund.id, orderId: so.orderId, postings: reversalOf(opened) });
  }

  /** A payout went out: the beneficiary is no longer owed what it carried, per seller order. */
  recordPayout(manager: EntityManager, payout: { id: string; currency: string; orderId: string | null }, to: AccountRef, items: { sellerOrderId: string; amount: number }[]): Promise<boolean> {
    return this.post(manager, { kind: 'payout', sourceId: payout.id, orderId: payout.orderId, postings: payoutPostings(to, items, payout.currency) });
  }

  /** Taken back from a beneficiary who had been paid more than it is owed for a seller order. */
  recordPayoutReversal(manager: EntityManager, reversal: { id: string; amount: number; sellerOrderId: string }, from: AccountRef, currency: string, orderId: string | null): Promise<boolean> {
    return this.post(manager, {
      kind: 'payout_reversal',
      sourceId: reversal.id,
      orderId,
      postings: reversalOf(cashOutPostings(from, reversal.amount, currency, reversal.sellerOrderId)),
    });
  }

  /**
   * What an account is owed per seller order (its credit balance), for these seller orders;
   * absent when nothing. With `overpaid`, negative amounts too (paid more than owed).
   */
  async owedPerSellerOrder(manager: EntityManager, account: AccountRef, sellerOrderIds: string[], overpaid = false): Promise<Map<string, number>> {
    if (!sellerOrderIds.length) return new Map();
    const rows: { seller_order_id: string; owed: string }[] = await manager.query(
      `SELECT p.seller_order_id, -sum(p.amount) AS owed FROM postings p JOIN ledger_accounts a ON a.id = p.account_id
        WHERE a.code = $1 AND p.seller_order_id = ANY($2::uuid[]) GROUP BY p.seller_order_id HAVING sum(p.amount) ${overpaid ? '<> 0' : '< 0'}`,
      [accountCode(account), sellerOrderIds],
    );
    return new Map(rows.map((r) => [r.seller_order_id, Number(r.owed)]));
  }

  /** Every entry balances: the first one that does not, if any (the database should make that impossible). */
  async check(): Promise<LedgerCheck> {
    const [counts]: { entries: number; postings: number }[] = await this.dataSource.query(
      `SELECT (SELECT count(*)::int FROM journal_entries) AS entries, (SELECT count(*)::int FROM postings) AS postings`,
    );
    const [bad]: { entry_id: string; kind: string; source_id: string; currency: string; left_over: string }[] = await this.dataSource.query(
      `SELECT p.entry_id, e.kind, e.source_id, p.currency, sum(p.amount) AS left_over
         FROM postings p JOIN journal_entries e ON e.id = p.entry_id
        GROUP BY p.entry_id, e.kind, e.source_id, p.currency HAVING sum(p.amount) <> 0
        ORDER BY p.entry_id LIMIT 1`,
    );
    if (!bad) return { balanced: true, ...counts };
    return {
      balanced: false,
      ...counts,
      firstUnbalanced: { entryId: bad.entry_id, kind: bad.kind, sourceId: bad.source_id, currency: bad.currency, leftOver: Number(bad.left_over) },
    };
  }

  private async accountIds(manager: EntityManager, refs: AccountRef[]): Promise<Map<string, string>> {
    const unique = new Map(refs.map((r) => [accountCode(r), r]));
    const codes = [...unique.keys()];
    await manager.query(
      `INSERT INTO ledger_accounts (code, kind, owner_id) SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[]) ON CONFLICT (code) DO NOTHING`,
      [codes, codes.map((c) => unique.get(c)!.kind), codes.map((c) => { const r = unique.get(c)!; return 'ownerId' in r ? r.ownerId : null; })],
    );
    const rows: { id: string; code: string }[] = await manager.query(`SELECT id, code FROM ledger_accounts WHERE code = ANY($1::text[])`, [codes]);
    return new Map(rows.map((r) => [r.code, r.id]));
  }

  /**
   * A paid seller order's parties give back their shares of `amount` in proportion
   * (refundSplit; `so.refundedAmount` already counts it), and the buyer is owed it.
   */
  private async sharesBack(manager: EntityManager, so: SellerOrder, amount: number): Promise<PostingDraft[]> {
    const reversed = await this.reversedSoFar(manager, so.id);
    const amounts = refundSplit({ total: so.totalAmount, commission: so.commissionAmount, platformFee: so.platformFeeAmount }, so.refundedAmount, reversed, amount);
    return refundPostings(split(so), amounts, amount);
  }

  /** Commission and fee given back so far by a seller order's refunds (failed ones undone). */
  private async reversedSoFar(manager: EntityManager, sellerOrderId: string) {
    const [row]: { commission: string; fee: string }[] = await manager.query(
      `SELECT coalesce(sum(p.amount) FILTER (WHERE a.kind = 'association_payable'), 0) AS commission,
              coalesce(sum(p.amount) FILTER (WHERE a.kind = 'platform_revenue'), 0) AS fee
         FROM postings p JOIN journal_entries e ON e.id = p.entry_id JOIN ledger_accounts a ON a.id = p.account_id
        WHERE p.seller_order_id = $1 AND e.kind IN ('refund', 'refund_failed', 'dispute_lost')`,
      [sellerOrderId],
    );
    return { commission: Number(row.commission), platformFee: Number(row.fee) };
  }

  private async postingsOf(manager: EntityManager, kind: EntryKind, sourceId: string): Promise<PostingDraft[]> {
    const rows: { kind: AccountRef['kind']; owner_id: string | null; seller_order_id: string | null; amount: string; currency: string }[] = await manager.query(
      `SELECT a.kind, a.owner_id, p.seller_order_id, p.amount, p.currency
         FROM postings p JOIN journal_entries e ON e.id = p.entry_id JOIN ledger_accounts a ON a.id = p.account_id
        WHERE e.kind = $1 AND e.source_id = $2 ORDER BY p.id`,
      [kind, sourceId],
    );
    return rows.map((r) => ({
      account: (r.owner_id ? { kind: r.kind, ownerId: r.owner_id } : { kind: r.kind }) as AccountRef,
      amount: Number(r.amount),
      currency: r.currency,
      sellerOrderId: r.seller_order_id,
    }));
  }
}

function split(so: SellerOrder): SellerOrderSplit {
  return {
    sellerOrderId: so.id,
    shopId: so.shopId,
    associationId: so.associationId,
    currency: so.currency,
    total: so.totalAmount,
    commission: so.commissionAmount,
    platformFee: so.platformFeeAmount,
  };
}
