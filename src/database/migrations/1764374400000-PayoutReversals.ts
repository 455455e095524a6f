import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Money taken back from a payout that was already made, when its seller order is refunded
 * afterwards: with Stripe, a transfer reversal of the maker's (or the association's) share.
 * Written `pending` before Stripe is asked; its id is the idempotency key.
 */
export class PayoutReversals1764374400000 implements MigrationInterface {
  name = 'PayoutReversals1764374400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE payout_reversals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        payout_id uuid NOT NULL REFERENCES payouts(id),
        seller_order_id uuid NOT NULL REFERENCES seller_orders(id),
        amount bigint NOT NULL CHECK (amount > 0),
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed')),
        reversal_ref text,
        failure_message text,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX payout_reversals_seller_order_idx ON payout_reversals (seller_order_id)`);
    await q.query(`CREATE INDEX payout_reversals_pending_idx ON payout_reversals (created_at) WHERE status = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE payout_reversals`);
  }
}
