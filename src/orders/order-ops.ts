import { EntityManager } from 'typeorm';
import { notFound } from '../common/errors';
import { refreshListingSummary, releaseStock } from '../catalog/stock';
import { Payment } from '../payments/payment.entity';
import { Order } from './order.entity';
import { OrderLine } from './order-line.entity';
import { SellerOrder } from './seller-order.entity';

/**
 * Row-level building blocks shared by the order services. Every change to an order,
 * its seller orders, its payment or its refunds first locks the order row: one lock
 * per order serialises the webhook, the expiry job, the buyer and the makers, and
 * gives every transaction the same lock order (order, then variants, then listings).
 */
export async function lockOrder(manager: EntityManager, orderId: string): Promise<Order> {
  const order = await manager.findOne(Order, { where: { id: orderId }, lock: { mode: 'pessimistic_write' } });
  if (!order) throw notFound('Order');
  return order;
}

export interface LockedOrder {
  order: Order;
  sellerOrders: SellerOrder[];
  payment: Payment;
}

/** The order locked, with its seller orders (in number order) and its payment. */
export async function lockOrderWithParts(manager: EntityManager, orderId: string): Promise<LockedOrder> {
  const order = await lockOrder(manager, orderId);
  const [sellerOrders, payment] = await Promise.all([
    manager.find(SellerOrder, { where: { orderId }, order: { number: 'ASC' } }),
    manager.findOneOrFail(Payment, { where: { orderId } }),
  ]);
  return { order, sellerOrders, payment };
}

/**
 * Puts units of order lines back on sale, never more than a line's quantity in all
 * (`restocked_quantity` remembers): expiry, cancellation and refunds can all restock
 * the same line and together still restock it at most once.
 * `quantities` maps line id → units; absent means every unit not yet restocked.
 */
export async function restockLines(manager: EntityManager, sellerOrderIds: string[], quantities?: Map<string, number>): Promise<number> {
  if (!sellerOrderIds.length) return 0;
  const lines = await manager
    .createQueryBuilder(OrderLine, 'l')
    .where('l.seller_order_id IN (:...ids)', { ids: sellerOrderIds })
    .orderBy('l.variant_id')
    .getMany();
  const listingsToRefresh = new Set<string>();
  let units = 0;
  for (const line of lines) {
    const left = line.quantity - line.restockedQuantity;
    const wanted = quantities ? quantities.get(line.id) ?? 0 : left;
    const quantity = Math.min(wanted, left);
    if (quantity <= 0) continue;
    await manager.update(OrderLine, { id: line.id }, { restockedQuantity: line.restockedQuantity + quantity });
    const stock = await releaseStock(manager, line.variantId, quantity);
    if (stock === quantity) listingsToRefresh.add(line.listingId); // was sold out: back in the catalogue as in stock
    units += quantity;
  }
  for (const listingId of [...listingsToRefresh].sort()) await refreshListingSummary(manager, listingId);
  return units;
}
