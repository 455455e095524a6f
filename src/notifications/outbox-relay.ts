import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { Environment } from '../config/environment';
import { bullOptions, OutboxJobData, QUEUES, retriedJob } from '../worker/queues';

const BATCH = 200;
// Redis unreachable: give up on a batch after this long, roll back, and try again later.
const ADD_TIMEOUT_MS = 5_000;

/**
 * The outbox relay (in the worker): hands undispatched `outbox_events` rows to BullMQ
 * and marks them dispatched, in one transaction per batch. `FOR UPDATE SKIP LOCKED`
 * lets several workers relay at once, each row by one of them. The job id is the
 * outbox id, so a batch added to Redis whose commit then failed is not added twice.
 * While Redis is away, adds fail fast (no offline queue), the batch rolls back and the
 * rows wait; the relay warns once and keeps polling.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly queue: Queue;
  private loop: Promise<void> | null = null;
  private stopping = new AbortController();
  private redisDown = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ConfigService<Environment, true>,
  ) {
    const { connection, prefix } = bullOptions(config);
    this.queue = new Queue(QUEUES.notifications, { connection: { ...connection, enableOfflineQueue: false }, prefix });
    this.queue.on('error', () => undefined); // connection errors surface as failed adds, logged below
  }

  onApplicationBootstrap(): void {
    this.loop = this.run();
  }

  /** Stops before the database pool closes (onApplicationShutdown), finishing the batch in hand. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    await this.loop;
    await this.queue.close().catch(() => undefined);
  }

  private async run(): Promise<void> {
    const idleMs = this.config.get('OUTBOX_POLL_MS', { infer: true });
    while (!this.stopping.signal.aborted) {
      let relayed = 0;
      try {
        relayed = (await this.relayBatch()).length;
        if (this.redisDown) this.logger.log('Redis is back: relaying the outbox again');
        this.redisDown = false;
      } catch (error) {
        if (!this.redisDown) this.logger.warn(`Outbox rows wait: ${(error as Error).message}`);
        this.redisDown = true;
      }
      // A full batch means more are waiting: go on at once; otherwise poll.
      if (relayed < BATCH) await sleep(this.redisDown ? idleMs * 20 : idleMs, undefined, { signal: this.stopping.signal }).catch(() => undefined);
    }
  }

  /** Relays one batch; answers the ids of the rows it dispatched. */
  async relayBatch(limit = BATCH): Promise<string[]> {
    return this.dataSource.transaction(async (manager) => {
      const rows: { id: string; type: string; aggregate_type: string; aggregate_id: string; payload: Record<string, unknown>; created_at: Date }[] =
        await manager.query(
          `SELECT id, type, aggregate_type, aggregate_id, payload, created_at FROM outbox_events
            WHERE dispatched_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
          [limit],
        );
      if (!rows.length) return [];
      const jobs = rows.map((row) => {
        const data: OutboxJobData = {
          outboxId: row.id,
          type: row.type,
          aggregateType: row.aggregate_type,
          aggregateId: row.aggregate_id,
          payload: row.payload,
          createdAt: row.created_at.toISOString(),
        };
        return {
          name: row.type,
          data,
          opts: { ...retriedJob(this.config), jobId: `outbox-${row.id}` },
        };
      });
      await withTimeout(this.queue.addBulk(jobs), ADD_TIMEOUT_MS, 'Redis did not take the jobs');
      const ids = rows.map((r) => r.id);
      await manager.query(`UPDATE outbox_events SET dispatched_at = now() WHERE id = ANY($1::bigint[])`, [ids]);
      return ids;
    });
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
