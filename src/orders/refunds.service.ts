import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type Stripe from 'stripe';
import { DataSource, EntityManager, In } from 'typeorm';
import { unprocessable } from '../common/errors';
import { LedgerService } from '../ledger/ledger.service';
import { PayoutsService } from '../payouts/payouts.service';
import { recordEvent, RefundEventPayload, SellerOrderCancelCause } from '../notifications/outbox';
import { Payment } from '../payments/payment.entity';
import { PaymentProviderError, PaymentProviders } from '../payments/payment-provider';
import { Refund, RefundInitiator } from '../payments/refund.entity';
import { Order } from './order.entity';
import { lockOrder, restockLines } from './order-ops';
import { transitionOrder } from './order.state';
import { SellerOrder } from './seller-order.entity';
import { transitionSellerOrder } from './seller-order.state';

export interface RefundRequest {
  amount: number;
  reason: string;
  initiator: RefundInitiator;
  actorId: string | null;
}

// A refund the provider could not be reached for is retried by the order timers this many times.
const MAX_REFUND_ATTEMPTS = 10;

/**
 * Refunds and the cancellations that refund. A refund is opened (reserved against what
 * is left of the seller order) inside the caller's transaction, then executed after the
 * commit with the refund id as the provider's idempotency key: a crash, a timeout or a
 * retry in between asks again and never refunds twice. A transient failure leaves it
 * pending for the order timers to retry; a definitive one frees the amount again.
 */
@Injectable()
export class RefundsService {
  private readonly logger = new Logger(RefundsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly providers: PaymentProviders,
    private readonly ledger: LedgerService,
    private readonly payouts: PayoutsService,
  ) {}

  /** Reserves a refund; the caller holds the order lock. */
  async open(manager: EntityManager, so: SellerOrder, payment: Payment, request: RefundRequest): Promise<Refund> {
    const left = so.totalAmount - so.refundedAmount;
    if (payment.status !== 'succeeded') throw unprocessable('not_paid', 'Nothing was paid for this order, so nothing can be refunded');
    if (request.amount > left) {
      throw unprocessable('refund_exceeds_remaining', `At most ${left} (minor units) is left to refund on ${so.number}`, {
        refundable: { amount: left, currency: so.currency },
      });
    }
    so.refundedAmount += request.amount;
    payment.refundedAmount += request.amount;
    await manager.update(SellerOrder, { id: so.id }, { refundedAmount: so.refundedAmount });
    await manager.update(Payment, { id: payment.id }, { refundedAmount: payment.refundedAmount });
    const refund = await manager.save(
      manager.create(Refund, {
        paymentId: payment.id,
        sellerOrderId: so.id,
        status: 'pending',
        currency: so.currency,
        amount: request.amount,
        reason: request.reason,
        initiator: request.initiator,
        initiatedBy: request.actorId,
      }),
    );
    await this.ledger.recordRefundOpened(manager, refund, so);
    await recordEvent(manager, 'refund.requested', { type: 'refund', id: refund.id }, eventPayload(refund, so));
    return refund;
  }

  /**
   * Cancels a paid (or unpaid) seller order: restocks every unit and refunds whatever is
   * left of it. Cancels the order too when nothing of it is left. Answers the refunds
   * to execute after the commit.
   */
  async cancelSellerOrder(
    manager: EntityManager,
    order: Order,
    so: SellerOrder,
    payment: Payment,
    cancel: { cause: SellerOrderCancelCause; reason: string; initiator: RefundInitiator; actorId: string | null },
  ): Promise<Refund[]> {
    so.status = transitionSellerOrder(so, 'cancel');
    so.cancelledAt = new Date();
    so.cancelReason = cancel.reason;
    await manager.update(SellerOrder, { id: so.id }, { status: so.status, cancelledAt: so.cancelledAt, cancelReason: so.cancelReason });
    await restockLines(manager, [so.id]);
    const refunds: Refund[] = [];
    const left = so.totalAmount - so.refundedAmount;
    if (payment.status === 'succeeded' && left > 0) {
      refunds.push(await this.open(manager, so, payment, { amount: left, reason: cancel.reason, initiator: cancel.initiator, actorId: cancel.actorId }));
    }
    await recordEvent(manager, 'seller_order.cancelled', { type: 'seller_order', id: so.id }, {
      sellerOrderId: so.id,
      orderId: order.id,
      reason: cancel.reason,
      cause: cancel.cause,
    });
    const open = await manager.count(SellerOrder, { where: { orderId: order.id, status: In(['pending_payment', 'paid', 'shipped', 'ready_for_pickup', 'delivered', 'completed']) } });
    if (open === 0 && order.status === 'paid') {
      order.status = transitionOrder(order.status, 'cancel');
      order.closedAt = new Date();
      order.closeReason = cancel.reason;
      await manager.update(Order, { id: order.id }, { status: order.status, closedAt: order.closedAt, closeReason: order.closeReason });
    }
    return refunds;
  }

  /** Asks the provider for each refund, one after the other; failures are recorded, not thrown. */
  async executeAll(refunds: Pick<Refund, 'id'>[]): Promise<void> {
    for (const refund of refunds) await this.execute(refund.id);
  }

  /** Asks the provider for one pending refund. Safe to repeat: the refund id is the idempotency key. */
  async execute(refundId: string): Promise<Refund> {
    const refund = await this.dataSource.getRepository(Refund).findOneByOrFail({ id: refundId });
    if (refund.status !== 'pending' || refund.providerRef) return refund;
    const payment = await this.dataSource.getRepository(Payment).findOneByOrFail({ id: refund.paymentId });
    try {
      const result = await this.providers.of(payment).refund({
        refundId: refund.id,
        paymentRef: payment.providerRef,
        amount: refund.amount,
        currency: refund.currency,
        reason: refund.reason,
        orderId: payment.orderId,
        sellerOrderId: refund.sellerOrderId,
      });
      if (result.status === 'succeeded') {
        const settled = await this.settle(refund.id, result.ref);
        await this.recoverFromPayouts(refund.sellerOrderId);
        return settled;
      }
      await this.dataSource.getRepository(Refund).update({ id: refund.id, status: 'pending' }, { providerRef: result.ref, attempts: refund.attempts + 1 });
    } catch (error) {
      if (!(error instanceof PaymentProviderError)) throw error;
      if (error.transient && refund.attempts + 1 < MAX_REFUND_ATTEMPTS) {
        this.logger.warn(`Refund ${refund.id} not confirmed by the provider yet (${error.reason}); it will be retried`);
        await this.dataSource.getRepository(Refund).update({ id: refund.id }, { attempts: refund.attempts + 1, failureMessage: error.reason });
      } else {
        this.logger.error(`Refund ${refund.id} failed: ${error.reason}`);
        return this.fail(refund.id, error.reason);
      }
    }
    return this.dataSource.getRepository(Refund).findOneByOrFail({ id: refund.id });
  }

  /** A refund after payout: take back from the transfer what the maker (and association) no longer earn; the payout run retries what fails here. */
  private async recoverFromPayouts(sellerOrderId: string): Promise<void> {
    try {
      await this.payouts.recoverOverpaid([sellerOrderId]);
    } catch (error) {
      this.logger.warn(`Reversal after refund of ${sellerOrderId} not made yet (${(error as Error).message}); the payout run retries it`);
    }
  }

  /** The provider confirmed the refund. */
  async settle(refundId: string, providerRef: string | null, manager?: EntityManager): Promise<Refund> {
    const work = async (m: EntityManager) => {
      const refund = await m.findOneByOrFail(Refund, { id: refundId });
      const so = await m.findOneByOrFail(SellerOrder, { id: refund.sellerOrderId });
      if (!manager) await lockOrder(m, so.orderId);
      const updated = await m.update(Refund, { id: refundId, status: 'pending' }, { status: 'succeeded', providerRef, succeededAt: new Date(), failureMessage: null });
      if (updated.affected) {
        await this.ledger.recordRefundPaid(m, refund, so);
        await recordEvent(m, 'refund.succeeded', { type: 'refund', id: refundId }, eventPayload(refund, so));
      }
      return m.findOneByOrFail(Refund, { id: refundId });
    };
    return manager ? work(manager) : this.dataSource.transaction(work);
  }

  /** The provider refused for good: the amount can be refunded again (another way). */
  async fail(refundId: string, message: string, manager?: EntityManager): Promise<Refund> {
    const work = async (m: EntityManager) => {
      const refund = await m.findOneByOrFail(Refund, { id: refundId });
      const so = await m.findOneByOrFail(SellerOrder, { id: refund.sellerOrderId });
      if (!manager) await lockOrder(m, so.orderId);
      const updated = await m.update(Refund, { id: refundId, status: 'pending' }, { status: 'failed', failureMessage: message });
      if (updated.affected) {
        await m.query(`UPDATE seller_orders SET refunded_amount = refunded_amount - $2, updated_at = now() WHERE id = $1`, [so.id, refund.amount]);
        await m.query(`UPDATE payments SET refunded_amount = refunded_amount - $2, updated_at = now() WHERE id = $1`, [refund.paymentId, refund.amount]);
        await this.ledger.recordRefundFailed(m, refund, so);
        await recordEvent(m, 'refund.failed', { type: 'refund', id: refundId }, { ...eventPayload(refund, so), message });
      }
      return m.findOneByOrFail(Refund, { id: refundId });
    };
    return manager ? work(manager) : this.dataSource.transaction(work);
  }

  /** Refunds still waiting for the provider (it was unreachable): asked again. */
  async retryPending(olderThanSeconds = 60): Promise<number> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM refunds WHERE status = 'pending' AND provider_ref IS NULL AND updated_at < now() - make_interval(secs => $1)
        ORDER BY updated_at LIMIT 100`,
      [olderThanSeconds],
    );
    for (const { id } of rows) await this.execute(id);
    return rows.length;
  }

  /**
   * Stripe's `charge.refunded`: confirms our pending refunds that the charge lists as
   * succeeded (or failed). Runs in the webhook's transaction, with the order locked.
   */
  async applyChargeRefunds(manager: EntityManager, payment: Payment, charge: Stripe.Charge): Promise<void> {
    const listed = charge.refunds?.data ?? [];
    for (const stripeRefund of listed) {
      const ourId = stripeRefund.metadata?.refundId;
      const refund = await manager.findOne(Refund, {
        where: ourId ? [{ id: ourId, paymentId: payment.id }, { providerRef: stripeRefund.id }] : { providerRef: stripeRefund.id },
      });
      if (!refund) {
        this.logger.warn(`Stripe refund ${stripeRefund.id} of payment ${payment.id} was not made through Sheber; record it by hand`);
        continue;
      }
      if (refund.status !== 'pending') continue;
      if (stripeRefund.status === 'succeeded') await this.settle(refund.id, stripeRefund.id, manager);
      else if (stripeRefund.status === 'failed' || stripeRefund.status === 'canceled') {
        await this.fail(refund.id, `Stripe: ${stripeRefund.failure_reason ?? stripeRefund.status}`, manager);
      }
    }
    if (charge.amount_refunded > payment.refundedAmount) {
      this.logger.warn(`Charge ${charge.id} has ${charge.amount_refunded} refunded at Stripe, Sheber knows of ${payment.refundedAmount}`);
    }
  }
}

function eventPayload(refund: Refund, so: SellerOrder): RefundEventPayload {
  return { refundId: refund.id, sellerOrderId: so.id, orderId: so.orderId, amount: refund.amount, currency: refund.currency, reason: refund.reason };
}
