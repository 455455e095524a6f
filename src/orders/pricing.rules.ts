/**
 * Order money maths, in integer minor units. Rates are basis points (1000 = 10 %).
 * Products of amounts and rates go through BigInt: 10^12 tiyn × 10^4 bps would
 * overflow the 2^53 of a double.
 */

/** round_half_up(amount × bps / 10000) for non-negative amounts. */
export function percentOf(amount: number, bps: number): number {
  if (!Number.isSafeInteger(amount) || amount < 0) throw new RangeError(`amount must be a non-negative integer, got ${amount}`);
  if (!Number.isInteger(bps) || bps < 0 || bps > 10_000) throw new RangeError(`bps must be 0..10000, got ${bps}`);
  return Number((BigInt(amount) * BigInt(bps) + 5_000n) / 10_000n);
}

export interface ShippingSettings {
  feeAmount: number;
  /** Subtotal from which shipping is free; null: never free. */
  freeOverAmount: number | null;
}

/** Shipping of one seller order: the shop's flat fee, free from its threshold, and free for pickup. */
export function shippingFor(subtotal: number, delivery: 'shipping' | 'pickup', settings: ShippingSettings): number {
  if (delivery === 'pickup') return 0;
  if (settings.freeOverAmount !== null && subtotal >= settings.freeOverAmount) return 0;
  return settings.feeAmount;
}

export interface SellerOrderAmounts {
  subtotal: number;
  shipping: number;
  total: number;
  commission: number;
  platformFee: number;
  makerNet: number;
}

/**
 * The split of one seller order (ARCHITECTURE.md, "Money"): the association's commission
 * and the platform fee are taken on the goods, not on shipping, which goes to the maker.
 */
export function sellerOrderAmounts(input: {
  lines: { unitPrice: number; quantity: number }[];
  shipping: number;
  commissionRateBps: number;
  platformFeeBps: number;
}): SellerOrderAmounts {
  const subtotal = input.lines.reduce((sum, l) => sum + lineTotal(l.unitPrice, l.quantity), 0);
  if (!Number.isSafeInteger(subtotal)) throw new RangeError('order subtotal is out of range');
  const commission = percentOf(subtotal, input.commissionRateBps);
  const platformFee = percentOf(subtotal, input.platformFeeBps);
  const total = subtotal + input.shipping;
  return { subtotal, shipping: input.shipping, total, commission, platformFee, makerNet: total - commission - platformFee };
}

export function lineTotal(unitPrice: number, quantity: number): number {
  const total = unitPrice * quantity;
  if (!Number.isSafeInteger(total)) throw new RangeError('line total is out of range');
  return total;
}
