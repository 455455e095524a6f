import { Module } from '@nestjs/common';
import { CommissionReports } from './commission-report';
import { MonthlyReports } from './monthly-reports';
import { RegionsReports } from './regions-report';
import { ReportsController } from './reports.controller';

/** The commission reports and the monthly job that sends them (both processes). */
@Module({
  providers: [CommissionReports, MonthlyReports],
  exports: [CommissionReports, MonthlyReports],
})
export class ReportsCoreModule {}

/** Report routes (the API): the associations' commission reports, sales by region and category. */
@Module({
  imports: [ReportsCoreModule],
  controllers: [ReportsController],
  providers: [RegionsReports],
})
export class ReportsModule {}
