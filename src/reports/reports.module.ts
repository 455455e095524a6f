import { Module } from '@nestjs/common';
import { CommissionReports } from './commission-report';
import { RegionsReports } from './regions-report';
import { ReportsController } from './reports.controller';

/** Reports read from the ledger: the associations' commission reports, sales by region and category. */
@Module({
  controllers: [ReportsController],
  providers: [CommissionReports, RegionsReports],
  exports: [CommissionReports],
})
export class ReportsModule {}
