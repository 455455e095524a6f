import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { AssociationsModule } from './associations/associations.module';
import { CatalogModule } from './catalog/catalog.module';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { loggerParams } from './common/logging';
import { RateLimitModule } from './common/rate-limit';
import { RedisModule } from './common/redis.module';
import { AppConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { JwtAuthGuard, RolesGuard } from './identity/auth.guards';
import { IdentityModule } from './identity/identity.module';
import { LedgerModule } from './ledger/ledger.module';
import { ModerationModule } from './moderation/moderation.module';
import { PayoutsModule } from './payouts/payouts.module';
import { ReportsModule } from './reports/reports.module';
import { NotificationsModule } from './notifications/notifications.module';
import { OrdersModule } from './orders/orders.module';
import { QueueDashboardController } from './worker/queue-dashboard.controller';
import { bullOptions } from './worker/queues';
import { BullModule } from '@nestjs/bullmq';

/** The HTTP API. */
@Module({
  imports: [
    AppConfigModule,
    LoggerModule.forRootAsync({ inject: [ConfigService], useFactory: loggerParams }),
    DatabaseModule,
    RedisModule,
    RateLimitModule,
    HealthModule,
    IdentityModule,
    AssociationsModule,
    CatalogModule,
    ModerationModule,
    BullModule.forRootAsync({ inject: [ConfigService], useFactory: bullOptions }),
    OrdersModule,
    LedgerModule,
    PayoutsModule,
    ReportsModule,
    NotificationsModule,
  ],
  controllers: [QueueDashboardController],
  providers: [
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
    { provide: APP_FILTER, useClass: AllExceptionsFilter },
  ],
})
export class AppModule {}
