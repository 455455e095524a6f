import { InjectQueue, Processor } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Job, Queue } from 'bullmq';
import { Environment } from '../config/environment';
import { GracefulWorkerHost } from '../worker/graceful-worker-host';
import { CRASH_RECOVERY, DeliverJobData, DeliveriesJob, OutboxJobData, QUEUES, retriedJob } from '../worker/queues';
import { Channel } from './notification.entity';
import { NotificationDelivery } from './notification-delivery';
import { RecipientsPlanner } from './recipients';

const CHANNELS: Channel[] = ['in_app', 'email'];

/**
 * Relayed outbox events (job name = event type): each is planned into one delivery job
 * per (event, recipient, channel), with that as its job id, so that planning an event
 * twice adds nothing twice.
 */
@Processor(QUEUES.notifications, { concurrency: 4, ...CRASH_RECOVERY })
export class NotificationEventsProcessor extends GracefulWorkerHost {
  private readonly logger = new Logger(NotificationEventsProcessor.name);

  constructor(
    @InjectQueue(QUEUES.deliveries) private readonly deliveries: Queue,
    private readonly planner: RecipientsPlanner,
    private readonly config: ConfigService<Environment, true>,
  ) {
    super();
  }

  async process(job: Job<OutboxJobData>): Promise<{ recipients: number }> {
    const event = job.data;
    const recipients = await this.planner.plan(event);
    const options = retriedJob(this.config);
    await this.deliveries.addBulk(
      recipients.flatMap((r) =>
        CHANNELS.map((channel) => {
          const data: DeliverJobData = { outboxId: event.outboxId, userId: r.userId, channel, locale: r.locale, data: r.data as DeliverJobData['data'] };
          return { name: DeliveriesJob.Deliver, data, opts: { ...options, jobId: `deliver-${event.outboxId}-${r.userId}-${channel}` } };
        }),
      ),
    );
    if (recipients.length) this.logger.debug(`${event.type} #${event.outboxId}: ${recipients.length} recipients`);
    return { recipients: recipients.length };
  }
}

/**
 * Delivery jobs: each renders the message in the recipient's language and delivers it
 * under its unique key, so that a retried or duplicated job never delivers twice. After 5
 * attempts a job stays in the failed set, for an admin to see and retry at /admin/queues.
 * On shutdown the running deliveries finish first; after a crash they run again within
 * seconds (CRASH_RECOVERY), and deliver nothing twice.
 */
@Processor(QUEUES.deliveries, { concurrency: 8, ...CRASH_RECOVERY })
export class NotificationDeliveriesProcessor extends GracefulWorkerHost {
  constructor(private readonly delivery: NotificationDelivery) {
    super();
  }

  async process(job: Job<DeliverJobData>): Promise<{ delivered: boolean }> {
    return { delivered: await this.delivery.deliver(job.data) };
  }
}
