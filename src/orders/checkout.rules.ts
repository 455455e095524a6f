/**
 * Business-flow limits of checkout (OWASP API6): one account cannot reserve a maker's
 * whole stock, neither in one order nor by leaving many orders unpaid.
 */

export interface CartLine {
  listingId: string;
  quantity: number;
}

export interface OverQuantity {
  listingId: string;
  requested: number;
  max: number;
}

/** Listings of which the cart asks more than `max` units, all variants of a listing counted together, in cart order. */
export function listingsOverQuantityCap(lines: CartLine[], max: number): OverQuantity[] {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`max must be a positive integer, got ${max}`);
  const totals = new Map<string, number>();
  for (const line of lines) totals.set(line.listingId, (totals.get(line.listingId) ?? 0) + line.quantity);
  return [...totals].filter(([, requested]) => requested > max).map(([listingId, requested]) => ({ listingId, requested, max }));
}

/** Whether a buyer who already has `unpaid` orders awaiting payment may place another one. */
export function mayPlaceAnotherUnpaidOrder(unpaid: number, max: number): boolean {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`max must be a positive integer, got ${max}`);
  return unpaid < max;
}
