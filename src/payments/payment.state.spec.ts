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
    // Money the provider reports as captured after a cancellation is a fact to record (and refund), never ignored.
    ['canceled', 'succeed', 'succeeded'],
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

  it('ignores every late event after success, and nothing but a success moves a canceled payment', () => {
    expect(ignored).toEqual(
      expect.arrayContaining([
        ['succeeded', 'fail'],
        ['succeeded', 'cancel'],
        ['succeeded', 'succeed'],
        ['canceled', 'fail'],
        ['canceled', 'cancel'],
      ]),
    );
    expect(ignored.filter(([from]) => from === 'succeeded')).toHaveLength(OUTCOMES.length);
    expect(legal.length + ignored.length).toBe(PAYMENT_STATUSES.length * OUTCOMES.length);
  });

  it('replays a provider event stream out of order without moving back', () => {
    const replay = (outcomes: PaymentOutcome[]) =>
      outcomes.reduce<PaymentStatus>((status, outcome) => applyPaymentOutcome(status, outcome) ?? status, 'pending');
    expect(replay(['fail', 'succeed', 'fail', 'cancel', 'succeed'])).toBe('succeeded');
    expect(replay(['succeed', 'cancel', 'fail'])).toBe('succeeded');
    expect(replay(['cancel', 'fail', 'cancel'])).toBe('canceled');
    expect(replay(['cancel', 'succeed', 'cancel', 'fail'])).toBe('succeeded');
  });
});
