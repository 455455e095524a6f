import { MigrationInterface, QueryRunner } from 'typeorm';

/** The monthly commission reports sent: one per association and month, however often the job runs. */
export class MonthlyReports1764547200000 implements MigrationInterface {
  name = 'MonthlyReports1764547200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE monthly_reports (
        association_id uuid NOT NULL REFERENCES associations(id),
        month date NOT NULL CHECK (extract(day FROM month) = 1),
        path text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (association_id, month)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE monthly_reports`);
  }
}
