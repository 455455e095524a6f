import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A lease on an unfinished Idempotency-Key: the request finishing it (calling the
 * payment provider) holds it; a retry waits while it is held and takes over at once
 * when the holder gave up (the provider failed) or after it lapsed (the holder crashed).
 */
export class IdempotencyLease1764028800000 implements MigrationInterface {
  name = 'IdempotencyLease1764028800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE idempotency_records ADD COLUMN leased_until timestamptz(3)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE idempotency_records DROP COLUMN leased_until`);
  }
}
