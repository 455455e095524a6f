import { rmSync } from 'node:fs';
import Redis from 'ioredis';
import { Client } from 'pg';
import { ADMIN_URL, REDIS_URL, TestRun } from './test-run';

/** Drops the run's database, Redis keys and files (KEEP_TEST_DB=1 keeps them for a post-mortem). */
export default async function globalTeardown(): Promise<void> {
  const run: TestRun = JSON.parse(process.env.SHEBER_TEST_RUN!);
  if (process.env.KEEP_TEST_DB === '1') {
    console.log(`kept test database ${run.database}, Redis prefix ${run.redisPrefix}, storage ${run.storageDir}`);
    return;
  }
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    // The run's database, its template and the copies that isolated test files made.
    const { rows } = await admin.query(`SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`, [run.database, `${run.database}\\_%`]);
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  const redis = new Redis(REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${run.redisPrefix}*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  rmSync(run.storageDir, { recursive: true, force: true });
}
