import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import Stripe from 'stripe';
import { DataSource } from 'typeorm';
import { forbidden, notFound, unprocessable } from '../common/errors';
import { Environment } from '../config/environment';
import { administers, AuthUser } from '../identity/roles';
import { STRIPE_CLIENT } from '../payments/stripe/stripe.client';
import { callStripe } from '../payments/stripe/stripe.provider';

export interface OnboardingLink {
  /** Stripe's onboarding page for this account; open it in a browser. */
  url: string;
  expiresAt: Date;
  accountId: string;
  payoutsEnabled: boolean;
}

type Owner = { table: 'shops' | 'associations'; id: string; email: string | null };

/**
 * Stripe Connect Express accounts that receive payouts: a shop's (its maker's net) and an
 * association's (its commission). The account is created once (idempotency key per owner,
 * and stored only where none is yet), then each call answers a fresh onboarding link.
 * `account.updated` webhooks set `payoutsEnabled` (payment-outcomes.service.ts).
 */
@Injectable()
export class PayoutAccountsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(STRIPE_CLIENT) private readonly stripe: Stripe | null,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  /** The account of the maker's shop. */
  forShop(maker: AuthUser, shop: { id: string }): Promise<OnboardingLink> {
    return this.link({ table: 'shops', id: shop.id, email: maker.email });
  }

  async forAssociation(actor: AuthUser, associationId: string): Promise<OnboardingLink> {
    const [association]: { id: string }[] = await this.dataSource.query(`SELECT id FROM associations WHERE id = $1`, [associationId]);
    if (!association) throw notFound('Association');
    if (!administers(actor, associationId)) throw forbidden('Only this association’s admins may set up its payout account');
    return this.link({ table: 'associations', id: associationId, email: actor.email });
  }

  private async link(owner: Owner): Promise<OnboardingLink> {
    const stripe = this.stripe;
    if (!stripe) throw unprocessable('payouts_manual', 'Payouts are settled by hand here (no Stripe account is configured)');
    const accountId = await this.accountOf(stripe, owner);
    const link = await callStripe(() =>
      stripe.accountLinks.create({
        account: accountId,
        type: 'account_onboarding',
        return_url: this.config.get('PAYOUT_ONBOARDING_RETURN_URL', { infer: true }),
        refresh_url: this.config.get('PAYOUT_ONBOARDING_REFRESH_URL', { infer: true }),
      }),
    );
    const [row]: { payouts_enabled: boolean }[] = await this.dataSource.query(`SELECT payouts_enabled FROM ${owner.table} WHERE id = $1`, [owner.id]);
    return { url: link.url, expiresAt: new Date(link.expires_at * 1000), accountId, payoutsEnabled: row.payouts_enabled };
  }

  /** The owner's connected account, created on the first call (concurrent first calls make one: same idempotency key). */
  private async accountOf(stripe: Stripe, owner: Owner): Promise<string> {
    const [row]: { stripe_account_id: string | null }[] = await this.dataSource.query(`SELECT stripe_account_id FROM ${owner.table} WHERE id = $1`, [owner.id]);
    if (row.stripe_account_id) return row.stripe_account_id;
    const kind = owner.table === 'shops' ? 'shop' : 'association';
    const account = await callStripe(() =>
      stripe.accounts.create(
        {
          type: 'express',
          email: owner.email ?? undefined,
          capabilities: { transfers: { requested: true } },
          metadata: { [`${kind}Id`]: owner.id },
        },
        { idempotencyKey: `account-${kind}-${owner.id}` },
      ),
    );
    await this.dataSource.query(`UPDATE ${owner.table} SET stripe_account_id = $2, updated_at = now() WHERE id = $1 AND stripe_account_id IS NULL`, [owner.id, account.id]);
    const [stored]: { stripe_account_id: string }[] = await this.dataSource.query(`SELECT stripe_account_id FROM ${owner.table} WHERE id = $1`, [owner.id]);
    return stored.stripe_account_id;
  }
}
