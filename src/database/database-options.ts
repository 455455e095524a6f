import { DataSourceOptions } from 'typeorm';
import { SnakeNamingStrategy } from 'typeorm-naming-strategies';
import { join } from 'node:path';
import { TypeOrmLogger } from './typeorm-logger';

export interface DatabaseSettings {
  url: string;
  poolSize: number;
  slowQueryMs: number;
}

/**
 * The one TypeORM configuration, shared by the API, the worker, the CLI data source
 * and the tests. Schema changes go through migrations only: `synchronize` stays off.
 */
export function databaseOptions(settings: DatabaseSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    namingStrategy: new SnakeNamingStrategy(),
    entities: [join(__dirname, '..', '**', '*.entity.{ts,js}')],
    migrations: [join(__dirname, 'migrations', '*.{ts,js}')],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    maxQueryExecutionTime: settings.slowQueryMs || undefined,
    logging: ['error', 'warn', 'migration'],
    logger: new TypeOrmLogger(),
    extra: { max: settings.poolSize, application_name: 'sheber' },
  };
}
