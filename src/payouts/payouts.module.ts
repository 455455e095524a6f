import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { LedgerCoreModule } from '../ledger/ledger.module';
import { PaymentsModule } from '../payments/payments.module';
import { PayoutAccountsService } from './payout-accounts.service';
import { PayoutsController } from './payouts.controller';
import { PayoutsService } from './payouts.service';

/** Payout runs (both processes: the worker on its schedule, the API on an admin's request). */
@Module({
  imports: [PaymentsModule, LedgerCoreModule],
  providers: [PayoutsService],
  exports: [PayoutsService],
})
export class PayoutsCoreModule {}

/** Payout accounts (Stripe Connect onboarding), payouts and the admin's payout routes (the API). */
@Module({
  imports: [PayoutsCoreModule, PaymentsModule, CatalogModule],
  controllers: [PayoutsController],
  providers: [PayoutAccountsService],
})
export class PayoutsModule {}
