import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Logger } from '@nestjs/common';
import { RedisErrorLog } from '../common/redis-error-log';

/**
 * A BullMQ processor that stops taking jobs and waits for its running ones before
 * anything they use shuts down (@nestjs/bullmq closes workers in onApplicationShutdown,
 * the same phase in which the database pool and the mail transport close), and that
 * logs Redis connection errors instead of dying of them (an 'error' event nobody
 * listens to would end the process; the worker reconnects by itself).
 */
export abstract class GracefulWorkerHost extends WorkerHost implements BeforeApplicationShutdown {
  private readonly redisErrors = new RedisErrorLog(new Logger(this.constructor.name));

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.close();
  }

  @OnWorkerEvent('error')
  onWorkerError(error: Error): void {
    this.redisErrors.report(error);
  }
}
