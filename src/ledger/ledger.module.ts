import { Module } from '@nestjs/common';
import { LedgerController } from './ledger.controller';
import { LedgerService } from './ledger.service';

/** The ledger's service, for the modules whose changes move money (both processes). */
@Module({
  providers: [LedgerService],
  exports: [LedgerService],
})
export class LedgerCoreModule {}

/** The ledger's admin routes (the API). */
@Module({
  imports: [LedgerCoreModule],
  controllers: [LedgerController],
})
export class LedgerModule {}
