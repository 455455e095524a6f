import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { validateEnvironment } from '../config/environment';
import { databaseOptions } from './database-options';

import { existsSync } from 'node:fs';

// Used by the TypeORM CLI (`npm run db:migrate`, `migration:generate`). Reads `.env` like
// the API does; variables already in the environment win.
if (process.env.NODE_ENV !== 'test' && existsSync('.env')) process.loadEnvFile('.env');
const env = validateEnvironment(process.env);

export default new DataSource(
  databaseOptions({ url: env.DATABASE_URL, poolSize: 4, slowQueryMs: env.DATABASE_LOG_SLOW_MS }),
);
