import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import Stripe from 'stripe';
import { Environment } from '../config/environment';
import { ManualPaymentProvider } from './manual.provider';
import { PaymentProviders } from './payment-provider';
import { createStripeClient, STRIPE_CLIENT } from './stripe/stripe.client';
import { StripePaymentProvider } from './stripe/stripe.provider';

/**
 * The payment provider behind its port: Stripe when STRIPE_SECRET_KEY is set, else the
 * manual provider (bank transfer or cash at a hub, confirmed by an association admin).
 */
@Module({
  providers: [
    {
      provide: STRIPE_CLIENT,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>) =>
        createStripeClient({
          STRIPE_SECRET_KEY: config.get('STRIPE_SECRET_KEY', { infer: true }),
          STRIPE_API_BASE: config.get('STRIPE_API_BASE', { infer: true }),
          STRIPE_TIMEOUT_MS: config.get('STRIPE_TIMEOUT_MS', { infer: true }),
          STRIPE_MAX_NETWORK_RETRIES: config.get('STRIPE_MAX_NETWORK_RETRIES', { infer: true }),
        }),
    },
    {
      provide: PaymentProviders,
      inject: [STRIPE_CLIENT],
      useFactory: (stripe: Stripe | null) => {
        const manual = new ManualPaymentProvider();
        return stripe ? new PaymentProviders(new StripePaymentProvider(stripe), [manual]) : new PaymentProviders(manual);
      },
    },
  ],
  exports: [STRIPE_CLIENT, PaymentProviders],
})
export class PaymentsModule {}
