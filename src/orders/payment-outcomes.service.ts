import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import type Stripe from 'stripe';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { Environment } from '../config/environment';
import { conflict, notFound, unprocessable } from '../common/errors';
import { isUuid } from '../common/ids';
import { AuthUser, hasRole } from '../identity/roles';
import { LedgerService } from '../ledger/ledger.service';
import { PayoutsService } from '../payouts/payouts.service';
import { recordEvent } from '../notifications/outbox';
import { Payment } from '../payments/payment.entity';
import { PaymentProviders } from '../payments/payment-provider';
import { Refund } from '../payments/refund.entity';
import { applyPaymentOutcome } from '../payments/payment.state';
import { chargeId } from '../payments/stripe/stripe.provider';
import { DisputesService } from './disputes.service';
import { Order } from './order.entity';
import { LockedOrder, lockOrderWithParts, restockLines } from './order-ops';
import { transitionOrder } from './order.state';
import { RefundsService } from './refunds.service';
import { SellerOrder } from './seller-order.entity';
import { transitionSellerOrder } from './seller-order.state';

export type ExpiryResult = 'expired' | 'paid' | 'not_due' | 'already_closed' | 'processing';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * What a payment's outcome does to its order: success pays the order and starts every
 * seller order's shipping clock; failure lets the buyer try again until the order
 * expires; cancellation and expiry close the order and put its stock back, once.
 *
 * The race between a last-moment payment and the expiry: the payment wins whenever it
 * reached the provider first. Expiry first cancels the PaymentIntent at Stripe; if
 * Stripe answers that it already succeeded, the order is paid instead of expired. Money
 * that is nevertheless reported for an order already closed (a manual confirmation is
 * refused instead) is recorded and refunded in full, automatically.
 */
@Injectable()
export class PaymentOutcomesService {
  private readonly logger = new Logger(PaymentOutcomesService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly providers: PaymentProviders,
    private readonly refunds: RefundsService,
    private readonly ledger: LedgerService,
    private readonly disputes: DisputesService,
    private readonly payouts: PayoutsService,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  /** Money arrived. Answers the refunds to execute after the commit (only for an order already closed). */
  async applySucceeded(manager: EntityManager, locked: LockedOrder, chargeRef: string | null, confirmedBy: string | null = null): Promise<Refund[]> {
    const { order, sellerOrders, payment } = locked;
    const status = applyPaymentOutcome(payment.status, 'succeed');
    if (!status) return []; // already succeeded: a replay or a second path to the same news
    payment.status = status;
    payment.chargeRef = chargeRef ?? payment.chargeRef;
    payment.succeededAt = new Date();
    payment.confirmedBy = confirmedBy;
    payment.failureMessage = null;
    await manager.update(Payment, { id: payment.id }, {
      status: payment.status,
      chargeRef: payment.chargeRef,
      succeededAt: payment.succeededAt,
      confirmedBy,
      failureMessage: null,
    });

    if (order.status !== 'pending_payment') {
      this.logger.warn(`Payment ${payment.id} succeeded for order ${order.number}, which is ${order.status}: refunding it in full`);
      await this.ledger.recordUnclaimedPayment(manager, payment, order, payment.amount);
      const refunds: Refund[] = [];
      for (const so of sellerOrders) {
        const left = so.totalAmount - so.refundedAmount;
        if (left > 0) {
          refunds.push(await this.refunds.open(manager, so, payment, {
            amount: left,
            reason: `Payment arrived after the order was ${order.status}`,
            initiator: 'system',
            actorId: null,
          }));
        }
      }
      return refunds;
    }

    const now = new Date();
    order.status = transitionOrder(order.status, 'pay');
    order.paidAt = now;
    await manager.update(Order, { id: order.id }, { status: order.status, paidAt: now });
    const shipBy = new Date(now.getTime() + this.config.get('SHIP_DEADLINE_DAYS', { infer: true }) * DAY_MS);
    for (const so of sellerOrders) {
      so.status = transitionSellerOrder(so, 'pay');
      await manager.update(SellerOrder, { id: so.id }, { status: so.status, paidAt: now, shipBy });
    }
    await recordEvent(manager, 'order.paid', { type: 'order', id: order.id }, {
      orderId: order.id,
      buyerId: order.buyerId,
      sellerOrderIds: sellerOrders.map((so) => so.id),
    });
    await this.ledger.recordPayment(manager, payment, order, sellerOrders);
    return [];
  }

  /** An attempt failed (a declined card): the buyer may try again until the order expires. */
  async applyFailed(manager: EntityManager, { order, payment }: LockedOrder, message: string | null): Promise<void> {
    const status = applyPaymentOutcome(payment.status, 'fail');
    if (!status) return;
    await manager.update(Payment, { id: payment.id }, { status, failureMessage: message });
    if (order.status === 'pending_payment') {
      await recordEvent(manager, 'order.payment_failed', { type: 'order', id: order.id }, { orderId: order.id, buyerId: order.buyerId, message });
    }
  }

  /**
   * Closes an unpaid order (expired, or cancelled by the buyer or the provider): the
   * payment is canceled, every seller order cancelled and every unit restocked.
   */
  async closeUnpaid(manager: EntityManager, { order, sellerOrders, payment }: LockedOrder, action: 'expire' | 'cancel', reason: string): Promise<void> {
    order.status = transitionOrder(order.status, action);
    order.closedAt = new Date();
    order.closeReason = reason;
    await manager.update(Order, { id: order.id }, { status: order.status, closedAt: order.closedAt, closeReason: reason });
    const paymentStatus = applyPaymentOutcome(payment.status, 'cancel');
    if (paymentStatus) await manager.update(Payment, { id: payment.id }, { status: paymentStatus, canceledAt: new Date() });
    for (const so of sellerOrders) {
      await manager.update(SellerOrder, { id: so.id }, { status: transitionSellerOrder(so, 'cancel'), cancelledAt: new Date(), cancelReason: reason });
    }
    await restockLines(manager, sellerOrders.map((so) => so.id));
    const type = action === 'expire' ? 'order.expired' : 'order.cancelled';
    await recordEvent(manager, type, { type: 'order', id: order.id }, {
      orderId: order.id,
      buyerId: order.buyerId,
      sellerOrderIds: sellerOrders.map((so) => so.id),
      reason,
    });
  }

  /**
   * The expiry of an unpaid order (the delayed job, or the sweep that catches missed
   * jobs). Runs any number of times: only the first run that finds it due and unpaid
   * changes anything.
   */
  async expire(orderId: string): Promise<ExpiryResult> {
    const order = await this.dataSource.getRepository(Order).findOneBy({ id: orderId });
    if (!order || order.status !== 'pending_payment') return 'already_closed';
    if (order.expiresAt.getTime() > Date.now()) return 'not_due';
    const payment = await this.dataSource.getRepository(Payment).findOneByOrFail({ orderId });

    // Ask the provider first, outside the transaction: the money may have come in.
    const state = payment.status === 'succeeded' ? null : await this.providers.of(payment).cancel(payment.id, payment.providerRef);
    if (state?.status === 'processing') return 'processing';

    let refunds: Refund[] = [];
    const result = await this.dataSource.transaction(async (manager): Promise<ExpiryResult> => {
      const locked = await lockOrderWithParts(manager, orderId);
      if (locked.order.status !== 'pending_payment') return 'already_closed';
      if (state?.status === 'succeeded') {
        refunds = await this.applySucceeded(manager, locked, state.chargeRef);
        return 'paid';
      }
      if (locked.payment.status === 'succeeded') return 'paid';
      await this.closeUnpaid(manager, locked, 'expire', 'Not paid in time');
      return 'expired';
    });
    await this.refunds.executeAll(refunds);
    return result;
  }

  /** Manual provider: an association admin of a seller in the order, or an admin, confirms the money arrived. */
  async markPaid(actor: AuthUser, paymentId: string): Promise<string> {
    const payment = await this.dataSource.getRepository(Payment).findOneBy({ id: paymentId });
    if (!payment) throw notFound('Payment');
    return this.dataSource.transaction(async (manager) => {
      const locked = await lockOrderWithParts(manager, payment.orderId);
      const allowed =
        hasRole(actor, 'admin') ||
        (hasRole(actor, 'association_admin') && locked.sellerOrders.some((so) => so.associationId && so.associationId === actor.associationId));
      if (!allowed) throw notFound('Payment');
      if (locked.payment.provider !== 'manual') {
        throw unprocessable('not_manual_payment', 'This payment is collected by Stripe; it is confirmed by Stripe, not by hand');
      }
      if (locked.payment.status === 'succeeded') throw conflict('already_paid', `Order ${locked.order.number} is already paid`);
      if (locked.order.status !== 'pending_payment') {
        throw conflict('order_closed', `Order ${locked.order.number} is ${locked.order.status}; return the money to the buyer instead`);
      }
      await this.applySucceeded(manager, locked, null, actor.id);
      return locked.order.id;
    });
  }

  /**
   * One Stripe event, in one transaction with the record of its id: a replay (or the
   * same event delivered twice at once: the second insert waits, then finds the first)
   * changes nothing. Unknown payment intents are acknowledged and logged.
   */
  async handleStripeEvent(event: Stripe.Event): Promise<'processed' | 'duplicate'> {
    let refunds: Refund[] = [];
    const recover: string[] = [];
    const outcome = await this.dataSource.transaction(async (manager) => {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO webhook_events (id, provider, type) VALUES ($1, 'stripe', $2) ON CONFLICT DO NOTHING RETURNING id`,
        [event.id, event.type],
      );
      if (!inserted.length) return 'duplicate' as const;
      refunds = await this.applyStripeEvent(manager, event, recover);
      return 'processed' as const;
    });
    await this.refunds.executeAll(refunds);
    if (recover.length) {
      // Paid out already: take the lost shares back from the transfers (the payout run retries what fails here).
      await this.payouts.recoverOverpaid(recover).catch((error: Error) => this.logger.warn(`Reversals after ${event.id} not made yet: ${error.message}`));
    }
    return outcome;
  }

  /** `recover`: seller orders whose payouts may now be too much (a lost dispute), for after the commit. */
  private async applyStripeEvent(manager: EntityManager, event: Stripe.Event, recover: string[]): Promise<Refund[]> {
    switch (event.type) {
      case 'payment_intent.succeeded': {
        const intent = event.data.object;
        const locked = await this.lockByIntent(manager, intent.id, event, intent.metadata?.paymentId);
        if (!locked) return [];
        // Money that is not this order's total does not pay it: an operator looks (and refunds) by hand.
        if (intent.amount_received !== locked.payment.amount || intent.currency.toUpperCase() !== locked.payment.currency) {
          this.logger.error(
            `PaymentIntent ${intent.id} received ${intent.amount_received} ${intent.currency}, order ${locked.order.number} is ${locked.payment.amount} ${locked.payment.currency}: not marked paid, check it in Stripe`,
          );
          return [];
        }
        return this.applySucceeded(manager, locked, chargeId(intent.latest_charge));
      }
      case 'payment_intent.payment_failed': {
        const intent = event.data.object;
        const locked = await this.lockByIntent(manager, intent.id, event, intent.metadata?.paymentId);
        if (locked) await this.applyFailed(manager, locked, intent.last_payment_error?.message ?? null);
        return [];
      }
      case 'payment_intent.canceled': {
        const intent = event.data.object;
        const locked = await this.lockByIntent(manager, intent.id, event, intent.metadata?.paymentId);
        if (locked && locked.order.status === 'pending_payment' && locked.payment.status !== 'succeeded') {
          await this.closeUnpaid(manager, locked, 'expire', 'The payment was canceled');
        }
        return [];
      }
      case 'charge.refunded': {
        const charge = event.data.object;
        const intentId = typeof charge.payment_intent === 'string' ? charge.payment_intent : charge.payment_intent?.id;
        const locked = intentId ? await this.lockByIntent(manager, intentId, event) : null;
        if (locked) await this.refunds.applyChargeRefunds(manager, locked.payment, charge);
        return [];
      }
      case 'charge.dispute.created':
      case 'charge.dispute.closed': {
        const dispute = event.data.object;
        const intentId = typeof dispute.payment_intent === 'string' ? dispute.payment_intent : dispute.payment_intent?.id;
        const locked = intentId ? await this.lockByIntent(manager, intentId, event) : null;
        if (!locked) return [];
        if (event.type === 'charge.dispute.created') await this.disputes.opened(manager, locked, dispute);
        else recover.push(...(await this.disputes.closed(manager, locked, dispute)));
        return [];
      }
      case 'account.updated': {
        const account = event.data.object;
        const enabled = Boolean(account.charges_enabled && account.payouts_enabled);
        await manager.query(`UPDATE shops SET payouts_enabled = $2, updated_at = now() WHERE stripe_account_id = $1`, [account.id, enabled]);
        await manager.query(`UPDATE associations SET payouts_enabled = $2, updated_at = now() WHERE stripe_account_id = $1`, [account.id, enabled]);
        return [];
      }
      default:
        return [];
    }
  }

  /**
   * Our payment of a PaymentIntent: by its id or, when the event beat our own record of the
   * intent (no provider_ref yet), by the payment id we put in its metadata. Metadata never
   * names a payment that already has another intent: anyone can write metadata.
   */
  private async lockByIntent(manager: EntityManager, intentId: string, event: Stripe.Event, paymentId?: string): Promise<LockedOrder | null> {
    const payment =
      (await manager.findOne(Payment, { where: { providerRef: intentId } })) ??
      (paymentId && isUuid(paymentId) ? await manager.findOne(Payment, { where: { id: paymentId, provider: 'stripe', providerRef: IsNull() } }) : null);
    if (!payment) {
      this.logger.warn(`Stripe event ${event.id} (${event.type}) is about PaymentIntent ${intentId}, unknown here; acknowledged without changes`);
      return null;
    }
    const locked = await lockOrderWithParts(manager, payment.orderId);
    if (locked.payment.providerRef && locked.payment.providerRef !== intentId) {
      // Another intent was recorded for it while this event waited for the lock.
      this.logger.warn(`Stripe event ${event.id} (${event.type}) names payment ${payment.id}, which is PaymentIntent ${locked.payment.providerRef}, not ${intentId}; acknowledged without changes`);
      return null;
    }
    if (!locked.payment.providerRef) {
      await manager.update(Payment, { id: payment.id }, { providerRef: intentId }); // the event beat our own record of it
      locked.payment.providerRef = intentId;
    }
    return locked;
  }
}
