import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The double-entry ledger. Every money movement is one journal entry whose postings sum
 * to zero per currency; the database holds it to that with a deferred constraint trigger
 * (checked at commit, once all of an entry's postings are in), and keeps entries and
 * postings append-only: UPDATE and DELETE fail, a correction is a new entry.
 * A posting's amount is signed: debit positive, credit negative.
 */
export class Ledger1764201600000 implements MigrationInterface {
  name = 'Ledger1764201600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ledger_accounts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        kind text NOT NULL CHECK (kind IN ('platform_cash', 'platform_revenue', 'refunds', 'maker_payable', 'association_payable')),
        owner_id uuid,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CHECK ((kind IN ('maker_payable', 'association_payable')) = (owner_id IS NOT NULL))
      )`);
    await q.query(`
      CREATE TABLE journal_entries (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        kind text NOT NULL,
        source_id uuid NOT NULL,
        order_id uuid,
        memo text,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT journal_entries_source_key UNIQUE (kind, source_id)
      )`);
    await q.query(`
      CREATE TABLE postings (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        entry_id bigint NOT NULL REFERENCES journal_entries(id),
        account_id uuid NOT NULL REFERENCES ledger_accounts(id),
        seller_order_id uuid,
        amount bigint NOT NULL CHECK (amount <> 0),
        currency char(3) NOT NULL
      )`);
    await q.query(`CREATE INDEX postings_entry_idx ON postings (entry_id)`);
    await q.query(`CREATE INDEX postings_account_idx ON postings (account_id, entry_id)`);
    await q.query(`CREATE INDEX postings_seller_order_idx ON postings (seller_order_id) WHERE seller_order_id IS NOT NULL`);

    // Balanced per currency, with at least two postings: checked at commit for each entry touched.
    await q.query(`
      CREATE FUNCTION ledger_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        bad record;
      BEGIN
        SELECT currency, sum(amount) AS total INTO bad FROM postings WHERE entry_id = NEW.entry_id GROUP BY currency HAVING sum(amount) <> 0 LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'journal entry % does not balance: % % left over', NEW.entry_id, bad.total, bad.currency USING ERRCODE = 'check_violation';
        END IF;
        IF (SELECT count(*) FROM postings WHERE entry_id = NEW.entry_id) < 2 THEN
          RAISE EXCEPTION 'journal entry % has fewer than two postings', NEW.entry_id USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER postings_balanced AFTER INSERT ON postings
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_entry_balanced()`);

    await q.query(`
      CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the ledger is append-only: % on % is not allowed (write a correcting entry)', TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of ['journal_entries', 'postings', 'ledger_accounts']) {
      await q.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION ledger_append_only()`);
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE postings`);
    await q.query(`DROP TABLE journal_entries`);
    await q.query(`DROP TABLE ledger_accounts`);
    await q.query(`DROP FUNCTION ledger_append_only()`);
    await q.query(`DROP FUNCTION ledger_entry_balanced()`);
  }
}
