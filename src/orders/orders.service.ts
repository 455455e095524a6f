import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ShopsService } from '../catalog/shops.service';
import { conflict, notFound, unprocessable } from '../common/errors';
import { Page } from '../common/pagination';
import { AuthUser, hasRole } from '../identity/roles';
import { recordEvent } from '../notifications/outbox';
import { PaymentProviders } from '../payments/payment-provider';
import { Refund } from '../payments/refund.entity';
import { MyOrdersQuery, MySalesQuery, OrderView, RefundDto, SellerOrderView, ShipDto } from './orders.dto';
import { LockedOrder, lockOrderWithParts, restockLines } from './order-ops';
import { OrderLine } from './order-line.entity';
import { OrdersQuery } from './orders.query';
import { PaymentOutcomesService } from './payment-outcomes.service';
import { RefundsService } from './refunds.service';
import { SellerOrder } from './seller-order.entity';
import { CANCELLABLE_BY_BUYER, transitionSellerOrder } from './seller-order.state';

/**
 * Orders after checkout: what buyers and makers see and do. Buyers cancel before
 * anything has left and confirm delivery; makers ship, hand over at the hub and refund;
 * admins may act for either. Every change locks the order row first (order-ops.ts).
 */
@Injectable()
export class OrdersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly query: OrdersQuery,
    private readonly shops: ShopsService,
    private readonly outcomes: PaymentOutcomesService,
    private readonly refunds: RefundsService,
    private readonly providers: PaymentProviders,
  ) {}

  /** The buyer's order; 404 for anyone else but an admin. */
  async get(viewer: AuthUser, orderId: string): Promise<OrderView> {
    await this.requireBuyerOrAdmin(viewer, orderId);
    return this.query.orderView(orderId);
  }

  myOrders(buyer: AuthUser, query: MyOrdersQuery): Promise<Page<OrderView>> {
    return this.query.buyerOrders(buyer.id, query);
  }

  async mySales(maker: AuthUser, query: MySalesQuery): Promise<Page<SellerOrderView>> {
    const shop = await this.shops.findOwn(maker.id);
    if (!shop) return { items: [], nextCursor: null };
    return this.query.shopSales(shop.id, query);
  }

  /** A seller order, for its maker, its buyer or an admin. */
  async getSellerOrder(viewer: AuthUser, id: string): Promise<SellerOrderView> {
    const so = await this.dataSource.getRepository(SellerOrder).findOneBy({ id });
    if (!so) throw notFound('Seller order');
    if (so.makerId === viewer.id || hasRole(viewer, 'admin')) return this.query.sellerOrderView(so, true);
    await this.requireBuyerOrAdmin(viewer, so.orderId, 'Seller order');
    return this.query.sellerOrderView(so, false);
  }

  /**
   * The buyer cancels before anything has shipped or waits at a hub. Unpaid: the payment
   * is canceled first (if the money came in meanwhile, the order is paid and then
   * cancelled with a refund). Paid: every seller order is cancelled and refunded.
   */
  async cancel(buyer: AuthUser, orderId: string, reason?: string): Promise<OrderView> {
    await this.requireBuyerOrAdmin(buyer, orderId);
    const why = reason?.trim() || 'Cancelled by the buyer';
    const before = await this.dataSource.transaction((m) => lockOrderWithParts(m, orderId));
    checkBuyerMayCancel(before);

    if (before.order.status === 'pending_payment' && before.payment.status !== 'succeeded') {
      const state = await this.providers.of(before.payment).cancel(before.payment.id, before.payment.providerRef);
      if (state.status === 'processing') {
        throw conflict('payment_processing', 'Your payment is being confirmed right now; cancel again in a minute');
      }
      const refunds = await this.dataSource.transaction(async (manager) => {
        const locked = await lockOrderWithParts(manager, orderId);
        if (state.status === 'succeeded') {
          await this.outcomes.applySucceeded(manager, locked, state.chargeRef);
          return this.cancelPaid(manager, locked, buyer, why);
        }
        checkBuyerMayCancel(locked);
        if (locked.order.status === 'pending_payment') await this.outcomes.closeUnpaid(manager, locked, 'cancel', why);
        else if (locked.order.status === 'paid') return this.cancelPaid(manager, locked, buyer, why);
        return [];
      });
      await this.refunds.executeAll(refunds);
    } else {
      const refunds = await this.dataSource.transaction(async (manager) => {
        const locked = await lockOrderWithParts(manager, orderId);
        checkBuyerMayCancel(locked);
        return this.cancelPaid(manager, locked, buyer, why);
      });
      await this.refunds.executeAll(refunds);
    }
    return this.query.orderView(orderId);
  }

  private async cancelPaid(manager: EntityManager, locked: LockedOrder, actor: AuthUser, reason: string): Promise<Refund[]> {
    if (locked.order.status !== 'paid') return [];
    const refunds: Refund[] = [];
    for (const so of locked.sellerOrders.filter((s) => s.status === 'paid')) {
      refunds.push(...(await this.refunds.cancelSellerOrder(manager, locked.order, so, locked.payment, {
        cause: 'buyer_cancelled',
        reason,
        initiator: actor.id === locked.order.buyerId ? 'buyer' : 'admin',
        actorId: actor.id,
      })));
    }
    await recordEvent(manager, 'order.cancelled', { type: 'order', id: locked.order.id }, {
      orderId: locked.order.id,
      buyerId: locked.order.buyerId,
      sellerOrderIds: locked.sellerOrders.map((s) => s.id),
      reason,
    });
    return refunds;
  }

  async ship(maker: AuthUser, id: string, dto: ShipDto): Promise<SellerOrderView> {
    return this.fulfil(maker, id, async (manager, so) => {
      const status = transitionSellerOrder(so, 'ship');
      await manager.update(SellerOrder, { id: so.id }, { status, carrier: dto.carrier, trackingNumber: dto.trackingNumber, shippedAt: new Date() });
      await recordEvent(manager, 'seller_order.shipped', { type: 'seller_order', id: so.id }, {
        sellerOrderId: so.id,
        orderId: so.orderId,
        carrier: dto.carrier,
        trackingNumber: dto.trackingNumber,
      });
    });
  }

  async readyForPickup(maker: AuthUser, id: string): Promise<SellerOrderView> {
    return this.fulfil(maker, id, async (manager, so, locked) => {
      const status = transitionSellerOrder(so, 'ready_for_pickup');
      await manager.update(SellerOrder, { id: so.id }, { status, readyAt: new Date() });
      await recordEvent(manager, 'seller_order.ready_for_pickup', { type: 'seller_order', id: so.id }, {
        sellerOrderId: so.id,
        orderId: so.orderId,
        hubId: locked.order.pickupHubId!,
      });
    });
  }

  /** The buyer (or an admin) confirms the parcel arrived or was picked up; the payout hold starts. */
  async deliver(actor: AuthUser, id: string): Promise<SellerOrderView> {
    const so = await this.dataSource.getRepository(SellerOrder).findOneBy({ id });
    if (!so) throw notFound('Seller order');
    await this.requireBuyerOrAdmin(actor, so.orderId, 'Seller order');
    await this.dataSource.transaction(async (manager) => {
      const locked = await lockOrderWithParts(manager, so.orderId);
      const current = locked.sellerOrders.find((s) => s.id === id)!;
      const status = transitionSellerOrder(current, 'deliver');
      await manager.update(SellerOrder, { id }, { status, deliveredAt: new Date() });
      await recordEvent(manager, 'seller_order.delivered', { type: 'seller_order', id }, { sellerOrderId: id, orderId: so.orderId });
    });
    return this.getSellerOrder(actor, id);
  }

  /**
   * The maker (or an admin) refunds all that is left, or a part; never more than is
   * left, counting refunds still pending. Restocks on request. Refunding everything of
   * an order not yet shipped cancels it.
   */
  async refund(actor: AuthUser, id: string, dto: RefundDto): Promise<SellerOrderView> {
    const so = await this.dataSource.getRepository(SellerOrder).findOneBy({ id });
    if (!so || (so.makerId !== actor.id && !hasRole(actor, 'admin'))) throw notFound('Seller order');
    if (dto.amount && dto.amount.currency !== so.currency) {
      throw unprocessable('mixed_currencies', `${so.number} was paid in ${so.currency}`);
    }
    if (dto.amount?.amount === 0) throw unprocessable('refund_amount_zero', 'A refund must be of a positive amount');
    const refunds = await this.dataSource.transaction(async (manager) => {
      const locked = await lockOrderWithParts(manager, so.orderId);
      const current = locked.sellerOrders.find((s) => s.id === id)!;
      const lineIds = new Set((await manager.find(OrderLine, { select: { id: true }, where: { sellerOrderId: id } })).map((l) => l.id));
      if (current.status === 'pending_payment') throw unprocessable('not_paid', 'Nothing was paid for this order yet');
      const left = current.totalAmount - current.refundedAmount;
      if (left === 0) throw unprocessable('refund_exceeds_remaining', `${current.number} is already refunded in full`, { refundable: { amount: 0, currency: current.currency } });
      const amount = dto.amount?.amount ?? left;
      const unknownLine = dto.restockLines?.find((l) => !lineIds.has(l.lineId));
      if (unknownLine) throw unprocessable('unknown_line', `Line ${unknownLine.lineId} is not part of ${current.number}`);
      const initiator = current.makerId === actor.id ? 'maker' : 'admin';
      if (amount === left && current.status === 'paid') {
        // Everything back before anything left: that is a cancellation.
        if (dto.restockLines) await restockLines(manager, [current.id], restockMap(dto));
        return this.refunds.cancelSellerOrder(manager, locked.order, current, locked.payment, {
          cause: 'fully_refunded',
          reason: dto.reason,
          initiator,
          actorId: actor.id,
        });
      }
      const refund = await this.refunds.open(manager, current, locked.payment, { amount, reason: dto.reason, initiator, actorId: actor.id });
      if (dto.restock) await restockLines(manager, [current.id]);
      else if (dto.restockLines) await restockLines(manager, [current.id], restockMap(dto));
      return [refund];
    });
    await this.refunds.executeAll(refunds);
    return this.getSellerOrder(actor, id);
  }

  /** Runs a maker's change on their seller order, under the order lock. */
  private async fulfil(
    maker: AuthUser,
    id: string,
    change: (manager: EntityManager, so: SellerOrder, locked: LockedOrder) => Promise<void>,
  ): Promise<SellerOrderView> {
    const so = await this.dataSource.getRepository(SellerOrder).findOneBy({ id });
    if (!so || so.makerId !== maker.id) throw notFound('Seller order');
    await this.dataSource.transaction(async (manager) => {
      const locked = await lockOrderWithParts(manager, so.orderId);
      await change(manager, locked.sellerOrders.find((s) => s.id === id)!, locked);
    });
    return this.getSellerOrder(maker, id);
  }

  private async requireBuyerOrAdmin(viewer: AuthUser, orderId: string, what = 'Order'): Promise<void> {
    if (hasRole(viewer, 'admin')) return;
    const rows: { buyer_id: string }[] = await this.dataSource.query(`SELECT buyer_id FROM orders WHERE id = $1`, [orderId]);
    if (!rows.length || rows[0].buyer_id !== viewer.id) throw notFound(what);
  }
}

function checkBuyerMayCancel({ order, sellerOrders }: LockedOrder): void {
  if (order.status === 'cancelled' || order.status === 'expired') throw conflict('order_closed', `Order ${order.number} is already ${order.status}`);
  const gone = sellerOrders.filter((so) => !CANCELLABLE_BY_BUYER.includes(so.status));
  if (gone.length) {
    throw conflict('already_shipped', `Part of order ${order.number} has already been sent or handed over; ask the maker for a refund instead`, {
      sellerOrders: gone.map((so) => ({ id: so.id, number: so.number, status: so.status })),
    });
  }
}

function restockMap(dto: RefundDto): Map<string, number> {
  const map = new Map<string, number>();
  for (const line of dto.restockLines ?? []) map.set(line.lineId, (map.get(line.lineId) ?? 0) + line.quantity);
  return map;
}
