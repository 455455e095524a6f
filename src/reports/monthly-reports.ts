import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { Currency } from '../common/money';
import { Environment } from '../config/environment';
import { recordEvent } from '../notifications/outbox';
import { CommissionReports } from './commission-report';
import { Period, REPORT_TIME_ZONE } from './period';

/**
 * On the 1st of each month (Almaty time, the worker's schedule), the previous month's
 * commission report of every association: its CSV written under STORAGE_DIR/reports, and a
 * `report.monthly_ready` event that e-mails it to the association's admins (attached) and
 * puts the figures in their inbox. `monthly_reports` holds one row per association and month,
 * so a retried or repeated run sends nothing twice.
 */
@Injectable()
export class MonthlyReports {
  private readonly logger = new Logger(MonthlyReports.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reports: CommissionReports,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  /** Sends the reports of the month before `now`; answers how many were sent now. */
  async run(now = new Date()): Promise<number> {
    const period = previousMonth(now);
    const associations: { id: string }[] = await this.dataSource.query(
      `SELECT a.id FROM associations a WHERE NOT EXISTS (SELECT 1 FROM monthly_reports m WHERE m.association_id = a.id AND m.month = $1) ORDER BY a.id`,
      [period.from],
    );
    let sent = 0;
    for (const { id } of associations) {
      const path = join(resolve(this.config.get('STORAGE_DIR', { infer: true })), 'reports', id, `commission-${period.from.slice(0, 7)}.csv`);
      const totals = await this.reports.writeCsv(id, period, path);
      const main = [...totals].sort((a, b) => b.gross.amount - a.gross.amount)[0];
      const currency = (main?.currency ?? this.config.get('DEFAULT_CURRENCY', { infer: true })) as Currency;
      const sentNow = await this.dataSource.transaction(async (manager) => {
        const inserted: unknown[] = await manager.query(
          `INSERT INTO monthly_reports (association_id, month, path) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING association_id`,
          [id, period.from, path],
        );
        if (!inserted.length) return false;
        await recordEvent(manager, 'report.monthly_ready', { type: 'association', id }, {
          associationId: id,
          from: period.from,
          to: period.to,
          path,
          sellerOrders: main?.sellerOrders ?? 0,
          gross: { amount: main?.gross.amount ?? 0, currency },
          commission: { amount: main?.commission.amount ?? 0, currency },
        });
        return true;
      });
      if (sentNow) sent++;
    }
    if (sent) this.logger.log(`monthly commission reports for ${period.from} – ${period.to}: ${sent} sent`);
    return sent;
  }
}

/** The calendar month before the one `now` falls in, in the report's time zone. */
export function previousMonth(now: Date): Period {
  const [year, month] = new Intl.DateTimeFormat('en-CA', { timeZone: REPORT_TIME_ZONE, year: 'numeric', month: '2-digit' }).format(now).split('-').map(Number);
  const y = month === 1 ? year - 1 : year;
  const m = month === 1 ? 12 : month - 1;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const mm = String(m).padStart(2, '0');
  return { from: `${y}-${mm}-01`, to: `${y}-${mm}-${String(last).padStart(2, '0')}` };
}
