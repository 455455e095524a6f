/**
 * The ledger's arithmetic, pure: which accounts an event moves and by how much. Amounts
 * are integer minor units; a posting's amount is signed, debit positive, credit negative.
 *
 * Accounts (ARCHITECTURE.md, "Ledger"):
 * - `platform_cash`: money the platform holds (an asset: debit-normal);
 * - `maker_payable:<shop>`: what the platform owes a shop's maker (credit-normal);
 * - `association_payable:<association>`: the commission owed to an association;
 * - `platform_revenue`: the platform fee earned;
 * - `refunds`: money owed back to buyers, from when a refund is opened until it is paid
 *   (or from when a payment arrives for an order that had already closed).
 */

export type AccountRef =
  | { kind: 'platform_cash' | 'platform_revenue' | 'refunds' }
  | { kind: 'maker_payable'; ownerId: string }
  | { kind: 'association_payable'; ownerId: string };

export interface PostingDraft {
  account: AccountRef;
  amount: number;
  currency: string;
  sellerOrderId?: string | null;
}

export function accountCode(account: AccountRef): string {
  return 'ownerId' in account ? `${account.kind}:${account.ownerId}` : account.kind;
}

/** What one seller order's money was split into at checkout (the snapshotted rates' results). */
export interface SellerOrderSplit {
  sellerOrderId: string;
  shopId: string;
  associationId: string | null;
  currency: string;
  /** What the buyer paid for it: goods and shipping. */
  total: number;
  commission: number;
  platformFee: number;
}

/**
 * The entry of a payment: the platform receives the order's total; each seller order's
 * maker is owed its net (goods and shipping, less commission and fee), its association the
 * commission, and the platform earns the fee.
 */
export function paymentPostings(splits: SellerOrderSplit[]): PostingDraft[] {
  const postings: PostingDraft[] = [];
  for (const so of splits) {
    const net = so.total - so.commission - so.platformFee;
    postings.push({ account: { kind: 'platform_cash' }, amount: so.total, currency: so.currency, sellerOrderId: so.sellerOrderId });
    postings.push(...shares(so, { net: -net, commission: -so.commission, platformFee: -so.platformFee }));
  }
  return nonZero(postings);
}

/** What has been taken back from a seller order's commission and fee by its refunds so far. */
export interface Reversed {
  commission: number;
  platformFee: number;
}

export interface RefundSplit {
  commission: number;
  platformFee: number;
  /** The rest of the refund, taken back from the maker. */
  net: number;
}

/**
 * How much of a refund comes out of the commission and the fee: proportionally to the
 * share of the seller order refunded so far. Each refund takes the difference between
 * what should be reversed once it is counted, round_half_up(commission × refunded ÷ total),
 * and what earlier refunds already reversed; so a sequence of partial refunds that adds up
 * to the whole reverses the commission and the fee exactly, not a tiyn more or less.
 * A refund never takes more than itself: when a tiny refund crosses a half-tiyn boundary
 * of both (1 tiyn, owed 1 + 1), the commission is taken first and the rest of what is owed
 * waits for the next refund, whose target still counts it; the maker's share of a refund
 * is never negative.
 *
 * `refundedAfter`: the seller order's refunds, this one included (pending ones too).
 */
export function refundSplit(so: Pick<SellerOrderSplit, 'total' | 'commission' | 'platformFee'>, refundedAfter: number, reversed: Reversed, amount: number): RefundSplit {
  if (!Number.isSafeInteger(amount) || amount <= 0) throw new RangeError(`refund amount must be a positive integer, got ${amount}`);
  if (!Number.isSafeInteger(refundedAfter) || refundedAfter < amount || refundedAfter > so.total) {
    throw new RangeError(`refunded so far (${refundedAfter}) must lie between this refund (${amount}) and the total (${so.total})`);
  }
  const commission = Math.min(amount, Math.max(0, proportion(so.commission, refundedAfter, so.total) - reversed.commission));
  const platformFee = Math.min(amount - commission, Math.max(0, proportion(so.platformFee, refundedAfter, so.total) - reversed.platformFee));
  return { commission, platformFee, net: amount - commission - platformFee };
}

/** The entry of an opened refund: the parties give back their shares, and the buyer is owed the amount. */
export function refundPostings(so: SellerOrderSplit, split: RefundSplit, amount: number): PostingDraft[] {
  return nonZero([
    ...shares(so, split),
    { account: { kind: 'refunds' }, amount: -amount, currency: so.currency, sellerOrderId: so.sellerOrderId },
  ]);
}

/** Money paid out of the platform's hands to whom `from` names (a refund to a buyer, a transfer to a maker). */
export function cashOutPostings(from: AccountRef, amount: number, currency: string, sellerOrderId: string | null = null): PostingDraft[] {
  return nonZero([
    { account: from, amount, currency, sellerOrderId },
    { account: { kind: 'platform_cash' }, amount: -amount, currency, sellerOrderId },
  ]);
}

/** A payout: what the beneficiary was owed for each seller order leaves the platform. */
export function payoutPostings(to: AccountRef, items: { sellerOrderId: string; amount: number }[], currency: string): PostingDraft[] {
  return items.flatMap((item) => cashOutPostings(to, item.amount, currency, item.sellerOrderId));
}

/** The exact opposite of an entry: how a correction undoes one. */
export function reversalOf(postings: PostingDraft[]): PostingDraft[] {
  return postings.map((p) => ({ ...p, amount: -p.amount }));
}

/** Sums per currency: the entry balances when every one is zero. */
export function imbalance(postings: Pick<PostingDraft, 'amount' | 'currency'>[]): Map<string, number> {
  const sums = new Map<string, number>();
  for (const p of postings) sums.set(p.currency, (sums.get(p.currency) ?? 0) + p.amount);
  for (const [currency, sum] of sums) if (sum === 0) sums.delete(currency);
  return sums;
}

function shares(so: SellerOrderSplit, amounts: { net: number; commission: number; platformFee: number }): PostingDraft[] {
  const of = (account: AccountRef, amount: number): PostingDraft => ({ account, amount, currency: so.currency, sellerOrderId: so.sellerOrderId });
  const postings = [of({ kind: 'maker_payable', ownerId: so.shopId }, amounts.net), of({ kind: 'platform_revenue' }, amounts.platformFee)];
  if (amounts.commission !== 0) {
    if (!so.associationId) throw new Error(`seller order ${so.sellerOrderId} has a commission but no association`);
    postings.push(of({ kind: 'association_payable', ownerId: so.associationId }, amounts.commission));
  }
  return postings;
}

function nonZero(postings: PostingDraft[]): PostingDraft[] {
  return postings.filter((p) => p.amount !== 0);
}

/** round_half_up(part × numerator ÷ denominator) for non-negative integers, through BigInt. */
function proportion(part: number, numerator: number, denominator: number): number {
  if (denominator === 0) return 0;
  const scaled = BigInt(part) * BigInt(numerator) * 2n + BigInt(denominator);
  return Number(scaled / (2n * BigInt(denominator)));
}
