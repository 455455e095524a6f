import { IllegalTransitionError } from '../common/errors';

export const ORDER_STATUSES = ['pending_payment', 'paid', 'cancelled', 'expired'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export type OrderAction = 'pay' | 'expire' | 'cancel';

/**
 * The buyer's order: waiting for payment, then paid, or closed unpaid (expired, or
 * cancelled by the buyer). A paid order is cancelled when every seller order in it is.
 * Fulfilment lives on the seller orders.
 */
const TRANSITIONS: Record<OrderAction, { from: OrderStatus[]; to: OrderStatus }> = {
  pay: { from: ['pending_payment'], to: 'paid' },
  expire: { from: ['pending_payment'], to: 'expired' },
  cancel: { from: ['pending_payment', 'paid'], to: 'cancelled' },
};

export function canTransitionOrder(from: OrderStatus, action: OrderAction): boolean {
  return TRANSITIONS[action].from.includes(from);
}

export function transitionOrder(from: OrderStatus, action: OrderAction): OrderStatus {
  if (!canTransitionOrder(from, action)) throw new IllegalTransitionError('order', from, action);
  return TRANSITIONS[action].to;
}
