import { InjectQueue } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Queue } from 'bullmq';
import { Environment } from '../config/environment';
import { OrdersProcessor } from '../orders/orders.processor';
import { PayoutsProcessor } from '../payouts/payouts.processor';
import { ReportsProcessor } from '../reports/reports.processor';
import { MaintenanceProcessor } from './maintenance.processor';
import { bullOptions, QUEUES } from './queues';

const CHECK_EVERY_MS = 5_000;

/**
 * Puts the worker's schedules back when Redis lost them. Each scheduled processor upserts
 * its job scheduler at start (onApplicationBootstrap); a Redis that restarts empty (no
 * persistence, a failover to a fresh replica, a FLUSHALL) forgets them, and without this
 * nothing would run on a schedule again until the worker restarted: not the sweep that
 * expires unpaid orders (whose own delayed jobs went with Redis too), not the payout runs.
 * A marker key is set next to the schedules; while it is there they are too. When it is
 * missing, every processor upserts its schedule again (idempotent, by key: N workers doing
 * it at once keep one schedule each) and the marker is set.
 */
@Injectable()
export class ScheduleKeeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ScheduleKeeper.name);
  private readonly marker: string;
  private timer: NodeJS.Timeout | null = null;
  private checking: Promise<unknown> | null = null;

  constructor(
    @InjectQueue(QUEUES.maintenance) private readonly queue: Queue,
    private readonly maintenance: MaintenanceProcessor,
    private readonly orders: OrdersProcessor,
    private readonly payouts: PayoutsProcessor,
    private readonly reports: ReportsProcessor,
    config: ConfigService<Environment, true>,
  ) {
    this.marker = `${bullOptions(config).prefix}:schedules-installed`;
  }

  async onApplicationBootstrap(): Promise<void> {
    // The processors install their schedules in this same phase; the marker says so from now on.
    await (await this.queue.client).set(this.marker, new Date().toISOString());
    this.timer = setInterval(() => {
      this.checking ??= this.check().finally(() => (this.checking = null));
    }, CHECK_EVERY_MS);
    this.timer.unref();
  }

  /** Stops checking. A check in hand is not awaited: with Redis away it would wait for Redis, and hold up the shutdown. */
  beforeApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Reinstalls the schedules if Redis no longer has the marker; while Redis is away, waits for it (or fails, and the next check tries). */
  async check(): Promise<boolean> {
    try {
      const client = await this.queue.client;
      if ((await client.get(this.marker)) !== null) return false;
      this.logger.warn('Redis lost the job schedules (restarted empty?): installing them again');
      for (const processor of [this.maintenance, this.orders, this.payouts, this.reports]) await processor.onApplicationBootstrap();
      await client.set(this.marker, new Date().toISOString());
      return true;
    } catch (error) {
      this.logger.warn(`Schedules not checked: ${(error as Error).message}`);
      return false;
    }
  }
}
