import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource, EntityManager } from 'typeorm';
import { badRequest, conflict, unprocessable } from './errors';
import { IdempotencyRecord } from './idempotency-record.entity';

export interface StoredResponse {
  status: number;
  body: string;
}

export interface IdempotentOperation {
  /** The database part, in the transaction that also claims the key: creates the resource with this id. */
  create(manager: EntityManager, resourceId: string): Promise<void>;
  /**
   * What follows the commit (a provider call, building the answer). Must be safe to run
   * again for the same resource: it runs again when a retry finds the first attempt
   * unfinished (a crash, a timeout of the provider).
   */
  finish(resourceId: string): Promise<StoredResponse>;
}

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
// Longer than a finish can take (the provider's timeout × its retries); a crashed holder's lease lapses after it.
const LEASE_SECONDS = 120;
// A second request with the key waits this long for the first one's answer, then is told to retry (409).
const WAIT_FOR_FIRST_MS = 10_000;

/**
 * `Idempotency-Key` for POSTs that create something. Per user and scope, the first
 * request claims the key in the same transaction that creates the resource, so that
 * two requests racing with one key create one resource. Its answer is stored and
 * replayed byte for byte; the same key with another body is a 422. A request that
 * failed before creating anything (validation, no stock) leaves the key unused.
 */
@Injectable()
export class IdempotencyService {
  private readonly logger = new Logger(IdempotencyService.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async run(userId: string, scope: string, key: string | undefined, body: unknown, op: IdempotentOperation): Promise<StoredResponse> {
    checkKey(key);
    const requestHash = hashRequest(body);
    const resourceId = randomUUID();
    const claimed = await this.dataSource.transaction(async (manager) => {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO idempotency_records (user_id, scope, key, request_hash, resource_id, leased_until)
         VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6))
         ON CONFLICT DO NOTHING RETURNING key`,
        [userId, scope, key, requestHash, resourceId, LEASE_SECONDS],
      );
      if (!inserted.length) return null;
      await op.create(manager, resourceId);
      return resourceId;
    });
    if (claimed) return this.complete(userId, scope, key!, claimed, op);

    // Someone used the key before: the first request has committed (the INSERT waited for it).
    const deadline = Date.now() + WAIT_FOR_FIRST_MS;
    for (;;) {
      const record = await this.find(userId, scope, key!);
      if (!record) return this.run(userId, scope, key, body, op); // it was rolled back: the key is free again
      if (record.requestHash !== requestHash) {
        throw unprocessable('idempotency_key_reused', 'This Idempotency-Key was used with a different request body');
      }
      if (record.completedAt) return { status: record.responseStatus!, body: record.responseBody! };
      if (record.resourceId && (await this.takeLease(userId, scope, key!))) return this.complete(userId, scope, key!, record.resourceId, op);
      if (Date.now() >= deadline) {
        throw conflict('idempotency_in_progress', 'A request with this Idempotency-Key is still being processed; retry shortly');
      }
      await sleep(50);
    }
  }

  /** Runs `finish` (holding the lease) and stores its answer; if another request stored one first, that one is the answer. */
  private async complete(userId: string, scope: string, key: string, resourceId: string, op: IdempotentOperation): Promise<StoredResponse> {
    let response: StoredResponse;
    try {
      response = await op.finish(resourceId);
    } catch (error) {
      // Give the key back at once: a retry resumes instead of waiting for a lease nobody holds.
      await this.dataSource
        .query(`UPDATE idempotency_records SET leased_until = NULL WHERE user_id = $1 AND scope = $2 AND key = $3`, [userId, scope, key])
        .catch(() => undefined);
      throw error;
    }
    // UPDATE … RETURNING through TypeORM answers [rows, affected].
    const [stored] = (await this.dataSource.query(
      `UPDATE idempotency_records SET response_status = $4, response_body = $5, completed_at = now(), leased_until = NULL
        WHERE user_id = $1 AND scope = $2 AND key = $3 AND completed_at IS NULL
        RETURNING response_status, response_body`,
      [userId, scope, key, response.status, response.body],
    )) as [unknown[], number];
    if (stored.length) return response;
    const record = await this.find(userId, scope, key);
    this.logger.debug(`Idempotency-Key ${key} was completed by a concurrent request`);
    return { status: record!.responseStatus!, body: record!.responseBody! };
  }

  /** Takes over an unfinished key whose holder gave up or whose lease lapsed; true if this request now holds it. */
  private async takeLease(userId: string, scope: string, key: string): Promise<boolean> {
    const [taken] = (await this.dataSource.query(
      `UPDATE idempotency_records SET leased_until = now() + make_interval(secs => $4)
        WHERE user_id = $1 AND scope = $2 AND key = $3 AND completed_at IS NULL
          AND (leased_until IS NULL OR leased_until < now())
        RETURNING key`,
      [userId, scope, key, LEASE_SECONDS],
    )) as [unknown[], number];
    return taken.length > 0;
  }

  private find(userId: string, scope: string, key: string): Promise<IdempotencyRecord | null> {
    return this.dataSource.getRepository(IdempotencyRecord).findOne({ where: { userId, scope, key } });
  }

  /** Keys are kept for a day, like Stripe's; older ones may be reused. */
  async purgeOlderThan(hours = 24): Promise<number> {
    const result = await this.dataSource.query(`DELETE FROM idempotency_records WHERE created_at < now() - make_interval(hours => $1)`, [hours]);
    return result[1] ?? 0;
  }
}

function checkKey(key: string | undefined): asserts key is string {
  if (key === undefined || key === '') {
    throw badRequest('idempotency_key_required', 'Send an Idempotency-Key header (e.g. a UUID) so that a retried request is not placed twice');
  }
  if (!KEY_PATTERN.test(key)) {
    throw badRequest('invalid_idempotency_key', 'Idempotency-Key must be 1–255 printable ASCII characters without spaces');
  }
}

/** The body's meaning, not its bytes: keys sorted, so that a re-serialised retry still matches. */
export function hashRequest(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
