import { TestRun } from './test-run';

// Every e2e worker talks to this run's database, Redis prefix and storage directory.
const run: TestRun = JSON.parse(process.env.SHEBER_TEST_RUN ?? 'null');
if (!run) throw new Error('SHEBER_TEST_RUN is not set: run e2e tests through jest (npm test)');

Object.assign(process.env, {
  NODE_ENV: 'test',
  LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
  DATABASE_URL: run.databaseUrl,
  DATABASE_POOL_SIZE: '5',
  REDIS_URL: process.env.TEST_REDIS_URL,
  REDIS_PREFIX: run.redisPrefix,
  STORAGE_DIR: run.storageDir,
  MAIL_DIR: `${run.storageDir}/mail`,
  SMTP_URL: '',
  MIGRATIONS_RUN: 'false',
  // Tests sign in many times from one address; the rate-limit tests set their own limits.
  LOGIN_THROTTLE_LIMIT: '100000',
  SEARCH_THROTTLE_LIMIT: '100000',
  CHECKOUT_THROTTLE_LIMIT: '100000',
  // The checkout suite orders 50 and 99 units of one listing (item count, stock checks): the
  // per-listing cap up to the DTO's own line maximum. The unpaid-order cap keeps its default;
  // test/e2e/security/api6-business-flows.e2e-spec.ts sets small caps of its own.
  ORDER_MAX_QUANTITY_PER_LISTING: '1000',
});
