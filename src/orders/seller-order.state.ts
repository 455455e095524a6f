import { IllegalTransitionError, unprocessable } from '../common/errors';
import { DeliveryType } from './order.entity';

export const SELLER_ORDER_STATUSES = [
  'pending_payment',
  'paid',
  'shipped',
  'ready_for_pickup',
  'delivered',
  'completed',
  'cancelled',
] as const;
export type SellerOrderStatus = (typeof SELLER_ORDER_STATUSES)[number];
export type SellerOrderAction = 'pay' | 'ship' | 'ready_for_pickup' | 'deliver' | 'complete' | 'cancel';

export const CARRIERS = ['kazpost', 'cdek', 'courier', 'other'] as const;
export type Carrier = (typeof CARRIERS)[number];

/**
 * What a maker fulfils: paid → shipped (shipping) or ready_for_pickup (pickup) →
 * delivered → completed (after the payout hold). Cancelled from pending_payment (the
 * order expired or was cancelled unpaid) or from paid (refunded, restocked); once the
 * parcel has left, money goes back by refund and the order keeps its state.
 */
const TRANSITIONS: Record<SellerOrderAction, { from: SellerOrderStatus[]; to: SellerOrderStatus; delivery?: DeliveryType }> = {
  pay: { from: ['pending_payment'], to: 'paid' },
  ship: { from: ['paid'], to: 'shipped', delivery: 'shipping' },
  ready_for_pickup: { from: ['paid'], to: 'ready_for_pickup', delivery: 'pickup' },
  deliver: { from: ['shipped', 'ready_for_pickup'], to: 'delivered' },
  complete: { from: ['delivered'], to: 'completed' },
  cancel: { from: ['pending_payment', 'paid'], to: 'cancelled' },
};

export function canTransitionSellerOrder(from: SellerOrderStatus, action: SellerOrderAction): boolean {
  return TRANSITIONS[action].from.includes(from);
}

export function transitionSellerOrder(
  order: { status: SellerOrderStatus; deliveryType: DeliveryType },
  action: SellerOrderAction,
): SellerOrderStatus {
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(order.status)) throw new IllegalTransitionError('seller order', order.status, action);
  if (rule.delivery && rule.delivery !== order.deliveryType) {
    throw unprocessable('wrong_delivery_type', `Only ${rule.delivery} orders can be marked ${rule.to.replace(/_/g, ' ')}`);
  }
  return rule.to;
}

/** Before the parcel leaves (or waits at the hub) the buyer may still cancel. */
export const CANCELLABLE_BY_BUYER: readonly SellerOrderStatus[] = ['pending_payment', 'paid', 'cancelled'];
