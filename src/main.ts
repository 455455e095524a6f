import 'reflect-metadata';
import { ConfigService } from '@nestjs/config';
import { Logger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { createApp } from './app.setup';
import { closeOnSignals, runEntryPoint } from './bootstrap';
import { Environment } from './config/environment';
import { runMigrationsLocked } from './database/migrate';
import { UsersService } from './identity/users.service';

// The HTTP API: stateless, run as many replicas as needed behind a load balancer.
runEntryPoint('api', async () => {
  // Imported here so that a bad environment (validated while the module loads) is reported by runEntryPoint.
  const { AppModule } = await import('./app.module');
  const { validateEnvironment } = await import('./config/environment');
  const env = validateEnvironment(process.env);
  const app = await createApp(AppModule, env);
  const logger = app.get(Logger);
  const config = app.get<ConfigService<Environment, true>>(ConfigService);

  if (config.get('MIGRATIONS_RUN', { infer: true })) {
    const applied = await runMigrationsLocked(app.get(DataSource));
    if (applied.length) logger.log(`applied migrations: ${applied.join(', ')}`);
  }
  const adminEmail = config.get('BOOTSTRAP_ADMIN_EMAIL', { infer: true });
  const adminPassword = config.get('BOOTSTRAP_ADMIN_PASSWORD', { infer: true });
  if (adminEmail && adminPassword) await app.get(UsersService).ensureAdmin(adminEmail, adminPassword);

  closeOnSignals(app, (message) => logger.log(message));
  await app.listen(config.get('PORT', { infer: true }), config.get('HOST', { infer: true }));
  logger.log(`Sheber API listening on ${await app.getUrl()} (docs at /docs)`);
});
