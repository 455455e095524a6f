import { InjectQueue, Processor } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { GracefulWorkerHost } from './graceful-worker-host';
import { IdempotencyService } from '../common/idempotency';
import { AuthService } from '../identity/auth.service';
import { MaintenanceJob, MaintenanceJobName, QUEUES } from './queues';

const SIX_HOURS = 6 * 60 * 60 * 1000;

/** Housekeeping on a schedule: the job scheduler is upserted, so N workers keep one schedule. */
@Processor(QUEUES.maintenance)
export class MaintenanceProcessor extends GracefulWorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(MaintenanceProcessor.name);

  constructor(
    @InjectQueue(QUEUES.maintenance) private readonly queue: Queue,
    private readonly auth: AuthService,
    private readonly idempotency: IdempotencyService,
  ) {
    super();
  }

  async onApplicationBootstrap() {
    await this.queue.upsertJobScheduler(MaintenanceJob.PurgeRefreshTokens, { every: SIX_HOURS }, { name: MaintenanceJob.PurgeRefreshTokens });
    await this.queue.upsertJobScheduler(MaintenanceJob.PurgeIdempotencyKeys, { every: SIX_HOURS }, { name: MaintenanceJob.PurgeIdempotencyKeys });
  }

  async process(job: Job<unknown, unknown, MaintenanceJobName>): Promise<unknown> {
    switch (job.name) {
      case MaintenanceJob.PurgeRefreshTokens: {
        const purged = await this.auth.purgeExpiredRefreshTokens();
        this.logger.log(`purged ${purged} dead refresh tokens`);
        return { purged };
      }
      case MaintenanceJob.PurgeIdempotencyKeys: {
        const purged = await this.idempotency.purgeOlderThan(24);
        this.logger.log(`purged ${purged} idempotency keys older than a day`);
        return { purged };
      }
      default:
        throw new Error(`no handler for ${QUEUES.maintenance} job ${String(job.name)}`);
    }
  }
}
