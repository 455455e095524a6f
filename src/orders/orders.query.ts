import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AssociationsService } from '../associations/associations.service';
import { Hub } from '../associations/hub.entity';
import { ShopsService } from '../catalog/shops.service';
import { notFound } from '../common/errors';
import { Currency, Money } from '../common/money';
import { Page, pageByCreation } from '../common/pagination';
import { UsersService } from '../identity/users.service';
import { Payment } from '../payments/payment.entity';
import { Refund } from '../payments/refund.entity';
import { DeliveryView, OrderLineView, OrderView, PaymentView, SellerOrderView } from './orders.dto';
import { Order } from './order.entity';
import { OrderLine } from './order-line.entity';
import { OrderStatus } from './order.state';
import { SellerOrder } from './seller-order.entity';
import { SellerOrderStatus } from './seller-order.state';

/** The read side of orders: whole orders for buyers, seller orders for makers, as views. */
@Injectable()
export class OrdersQuery {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly shops: ShopsService,
    private readonly associations: AssociationsService,
    private readonly users: UsersService,
  ) {}

  async orderView(orderId: string): Promise<OrderView> {
    const [view] = await this.orderViews([orderId]);
    if (!view) throw notFound('Order');
    return view;
  }

  async buyerOrders(buyerId: string, query: { status?: OrderStatus; limit: number; cursor?: string }): Promise<Page<OrderView>> {
    const qb = this.dataSource
      .getRepository(Order)
      .createQueryBuilder('o')
      .select(['o.id', 'o.createdAt'])
      .where('o.buyer_id = :buyerId', { buyerId });
    if (query.status) qb.andWhere('o.status = :status', { status: query.status });
    const page = await pageByCreation(qb, query);
    return { items: await this.orderViews(page.items.map((o) => o.id)), nextCursor: page.nextCursor };
  }

  async shopSales(shopId: string, query: { status?: SellerOrderStatus; limit: number; cursor?: string }): Promise<Page<SellerOrderView>> {
    const qb = this.dataSource
      .getRepository(SellerOrder)
      .createQueryBuilder('so')
      .where('so.shop_id = :shopId', { shopId })
      // A maker sees an order once it is theirs to fulfil or to know about, not while the buyer is still paying.
      .andWhere(query.status ? 'so.status = :status' : "so.status <> 'pending_payment'", { status: query.status });
    const page = await pageByCreation(qb, query);
    return { items: await this.sellerOrderViews(page.items, { forMaker: true }), nextCursor: page.nextCursor };
  }

  async sellerOrderView(sellerOrder: SellerOrder, forMaker: boolean): Promise<SellerOrderView> {
    const [view] = await this.sellerOrderViews([sellerOrder], { forMaker });
    return view;
  }

  /** One order with everything its view is made of. */
  async parts(orderId: string): Promise<ViewParts> {
    const parts = await this.partsOf([orderId]);
    if (!parts.orders.length) throw notFound('Order');
    return parts;
  }

  /** Views in the order of `orderIds` (ids that do not exist are left out). */
  async orderViews(orderIds: string[]): Promise<OrderView[]> {
    return orderIds.length ? orderViewsOf(orderIds, await this.partsOf(orderIds)) : [];
  }

  private async partsOf(orderIds: string[]): Promise<ViewParts> {
    const [orders, sellerOrders, payments] = await Promise.all([
      this.dataSource.getRepository(Order).find({ where: { id: In(orderIds) } }),
      this.dataSource.getRepository(SellerOrder).find({ where: { orderId: In(orderIds) }, order: { number: 'ASC' } }),
      this.dataSource.getRepository(Payment).find({ where: { orderId: In(orderIds) } }),
    ]);
    return { ...(await this.sellerOrderParts(sellerOrders, orders, false)), payments };
  }

  private async sellerOrderViews(sellerOrders: SellerOrder[], { forMaker }: { forMaker: boolean }): Promise<SellerOrderView[]> {
    if (!sellerOrders.length) return [];
    const orderIds = [...new Set(sellerOrders.map((so) => so.orderId))];
    const orders = await this.dataSource.getRepository(Order).find({ where: { id: In(orderIds) } });
    return sellerOrderViewsOf(sellerOrders, await this.sellerOrderParts(sellerOrders, orders, forMaker));
  }

  /** What seller-order views need besides the rows: lines, refunds, shops, hubs, buyers' names (for makers). */
  private async sellerOrderParts(sellerOrders: SellerOrder[], orders: Order[], forMaker: boolean): Promise<Omit<ViewParts, 'payments'>> {
    const ids = sellerOrders.map((so) => so.id);
    const [lines, refunds, shops, hubs] = await Promise.all([
      ids.length ? this.dataSource.getRepository(OrderLine).find({ where: { sellerOrderId: In(ids) }, order: { position: 'ASC' } }) : [],
      ids.length ? this.dataSource.getRepository(Refund).find({ where: { sellerOrderId: In(ids) }, order: { createdAt: 'ASC' } }) : [],
      this.shops.summaries([...new Set(sellerOrders.map((so) => so.shopId))]),
      this.hubs(orders.map((o) => o.pickupHubId)),
    ]);
    const buyerNames = forMaker ? new Map((await this.users.findByIds(orders.map((o) => o.buyerId))).map((u) => [u.id, u.name])) : null;
    return { orders, sellerOrders, lines, refunds, shops, hubs, buyerNames };
  }

  private async hubs(ids: (string | null)[]): Promise<Map<string, Hub>> {
    const wanted = [...new Set(ids.filter((id): id is string => !!id))];
    const hubs = await Promise.all(wanted.map((id) => this.associations.findHub(id)));
    return new Map(hubs.filter((h): h is Hub => !!h).map((h) => [h.id, h]));
  }
}

export interface ShopSummary {
  id: string;
  slug: string;
  name: string;
}

/** Everything order and seller-order views are made of: loaded by OrdersQuery, or just written by checkout. */
export interface ViewParts {
  orders: Order[];
  sellerOrders: SellerOrder[];
  lines: OrderLine[];
  refunds: Refund[];
  payments: Payment[];
  shops: Map<string, ShopSummary>;
  hubs: Map<string, Hub>;
  /** buyer id → name, for makers' views; null for buyers' views. */
  buyerNames: Map<string, string> | null;
}

export function orderViewsOf(orderIds: string[], parts: ViewParts): OrderView[] {
  const byId = new Map(parts.orders.map((o) => [o.id, o]));
  const sellerOrderViews = sellerOrderViewsOf(parts.sellerOrders, parts);
  return orderIds.flatMap((id) => {
    const order = byId.get(id);
    if (!order) return [];
    const payment = parts.payments.find((p) => p.orderId === id)!;
    const m = (amount: number): Money => ({ amount, currency: order.currency });
    return [
      {
        id: order.id,
        number: order.number,
        status: order.status,
        subtotal: m(order.subtotalAmount),
        shipping: m(order.shippingAmount),
        total: m(order.totalAmount),
        delivery: deliveryView(order, parts.hubs),
        sellerOrders: sellerOrderViews.filter((v) => v.orderId === id),
        payment: paymentView(payment),
        expiresAt: order.expiresAt,
        paidAt: order.paidAt,
        closedAt: order.closedAt,
        closeReason: order.closeReason,
        createdAt: order.createdAt,
      },
    ];
  });
}

export function sellerOrderViewsOf(sellerOrders: SellerOrder[], parts: Omit<ViewParts, 'payments'>): SellerOrderView[] {
  const ordersById = new Map(parts.orders.map((o) => [o.id, o]));
  return sellerOrders.map((so) => {
    const m = (amount: number): Money => ({ amount, currency: so.currency });
    const order = ordersById.get(so.orderId)!;
    const view: SellerOrderView = {
      id: so.id,
      number: so.number,
      orderId: so.orderId,
      status: so.status,
      shop: parts.shops.get(so.shopId) ?? { id: so.shopId, slug: '', name: '' },
      lines: parts.lines.filter((l) => l.sellerOrderId === so.id).map((l) => lineView(l, so.currency)),
      subtotal: m(so.subtotalAmount),
      shipping: m(so.shippingAmount),
      total: m(so.totalAmount),
      refunded: m(so.refundedAmount),
      refundable: m(so.totalAmount - so.refundedAmount),
      associationId: so.associationId,
      commissionRateBps: so.commissionRateBps,
      platformFeeBps: so.platformFeeBps,
      commission: m(so.commissionAmount),
      platformFee: m(so.platformFeeAmount),
      makerNet: m(so.totalAmount - so.commissionAmount - so.platformFeeAmount),
      delivery: deliveryView(order, parts.hubs),
      carrier: so.carrier,
      trackingNumber: so.trackingNumber,
      paidAt: so.paidAt,
      shipBy: so.shipBy,
      shippedAt: so.shippedAt,
      readyAt: so.readyAt,
      deliveredAt: so.deliveredAt,
      completedAt: so.completedAt,
      cancelledAt: so.cancelledAt,
      cancelReason: so.cancelReason,
      refunds: parts.refunds
        .filter((r) => r.sellerOrderId === so.id)
        .map((r) => ({ id: r.id, status: r.status, amount: m(r.amount), reason: r.reason, initiator: r.initiator, createdAt: r.createdAt })),
      createdAt: so.createdAt,
    };
    if (parts.buyerNames) view.buyerName = parts.buyerNames.get(order.buyerId) ?? '';
    return view;
  });
}

function deliveryView(order: Order, hubs: Map<string, Hub>): DeliveryView {
  if (order.deliveryType === 'shipping') return { type: 'shipping', address: order.shippingAddress! };
  const hub = hubs.get(order.pickupHubId!);
  return {
    type: 'pickup',
    hub: hub && { id: hub.id, associationId: hub.associationId, name: hub.name, address: hub.address, city: hub.city, openingHours: hub.openingHours, phone: hub.phone },
  };
}

function lineView(line: OrderLine, currency: Currency): OrderLineView {
  return {
    id: line.id,
    listingId: line.listingId,
    variantId: line.variantId,
    sku: line.sku,
    title: line.title,
    options: line.options,
    unitPrice: { amount: line.unitPriceAmount, currency },
    quantity: line.quantity,
    total: { amount: line.lineTotalAmount, currency },
    restockedQuantity: line.restockedQuantity,
  };
}

function paymentView(payment: Payment): PaymentView {
  const view: PaymentView = {
    id: payment.id,
    provider: payment.provider,
    status: payment.status,
    amount: { amount: payment.amount, currency: payment.currency },
    refunded: { amount: payment.refundedAmount, currency: payment.currency },
    failureMessage: payment.failureMessage,
  };
  // The secret lets the buyer's browser confirm the payment; useless once it is settled.
  if (payment.clientSecret && (payment.status === 'pending' || payment.status === 'failed')) view.clientSecret = payment.clientSecret;
  return view;
}
