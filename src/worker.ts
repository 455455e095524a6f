import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { runEntryPoint } from './bootstrap';

// The worker: BullMQ processors and scheduled jobs. On SIGTERM it stops taking jobs
// and lets the running ones finish before it exits.
runEntryPoint('worker', async () => {
  const { WorkerModule } = await import('./worker/worker.module');
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.init();
  app.get(Logger).log('Sheber worker started');
});
