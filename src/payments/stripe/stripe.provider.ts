import Stripe from 'stripe';
import { PaymentProvider, PaymentProviderError, ProviderPaymentState, RefundInput, StartPaymentInput } from '../payment-provider';

/**
 * Stripe with separate charges and transfers: one PaymentIntent per order, grouped
 * with the transfers to its makers by `transfer_group` = order id.
 * Idempotency keys: `payment-<paymentId>`, `payment-cancel-<paymentId>`, `refund-<refundId>`.
 */
export class StripePaymentProvider extends PaymentProvider {
  readonly name = 'stripe' as const;

  constructor(private readonly stripe: Stripe) {
    super();
  }

  async start(input: StartPaymentInput): Promise<{ ref: string; clientSecret: string | null }> {
    const intent = await callStripe(() =>
      this.stripe.paymentIntents.create(
        {
          amount: input.amount,
          currency: input.currency.toLowerCase(),
          transfer_group: input.orderId,
          description: `Sheber order ${input.orderNumber}`,
          metadata: { orderId: input.orderId, paymentId: input.paymentId, orderNumber: input.orderNumber },
          automatic_payment_methods: { enabled: true },
        },
        { idempotencyKey: `payment-${input.paymentId}` },
      ),
    );
    return { ref: intent.id, clientSecret: intent.client_secret };
  }

  async cancel(paymentId: string, ref: string | null): Promise<ProviderPaymentState> {
    if (!ref) return { status: 'canceled' }; // never reached Stripe: nothing to cancel
    try {
      await this.stripe.paymentIntents.cancel(ref, { cancellation_reason: 'abandoned' }, { idempotencyKey: `payment-cancel-${paymentId}` });
      return { status: 'canceled' };
    } catch (error) {
      if (error instanceof Stripe.errors.StripeInvalidRequestError && error.code === 'payment_intent_unexpected_state') {
        // Already succeeded, processing or canceled: ask what it is now.
        const intent = await callStripe(() => this.stripe.paymentIntents.retrieve(ref));
        if (intent.status === 'succeeded') return { status: 'succeeded', chargeRef: chargeId(intent.latest_charge) };
        if (intent.status === 'canceled') return { status: 'canceled' };
        return { status: 'processing' };
      }
      throw toProviderError(error);
    }
  }

  async refund(input: RefundInput): Promise<{ ref: string; status: 'succeeded' | 'pending' }> {
    if (!input.paymentRef) throw new PaymentProviderError('The payment never reached Stripe', false);
    const refund = await callStripe(() =>
      this.stripe.refunds.create(
        {
          payment_intent: input.paymentRef!,
          amount: input.amount,
          reason: 'requested_by_customer',
          metadata: {
            refundId: input.refundId,
            orderId: input.orderId,
            sellerOrderId: input.sellerOrderId,
            reason: input.reason.slice(0, 500), // Stripe metadata values are at most 500 characters
          },
        },
        { idempotencyKey: `refund-${input.refundId}` },
      ),
    );
    if (refund.status === 'failed' || refund.status === 'canceled') {
      throw new PaymentProviderError(`Stripe refused the refund (${refund.failure_reason ?? refund.status})`, false);
    }
    return { ref: refund.id, status: refund.status === 'succeeded' ? 'succeeded' : 'pending' };
  }
}

export function chargeId(charge: string | Stripe.Charge | null | undefined): string | null {
  if (!charge) return null;
  return typeof charge === 'string' ? charge : charge.id;
}

/** Runs a Stripe request; its failure becomes a PaymentProviderError (transient or not). */
export async function callStripe<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw toProviderError(error);
  }
}

/** The SDK has already retried what it may (`maxNetworkRetries`); here we only classify. */
function toProviderError(error: unknown): PaymentProviderError {
  const message = error instanceof Stripe.errors.StripeError ? `Stripe: ${error.message}` : error instanceof Error ? error.message : String(error);
  return new PaymentProviderError(message, transientStripeError(error));
}

/** Network trouble, Stripe's own failures, rate limits and a key still in use (409) may pass when asked again with the same key. */
export function transientStripeError(error: unknown): boolean {
  if (!(error instanceof Stripe.errors.StripeError)) return true;
  return (
    error instanceof Stripe.errors.StripeConnectionError ||
    error instanceof Stripe.errors.StripeAPIError ||
    error instanceof Stripe.errors.StripeRateLimitError ||
    (error.statusCode ?? 0) >= 500 ||
    error.statusCode === 409 // idempotency_key_in_use: the same request is still running at Stripe
  );
}
