import { DataSource } from 'typeorm';

// Any constant works; it only has to be the same in every process that migrates.
const MIGRATION_LOCK_KEY = 7_351_001;

/**
 * Applies pending migrations while holding a PostgreSQL advisory lock, so that
 * several API replicas starting at once migrate one after the other, not together.
 * Returns the names of the migrations it applied.
 */
export async function runMigrationsLocked(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}
