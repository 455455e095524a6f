import { IllegalTransitionError } from '../common/errors';

export const PAYMENT_STATUSES = ['pending', 'failed', 'succeeded', 'canceled'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
export type PaymentOutcome = 'succeed' | 'fail' | 'cancel';

/**
 * A payment never moves backwards: a failed attempt may be retried and succeed, but
 * after success a late "failed" or "canceled" event changes nothing. Success is the one
 * outcome accepted after cancellation: money the provider reports as captured is a fact
 * to record (and to refund, the order being closed), never to ignore.
 * `apply` answers null for an outcome that no longer applies, which is how
 * out-of-order provider events are ignored.
 */
const TRANSITIONS: Record<PaymentOutcome, { from: PaymentStatus[]; to: PaymentStatus }> = {
  succeed: { from: ['pending', 'failed', 'canceled'], to: 'succeeded' },
  fail: { from: ['pending', 'failed'], to: 'failed' },
  cancel: { from: ['pending', 'failed'], to: 'canceled' },
};

export function applyPaymentOutcome(from: PaymentStatus, outcome: PaymentOutcome): PaymentStatus | null {
  return TRANSITIONS[outcome].from.includes(from) ? TRANSITIONS[outcome].to : null;
}

export function transitionPayment(from: PaymentStatus, outcome: PaymentOutcome): PaymentStatus {
  const to = applyPaymentOutcome(from, outcome);
  if (!to) throw new IllegalTransitionError('payment', from, outcome);
  return to;
}
