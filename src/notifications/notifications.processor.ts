import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { DeliverJobData, NotificationsJob, OutboxJobData, QUEUES } from '../worker/queues';
import { NotificationsService } from './notifications.service';
import { RecipientsPlanner } from './recipients';

const DELIVERY_OPTIONS = { attempts: 5, backoff: { type: 'exponential', delay: 2_000 }, removeOnComplete: 1_000, removeOnFail: false };

/**
 * The notifications queue. A relayed outbox event fans out into one job per
 * (event, recipient, channel), with that as its job id; a delivery job renders the
 * message in the recipient's language and records it under the same unique key, so a
 * retried or duplicated job never delivers twice. Failed jobs stay in BullMQ's failed
 * set after 5 attempts.
 */
@Processor(QUEUES.notifications)
export class NotificationsProcessor extends WorkerHost {
  private readonly logger = new Logger(NotificationsProcessor.name);

  constructor(
    @InjectQueue(QUEUES.notifications) private readonly queue: Queue,
    private readonly planner: RecipientsPlanner,
    private readonly notifications: NotificationsService,
  ) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    if (job.name === NotificationsJob.Deliver) {
      const delivered = await this.notifications.deliverInApp(job.data as DeliverJobData);
      return { delivered };
    }
    const event = job.data as OutboxJobData;
    const recipients = await this.planner.plan(event);
    await this.queue.addBulk(
      recipients.map((r) => {
        const data: DeliverJobData = { outboxId: event.outboxId, userId: r.userId, channel: 'in_app', locale: r.locale, data: r.data as DeliverJobData['data'] };
        return { name: NotificationsJob.Deliver, data, opts: { ...DELIVERY_OPTIONS, jobId: `deliver-${event.outboxId}-${r.userId}-in_app` } };
      }),
    );
    if (recipients.length) this.logger.debug(`${event.type} #${event.outboxId}: ${recipients.length} notifications`);
    return { recipients: recipients.length };
  }
}
