import { ConfigService } from '@nestjs/config';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { startApp, TestApp } from '../../support/app';
import type { OutboxRelay as Relay } from '../../../src/notifications/outbox-relay';

describe('outbox relay', () => {
  let t: TestApp;
  let config: ConfigService;
  let OutboxRelay: typeof Relay;
  let queue: Queue;
  const relays: Relay[] = [];

  const relay = (overrides: Record<string, string> = {}) => {
    const settings = { get: (key: string) => overrides[key] ?? config.get(key) } as unknown as ConfigService;
    const r = new OutboxRelay(t.db, settings as never);
    relays.push(r);
    return r;
  };

  async function outboxRows(n: number): Promise<string[]> {
    const rows: { id: string }[] = await t.db.query(
      `INSERT INTO outbox_events (type, aggregate_type, aggregate_id, payload)
       SELECT 'test.relayed', 'order', $1, jsonb_build_object('n', g) FROM generate_series(1, $2) AS g RETURNING id`,
      [randomUUID(), n],
    );
    return rows.map((r) => r.id);
  }

  const undispatched = async (ids: string[]) =>
    Number((await t.db.query(`SELECT count(*) FROM outbox_events WHERE id = ANY($1::bigint[]) AND dispatched_at IS NULL`, [ids]))[0].count);

  beforeAll(async () => {
    t = await startApp();
    config = t.app.get(ConfigService);
    ({ OutboxRelay } = await import('../../../src/notifications/outbox-relay'));
    const { bullOptions, QUEUES } = await import('../../../src/worker/queues');
    queue = new Queue(QUEUES.notifications, bullOptions(config as never));
  });
  afterAll(async () => {
    for (const r of relays) await r.beforeApplicationShutdown();
    await queue.close();
    await t.close();
  });

  it('two relays running at once dispatch each row once, as one job with the outbox id', async () => {
    const ids = await outboxRows(300);
    const [a, b] = [relay(), relay()];
    const drain = async (r: Relay) => {
      const got: string[] = [];
      for (;;) {
        const batch = await r.relayBatch(25);
        if (!batch.length) return got;
        got.push(...batch);
      }
    };
    const [byA, byB] = await Promise.all([drain(a), drain(b)]);
    const mine = new Set(ids);
    const fromA = byA.filter((id) => mine.has(id));
    const fromB = byB.filter((id) => mine.has(id));
    expect(fromA.length).toBeGreaterThan(0);
    expect(fromB.length).toBeGreaterThan(0); // both really took part
    expect(fromA.filter((id) => fromB.includes(id))).toEqual([]);
    expect(new Set([...fromA, ...fromB])).toEqual(mine);
    expect(await undispatched(ids)).toBe(0);

    const job = await queue.getJob(`outbox-${ids[7]}`);
    expect(job?.name).toBe('test.relayed');
    expect(job?.data).toMatchObject({ outboxId: ids[7], type: 'test.relayed', aggregateType: 'order', payload: { n: 8 } });
    expect(job?.opts.attempts).toBe(5);
  });

  it('with Redis unreachable the rows wait, and a relay with Redis dispatches them later', async () => {
    const ids = await outboxRows(5);
    const cut = relay({ REDIS_URL: 'redis://127.0.0.1:6390' }); // nothing listens there
    const started = Date.now();
    // Its batch rolls back: whatever it had taken is still undispatched, for the next relay.
    // (Workers of other suites share this database and may relay the rows meanwhile.)
    const took: string[] = await t.db.query(`SELECT id FROM outbox_events WHERE id = ANY($1::bigint[]) AND dispatched_at IS NULL`, [ids]);
    await expect(cut.relayBatch()).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(6_000);
    if (took.length === ids.length) expect(await undispatched(ids)).toBeGreaterThan(0);

    const healthy = relay();
    for (let batch = await healthy.relayBatch(); batch.length; batch = await healthy.relayBatch());
    expect(await undispatched(ids)).toBe(0);
    const jobs = await Promise.all(ids.map((id) => queue.getJob(`outbox-${id}`)));
    expect(jobs.every((job) => job?.name === 'test.relayed')).toBe(true);
  });
});
