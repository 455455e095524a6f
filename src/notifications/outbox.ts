import { EntityManager } from 'typeorm';
import type { Money } from '../common/money';

/**
 * The catalogue of domain events and their payloads. Payloads carry ids and the few
 * facts a message needs that the rows will not keep (a reason, an amount); readers
 * load the rest. The notifications worker relays these rows (see outbox-event.entity.ts).
 */
export interface DomainEvents {
  'payout.paid': { payoutId: string; beneficiaryType: 'shop' | 'association'; beneficiaryId: string; amount: Money; provider: 'stripe' | 'manual' };
  'report.monthly_ready': MonthlyReportReady;
  'order.placed': { orderId: string; buyerId: string };
  'order.paid': { orderId: string; buyerId: string; sellerOrderIds: string[] };
  'order.payment_failed': { orderId: string; buyerId: string; message: string | null };
  'order.expired': { orderId: string; buyerId: string; sellerOrderIds: string[]; reason: string };
  'order.cancelled': { orderId: string; buyerId: string; sellerOrderIds: string[]; reason: string };
  'seller_order.shipped': { sellerOrderId: string; orderId: string; carrier: string; trackingNumber: string };
  'seller_order.ready_for_pickup': { sellerOrderId: string; orderId: string; hubId: string };
  'seller_order.delivered': { sellerOrderId: string; orderId: string };
  'seller_order.completed': { sellerOrderId: string; orderId: string };
  'seller_order.cancelled': { sellerOrderId: string; orderId: string; reason: string; cause: SellerOrderCancelCause };
  'refund.requested': RefundEventPayload;
  'refund.succeeded': RefundEventPayload;
  'refund.failed': RefundEventPayload & { message: string };
  'listing.approved': ListingDecisionPayload;
  'listing.rejected': ListingDecisionPayload & { reason: string };
  'listing.hidden': { listingId: string; makerId: string; openFlags: number };
  'listing.removed': { listingId: string; makerId: string; reason: string };
  /** `openFlags`: distinct users with an open flag on the listing once this one was filed. */
  'flag.created': { flagId: string; listingId: string; makerId: string; reporterId: string; associationId: string | null; openFlags: number };
  'shop.suspended': { shopId: string; makerId: string; reason: string };
  'shop.reinstated': { shopId: string; makerId: string; note: string };
  'membership.requested': MembershipEventPayload;
  'membership.decided': MembershipEventPayload & { decision: 'approved' | 'rejected'; reason: string | null };
}

export interface MonthlyReportReady {
  associationId: string;
  from: string;
  to: string;
  /** The CSV, under STORAGE_DIR. */
  path: string;
  sellerOrders: number;
  gross: Money;
  commission: Money;
}

export type SellerOrderCancelCause = 'buyer_cancelled' | 'ship_deadline_missed' | 'fully_refunded';

export interface RefundEventPayload {
  refundId: string;
  sellerOrderId: string;
  orderId: string;
  amount: number;
  currency: string;
  reason: string;
}

/** `revision`: the decision was on a published listing's pending edit, not on the listing itself. */
export interface ListingDecisionPayload {
  listingId: string;
  makerId: string;
  revision: boolean;
}

export interface MembershipEventPayload {
  membershipId: string;
  associationId: string;
  makerId: string;
}

export type DomainEventType = keyof DomainEvents;
export type AggregateType = 'order' | 'seller_order' | 'refund' | 'listing' | 'flag' | 'shop' | 'membership' | 'association' | 'payout';

/** Writes one event in the caller's transaction: it exists if, and only if, the change commits. */
export async function recordEvent<T extends DomainEventType>(
  manager: EntityManager,
  type: T,
  aggregate: { type: AggregateType; id: string },
  payload: DomainEvents[T],
): Promise<void> {
  await manager.query(`INSERT INTO outbox_events (type, aggregate_type, aggregate_id, payload) VALUES ($1, $2, $3, $4)`, [
    type,
    aggregate.type,
    aggregate.id,
    JSON.stringify(payload),
  ]);
}
