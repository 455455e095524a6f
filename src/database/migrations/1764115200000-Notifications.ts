import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications as delivered: one row per (event, recipient, channel), held unique by
 * the database, so that a retried or duplicated job never delivers twice. In-app rows
 * are what GET /me/notifications lists.
 */
export class Notifications1764115200000 implements MigrationInterface {
  name = 'Notifications1764115200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        outbox_id bigint NOT NULL,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        channel text NOT NULL CHECK (channel IN ('in_app', 'email')),
        kind text NOT NULL,
        locale text NOT NULL CHECK (locale IN ('kk', 'ru', 'en')),
        subject text NOT NULL,
        body_text text NOT NULL,
        body_html text NOT NULL,
        read_at timestamptz(3),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT notifications_delivery_key UNIQUE (outbox_id, user_id, channel)
      )`);
    await q.query(`CREATE INDEX notifications_inbox_idx ON notifications (user_id, created_at DESC, id DESC) WHERE channel = 'in_app'`);
    await q.query(`CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE channel = 'in_app' AND read_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notifications`);
  }
}
