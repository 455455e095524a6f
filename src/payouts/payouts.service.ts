import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import Stripe from 'stripe';
import { DataSource, EntityManager } from 'typeorm';
import { conflict, notFound } from '../common/errors';
import { Currency, Money } from '../common/money';
import { AuthUser } from '../identity/roles';
import { AccountRef } from '../ledger/ledger.rules';
import { LedgerService } from '../ledger/ledger.service';
import { recordEvent } from '../notifications/outbox';
import { STRIPE_CLIENT } from '../payments/stripe/stripe.client';
import { transientStripeError } from '../payments/stripe/stripe.provider';
import { BeneficiaryType, Payout } from './payout.entity';

/** Seller orders claimed per run and beneficiary kind at most (the next run takes the rest). */
const BATCH = 500;

export interface PayoutView {
  id: string;
  beneficiary: { type: BeneficiaryType; id: string };
  provider: 'stripe' | 'manual';
  status: Payout['status'];
  amount: Money;
  transferRef: string | null;
  failureMessage: string | null;
  sellerOrders: { id: string; number: string; amount: number }[];
  createdAt: Date;
  paidAt: Date | null;
}

/** A maker's money as the ledger has it, in the shop's currency. */
export interface Balance {
  /** Owed for seller orders not completed yet (paid, shipping, delivered and within the hold). */
  pending: Money;
  /** Owed for completed seller orders: the next payout run passes it on (once payouts are enabled). */
  available: Money;
  /** Passed on so far. */
  paidOut: Money;
}

export interface PayoutRunResult {
  /** Payouts this run made: new ones, and earlier pending ones it completed. */
  payouts: PayoutView[];
  /** Stripe payouts still pending (Stripe did not answer): the next run asks again with the same key. */
  pending: number;
  /** Transfer reversals made: money taken back from payouts that refunds made afterwards overpaid. */
  reversals: number;
}

interface Claimable {
  id: string;
  number: string;
  order_id: string;
  beneficiary_id: string;
  currency: string;
  provider: 'stripe' | 'manual';
  charge_ref: string | null;
  stripe_account_id: string | null;
  payouts_enabled: boolean;
}

/**
 * Payout runs: every completed seller order not yet paid out is passed on, its maker's net
 * to the shop and its commission to the association, the amounts read from the ledger
 * (what each is still owed for it, refunds taken into account).
 *
 * - Claiming: seller orders are taken with `FOR UPDATE SKIP LOCKED` and marked with their
 *   payout in the same transaction, so runs at the same moment claim disjoint sets.
 * - Stripe: one Transfer per (beneficiary, order), `source_transaction` = the order's
 *   charge (it never waits for the platform's balance), `transfer_group` = the order,
 *   idempotency key = the payout id. A payout is marked paid, and its ledger entry written,
 *   only once Stripe answered; a run that crashed or timed out leaves it pending and the
 *   next run asks again with the same key, so Stripe makes one transfer however often it is
 *   asked. A refusal for good fails the payout and frees its seller orders.
 * - A shop or association without payouts enabled is not claimed: its balance waits; nor is
 *   a seller order whose order's charge is disputed (disputes.service.ts) until it is closed,
 *   nor a suspended shop's (moderation/suspensions.service.ts) until the suspension is lifted.
 *   The association's commission on a suspended shop's sales is not held: it did nothing wrong.
 * - Manual provider (orders paid by hand): one payout per beneficiary and run, pending
 *   until an admin settles it by hand and marks it paid.
 */
@Injectable()
export class PayoutsService {
  private readonly logger = new Logger(PayoutsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
    @Inject(STRIPE_CLIENT) private readonly stripe: Stripe | null,
  ) {}

  async run(): Promise<PayoutRunResult> {
    const reversals = await this.recoverOverpaid();
    const created = [...(await this.claim('shop')), ...(await this.claim('association'))];
    const due: { id: string }[] = await this.dataSource.query(`SELECT id FROM payouts WHERE status = 'pending' AND provider = 'stripe' ORDER BY created_at, id`);
    const touched = new Set(created);
    let pending = 0;
    for (const { id } of due) {
      const status = await this.transfer(id);
      if (status !== 'pending') touched.add(id);
      else pending++;
    }
    const payouts = await this.views([...touched]);
    if (payouts.length || pending || reversals) this.logger.log(`payout run: ${payouts.length} payouts, ${pending} still pending, ${reversals} reversals`);
    return { payouts, pending, reversals };
  }

  /**
   * Refund (or lost dispute) after payout: it takes the maker's (and the association's) share back in the
   * ledger, and if that share had already been transferred, the beneficiary now holds more than
   * it is owed for the seller order. That much is taken back from its Stripe transfer (a
   * reversal, written pending first, its id the idempotency key). Called right after a refund
   * and by every run (which catches what a crash or Stripe's silence left). The seller order's
   * row is locked while the amount is worked out, and pending reversals count, so two callers
   * never take the same tiyn twice. Manual payouts cannot be reversed here: the debt stays in
   * the maker's balance for an admin to settle. Answers the reversals made.
   */
  async recoverOverpaid(sellerOrderIds?: string[]): Promise<number> {
    if (!this.stripe) return 0;
    const candidates: { seller_order_id: string; payout_id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT i.seller_order_id, i.payout_id
         FROM payout_items i JOIN payouts po ON po.id = i.payout_id JOIN seller_orders so ON so.id = i.seller_order_id
        WHERE po.status = 'paid' AND po.provider = 'stripe' AND so.refunded_amount > 0 -- refunds and lost disputes
          ${sellerOrderIds ? 'AND i.seller_order_id = ANY($1::uuid[])' : ''}`,
      sellerOrderIds ? [sellerOrderIds] : [],
    );
    for (const c of candidates) await this.claimReversal(c.payout_id, c.seller_order_id);
    const pending: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM payout_reversals WHERE status = 'pending' ${sellerOrderIds ? 'AND seller_order_id = ANY($1::uuid[])' : ''} ORDER BY created_at`,
      sellerOrderIds ? [sellerOrderIds] : [],
    );
    let made = 0;
    for (const { id } of pending) if (await this.reverse(id)) made++;
    return made;
  }

  /** Writes a pending reversal of what the payout's beneficiary was overpaid for this seller order, if anything. */
  private async claimReversal(payoutId: string, sellerOrderId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT id FROM seller_orders WHERE id = $1 FOR UPDATE`, [sellerOrderId]);
      const payout = await manager.findOneByOrFail(Payout, { id: payoutId });
      const owed = (await this.ledger.owedPerSellerOrder(manager, account(payout.beneficiaryType, payout.beneficiaryId), [sellerOrderId], true)).get(sellerOrderId) ?? 0;
      const [sums]: { pending: string; taken: string; paid: string }[] = await manager.query(
        `SELECT coalesce(sum(r.amount) FILTER (WHERE r.status = 'pending'), 0) AS pending,
                coalesce(sum(r.amount) FILTER (WHERE r.status <> 'failed'), 0) AS taken,
                (SELECT amount FROM payout_items WHERE payout_id = $1 AND seller_order_id = $2) AS paid
           FROM payout_reversals r WHERE r.payout_id = $1 AND r.seller_order_id = $2`,
        [payoutId, sellerOrderId],
      );
      // owed < 0: overpaid by -owed, of which pending reversals are already on their way.
      const amount = Math.min(-owed - Number(sums.pending), Number(sums.paid) - Number(sums.taken));
      if (amount <= 0) return;
      await manager.query(`INSERT INTO payout_reversals (payout_id, seller_order_id, amount) VALUES ($1, $2, $3)`, [payoutId, sellerOrderId, amount]);
    });
  }

  /** Asks Stripe for a pending reversal (again, same key); true once it is made. */
  private async reverse(reversalId: string): Promise<boolean> {
    const [row]: { payout_id: string; seller_order_id: string; amount: string; status: string }[] = await this.dataSource.query(
      `SELECT payout_id, seller_order_id, amount, status FROM payout_reversals WHERE id = $1`,
      [reversalId],
    );
    if (row.status !== 'pending') return false;
    const payout = await this.dataSource.getRepository(Payout).findOneByOrFail({ id: row.payout_id });
    const amount = Number(row.amount);
    let ref: string;
    try {
      const reversal = await this.stripe!.transfers.createReversal(
        payout.transferRef!,
        { amount, metadata: { payoutId: payout.id, reversalId, sellerOrderId: row.seller_order_id } },
        { idempotencyKey: reversalId },
      );
      ref = reversal.id;
    } catch (error) {
      const message = (error as Error).message;
      const final = !transientStripeError(error);
      this.logger.warn(`Reversal ${reversalId} of payout ${payout.id}: ${final ? 'refused' : 'no answer'} (${message})`);
      await this.dataSource.query(`UPDATE payout_reversals SET status = $2, failure_message = $3, updated_at = now() WHERE id = $1 AND status = 'pending'`, [
        reversalId,
        final ? 'failed' : 'pending',
        message,
      ]);
      return false;
    }
    await this.dataSource.transaction(async (manager) => {
      const updated: [unknown[], number] = await manager.query(
        `UPDATE payout_reversals SET status = 'succeeded', reversal_ref = $2, failure_message = NULL, updated_at = now() WHERE id = $1 AND status = 'pending' RETURNING id`,
        [reversalId, ref],
      );
      if (updated[1] > 0) {
        await this.ledger.recordPayoutReversal(
          manager,
          { id: reversalId, amount, sellerOrderId: row.seller_order_id },
          account(payout.beneficiaryType, payout.beneficiaryId),
          payout.currency,
          payout.orderId,
        );
      }
    });
    return true;
  }

  /** An admin settled a manual payout by hand. */
  async markPaid(admin: AuthUser, payoutId: string): Promise<PayoutView> {
    await this.dataSource.transaction(async (manager) => {
      const payout = await manager.findOne(Payout, { where: { id: payoutId }, lock: { mode: 'pessimistic_write' } });
      if (!payout) throw notFound('Payout');
      if (payout.provider !== 'manual') throw conflict('not_manual', 'This payout is a Stripe transfer; it is paid when Stripe makes it');
      if (payout.status !== 'pending') throw conflict('payout_not_pending', `The payout is ${payout.status}`);
      await manager.update(Payout, { id: payout.id }, { status: 'paid', paidAt: new Date(), markedPaidBy: admin.id });
      await this.recordPaid(manager, payout);
    });
    return (await this.views([payoutId]))[0];
  }

  /** What a shop is owed and has been paid, read from the ledger. */
  async balanceOf(shop: { id: string; currency: Currency }): Promise<Balance> {
    const [row]: { pending: string; available: string; paid_out: string }[] = await this.dataSource.query(
      `SELECT coalesce(-sum(p.amount) FILTER (WHERE so.status <> 'completed'), 0) AS pending,
              coalesce(-sum(p.amount) FILTER (WHERE so.status = 'completed'), 0) AS available,
              coalesce(sum(p.amount) FILTER (WHERE e.kind = 'payout'), 0) AS paid_out
         FROM postings p
         JOIN ledger_accounts a ON a.id = p.account_id
         JOIN journal_entries e ON e.id = p.entry_id
         JOIN seller_orders so ON so.id = p.seller_order_id
        WHERE a.code = $1 AND p.currency = $2`,
      [`maker_payable:${shop.id}`, shop.currency],
    );
    const money = (amount: string): Money => ({ amount: Number(amount), currency: shop.currency });
    return { pending: money(row.pending), available: money(row.available), paidOut: money(row.paid_out) };
  }

  /** A shop's or an association's payouts, newest first (the latest 200). */
  async ofBeneficiary(type: BeneficiaryType, id: string): Promise<PayoutView[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM payouts WHERE beneficiary_type = $1 AND beneficiary_id = $2 ORDER BY created_at DESC, id DESC LIMIT 200`,
      [type, id],
    );
    return this.views(rows.map((r) => r.id));
  }

  /** Claims what is owed to one kind of beneficiary: answers the new payouts' ids. */
  private claim(type: BeneficiaryType): Promise<string[]> {
    const [column, beneficiary, table] =
      type === 'shop' ? ['maker_payout_id', 'so.shop_id', 'shops'] : ['association_payout_id', 'so.association_id', 'associations'];
    return this.dataSource.transaction(async (manager) => {
      const rows: Claimable[] = await manager.query(
        `SELECT so.id, so.number, so.order_id, ${beneficiary} AS beneficiary_id, so.currency, p.provider, p.charge_ref,
                b.stripe_account_id, b.payouts_enabled
           FROM seller_orders so
           JOIN payments p ON p.order_id = so.order_id
           JOIN ${table} b ON b.id = ${beneficiary}
          WHERE so.status = 'completed' AND so.${column} IS NULL
            AND NOT EXISTS (SELECT 1 FROM disputes d WHERE d.order_id = so.order_id AND d.status = 'open')
            ${type === 'shop' ? `AND b.status = 'active'` : ''}
          ORDER BY so.completed_at, so.id
          LIMIT ${BATCH}
          FOR UPDATE OF so SKIP LOCKED`,
      );
      const groups = new Map<string, { rows: Claimable[]; owed: number[] }>();
      for (const row of rows) {
        if (row.provider === 'stripe' && !(row.payouts_enabled && row.stripe_account_id && row.charge_ref)) continue; // waits for onboarding
        const owed = (await this.ledger.owedPerSellerOrder(manager, account(type, row.beneficiary_id), [row.id])).get(row.id) ?? 0;
        if (owed <= 0) continue;
        const key = row.provider === 'stripe' ? `${row.beneficiary_id}/${row.order_id}` : `${row.beneficiary_id}/${row.currency}`;
        const group = groups.get(key) ?? { rows: [], owed: [] };
        group.rows.push(row);
        group.owed.push(owed);
        groups.set(key, group);
      }
      const ids: string[] = [];
      for (const { rows: items, owed } of groups.values()) {
        const first = items[0];
        const stripe = first.provider === 'stripe';
        const [payout]: { id: string }[] = await manager.query(
          `INSERT INTO payouts (beneficiary_type, beneficiary_id, provider, amount, currency, order_id, source_charge, destination)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
          [type, first.beneficiary_id, first.provider, owed.reduce((a, b) => a + b, 0), first.currency,
            stripe ? first.order_id : null, stripe ? first.charge_ref : null, stripe ? first.stripe_account_id : null],
        );
        await manager.query(`INSERT INTO payout_items (payout_id, seller_order_id, amount) SELECT $1, * FROM unnest($2::uuid[], $3::bigint[])`, [
          payout.id,
          items.map((r) => r.id),
          owed,
        ]);
        await manager.query(`UPDATE seller_orders SET ${column} = $1, updated_at = now() WHERE id = ANY($2::uuid[])`, [payout.id, items.map((r) => r.id)]);
        ids.push(payout.id);
      }
      return ids;
    });
  }

  /** Asks Stripe for a pending payout's transfer (again, with the same key); answers its status now. */
  private async transfer(payoutId: string): Promise<Payout['status']> {
    const payout = await this.dataSource.getRepository(Payout).findOneByOrFail({ id: payoutId });
    if (payout.status !== 'pending' || payout.provider !== 'stripe') return payout.status;
    if (!this.stripe) {
      this.logger.warn(`Payout ${payout.id} is a Stripe transfer but STRIPE_SECRET_KEY is not set; it waits`);
      return 'pending';
    }
    let transfer: Stripe.Transfer;
    try {
      transfer = await this.stripe.transfers.create(
        {
          amount: payout.amount,
          currency: payout.currency.toLowerCase(),
          destination: payout.destination!,
          transfer_group: payout.orderId!,
          source_transaction: payout.sourceCharge!,
          description: `Sheber payout ${payout.id}`,
          metadata: { payoutId: payout.id, orderId: payout.orderId!, beneficiaryType: payout.beneficiaryType, beneficiaryId: payout.beneficiaryId },
        },
        { idempotencyKey: payout.id },
      );
    } catch (error) {
      if (transientStripeError(error)) {
        this.logger.warn(`Payout ${payout.id}: Stripe did not answer (${(error as Error).message}); the next run asks again`);
        await this.dataSource.query(`UPDATE payouts SET failure_message = $2, updated_at = now() WHERE id = $1 AND status = 'pending'`, [payout.id, (error as Error).message]);
        return 'pending';
      }
      this.logger.error(`Payout ${payout.id}: Stripe refused the transfer (${(error as Error).message}); its seller orders are free again`);
      await this.fail(payout, (error as Error).message);
      return 'failed';
    }
    await this.dataSource.transaction(async (manager) => {
      const updated = await manager.update(Payout, { id: payout.id, status: 'pending' }, { status: 'paid', transferRef: transfer.id, paidAt: new Date(), failureMessage: null });
      if (updated.affected) await this.recordPaid(manager, payout);
    });
    return 'paid';
  }

  private async fail(payout: Payout, message: string): Promise<void> {
    const column = payout.beneficiaryType === 'shop' ? 'maker_payout_id' : 'association_payout_id';
    await this.dataSource.transaction(async (manager) => {
      const updated = await manager.update(Payout, { id: payout.id, status: 'pending' }, { status: 'failed', failureMessage: message });
      if (updated.affected) await manager.query(`UPDATE seller_orders SET ${column} = NULL, updated_at = now() WHERE ${column} = $1`, [payout.id]);
    });
  }

  /** The ledger entry of a payout made, and the news of it, in the transaction that marks it paid. */
  private async recordPaid(manager: EntityManager, payout: Payout): Promise<void> {
    await recordEvent(manager, 'payout.paid', { type: 'payout', id: payout.id }, {
      payoutId: payout.id,
      beneficiaryType: payout.beneficiaryType,
      beneficiaryId: payout.beneficiaryId,
      amount: { amount: payout.amount, currency: payout.currency },
      provider: payout.provider,
    });
    const items: { seller_order_id: string; amount: string }[] = await manager.query(
      `SELECT seller_order_id, amount FROM payout_items WHERE payout_id = $1 ORDER BY seller_order_id`,
      [payout.id],
    );
    await this.ledger.recordPayout(
      manager,
      payout,
      account(payout.beneficiaryType, payout.beneficiaryId),
      items.map((i) => ({ sellerOrderId: i.seller_order_id, amount: Number(i.amount) })),
    );
  }

  private async views(ids: string[]): Promise<PayoutView[]> {
    if (!ids.length) return [];
    const payouts = await this.dataSource.getRepository(Payout).createQueryBuilder('p').where('p.id = ANY(:ids)', { ids }).orderBy('p.created_at', 'DESC').addOrderBy('p.id', 'DESC').getMany();
    const items: { payout_id: string; id: string; number: string; amount: string }[] = await this.dataSource.query(
      `SELECT i.payout_id, so.id, so.number, i.amount FROM payout_items i JOIN seller_orders so ON so.id = i.seller_order_id
        WHERE i.payout_id = ANY($1::uuid[]) ORDER BY so.number`,
      [ids],
    );
    return payouts.map((p) => ({
      id: p.id,
      beneficiary: { type: p.beneficiaryType, id: p.beneficiaryId },
      provider: p.provider,
      status: p.status,
      amount: { amount: p.amount, currency: p.currency },
      transferRef: p.transferRef,
      failureMessage: p.failureMessage,
      sellerOrders: items.filter((i) => i.payout_id === p.id).map((i) => ({ id: i.id, number: i.number, amount: Number(i.amount) })),
      createdAt: p.createdAt,
      paidAt: p.paidAt,
    }));
  }
}

function account(type: BeneficiaryType, id: string): AccountRef {
  return type === 'shop' ? { kind: 'maker_payable', ownerId: id } : { kind: 'association_payable', ownerId: id };
}
