import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AssociationsModule } from '../associations/associations.module';
import { CatalogModule } from '../catalog/catalog.module';
import { IdempotencyService } from '../common/idempotency';
import { Environment } from '../config/environment';
import { IdentityCoreModule } from '../identity/identity.module';
import { LedgerCoreModule } from '../ledger/ledger.module';
import { PaymentsModule } from '../payments/payments.module';
import { PayoutsCoreModule } from '../payouts/payouts.module';
import { bullOptions, QUEUES } from '../worker/queues';
import { CheckoutService } from './checkout.service';
import { DisputesService } from './disputes.service';
import { OrderJobs } from './order-jobs';
import { OrderTimersService } from './order-timers.service';
import { OrdersController } from './orders.controller';
import { OrdersQuery } from './orders.query';
import { OrdersService } from './orders.service';
import { PaymentOutcomesService } from './payment-outcomes.service';
import { PaymentsController } from './payments.controller';
import { RefundsService } from './refunds.service';

/** What both processes need: payment outcomes, refunds, expiry and the other order clocks. */
@Module({
  imports: [PaymentsModule, LedgerCoreModule, PayoutsCoreModule],
  providers: [PaymentOutcomesService, RefundsService, DisputesService, OrderTimersService],
  exports: [PaymentsModule, PaymentOutcomesService, RefundsService, OrderTimersService],
})
export class OrdersCoreModule {}

/** Checkout, orders, fulfilment and payment routes (the API). */
@Module({
  imports: [
    OrdersCoreModule,
    AssociationsModule,
    CatalogModule,
    IdentityCoreModule,
    // The API only adds jobs. Without an offline queue an add fails at once while Redis
    // is down instead of piling up in memory; the worker's sweep covers those orders.
    BullModule.registerQueueAsync({
      name: QUEUES.orders,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>) => {
        const { connection, prefix } = bullOptions(config);
        return { connection: { ...connection, enableOfflineQueue: false }, prefix };
      },
    }),
  ],
  controllers: [OrdersController, PaymentsController],
  providers: [CheckoutService, OrdersService, OrdersQuery, OrderJobs, IdempotencyService],
})
export class OrdersModule {}
