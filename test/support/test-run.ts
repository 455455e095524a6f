import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where a test run keeps its names: one database, Redis prefix and storage directory per run. */
export const RUN_FILE = join(tmpdir(), `sheber-test-run-${process.ppid}-${process.pid}.json`);

export interface TestRun {
  databaseUrl: string;
  database: string;
  /** The migrated, empty database that test files wanting a database of their own copy (see isolated.ts). */
  template: string;
  redisPrefix: string;
  storageDir: string;
}

export const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
