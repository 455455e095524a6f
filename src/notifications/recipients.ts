import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { Hub } from '../associations/hub.entity';
import { Locale } from '../common/locale';
import { Money } from '../common/money';
import { User } from '../identity/user.entity';
import { Order } from '../orders/order.entity';
import { OrderLine } from '../orders/order-line.entity';
import { SellerOrder } from '../orders/seller-order.entity';
import { Refund } from '../payments/refund.entity';
import { Payment } from '../payments/payment.entity';
import { OutboxJobData } from '../worker/queues';
import { DomainEvents } from './outbox';
import { LineData, NotificationData } from './templates';

export interface Recipient {
  userId: string;
  locale: Locale;
  data: NotificationData;
}

/**
 * Who hears of an outbox event, and what they are told: the buyer, the makers of the
 * seller orders concerned (each with only their own lines). Reads the rows as they are
 * now (a read model across the order tables; nothing here writes them).
 */
@Injectable()
export class RecipientsPlanner {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async plan(event: OutboxJobData): Promise<Recipient[]> {
    const type = event.type as keyof DomainEvents;
    const p = event.payload as Record<string, unknown>;
    switch (type) {
      case 'order.placed': {
        const { order, lines, payment } = await this.order(p.orderId as string);
        return this.to(order.buyerId, {
          kind: 'order_placed',
          orderNumber: order.number,
          total: money(order.totalAmount, order),
          lines: lineData(lines, order),
          provider: payment.provider,
          expiresAt: order.expiresAt,
        });
      }
      case 'order.paid': {
        const { order, sellerOrders, lines } = await this.order(p.orderId as string);
        const hubName = order.pickupHubId ? (await this.dataSource.getRepository(Hub).findOneBy({ id: order.pickupHubId }))?.name ?? '' : '';
        const buyer = await this.to(order.buyerId, {
          kind: 'order_paid_receipt',
          orderNumber: order.number,
          total: money(order.totalAmount, order),
          lines: lineData(lines, order),
          shipping: money(order.shippingAmount, order),
        });
        const makers = await Promise.all(
          sellerOrders.map((so) =>
            this.to(so.makerId, {
              kind: 'new_sale',
              orderNumber: so.number,
              lines: lineData(lines.filter((l) => l.sellerOrderId === so.id), order),
              subtotal: money(so.subtotalAmount, order),
              shipping: money(so.shippingAmount, order),
              shipBy: so.shipBy ?? new Date(),
              delivery: order.shippingAddress ? { type: 'shipping', address: order.shippingAddress } : { type: 'pickup', hubName },
            }),
          ),
        );
        return [...buyer, ...makers.flat()];
      }
      case 'order.payment_failed': {
        const { order } = await this.order(p.orderId as string);
        return this.to(order.buyerId, { kind: 'payment_failed', orderNumber: order.number, message: (p.message as string | null) ?? null, expiresAt: order.expiresAt });
      }
      case 'order.expired':
      case 'order.cancelled': {
        const { order, sellerOrders } = await this.order(p.orderId as string);
        const reason = (p.reason as string | null) ?? null;
        const buyer =
          type === 'order.expired'
            ? await this.to(order.buyerId, { kind: 'order_expired', role: 'buyer', orderNumber: order.number })
            : await this.to(order.buyerId, { kind: 'order_cancelled', role: 'buyer', orderNumber: order.number, reason });
        // Makers hear of it only if the order had been paid (before that it was never theirs to fulfil).
        if (!order.paidAt) return buyer;
        const makers = await Promise.all(
          sellerOrders.map((so) =>
            type === 'order.expired'
              ? this.to(so.makerId, { kind: 'order_expired', role: 'maker', orderNumber: so.number })
              : this.to(so.makerId, { kind: 'order_cancelled', role: 'maker', orderNumber: so.number, reason }),
          ),
        );
        return [...buyer, ...makers.flat()];
      }
      case 'seller_order.shipped':
      case 'seller_order.ready_for_pickup':
      case 'seller_order.delivered':
      case 'seller_order.cancelled': {
        const { order, so, shopName } = await this.sellerOrder(p.sellerOrderId as string);
        if (type === 'seller_order.shipped') {
          return this.to(order.buyerId, { kind: 'shipped', orderNumber: order.number, shopName, carrier: so.carrier!, trackingNumber: so.trackingNumber! });
        }
        if (type === 'seller_order.ready_for_pickup') {
          const hub = await this.dataSource.getRepository(Hub).findOneByOrFail({ id: order.pickupHubId! });
          return this.to(order.buyerId, {
            kind: 'ready_for_pickup',
            orderNumber: order.number,
            shopName,
            hub: { name: hub.name, address: hub.address, city: hub.city, openingHours: hub.openingHours, phone: hub.phone },
          });
        }
        if (type === 'seller_order.delivered') return this.to(so.makerId, { kind: 'delivered', orderNumber: so.number });
        const cancel = { reason: (p.reason as string) ?? null, cause: p.cause as DomainEvents['seller_order.cancelled']['cause'] };
        return [
          ...(await this.to(order.buyerId, { kind: 'seller_order_cancelled', role: 'buyer', orderNumber: order.number, ...cancel })),
          ...(await this.to(so.makerId, { kind: 'seller_order_cancelled', role: 'maker', orderNumber: so.number, ...cancel })),
        ];
      }
      case 'refund.succeeded': {
        const refund = await this.dataSource.getRepository(Refund).findOneByOrFail({ id: p.refundId as string });
        const { order, so } = await this.sellerOrder(refund.sellerOrderId);
        const amount = { amount: refund.amount, currency: refund.currency };
        return [
          ...(await this.to(order.buyerId, { kind: 'refund_issued', role: 'buyer', orderNumber: order.number, amount, reason: refund.reason })),
          ...(await this.to(so.makerId, { kind: 'refund_issued', role: 'maker', orderNumber: so.number, amount, reason: refund.reason })),
        ];
      }
      default:
        return []; // events nobody is told about (yet): refund.requested, refund.failed, seller_order.completed
    }
  }

  private async to(userId: string, data: NotificationData): Promise<Recipient[]> {
    const user = await this.dataSource.getRepository(User).findOne({ select: { id: true, locale: true }, where: { id: userId } });
    return user ? [{ userId, locale: user.locale, data }] : [];
  }

  private async order(orderId: string) {
    const order = await this.dataSource.getRepository(Order).findOneByOrFail({ id: orderId });
    const [sellerOrders, payment] = await Promise.all([
      this.dataSource.getRepository(SellerOrder).find({ where: { orderId }, order: { number: 'ASC' } }),
      this.dataSource.getRepository(Payment).findOneByOrFail({ orderId }),
    ]);
    const lines = sellerOrders.length
      ? await this.dataSource.getRepository(OrderLine).find({ where: { sellerOrderId: In(sellerOrders.map((so) => so.id)) }, order: { position: 'ASC' } })
      : [];
    return { order, sellerOrders, lines, payment };
  }

  private async sellerOrder(sellerOrderId: string) {
    const so = await this.dataSource.getRepository(SellerOrder).findOneByOrFail({ id: sellerOrderId });
    const order = await this.dataSource.getRepository(Order).findOneByOrFail({ id: so.orderId });
    const [shop]: { name: string }[] = await this.dataSource.query(`SELECT name FROM shops WHERE id = $1`, [so.shopId]);
    return { so, order, shopName: shop?.name ?? '' };
  }
}

const money = (amount: number, order: Pick<Order, 'currency'>): Money => ({ amount, currency: order.currency });

function lineData(lines: OrderLine[], order: Pick<Order, 'currency'>): LineData[] {
  return lines.map((l) => ({ title: l.title, quantity: l.quantity, total: money(l.lineTotalAmount, order) }));
}
