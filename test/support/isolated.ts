import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { ADMIN_URL, TestRun } from './test-run';

/**
 * A database (a copy of the run's migrated template), Redis prefix and mail directory
 * of this test file's own, as environment overrides for startApp. For files that run a
 * worker: its outbox relay takes every undispatched row of its database, so two such
 * files sharing one would take each other's events. The global teardown drops the copies.
 */
export async function isolatedEnv(name: string): Promise<Record<string, string>> {
  const run: TestRun = JSON.parse(process.env.SHEBER_TEST_RUN!);
  const suffix = `${name}_${randomBytes(3).toString('hex')}`;
  const database = `${run.database}_${suffix}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${database} TEMPLATE ${run.template}`);
  } finally {
    await admin.end();
  }
  const url = new URL(run.databaseUrl);
  url.pathname = `/${database}`;
  return {
    DATABASE_URL: url.toString(),
    REDIS_PREFIX: `${run.redisPrefix}_${suffix}`,
    MAIL_DIR: mkdtempSync(join(run.storageDir, `mail-${name}-`)),
  };
}
