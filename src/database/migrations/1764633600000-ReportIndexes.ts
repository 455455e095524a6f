import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the commission report needs at a million seller orders (measured with
 * `npm run bench -- reports`): the association's seller orders by index, and their postings
 * from a covering index (no heap visits), instead of scans of both tables. The covering
 * index replaces the plain one on postings.seller_order_id.
 */
export class ReportIndexes1764633600000 implements MigrationInterface {
  name = 'ReportIndexes1764633600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX seller_orders_association_idx ON seller_orders (association_id, shop_id) WHERE association_id IS NOT NULL`);
    await q.query(
      `CREATE INDEX postings_seller_order_cover_idx ON postings (seller_order_id) INCLUDE (entry_id, account_id, amount, currency) WHERE seller_order_id IS NOT NULL`,
    );
    await q.query(`DROP INDEX postings_seller_order_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX postings_seller_order_idx ON postings (seller_order_id) WHERE seller_order_id IS NOT NULL`);
    await q.query(`DROP INDEX postings_seller_order_cover_idx`);
    await q.query(`DROP INDEX seller_orders_association_idx`);
  }
}
