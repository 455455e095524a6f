import { Logger as NestLogger } from '@nestjs/common';
import { Logger as TypeOrmLoggerInterface } from 'typeorm';

/**
 * TypeORM's messages through the application's logger (pino JSON lines), instead of
 * bare console output. Query parameters are never logged: they can hold e-mail
 * addresses or password hashes. A failed query is a warning, because the services
 * expect some (a unique key losing a race) and answer them; the exception filter
 * logs the ones that become 500s.
 */
export class TypeOrmLogger implements TypeOrmLoggerInterface {
  private readonly logger = new NestLogger('Database');

  logQuery(): void {}

  logQueryError(error: string | Error, query: string): void {
    this.logger.warn(`query failed: ${error instanceof Error ? error.message : error} -- ${oneLine(query)}`);
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn(`slow query (${time} ms): ${oneLine(query)}`);
  }

  logSchemaBuild(message: string): void {
    this.logger.log(message);
  }

  logMigration(message: string): void {
    this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
    else this.logger.log(String(message));
  }
}

const oneLine = (sql: string) => sql.replace(/\s+/g, ' ').trim().slice(0, 2000);
