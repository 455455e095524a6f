import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Payouts: money the platform passes on, to a shop's maker (their net) or to an
 * association (its commission). A seller order is claimed by at most one live payout per
 * beneficiary (`maker_payout_id`, `association_payout_id`), so that no run pays it twice;
 * a payout that fails for good lets its seller orders go again. `payout_items` keeps what
 * each seller order contributed.
 */
export class Payouts1764288000000 implements MigrationInterface {
  name = 'Payouts1764288000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE payouts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        beneficiary_type text NOT NULL CHECK (beneficiary_type IN ('shop', 'association')),
        beneficiary_id uuid NOT NULL,
        provider text NOT NULL CHECK (provider IN ('stripe', 'manual')),
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'paid', 'failed')),
        amount bigint NOT NULL CHECK (amount > 0),
        currency char(3) NOT NULL,
        -- Stripe: the order whose charge funds the transfer, and where it goes.
        order_id uuid REFERENCES orders(id),
        source_charge text,
        destination text,
        transfer_ref text,
        failure_message text,
        paid_at timestamptz(3),
        marked_paid_by uuid REFERENCES users(id),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CHECK (provider = 'manual' OR (order_id IS NOT NULL AND destination IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX payouts_beneficiary_idx ON payouts (beneficiary_type, beneficiary_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX payouts_pending_idx ON payouts (created_at) WHERE status = 'pending'`);
    await q.query(`
      CREATE TABLE payout_items (
        payout_id uuid NOT NULL REFERENCES payouts(id),
        seller_order_id uuid NOT NULL REFERENCES seller_orders(id),
        amount bigint NOT NULL CHECK (amount > 0),
        PRIMARY KEY (payout_id, seller_order_id)
      )`);
    await q.query(`CREATE INDEX payout_items_seller_order_idx ON payout_items (seller_order_id)`);
    await q.query(`
      ALTER TABLE seller_orders
        ADD COLUMN maker_payout_id uuid REFERENCES payouts(id),
        ADD COLUMN association_payout_id uuid REFERENCES payouts(id)`);
    await q.query(`CREATE INDEX seller_orders_maker_payable_idx ON seller_orders (shop_id) WHERE status = 'completed' AND maker_payout_id IS NULL`);
    await q.query(
      `CREATE INDEX seller_orders_association_payable_idx ON seller_orders (association_id) WHERE status = 'completed' AND association_payout_id IS NULL AND association_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE seller_orders DROP COLUMN maker_payout_id, DROP COLUMN association_payout_id`);
    await q.query(`DROP TABLE payout_items`);
    await q.query(`DROP TABLE payouts`);
  }
}
