import { DomainError, IllegalTransitionError } from '../common/errors';
import { DeliveryType } from './order.entity';
import {
  CANCELLABLE_BY_BUYER,
  canTransitionSellerOrder,
  SELLER_ORDER_STATUSES,
  SellerOrderAction,
  SellerOrderStatus,
  transitionSellerOrder,
} from './seller-order.state';

const ACTIONS: SellerOrderAction[] = ['pay', 'ship', 'ready_for_pickup', 'deliver', 'complete', 'cancel'];

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('seller order transitions', () => {
  // [from, action, delivery type, to]
  const legal: [SellerOrderStatus, SellerOrderAction, DeliveryType, SellerOrderStatus][] = [
    ['pending_payment', 'pay', 'shipping', 'paid'],
    ['pending_payment', 'pay', 'pickup', 'paid'],
    ['paid', 'ship', 'shipping', 'shipped'],
    ['paid', 'ready_for_pickup', 'pickup', 'ready_for_pickup'],
    ['shipped', 'deliver', 'shipping', 'delivered'],
    ['ready_for_pickup', 'deliver', 'pickup', 'delivered'],
    ['delivered', 'complete', 'shipping', 'completed'],
    ['delivered', 'complete', 'pickup', 'completed'],
    ['pending_payment', 'cancel', 'shipping', 'cancelled'],
    ['pending_payment', 'cancel', 'pickup', 'cancelled'],
    ['paid', 'cancel', 'shipping', 'cancelled'],
    ['paid', 'cancel', 'pickup', 'cancelled'],
  ];
  const isLegalFrom = (from: SellerOrderStatus, action: SellerOrderAction) => legal.some(([f, a]) => f === from && a === action);
  const illegal: [SellerOrderStatus, SellerOrderAction][] = SELLER_ORDER_STATUSES.flatMap((from) =>
    ACTIONS.filter((action) => !isLegalFrom(from, action)).map((action): [SellerOrderStatus, SellerOrderAction] => [from, action]),
  );

  it.each(legal)('%s --%s (%s)--> %s', (from, action, deliveryType, to) => {
    expect(canTransitionSellerOrder(from, action)).toBe(true);
    expect(transitionSellerOrder({ status: from, deliveryType }, action)).toBe(to);
  });

  it.each(illegal)('refuses %s --%s--> with 409 illegal_transition, whatever the delivery', (from, action) => {
    expect(canTransitionSellerOrder(from, action)).toBe(false);
    for (const deliveryType of ['shipping', 'pickup'] as DeliveryType[]) {
      const error = thrownBy(() => transitionSellerOrder({ status: from, deliveryType }, action));
      expect(error).toBeInstanceOf(IllegalTransitionError);
      expect(error).toMatchObject({ status: 409, code: 'illegal_transition', details: { from, action } });
    }
  });

  it('includes the illegal moves that matter', () => {
    expect(illegal).toEqual(
      expect.arrayContaining([
        ['pending_payment', 'ship'],
        ['pending_payment', 'ready_for_pickup'],
        ['pending_payment', 'deliver'],
        ['paid', 'deliver'],
        ['paid', 'complete'],
        ['shipped', 'ship'],
        ['shipped', 'cancel'],
        ['ready_for_pickup', 'cancel'],
        ['delivered', 'cancel'],
        ['completed', 'deliver'],
        ['cancelled', 'pay'],
        ['cancelled', 'ship'],
        ['cancelled', 'cancel'],
      ]),
    );
  });

  it('refuses to ship a pickup order with 422 wrong_delivery_type', () => {
    const error = thrownBy(() => transitionSellerOrder({ status: 'paid', deliveryType: 'pickup' }, 'ship'));
    expect(error).toBeInstanceOf(DomainError);
    expect(error).not.toBeInstanceOf(IllegalTransitionError);
    expect(error).toMatchObject({ status: 422, code: 'wrong_delivery_type' });
  });

  it('refuses to mark a shipping order ready for pickup with 422 wrong_delivery_type', () => {
    const error = thrownBy(() => transitionSellerOrder({ status: 'paid', deliveryType: 'shipping' }, 'ready_for_pickup'));
    expect(error).toBeInstanceOf(DomainError);
    expect(error).not.toBeInstanceOf(IllegalTransitionError);
    expect(error).toMatchObject({ status: 422, code: 'wrong_delivery_type' });
  });

  it('checks the status before the delivery type (an unpaid pickup order cannot ship: 409)', () => {
    const error = thrownBy(() => transitionSellerOrder({ status: 'pending_payment', deliveryType: 'pickup' }, 'ship'));
    expect(error).toBeInstanceOf(IllegalTransitionError);
  });

  it('lets the buyer cancel only before anything has left', () => {
    expect([...CANCELLABLE_BY_BUYER].sort()).toEqual(['cancelled', 'paid', 'pending_payment']);
  });
});
