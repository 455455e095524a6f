import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Moderation after publication: flags (reports on a listing), shop suspensions and the
 * audit log of every moderation decision.
 *
 * - A listing can now be `hidden` (enough open flags from distinct users took it out of
 *   the catalogue pending review) or `suspended` (removed by a moderator).
 * - One open flag per user and listing, enforced by a partial unique index.
 * - One suspension in force per shop; lifting it fills `lifted_at` (the row stays).
 * - The audit log is append-only: UPDATE, DELETE and TRUNCATE fail at the database,
 *   for the application's role as for anyone else's.
 */
export class Moderation1764720000000 implements MigrationInterface {
  name = 'Moderation1764720000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE listings DROP CONSTRAINT listings_status_check`);
    await q.query(`ALTER TABLE listings ADD CONSTRAINT listings_status_check
      CHECK (status IN ('draft', 'pending_review', 'published', 'hidden', 'suspended', 'rejected', 'archived'))`);

    await q.query(`
      CREATE TABLE flags (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        listing_id uuid NOT NULL REFERENCES listings(id),
        reporter_id uuid NOT NULL REFERENCES users(id),
        reason text NOT NULL CHECK (reason IN ('counterfeit', 'prohibited', 'offensive', 'intellectual_property', 'misleading', 'other')),
        details text,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
        resolution text CHECK (resolution IN ('dismiss', 'remove_listing', 'suspend_shop')),
        resolution_note text,
        resolved_by uuid REFERENCES users(id),
        resolved_at timestamptz(3),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT flags_resolution_complete CHECK ((status = 'open') = (resolution IS NULL AND resolved_at IS NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX flags_one_open_per_reporter ON flags (listing_id, reporter_id) WHERE status = 'open'`);
    await q.query(`CREATE INDEX flags_status_created_idx ON flags (status, created_at, id)`);

    await q.query(`
      CREATE TABLE shop_suspensions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        shop_id uuid NOT NULL REFERENCES shops(id),
        reason text NOT NULL,
        flag_id uuid REFERENCES flags(id),
        suspended_by uuid REFERENCES users(id),
        suspended_at timestamptz(3) NOT NULL DEFAULT now(),
        lifted_by uuid REFERENCES users(id),
        lifted_at timestamptz(3),
        lift_note text
      )`);
    await q.query(`CREATE UNIQUE INDEX shop_suspensions_one_in_force ON shop_suspensions (shop_id) WHERE lifted_at IS NULL`);

    // No foreign keys: the log outlives whatever it names, and nothing may ever change a row.
    await q.query(`
      CREATE TABLE audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
        actor_id uuid,
        action text NOT NULL,
        target_type text NOT NULL,
        target_id uuid NOT NULL,
        association_id uuid,
        reason text,
        before jsonb,
        after jsonb,
        details jsonb
      )`);
    await q.query(`CREATE INDEX audit_log_association_idx ON audit_log (association_id, id DESC)`);
    await q.query(`CREATE INDEX audit_log_target_idx ON audit_log (target_type, target_id, id DESC)`);
    await q.query(`CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, id DESC)`);
    await q.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the audit log is append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
    await q.query(`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_log`);
    await q.query(`DROP FUNCTION audit_log_append_only()`);
    await q.query(`DROP TABLE shop_suspensions`);
    await q.query(`DROP TABLE flags`);
    await q.query(`UPDATE listings SET status = 'archived' WHERE status IN ('hidden', 'suspended')`);
    await q.query(`ALTER TABLE listings DROP CONSTRAINT listings_status_check`);
    await q.query(`ALTER TABLE listings ADD CONSTRAINT listings_status_check
      CHECK (status IN ('draft', 'pending_review', 'published', 'rejected', 'archived'))`);
  }
}
