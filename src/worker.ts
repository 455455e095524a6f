import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { closeOnSignals, runEntryPoint } from './bootstrap';

// The worker: BullMQ processors and scheduled jobs. On SIGTERM it stops taking jobs
// and lets the running ones finish before it exits.
runEntryPoint('worker', async () => {
  const { WorkerModule } = await import('./worker/worker.module');
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true, abortOnError: false });
  const logger = app.get(Logger);
  app.useLogger(logger);
  closeOnSignals(app, (message) => logger.log(message));
  await app.init();
  logger.log('Sheber worker started');
});
