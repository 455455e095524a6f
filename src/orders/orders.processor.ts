import { InjectQueue, Processor } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Job, Queue } from 'bullmq';
import { Environment } from '../config/environment';
import { GracefulWorkerHost } from '../worker/graceful-worker-host';
import { ExpireOrderData, OrdersJob, OrdersJobName, QUEUES } from '../worker/queues';
import { OrderTimersService } from './order-timers.service';
import { PaymentOutcomesService } from './payment-outcomes.service';

/**
 * The order jobs in the worker: each order's delayed expiry, and the repeatable run of
 * the order clocks (missed expiries, shipping deadlines, auto-completion, refund retries).
 */
@Processor(QUEUES.orders)
export class OrdersProcessor extends GracefulWorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(OrdersProcessor.name);

  constructor(
    @InjectQueue(QUEUES.orders) private readonly queue: Queue,
    private readonly outcomes: PaymentOutcomesService,
    private readonly timers: OrderTimersService,
    private readonly config: ConfigService<Environment, true>,
  ) {
    super();
  }

  async onApplicationBootstrap() {
    const every = this.config.get('ORDER_TIMERS_EVERY_SECONDS', { infer: true }) * 1000;
    await this.queue.upsertJobScheduler(OrdersJob.Timers, { every }, { name: OrdersJob.Timers, opts: { removeOnComplete: 100, removeOnFail: 100 } });
  }

  async process(job: Job<unknown, unknown, OrdersJobName>): Promise<unknown> {
    switch (job.name) {
      case OrdersJob.ExpireOrder: {
        const { orderId } = job.data as ExpireOrderData;
        const result = await this.outcomes.expire(orderId);
        // Still being paid at the provider: BullMQ retries with backoff; the sweep is the backstop.
        if (result === 'processing') throw new Error(`payment of order ${orderId} is processing; expiry retried later`);
        return { result };
      }
      case OrdersJob.Timers: {
        const run = await this.timers.run();
        if (Object.values(run).some((n) => n > 0)) this.logger.log(`order timers: ${JSON.stringify(run)}`);
        return run;
      }
      default:
        throw new Error(`no handler for ${QUEUES.orders} job ${String(job.name)}`);
    }
  }
}
