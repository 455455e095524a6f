import { Global, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { Environment, validateEnvironment } from './environment';

/** Typed access: `config.get('PORT', { infer: true })`. */
export type AppConfig = ConfigService<Environment, true>;

/** Loads `.env` (if present) over defaults and validates the environment once, at start. */
@Global()
@Module({
  imports: [
    ConfigModule.forRoot({
      isGlobal: true,
      cache: true,
      ignoreEnvFile: process.env.NODE_ENV === 'test',
      validate: validateEnvironment,
    }),
  ],
})
export class AppConfigModule {}
