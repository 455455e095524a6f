import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { RedisErrorLog } from '../common/redis-error-log';
import { ExpireOrderData, OrdersJob, QUEUES } from '../worker/queues';
import { Order } from './order.entity';

/**
 * The API's side of the order jobs: a delayed job per order, due at its expiry. It is
 * a promptness measure, not the guarantee: when Redis is unreachable the order is still
 * placed, and the worker's periodic sweep expires it (OrderTimersService).
 */
@Injectable()
export class OrderJobs {
  private readonly logger = new Logger(OrderJobs.name);

  constructor(@InjectQueue(QUEUES.orders) private readonly queue: Queue) {
    // Unheard, a connection error would end the process; adds fail on their own (below).
    const errors = new RedisErrorLog(this.logger);
    this.queue.on('error', (error) => errors.report(error));
  }

  scheduleExpiry(order: Pick<Order, 'id' | 'expiresAt'>): void {
    const data: ExpireOrderData = { orderId: order.id };
    this.queue
      .add(OrdersJob.ExpireOrder, data, {
        jobId: `expire-${order.id}`,
        delay: Math.max(0, order.expiresAt.getTime() - Date.now()),
        attempts: 8,
        backoff: { type: 'exponential', delay: 5_000 },
        removeOnComplete: true,
        removeOnFail: 1_000,
      })
      .catch((error: Error) => this.logger.warn(`Expiry of order ${order.id} not scheduled (${error.message}); the sweep will expire it`));
  }
}
