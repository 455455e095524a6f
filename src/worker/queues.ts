import { ConfigService } from '@nestjs/config';
import { RedisOptions } from 'ioredis';
import { Environment } from '../config/environment';

/** Every queue and its job names: typed, so that a job without a handler cannot be enqueued. */
export const QUEUES = {
  maintenance: 'maintenance',
  orders: 'orders',
  /** Relayed outbox events, each planned into its deliveries. */
  notifications: 'notifications',
  /** One job per (event, recipient, channel): a queue of its own, so that a burst of events does not hold up the deliveries. */
  deliveries: 'notification-deliveries',
  payouts: 'payouts',
  reports: 'reports',
} as const;

export const MaintenanceJob = {
  PurgeRefreshTokens: 'purge-refresh-tokens',
  PurgeIdempotencyKeys: 'purge-idempotency-keys',
} as const;
export type MaintenanceJobName = (typeof MaintenanceJob)[keyof typeof MaintenanceJob];

export const OrdersJob = {
  /** Delayed to the order's expiry; job id `expire-<orderId>`. */
  ExpireOrder: 'expire-order',
  /** Repeatable: expiries that were missed, shipping deadlines, auto-completion, refunds to retry. */
  Timers: 'order-timers',
} as const;
export type OrdersJobName = (typeof OrdersJob)[keyof typeof OrdersJob];
export interface ExpireOrderData {
  orderId: string;
}

export const PayoutsJob = {
  /** Repeatable (PAYOUT_RUN_EVERY_MINUTES), and on demand from POST /admin/payouts/run. */
  Run: 'payout-run',
} as const;

export const ReportsJob = {
  /** Repeatable: the 1st of each month, 06:00 Almaty time. */
  Monthly: 'monthly-commission-reports',
} as const;

/** A domain event relayed from the outbox (job name = event type, job id = `outbox-<id>`). */
export interface OutboxJobData {
  outboxId: string;
  type: string;
  aggregateType: string;
  aggregateId: string;
  payload: Record<string, unknown>;
  createdAt: string;
}

/** One notification to deliver: job id `deliver-<outboxId>-<userId>-<channel>`. */
export interface DeliverJobData {
  outboxId: string;
  userId: string;
  channel: 'in_app' | 'email';
  locale: 'kk' | 'ru' | 'en';
  data: Record<string, unknown> & { kind: string };
}

export const DeliveriesJob = { Deliver: 'deliver' } as const;

/**
 * Retries of a job that must not be lost: 5 attempts with exponential backoff from
 * `NOTIFICATION_BACKOFF_MS`, then BullMQ's failed set, kept 30 days for an admin to see
 * and retry at /admin/queues.
 */
export function retriedJob(config: ConfigService<Environment, true>) {
  return {
    attempts: 5,
    backoff: { type: 'exponential', delay: config.get('NOTIFICATION_BACKOFF_MS', { infer: true }) },
    removeOnComplete: 1_000,
    removeOnFail: { age: 30 * 24 * 3600 },
  };
}

/**
 * How soon a job whose worker died (SIGKILL, OOM, a lost host) runs again. BullMQ holds
 * an active job under a lock its worker renews every lockDuration / 2; once the lock has
 * lapsed, the next stalled-job check (every stalledInterval) puts the job back to wait.
 * Its defaults (30 s and 30 s) leave a killed worker's deliveries undone for up to a minute
 * after it restarted. A job stalled more than maxStalledCount times is failed (kept for an
 * admin at /admin/queues): a few crashes in a row are tolerated, a job that kills every
 * worker that takes it is not retried for ever.
 */
export const CRASH_RECOVERY = { lockDuration: 10_000, stalledInterval: 5_000, maxStalledCount: 3 } as const;

/** BullMQ's connection and key prefix (a per-deployment namespace in a shared Redis). */
export function bullOptions(config: ConfigService<Environment, true>) {
  const url = new URL(config.get('REDIS_URL', { infer: true }));
  const connection: RedisOptions = {
    host: url.hostname,
    port: Number(url.port || 6379),
    username: url.username || undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : undefined,
    tls: url.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
  };
  return { connection, prefix: `${config.get('REDIS_PREFIX', { infer: true })}:bull` };
}
