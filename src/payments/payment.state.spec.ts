import { IllegalTransitionError } from '../common/errors';
import { applyPaymentOutcome, PAYMENT_STATUSES, PaymentOutcome, PaymentStatus, transitionPayment } from './payment.state';

const OUTCOMES: PaymentOutcome[] = ['succeed', 'fail', 'cancel'];

describe('payment transitions', () => {
  const legal: [PaymentStatus, PaymentOutcome, PaymentStatus][] = [
    ['pending', 'succeed', 'succeeded'],
    ['pending', 'fail', 'failed'],
    ['pending', 'cancel', 'canceled'],
    ['failed', 'succeed', 'succeeded'], // a retried attempt may still succeed
    ['failed', 'fail', 'failed'],
    ['failed', 'cancel', 'canceled'],
  ];
  const isLegal = (from: PaymentStatus, outcome: PaymentOutcome) => legal.some(([f, o]) => f === from && o === outcome);
  const ignored: [PaymentStatus, PaymentOutcome][] = PAYMENT_STATUSES.flatMap((from) =>
    OUTCOMES.filter((o) => !isLegal(from, o)).map((o): [PaymentStatus, PaymentOutcome] => [from, o]),
  );

  it.each(legal)('%s --%s--> %s', (from, outcome, to) => {
    expect(applyPaymentOutcome(from, outcome)).toBe(to);
    expect(transitionPayment(from, outcome)).toBe(to);
  });

  it.each(ignored)('never goes backwards: %s --%s--> is ignored (null) and refused with 409', (from, outcome) => {
    expect(applyPaymentOutcome(from, outcome)).toBeNull();
    expect(() => transitionPayment(from, outcome)).toThrow(IllegalTransitionError);
    try {
      transitionPayment(from, outcome);
    } catch (error) {
      expect(error).toMatchObject({ status: 409, code: 'illegal_transition', details: { from, action: outcome } });
    }
  });

  it('ignores every late event after success, and a canceled payment stays canceled', () => {
    expect(ignored).toEqual(
      expect.arrayContaining([
        ['succeeded', 'fail'],
        ['succeeded', 'cancel'],
        ['succeeded', 'succeed'],
        ['canceled', 'succeed'],
        ['canceled', 'fail'],
        ['canceled', 'cancel'],
      ]),
    );
    expect(legal.length + ignored.length).toBe(PAYMENT_STATUSES.length * OUTCOMES.length);
  });

  it('replays a provider event stream out of order without moving back', () => {
    let status: PaymentStatus = 'pending';
    for (const outcome of ['fail', 'succeed', 'fail', 'cancel', 'succeed'] as PaymentOutcome[]) {
      status = applyPaymentOutcome(status, outcome) ?? status;
    }
    expect(status).toBe('succeeded');
  });
});
