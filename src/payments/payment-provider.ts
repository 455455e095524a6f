import { DomainError } from '../common/errors';
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
 * may succeed when retried with the same idempotency key; the others will not. Reaching
 * a client it is a 502; the provider's own words (`reason`) go to the log only.
 */
export class PaymentProviderError extends DomainError {
  constructor(
    readonly reason: string,
    readonly transient: boolean,
  ) {
    super(
      502,
      transient ? 'payment_provider_unavailable' : 'payment_provider_error',
      transient ? 'The payment provider did not answer; retry shortly' : 'The payment provider refused the request',
    );
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

/**
 * The providers of this deployment: `current` takes new payments; a payment already
 * taken is cancelled and refunded through the provider that took it (`of`), so that
 * orders paid by hand stay refundable by hand after a Stripe key is configured.
 */
export class PaymentProviders {
  private readonly byName: Map<ProviderName, PaymentProvider>;

  constructor(
    readonly current: PaymentProvider,
    others: PaymentProvider[] = [],
  ) {
    this.byName = new Map([current, ...others].map((p) => [p.name, p]));
  }

  of(payment: { provider: ProviderName }): PaymentProvider {
    const provider = this.byName.get(payment.provider);
    if (!provider) throw new PaymentProviderError(`The ${payment.provider} provider is not configured on this server`, true);
    return provider;
  }
}
