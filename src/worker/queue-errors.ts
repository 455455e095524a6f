import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { RedisErrorLog } from '../common/redis-error-log';
import { QUEUES } from './queues';

/**
 * Listens for the connection errors of the worker's queues. Unheard, an 'error' event
 * (Redis gone, or a connection closed while starting or stopping) ends the process;
 * BullMQ reconnects by itself, so a log line is all it needs.
 */
@Injectable()
export class QueueErrors {
  constructor(
    @InjectQueue(QUEUES.maintenance) maintenance: Queue,
    @InjectQueue(QUEUES.orders) orders: Queue,
    @InjectQueue(QUEUES.notifications) notifications: Queue,
    @InjectQueue(QUEUES.deliveries) deliveries: Queue,
    @InjectQueue(QUEUES.payouts) payouts: Queue,
    @InjectQueue(QUEUES.reports) reports: Queue,
  ) {
    for (const queue of [maintenance, orders, notifications, deliveries, payouts, reports]) {
      const errors = new RedisErrorLog(new Logger(`Queue ${queue.name}`));
      queue.on('error', (error) => errors.report(error));
    }
  }
}
