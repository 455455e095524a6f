import Stripe from 'stripe';
import { badRequest } from '../../common/errors';

/** Stripe's default tolerance: a signature older than five minutes is refused (a replayed capture). */
const TOLERANCE_SECONDS = 300;

/**
 * Verifies a webhook's `Stripe-Signature` over the raw body, with the SDK, and answers
 * the event. Any failure is a 400 that says nothing about why beyond "signature".
 */
export function verifyStripeEvent(rawBody: Buffer | undefined, signature: string | string[] | undefined, secret: string | undefined): Stripe.Event {
  if (!secret) throw badRequest('webhook_not_configured', 'Stripe webhooks are not configured on this server');
  if (!rawBody || typeof signature !== 'string' || !signature) {
    throw badRequest('invalid_signature', 'Missing Stripe-Signature header or body');
  }
  try {
    return Stripe.webhooks.constructEvent(rawBody, signature, secret, TOLERANCE_SECONDS);
  } catch {
    throw badRequest('invalid_signature', 'The Stripe-Signature does not match this body, or is too old');
  }
}
