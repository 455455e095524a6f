import { Module } from '@nestjs/common';
import { CommissionReports } from './commission-report';
import { ReportsController } from './reports.controller';

/** Reports read from the ledger: the associations' commission reports. */
@Module({
  controllers: [ReportsController],
  providers: [CommissionReports],
  exports: [CommissionReports],
})
export class ReportsModule {}
