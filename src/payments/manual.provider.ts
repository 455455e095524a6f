import { PaymentProvider, ProviderPaymentState, RefundInput } from './payment-provider';

/**
 * Bank transfer or cash at a hub. Nothing to call: an association admin confirms the
 * money with POST /payments/:id/mark-paid, and returns it by hand when refunding (the
 * refund row is the record of what must be returned).
 */
export class ManualPaymentProvider extends PaymentProvider {
  readonly name = 'manual' as const;

  async start(): Promise<{ ref: null; clientSecret: null }> {
    return { ref: null, clientSecret: null };
  }

  async cancel(): Promise<ProviderPaymentState> {
    return { status: 'canceled' };
  }

  async refund(_input: RefundInput): Promise<{ ref: null; status: 'succeeded' }> {
    return { ref: null, status: 'succeeded' };
  }
}
