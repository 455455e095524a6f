import { Controller, Get, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { FastifyReply } from 'fastify';
import { CurrentUser, Roles } from '../identity/auth.decorators';
import { AuthUser } from '../identity/roles';
import { CommissionReports } from './commission-report';
import { RegionsReport, RegionsReports } from './regions-report';
import { periodOf, REPORT_TIME_ZONE } from './period';

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

class PeriodQuery {
  @ApiPropertyOptional({ example: '2026-11-01', description: `first day, included (${REPORT_TIME_ZONE} time); default: the 1st of this month` })
  @IsOptional()
  @Matches(DAY, { message: 'from must be a day, YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-11-30', description: 'last day, included; default: today' })
  @IsOptional()
  @Matches(DAY, { message: 'to must be a day, YYYY-MM-DD' })
  to?: string;
}

const MONEY = { type: 'object', required: ['amount', 'currency'], properties: { amount: { type: 'integer', description: 'minor units' }, currency: { type: 'string', example: 'KZT' } } };
const PERIOD = { type: 'object', properties: { from: { type: 'string', format: 'date' }, to: { type: 'string', format: 'date' }, timeZone: { type: 'string' } } };
const SALES = {
  currency: { type: 'string' },
  sellerOrders: { type: 'integer' },
  gross: MONEY,
  refunds: MONEY,
  net: MONEY,
  commission: MONEY,
  platformFee: MONEY,
};
const COMMISSION_TOTALS = { type: 'object', properties: { ...SALES, paidOut: MONEY, owed: MONEY } };
const COMMISSION_REPORT = {
  type: 'object',
  properties: {
    association: { type: 'object', properties: { id: { type: 'string', format: 'uuid' }, name: { type: 'object', additionalProperties: { type: 'string' } } } },
    period: PERIOD,
    rows: { type: 'array', items: { type: 'object', properties: { shopId: { type: 'string', format: 'uuid' }, shopName: { type: 'string' }, ...COMMISSION_TOTALS.properties } } },
    totals: { type: 'array', description: 'per currency', items: COMMISSION_TOTALS },
  },
};
const REGIONS_REPORT = {
  type: 'object',
  properties: {
    period: PERIOD,
    regions: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          region: { type: 'string' },
          ...SALES,
          categories: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                category: { type: 'object', properties: { id: { type: 'string', format: 'uuid' }, slug: { type: 'string' }, name: { type: 'object', additionalProperties: { type: 'string' } } } },
                units: { type: 'integer' },
                goods: MONEY,
              },
            },
          },
        },
      },
    },
  },
};

class CommissionReportQuery extends PeriodQuery {
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

@ApiTags('reports')
@ApiBearerAuth()
@Controller()
export class ReportsController {
  constructor(
    private readonly commission: CommissionReports,
    private readonly regions: RegionsReports,
  ) {}

  @Roles('admin')
  @Get('admin/reports/regions')
  @ApiOperation({ summary: "Sales by the shops' region and by category: money from the ledger, goods from the order lines paid in the period" })
  @ApiOkResponse({ description: 'sales per region and currency, with the goods per category', schema: REGIONS_REPORT })
  regionsReport(@Query() query: PeriodQuery): Promise<RegionsReport> {
    return this.regions.report(periodOf(query));
  }

  @Roles('association_admin', 'admin')
  @Get('associations/:id/reports/commission')
  @ApiOperation({
    summary:
      'Per member shop: seller orders, gross sales, refunds, net sales, commission, platform fee, paid out, still owed; totals per currency. ' +
      'From the ledger. CSV: streamed, UTF-8 with BOM, amounts in major units.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    description: 'the report (JSON: amounts as {amount, currency} in minor units; CSV with format=csv)',
    content: { 'application/json': { schema: COMMISSION_REPORT }, 'text/csv': { schema: { type: 'string' } } },
  })
  async commissionReport(
    @CurrentUser() actor: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: CommissionReportQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const period = periodOf(query);
    if (query.format !== 'csv') return this.commission.json(actor, id, period);
    const csv = await this.commission.csv(actor, id, period);
    reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="commission-${id.slice(0, 8)}-${period.from}-${period.to}.csv"`);
    return csv;
  }
}
