import { Injectable } from '@nestjs/common';
import { basename } from 'node:path';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { Association } from '../associations/association.entity';
import { Hub } from '../associations/hub.entity';
import { Listing } from '../catalog/listing.entity';
import { Locale, LocalizedText, pickText } from '../common/locale';
import type { FlagReason } from '../moderation/moderation.dto';
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
 * seller orders concerned (each with only their own lines); a maker of a moderation
 * decision, of a listing hidden or removed and of a suspension; an association's admins
 * of a request to join; the moderators in scope of a new flag. Reads the rows as they are now (a read model across the order,
 * listing, association and user tables; nothing here writes them).
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
      case 'order.expired': {
        // Only unpaid orders expire: they were never the makers' to fulfil.
        const { order } = await this.order(p.orderId as string);
        return this.to(order.buyerId, { kind: 'order_expired', role: 'buyer', orderNumber: order.number });
      }
      case 'order.cancelled': {
        const { order, sellerOrders } = await this.order(p.orderId as string);
        const reason = (p.reason as string | null) ?? null;
        const buyer = await this.to(order.buyerId, { kind: 'order_cancelled', role: 'buyer', orderNumber: order.number, reason });
        // Makers hear of it only if the order had been paid (before that it was never theirs to fulfil).
        if (!order.paidAt) return buyer;
        const makers = await Promise.all(
          sellerOrders.map((so) => this.to(so.makerId, { kind: 'order_cancelled', role: 'maker', orderNumber: so.number, reason })),
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
        // The buyer cancelling the whole order: order.cancelled already told everyone.
        if (p.cause === 'buyer_cancelled') return [];
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
        const buyer = await this.to(order.buyerId, { kind: 'refund_issued', role: 'buyer', orderNumber: order.number, amount, reason: refund.reason });
        // A payment that arrived after the order had closed is refunded without the order ever being the maker's.
        if (!order.paidAt) return buyer;
        return [...buyer, ...(await this.to(so.makerId, { kind: 'refund_issued', role: 'maker', orderNumber: so.number, amount, reason: refund.reason }))];
      }
      case 'listing.approved':
      case 'listing.rejected':
      case 'listing.hidden':
      case 'listing.removed': {
        const { title } = await this.dataSource.getRepository(Listing).findOneOrFail({ select: { id: true, title: true }, where: { id: p.listingId as string } });
        const data: Record<typeof type, NotificationData> = {
          'listing.approved': { kind: 'listing_approved', listingTitle: title },
          'listing.rejected': { kind: 'listing_rejected', listingTitle: title, reason: p.reason as string, revision: p.revision === true },
          'listing.hidden': { kind: 'listing_hidden', listingTitle: title, openFlags: p.openFlags as number },
          'listing.removed': { kind: 'listing_removed', listingTitle: title, reason: p.reason as string },
        };
        return this.to(p.makerId as string, data[type]);
      }
      case 'shop.suspended':
      case 'shop.reinstated': {
        const [shop]: { name: string }[] = await this.dataSource.query(`SELECT name FROM shops WHERE id = $1`, [p.shopId]);
        return type === 'shop.suspended'
          ? this.to(p.makerId as string, { kind: 'shop_suspended', shopName: shop?.name ?? '', reason: p.reason as string })
          : this.to(p.makerId as string, { kind: 'shop_reinstated', shopName: shop?.name ?? '', note: p.note as string });
      }
      case 'flag.created': {
        const created = p as unknown as DomainEvents['flag.created'];
        const [flag]: { reason: FlagReason; details: string | null; title: LocalizedText; shop_name: string }[] = await this.dataSource.query(
          `SELECT f.reason, f.details, l.title, s.name AS shop_name
             FROM flags f JOIN listings l ON l.id = f.listing_id JOIN shops s ON s.id = l.shop_id WHERE f.id = $1`,
          [created.flagId],
        );
        const moderators = (await this.moderatorIds(created.associationId)).filter((id) => id !== created.makerId && id !== created.reporterId);
        return this.toEach(moderators, () => ({
          kind: 'flag_created',
          listingTitle: flag.title,
          shopName: flag.shop_name,
          reason: flag.reason,
          details: flag.details,
          openFlags: created.openFlags,
        }));
      }
      case 'membership.requested': {
        const association = await this.dataSource.getRepository(Association).findOneByOrFail({ id: p.associationId as string });
        const maker = await this.dataSource.getRepository(User).findOne({ select: { id: true, name: true }, where: { id: p.makerId as string } });
        return this.toEach(await this.associationAdminIds(association.id), (locale) => ({
          kind: 'membership_requested',
          makerName: maker?.name ?? '',
          associationName: pickText(association.name, locale) ?? '',
        }));
      }
      case 'membership.decided': {
        const association = await this.dataSource.getRepository(Association).findOneByOrFail({ id: p.associationId as string });
        return this.toEach([p.makerId as string], (locale) => ({
          kind: 'membership_decided',
          associationName: pickText(association.name, locale) ?? '',
          decision: p.decision as DomainEvents['membership.decided']['decision'],
          reason: (p.reason as string | null) ?? null,
        }));
      }
      case 'payout.paid': {
        const paid = p as unknown as DomainEvents['payout.paid'];
        const numbers: { number: string }[] = await this.dataSource.query(
          `SELECT so.number FROM payout_items i JOIN seller_orders so ON so.id = i.seller_order_id WHERE i.payout_id = $1 ORDER BY so.number`,
          [paid.payoutId],
        );
        const data: NotificationData = {
          kind: 'payout_sent',
          to: paid.beneficiaryType === 'shop' ? 'maker' : 'association',
          amount: paid.amount,
          sellerOrders: numbers.map((n) => n.number),
          provider: paid.provider,
        };
        if (paid.beneficiaryType === 'association') return this.toEach(await this.associationAdminIds(paid.beneficiaryId), () => data);
        const [shop]: { owner_id: string }[] = await this.dataSource.query(`SELECT owner_id FROM shops WHERE id = $1`, [paid.beneficiaryId]);
        return shop ? this.to(shop.owner_id, data) : [];
      }
      case 'report.monthly_ready': {
        const report = p as unknown as DomainEvents['report.monthly_ready'];
        const association = await this.dataSource.getRepository(Association).findOneByOrFail({ id: report.associationId });
        return this.toEach(await this.associationAdminIds(association.id), (locale) => ({
          kind: 'monthly_report',
          associationName: pickText(association.name, locale) ?? '',
          from: report.from,
          to: report.to,
          sellerOrders: report.sellerOrders,
          gross: report.gross,
          commission: report.commission,
          attachment: { fileName: basename(report.path), path: report.path },
        }));
      }
      default:
        return []; // events nobody is told about (yet): refund.requested, refund.failed, seller_order.completed
    }
  }

  private async to(userId: string, data: NotificationData): Promise<Recipient[]> {
    const user = await this.dataSource.getRepository(User).findOne({ select: { id: true, locale: true }, where: { id: userId } });
    return user ? [{ userId, locale: user.locale, data }] : [];
  }

  /** Like to(), for several users and for data in the reader's language (a name kept in every language). */
  private async toEach(userIds: string[], data: (locale: Locale) => NotificationData): Promise<Recipient[]> {
    if (!userIds.length) return [];
    const users = await this.dataSource.getRepository(User).find({ select: { id: true, locale: true }, where: { id: In(userIds) }, order: { id: 'ASC' } });
    return users.map((u) => ({ userId: u.id, locale: u.locale, data: data(u.locale) }));
  }

  /** The users who administer an association now (users.roles + users.association_id). */
  private async associationAdminIds(associationId: string): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM users WHERE association_id = $1 AND 'association_admin' = ANY(roles) ORDER BY id`,
      [associationId],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Who moderates an association's listings: its moderators and admins, and the platform
   * moderators (moderators of no association). Platform admins are not told of each flag.
   */
  private async moderatorIds(associationId: string | null): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM users
        WHERE ('moderator' = ANY(roles) AND association_id IS NULL)
           OR ($1::uuid IS NOT NULL AND association_id = $1::uuid AND roles && ARRAY['moderator', 'association_admin']::text[])
        ORDER BY id`,
      [associationId],
    );
    return rows.map((r) => r.id);
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
