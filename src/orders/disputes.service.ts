import { Injectable, Logger } from '@nestjs/common';
import type Stripe from 'stripe';
import { EntityManager } from 'typeorm';
import { LedgerService } from '../ledger/ledger.service';
import { LockedOrder } from './order-ops';
import { SellerOrder } from './seller-order.entity';

/**
 * Disputes (chargebacks) of an order's charge. While one is open the order's seller orders
 * are held from payouts (payouts.service.ts skips them). Won (or an inquiry closed without
 * loss): the hold ends. Lost: the disputed money is gone back to the buyer, so it is taken
 * from the order's seller orders in turn, each like a refund: the maker, the association and
 * the platform give back their shares in proportion (one `dispute_lost` ledger entry), and
 * what was already paid out is reversed on the transfers after the commit. Runs in the
 * webhook's transaction, with the order locked.
 */
@Injectable()
export class DisputesService {
  private readonly logger = new Logger(DisputesService.name);

  constructor(private readonly ledger: LedgerService) {}

  async opened(manager: EntityManager, { order, payment }: LockedOrder, dispute: Stripe.Dispute): Promise<void> {
    await manager.query(
      `INSERT INTO disputes (provider_ref, payment_id, order_id, amount, currency, reason) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (provider_ref) DO NOTHING`,
      [dispute.id, payment.id, order.id, dispute.amount, dispute.currency.toUpperCase(), dispute.reason ?? null],
    );
    this.logger.warn(`Dispute ${dispute.id} opened on order ${order.number} (${dispute.amount} ${dispute.currency}): its payouts are held`);
  }

  /** Answers the seller orders whose payouts may need reversing (a lost dispute). */
  async closed(manager: EntityManager, locked: LockedOrder, dispute: Stripe.Dispute): Promise<string[]> {
    // Opened and closed may arrive in either order; the closing one is the truth.
    await this.opened(manager, locked, dispute);
    const lost = dispute.status === 'lost';
    // (query() answers [rows, count] for an UPDATE … RETURNING.)
    const [[row]]: [{ id: string; amount: string }[], number] = await manager.query(
      `UPDATE disputes SET status = $2, closed_at = now() WHERE provider_ref = $1 AND status = 'open' RETURNING id, amount`,
      [dispute.id, lost ? 'lost' : 'won'],
    );
    if (!row || !lost) return [];

    let left = Number(row.amount);
    const takes: { so: SellerOrder; amount: number }[] = [];
    for (const so of [...locked.sellerOrders].sort((a, b) => a.number.localeCompare(b.number))) {
      const take = Math.min(left, so.totalAmount - so.refundedAmount);
      if (take <= 0) continue;
      so.refundedAmount += take;
      await manager.update(SellerOrder, { id: so.id }, { refundedAmount: so.refundedAmount });
      takes.push({ so, amount: take });
      left -= take;
    }
    if (left > 0) this.logger.error(`Dispute ${dispute.id} took ${left} more than was left unrefunded on order ${locked.order.number}; the platform bears it`);
    if (takes.length) await this.ledger.recordDisputeLost(manager, { id: row.id, orderId: locked.order.id }, takes);
    return takes.map((t) => t.so.id);
  }
}
