import { InjectQueue, Processor } from '@nestjs/bullmq';
import { OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';
import { GracefulWorkerHost } from '../worker/graceful-worker-host';
import { QUEUES, ReportsJob } from '../worker/queues';
import { MonthlyReports } from './monthly-reports';
import { REPORT_TIME_ZONE } from './period';

/** The monthly commission reports, on the 1st at 06:00 Almaty time (one schedule however many workers). */
@Processor(QUEUES.reports)
export class ReportsProcessor extends GracefulWorkerHost implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(QUEUES.reports) private readonly queue: Queue,
    private readonly monthly: MonthlyReports,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      ReportsJob.Monthly,
      { pattern: '0 6 1 * *', tz: REPORT_TIME_ZONE },
      { name: ReportsJob.Monthly, opts: { attempts: 5, backoff: { type: 'exponential', delay: 60_000 }, removeOnComplete: 24, removeOnFail: 24 } },
    );
  }

  async process(): Promise<{ sent: number }> {
    return { sent: await this.monthly.run() };
  }
}
