import { badRequest } from '../common/errors';

/** The associations' local time: a report's days run from midnight to midnight in Almaty. */
export const REPORT_TIME_ZONE = 'Asia/Almaty';

export interface Period {
  /** First day, YYYY-MM-DD (Almaty time), included. */
  from: string;
  /** Last day, YYYY-MM-DD, included. */
  to: string;
}

/** Days given, or this month so far (in the report's time zone); the first not after the last. */
export function periodOf(query: { from?: string; to?: string }, now = new Date()): Period {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: REPORT_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  const period = { from: query.from ?? `${today.slice(0, 8)}01`, to: query.to ?? today };
  if (period.from > period.to) throw badRequest('invalid_period', '`from` must not be after `to`');
  return period;
}

/**
 * SQL of the period's bounds as timestamps: [first day 00:00, the day after the last 00:00)
 * in the time zone. Parameters: first day, last day, time zone (their numbers given).
 */
export function boundsSql(from: string, to: string, zone: string): string {
  return `SELECT (${from}::date)::timestamp AT TIME ZONE ${zone} AS starts, (${to}::date + 1)::timestamp AT TIME ZONE ${zone} AS ends`;
}
