import { INestApplicationContext } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';

export interface TestApp {
  app: NestFastifyApplication;
  http: () => request.Agent;
  db: DataSource;
  close: () => Promise<void>;
}

/**
 * The real application (same module, same createApp as production) on this run's
 * database and Redis. `env` overrides variables for this test file only; it must be
 * called before anything imports the app module, which is why the imports are inside.
 */
export async function startApp(env: Record<string, string> = {}): Promise<TestApp> {
  Object.assign(process.env, env);
  const { AppModule } = await import('../../src/app.module');
  const { createApp } = await import('../../src/app.setup');
  const { validateEnvironment } = await import('../../src/config/environment');
  const app = await createApp(AppModule, validateEnvironment(process.env));
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const server = app.getHttpServer();
  return {
    app,
    http: () => request.agent(server),
    db: app.get(DataSource),
    close: () => app.close(),
  };
}

/** The worker (its module, as `node dist/worker.js` runs it) in this process, on the same environment as startApp. */
export async function startWorker(): Promise<INestApplicationContext> {
  const { NestFactory } = await import('@nestjs/core');
  const { WorkerModule } = await import('../../src/worker/worker.module');
  const worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
  await worker.init();
  return worker;
}
