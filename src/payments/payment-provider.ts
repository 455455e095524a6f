import { Currency } from '../common/money';
import { ProviderName } from './payment.entity';

/** What the provider says about a payment when we ask (on expiry or cancellation). */
export type ProviderPaymentState =
  | { status: 'canceled' }
  | { status: 'succeeded'; chargeRef: string | null }
  /** Being confirmed right now (3-D Secure, a bank's answer): neither cancellable nor paid yet. */
  | { status: 'processing' };

export interface StartPaymentInput {
  paymentId: string;
  orderId: string;
  orderNumber: string;
  amount: number;
  currency: Currency;
}

export interface RefundInput {
  refundId: string;
  paymentRef: string | null;
  amount: number;
  currency: Currency;
  reason: string;
  orderId: string;
  sellerOrderId: string;
}

/**
 * A failure of the provider. `transient` ones (network, timeouts, 5xx, a key in use)
 * may succeed when retried with the same idempotency key; the others will not.
 */
export class PaymentProviderError extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
  ) {
    super(message);
  }
}

/**
 * The port every payment provider implements. Idempotency keys are derived from our
 * ids (payment id, refund id), so any call may be repeated after a crash or a timeout
 * without charging or refunding twice.
 */
export abstract class PaymentProvider {
  abstract readonly name: ProviderName;

  /** Starts collecting the order total; answers the provider's reference and the client's secret. */
  abstract start(input: StartPaymentInput): Promise<{ ref: string | null; clientSecret: string | null }>;

  /** Cancels an unpaid payment, unless the money already came (or is coming) in. */
  abstract cancel(paymentId: string, ref: string | null): Promise<ProviderPaymentState>;

  /** Returns money to the buyer; `pending` when the provider has yet to confirm it. */
  abstract refund(input: RefundInput): Promise<{ ref: string | null; status: 'succeeded' | 'pending' }>;
}
