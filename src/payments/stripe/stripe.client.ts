import Stripe from 'stripe';
import { Environment } from '../../config/environment';

export const STRIPE_CLIENT = Symbol('STRIPE_CLIENT');

/**
 * The Stripe SDK, configured from the environment; null without STRIPE_SECRET_KEY
 * (the manual provider is used then). STRIPE_API_BASE points it at another server
 * (the tests' local Stripe-compatible one).
 */
export function createStripeClient(env: Pick<Environment, 'STRIPE_SECRET_KEY' | 'STRIPE_API_BASE' | 'STRIPE_TIMEOUT_MS' | 'STRIPE_MAX_NETWORK_RETRIES'>): Stripe | null {
  if (!env.STRIPE_SECRET_KEY) return null;
  const base = env.STRIPE_API_BASE ? new URL(env.STRIPE_API_BASE) : null;
  return new Stripe(env.STRIPE_SECRET_KEY, {
    timeout: env.STRIPE_TIMEOUT_MS,
    maxNetworkRetries: env.STRIPE_MAX_NETWORK_RETRIES,
    appInfo: { name: 'Sheber', url: 'https://github.com/sheber-kz/sheber' },
    ...(base && {
      host: base.hostname,
      port: Number(base.port || (base.protocol === 'https:' ? 443 : 80)),
      protocol: base.protocol === 'https:' ? 'https' : 'http',
    }),
  });
}
