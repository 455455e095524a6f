import { DomainError, IllegalTransitionError } from '../common/errors';
import { canTransitionOrder, ORDER_STATUSES, OrderAction, OrderStatus, transitionOrder } from './order.state';

const ACTIONS: OrderAction[] = ['pay', 'expire', 'cancel'];

describe('order transitions', () => {
  const legal: [OrderStatus, OrderAction, OrderStatus][] = [
    ['pending_payment', 'pay', 'paid'],
    ['pending_payment', 'expire', 'expired'],
    ['pending_payment', 'cancel', 'cancelled'],
    ['paid', 'cancel', 'cancelled'],
  ];
  const isLegal = (from: OrderStatus, action: OrderAction) => legal.some(([f, a]) => f === from && a === action);
  const illegal: [OrderStatus, OrderAction][] = ORDER_STATUSES.flatMap((from) =>
    ACTIONS.filter((action) => !isLegal(from, action)).map((action): [OrderStatus, OrderAction] => [from, action]),
  );

  it.each(legal)('%s --%s--> %s', (from, action, to) => {
    expect(canTransitionOrder(from, action)).toBe(true);
    expect(transitionOrder(from, action)).toBe(to);
  });

  it.each(illegal)('refuses %s --%s--> with 409 illegal_transition', (from, action) => {
    expect(canTransitionOrder(from, action)).toBe(false);
    let thrown: unknown;
    try {
      transitionOrder(from, action);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(IllegalTransitionError);
    expect(thrown).toBeInstanceOf(DomainError);
    expect(thrown).toMatchObject({ status: 409, code: 'illegal_transition', details: { from, action } });
  });

  it('covers the illegal moves that matter', () => {
    // A closed order never reopens or gets paid, and a paid one never expires.
    expect(illegal).toEqual(
      expect.arrayContaining([
        ['paid', 'pay'],
        ['paid', 'expire'],
        ['expired', 'pay'],
        ['expired', 'cancel'],
        ['cancelled', 'pay'],
        ['cancelled', 'expire'],
        ['cancelled', 'cancel'],
      ]),
    );
    expect(legal.length + illegal.length).toBe(ORDER_STATUSES.length * ACTIONS.length);
  });

  it('has no way out of expired or cancelled', () => {
    for (const from of ['expired', 'cancelled'] as OrderStatus[]) {
      for (const action of ACTIONS) expect(() => transitionOrder(from, action)).toThrow(IllegalTransitionError);
    }
  });
});
