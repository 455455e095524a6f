import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { validateEnvironment } from '../config/environment';
import { databaseOptions } from './database-options';

// Used by the TypeORM CLI (`npm run db:migrate`, `migration:generate`) and the seed scripts.
const env = validateEnvironment(process.env);

export default new DataSource(
  databaseOptions({ url: env.DATABASE_URL, poolSize: 4, slowQueryMs: env.DATABASE_LOG_SLOW_MS }),
);
