import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { LoggerModule } from 'nestjs-pino';
import { IdempotencyService } from '../common/idempotency';
import { loggerParams } from '../common/logging';
import { AppConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { IdentityCoreModule } from '../identity/identity.module';
import { Mailer } from '../notifications/mailer';
import { NotificationDeliveriesProcessor, NotificationEventsProcessor } from '../notifications/notifications.processor';
import { NotificationDelivery } from '../notifications/notification-delivery';
import { OutboxRelay } from '../notifications/outbox-relay';
import { RecipientsPlanner } from '../notifications/recipients';
import { OrdersCoreModule } from '../orders/orders.module';
import { OrdersProcessor } from '../orders/orders.processor';
import { PayoutsCoreModule } from '../payouts/payouts.module';
import { PayoutsProcessor } from '../payouts/payouts.processor';
import { ReportsCoreModule } from '../reports/reports.module';
import { ReportsProcessor } from '../reports/reports.processor';
import { MaintenanceProcessor } from './maintenance.processor';
import { QueueErrors } from './queue-errors';
import { ScheduleKeeper } from './schedule-keeper';
import { bullOptions, QUEUES } from './queues';

/** The worker process: BullMQ processors and scheduled jobs (run N replicas; BullMQ spreads the jobs). */
@Module({
  imports: [
    AppConfigModule,
    LoggerModule.forRootAsync({ inject: [ConfigService], useFactory: loggerParams }),
    DatabaseModule,
    BullModule.forRootAsync({ inject: [ConfigService], useFactory: bullOptions }),
    BullModule.registerQueue({ name: QUEUES.maintenance }, { name: QUEUES.orders }, { name: QUEUES.notifications }, { name: QUEUES.deliveries }, { name: QUEUES.payouts }, { name: QUEUES.reports }),
    IdentityCoreModule,
    OrdersCoreModule,
    PayoutsCoreModule,
    ReportsCoreModule,
  ],
  providers: [MaintenanceProcessor, OrdersProcessor, IdempotencyService, OutboxRelay, RecipientsPlanner, Mailer, NotificationDelivery, NotificationEventsProcessor, NotificationDeliveriesProcessor, PayoutsProcessor, ReportsProcessor, QueueErrors, ScheduleKeeper],
})
export class WorkerModule {}
