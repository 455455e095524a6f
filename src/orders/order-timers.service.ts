import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Environment } from '../config/environment';
import { recordEvent } from '../notifications/outbox';
import { Refund } from '../payments/refund.entity';
import { lockOrderWithParts } from './order-ops';
import { PaymentOutcomesService } from './payment-outcomes.service';
import { RefundsService } from './refunds.service';
import { SellerOrder } from './seller-order.entity';
import { transitionSellerOrder } from './seller-order.state';

const BATCH = 100;

export interface TimerRun {
  expired: number;
  shipDeadlinesMissed: number;
  completed: number;
  refundsRetried: number;
}

/**
 * The clocks of the order lifecycle, run by a repeatable worker job. Each step picks
 * due rows and handles each in its own transaction under the order lock, re-checking
 * the state there, so that overlapping runs (two workers, a restart) do each thing once.
 */
@Injectable()
export class OrderTimersService {
  private readonly logger = new Logger(OrderTimersService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outcomes: PaymentOutcomesService,
    private readonly refunds: RefundsService,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  async run(): Promise<TimerRun> {
    return {
      expired: await this.expireOverdueOrders(),
      shipDeadlinesMissed: await this.cancelOverdueShipments(),
      completed: await this.completeHeldDeliveries(),
      refundsRetried: await this.refunds.retryPending(),
    };
  }

  /** Unpaid orders whose delayed job never ran (Redis was down when they were placed, say). */
  async expireOverdueOrders(): Promise<number> {
    const due: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM orders WHERE status = 'pending_payment' AND expires_at <= now() ORDER BY expires_at LIMIT $1`,
      [BATCH],
    );
    let expired = 0;
    for (const { id } of due) {
      try {
        if ((await this.outcomes.expire(id)) === 'expired') expired++;
      } catch (error) {
        this.logger.warn(`Order ${id} not expired yet: ${(error as Error).message}`);
      }
    }
    return expired;
  }

  /** Paid seller orders not shipped (or ready for pickup) by their deadline: cancelled, refunded, restocked. */
  async cancelOverdueShipments(): Promise<number> {
    const due: { id: string; order_id: string }[] = await this.dataSource.query(
      `SELECT id, order_id FROM seller_orders WHERE status = 'paid' AND ship_by <= now() ORDER BY ship_by LIMIT $1`,
      [BATCH],
    );
    const deadlineDays = this.config.get('SHIP_DEADLINE_DAYS', { infer: true });
    let cancelled = 0;
    for (const row of due) {
      const refunds: Refund[] = await this.dataSource.transaction(async (manager) => {
        const locked = await lockOrderWithParts(manager, row.order_id);
        const so = locked.sellerOrders.find((s) => s.id === row.id)!;
        if (so.status !== 'paid' || !so.shipBy || so.shipBy.getTime() > Date.now()) return [];
        cancelled++;
        return this.refunds.cancelSellerOrder(manager, locked.order, so, locked.payment, {
          cause: 'ship_deadline_missed',
          reason: `The maker did not ship within ${deadlineDays} days of payment`,
          initiator: 'system',
          actorId: null,
        });
      });
      await this.refunds.executeAll(refunds);
    }
    return cancelled;
  }

  /** Delivered orders past the payout hold become completed (and, in the payouts feature, payable). */
  async completeHeldDeliveries(): Promise<number> {
    const holdDays = this.config.get('PAYOUT_HOLD_DAYS', { infer: true });
    const due: { id: string; order_id: string }[] = await this.dataSource.query(
      `SELECT id, order_id FROM seller_orders
        WHERE status = 'delivered' AND delivered_at <= now() - make_interval(secs => $1)
        ORDER BY delivered_at LIMIT $2`,
      [holdDays * 86_400, BATCH],
    );
    let completed = 0;
    for (const row of due) {
      await this.dataSource.transaction(async (manager) => {
        const locked = await lockOrderWithParts(manager, row.order_id);
        const so = locked.sellerOrders.find((s) => s.id === row.id)!;
        if (so.status !== 'delivered') return;
        const status = transitionSellerOrder(so, 'complete');
        await manager.update(SellerOrder, { id: so.id }, { status, completedAt: new Date() });
        await recordEvent(manager, 'seller_order.completed', { type: 'seller_order', id: so.id }, { sellerOrderId: so.id, orderId: so.orderId });
        completed++;
      });
    }
    return completed;
  }
}
