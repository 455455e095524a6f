import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A buyer's dispute (chargeback) of an order's charge. While one is open, the order's
 * seller orders are not paid out; a lost one takes the disputed money back from the maker
 * and the association as a refund would.
 */
export class Disputes1764460800000 implements MigrationInterface {
  name = 'Disputes1764460800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE disputes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        provider_ref text NOT NULL UNIQUE,
        payment_id uuid NOT NULL REFERENCES payments(id),
        order_id uuid NOT NULL REFERENCES orders(id),
        amount bigint NOT NULL CHECK (amount > 0),
        currency char(3) NOT NULL,
        reason text,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'won', 'lost')),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        closed_at timestamptz(3)
      )`);
    await q.query(`CREATE INDEX disputes_open_order_idx ON disputes (order_id) WHERE status = 'open'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE disputes`);
  }
}
