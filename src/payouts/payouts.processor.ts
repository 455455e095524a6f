import { InjectQueue, Processor } from '@nestjs/bullmq';
import { OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Queue } from 'bullmq';
import { Environment } from '../config/environment';
import { GracefulWorkerHost } from '../worker/graceful-worker-host';
import { PayoutsJob, QUEUES } from '../worker/queues';
import { PayoutRunResult, PayoutsService } from './payouts.service';

/** The payout run on its schedule (upserted by key: N workers keep one schedule; runs never overlap in one worker). */
@Processor(QUEUES.payouts)
export class PayoutsProcessor extends GracefulWorkerHost implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(QUEUES.payouts) private readonly queue: Queue,
    private readonly payouts: PayoutsService,
    private readonly config: ConfigService<Environment, true>,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    const every = this.config.get('PAYOUT_RUN_EVERY_MINUTES', { infer: true }) * 60_000;
    await this.queue.upsertJobScheduler(PayoutsJob.Run, { every }, { name: PayoutsJob.Run, opts: { removeOnComplete: 100, removeOnFail: 100 } });
  }

  async process(): Promise<{ payouts: number; pending: number }> {
    const result: PayoutRunResult = await this.payouts.run();
    return { payouts: result.payouts.length, pending: result.pending };
  }
}
