import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Catalogue search at 100,000 listings (see src/catalog/catalog.query.ts and `npm run bench`).
 *
 * - `title_vector`: the title part (weight A) of `search_vector` in a small column of its
 *   own, with its own GIN index. Relevance puts title matches first; with this column the
 *   test is a check of a ~250-byte value in the row (or, below, in the category index),
 *   not a weight-restricted match that must fetch each candidate's whole search_vector.
 * - A compact heap: rows of ~3 kB (search_vector ~1.8 kB, description ~0.8 kB) filled
 *   the heap with what a catalogue page never reads, so pages read in index order touched
 *   far more memory than they use. toast_tuple_target = 700 moves search_vector and the
 *   description out of line (lz4-compressed where the server has lz4), and STORAGE MAIN
 *   keeps the title and title_vector in the row: about 650 bytes a row, ~2.5× fewer heap
 *   pages. search_vector is still read from the GIN index without touching its value;
 *   fetching it costs a TOAST lookup only where a word must be checked on a row.
 *   Existing rows take the new layout in the table rewrite of the ADD COLUMN below.
 * - listings_published_category_idx also carries title_vector (INCLUDE), so the title
 *   test on a category's newest listings is answered by an index-only scan.
 * - (category_id, min_price, id): price order within a category.
 */
export class CatalogueIndexes1763856000000 implements MigrationInterface {
  name = 'CatalogueIndexes1763856000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE listings SET (toast_tuple_target = 700)`);
    await q.query(`ALTER TABLE listings ALTER COLUMN title SET STORAGE MAIN`);
    await q.query(`
      DO $$ BEGIN
        ALTER TABLE listings ALTER COLUMN search_vector SET COMPRESSION lz4;
      EXCEPTION WHEN feature_not_supported THEN
        RAISE NOTICE 'lz4 is not available in this server; search_vector stays pglz-compressed';
      END $$`);
    await q.query(`
      ALTER TABLE listings ADD COLUMN title_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', coalesce(title->>'kk', '') || ' ' || coalesce(title->>'ru', '') || ' ' || coalesce(title->>'en', '')), 'A') ||
        setweight(to_tsvector('russian', coalesce(title->>'ru', '')), 'A') ||
        setweight(to_tsvector('english', coalesce(title->>'en', '')), 'A')
      ) STORED`);
    await q.query(`ALTER TABLE listings ALTER COLUMN title_vector SET STORAGE MAIN`);
    await q.query(`CREATE INDEX listings_title_search_idx ON listings USING gin (title_vector) WHERE status = 'published'`);
    await q.query(`CREATE INDEX listings_published_category_price_idx ON listings (category_id, min_price, id) WHERE status = 'published'`);
    // The category's date order, now also carrying the title's words (see above).
    await q.query(`DROP INDEX listings_published_category_idx`);
    await q.query(
      `CREATE INDEX listings_published_category_idx ON listings (category_id, published_at DESC, id DESC) INCLUDE (title_vector) WHERE status = 'published'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX listings_published_category_idx`);
    await q.query(`CREATE INDEX listings_published_category_idx ON listings (category_id, published_at DESC, id DESC) WHERE status = 'published'`);
    await q.query(`DROP INDEX listings_published_category_price_idx`);
    await q.query(`DROP INDEX listings_title_search_idx`);
    await q.query(`ALTER TABLE listings DROP COLUMN title_vector`);
    await q.query(`ALTER TABLE listings ALTER COLUMN search_vector SET COMPRESSION default`);
    await q.query(`ALTER TABLE listings ALTER COLUMN title SET STORAGE EXTENDED`);
    await q.query(`ALTER TABLE listings RESET (toast_tuple_target)`);
  }
}
