import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { databaseOptions } from '../../src/database/database-options';
import { runMigrationsLocked } from '../../src/database/migrate';
import { ADMIN_URL, REDIS_URL, TestRun } from './test-run';

/**
 * Once per `npm test`: a fresh database with every migration applied, a Redis key
 * prefix and a storage directory of its own, handed to the test workers through
 * the environment.
 */
export default async function globalSetup(): Promise<void> {
  const stamp = `${Date.now().toString(36)}_${process.pid}`;
  const database = `sheber_test_${stamp}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${database}`);
  } finally {
    await admin.end();
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  const run: TestRun = {
    databaseUrl: url.toString(),
    database,
    template: `${database}_template`,
    redisPrefix: `sheber_test_${stamp}`,
    storageDir: mkdtempSync(join(tmpdir(), 'sheber-storage-')),
  };

  const dataSource = new DataSource(databaseOptions({ url: run.databaseUrl, poolSize: 2, slowQueryMs: 0 }));
  await dataSource.initialize();
  try {
    await runMigrationsLocked(dataSource);
  } finally {
    await dataSource.destroy();
  }
  const copier = new Client({ connectionString: ADMIN_URL });
  await copier.connect();
  try {
    await copier.query(`CREATE DATABASE ${run.template} TEMPLATE ${database}`);
  } finally {
    await copier.end();
  }

  process.env.SHEBER_TEST_RUN = JSON.stringify(run);
  process.env.TEST_REDIS_URL = REDIS_URL;
}
