import { Queue } from 'bullmq';
import { readdir } from 'node:fs/promises';
import type Stripe from 'stripe';
import { startApp, TestApp } from '../../support/app';
import { Actor, createAdmin } from '../../support/api';
import { eventually } from '../../support/eventually';
import { FakeStripe } from '../../support/fake-stripe';
import { isolatedEnv } from '../../support/isolated';
import { buyer, ForSale, OrderBody, placeOrder, variantForSale } from '../../support/orders';
import { WorkerProcess } from '../../support/processes';
import { complete } from '../../support/payouts';

const API = '/api/v1';

/**
 * The worker, a process of its own, killed with SIGKILL (no shutdown hook runs) in the
 * middle of a payout run and of a notification batch, then started again: nobody is paid
 * twice or missed, nobody is notified twice or missed. Stripe is the Stripe-compatible
 * test server, made slow so that the kill lands while a transfer is on its way.
 */
describe('worker killed mid-job', () => {
  let fake: FakeStripe;
  let t: TestApp;
  let worker: WorkerProcess;
  let payoutsQueue: Queue;
  let admin: Actor;
  let mailDir: string;

  beforeAll(async () => {
    fake = await FakeStripe.start();
    const env = await isolatedEnv('worker_kill');
    mailDir = env.MAIL_DIR;
    const shared = fake.appEnv({ ...env, OUTBOX_POLL_MS: '50', NOTIFICATION_BACKOFF_MS: '50', PAYOUT_HOLD_DAYS: '0' });
    t = await startApp(shared);
    // The worker waits longer for Stripe than Stripe's slowness below, and runs payouts only when told to.
    worker = new WorkerProcess({ ...shared, STRIPE_TIMEOUT_MS: '20000', PAYOUT_RUN_EVERY_MINUTES: '1440' });
    const url = new URL(process.env.REDIS_URL!);
    payoutsQueue = new Queue('payouts', { connection: { host: url.hostname, port: Number(url.port || 6379) }, prefix: `${env.REDIS_PREFIX}:bull` });
    admin = await createAdmin(t);
  }, 60_000);
  afterAll(async () => {
    await worker?.kill(); // idle by now; a graceful stop only costs seconds here
    await payoutsQueue?.close();
    await t?.close();
    await fake?.stop();
  });

  function webhook(event: Stripe.Event) {
    const { payload, signature } = fake.signedWebhook(event);
    return t.http().post(`${API}/payments/stripe/webhook`).set('stripe-signature', signature).set('content-type', 'application/json').send(payload);
  }

  async function onboarded(): Promise<ForSale> {
    const sale = await variantForSale(t, { price: 500_000, stock: 50 });
    const link = await t.http().post(`${API}/me/payout-account/onboarding-link`).set(sale.maker.auth);
    expect(link.status).toBe(200);
    const enabled = fake.updateAccount(link.body.accountId, { charges_enabled: true, payouts_enabled: true, details_submitted: true });
    expect((await webhook(fake.event('account.updated', enabled))).status).toBe(200);
    return sale;
  }

  async function paidOrder(customer: Actor, sales: ForSale[]): Promise<OrderBody> {
    const order = await placeOrder(t, customer, sales.map((s) => ({ variantId: s.variantId, quantity: 1 })));
    const intent = fake.list<Stripe.PaymentIntent>('payment_intent').find((pi) => pi.metadata.paymentId === order.payment.id)!;
    expect((await webhook(fake.event('payment_intent.succeeded', fake.succeedPaymentIntent(intent.id)))).status).toBe(200);
    return order;
  }

  const ledgerBalanced = async () => {
    const res = await t.http().get(`${API}/admin/ledger/check`).set(admin.auth);
    expect(res.status).toBe(200);
    return res.body.balanced as boolean;
  };

  it('pays every payout exactly once after a kill while Stripe was making a transfer', async () => {
    const [sales, customer] = await Promise.all([Promise.all([onboarded(), onboarded(), onboarded()]), buyer(t), worker.start()]);
    const order = await paidOrder(customer, sales);
    await complete(t, order.sellerOrders.map((so) => so.id));

    // Stripe makes each transfer at once but answers 3 s later: the kill lands after Stripe made one.
    fake.delay(3_000, { method: 'POST', pathPrefix: '/v1/transfers' });
    await payoutsQueue.add('payout-run', {});
    await eventually('Stripe to make the first transfer', async () => fake.list('transfer').length > 0, 20_000);
    await worker.kill();
    fake.clearDelays();

    const payouts = async () =>
      (
        await t.db.query(`SELECT id, status, transfer_ref FROM payouts WHERE order_id = $1 ORDER BY id`, [order.id])
      ) as { id: string; status: string; transfer_ref: string | null }[];
    const claimed = await payouts();
    expect(claimed).toHaveLength(3);
    expect(claimed.every((p) => p.status === 'pending')).toBe(true); // Stripe's answer never reached anyone
    expect(fake.list('transfer')).toHaveLength(1);

    await worker.start();
    await payoutsQueue.add('payout-run', {});
    await eventually('every payout paid', async () => (await payouts()).every((p) => p.status === 'paid'), 20_000);

    // Exactly one transfer per payout at Stripe, each under its payout's idempotency key, each the one recorded.
    const after = await payouts();
    const made = fake.list<Stripe.Transfer>('transfer').filter((tr) => tr.transfer_group === order.id);
    expect(made.map((tr) => tr.metadata.payoutId).sort()).toEqual(after.map((p) => p.id).sort());
    for (const p of after) expect(made.find((tr) => tr.metadata.payoutId === p.id)!.id).toBe(p.transfer_ref);
    const asked = fake.requestsTo('POST', '/v1/transfers');
    expect(asked.every((r) => r.idempotencyKey === r.body.metadata.payoutId)).toBe(true);
    expect(asked.some((r) => r.replayed)).toBe(true); // the one Stripe made before the kill was asked again, and replayed

    // The ledger: balanced, one payout entry per payout, nothing owed for these seller orders.
    expect(await ledgerBalanced()).toBe(true);
    const entries: { source_id: string; n: number }[] = await t.db.query(
      `SELECT source_id, count(*)::int AS n FROM journal_entries WHERE kind = 'payout' AND source_id = ANY($1::uuid[]) GROUP BY source_id`,
      [after.map((p) => p.id)],
    );
    expect(entries).toHaveLength(3);
    expect(entries.every((e) => e.n === 1)).toBe(true);
    for (const sale of sales) {
      const balance = await t.http().get(`${API}/me/balance`).set(sale.maker.auth);
      expect(balance.body.available.amount).toBe(0);
      expect(balance.body.paidOut.amount).toBeGreaterThan(0);
    }

    // Each maker is told once that it was paid (in-app and by e-mail).
    await eventually(
      'the payout notifications',
      async () => {
        const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM notifications WHERE kind = 'payout_sent' AND user_id = ANY($1::uuid[])`, [
          sales.map((s) => s.maker.id),
        ]);
        return n >= 6;
      },
      20_000,
    );
    for (const sale of sales) {
      const inbox = await t.http().get(`${API}/me/notifications`).set(sale.maker.auth);
      expect(inbox.body.items.filter((n: { kind: string }) => n.kind === 'payout_sent')).toHaveLength(1);
    }
  }, 90_000);

  it('notifies everyone exactly once after a kill in the middle of a notification batch', async () => {
    const sale = await variantForSale(t, { price: 300_000, stock: 50 });
    await worker.kill(); // (idle) the events pile up: the restarted worker takes them as one batch
    const buyers = await Promise.all(Array.from({ length: 12 }, () => buyer(t)));
    const orders = await Promise.all(buyers.map((b) => paidOrder(b, [sale])));
    const events: { id: string }[] = await t.db.query(`SELECT id FROM outbox_events WHERE aggregate_id = ANY($1::uuid[])`, [orders.map((o) => o.id)]);
    const eventIds = events.map((e) => e.id);
    expect(eventIds).toHaveLength(24); // placed and paid, per order
    const delivered = async (): Promise<number> =>
      (await t.db.query(`SELECT count(*)::int AS n FROM notifications WHERE outbox_id = ANY($1::bigint[])`, [eventIds]))[0].n;
    // Per order: the buyer twice (placed, paid), the maker once (a sale); each in-app and by e-mail.
    const expected = orders.length * 3 * 2;

    await worker.start();
    await eventually('the first deliveries', async () => (await delivered()) > 0, 20_000, 5);
    await worker.kill();
    const atKill = await delivered();
    expect(atKill).toBeLessThan(expected); // killed mid-batch

    await worker.start();
    await eventually('every notification', async () => (await delivered()) >= expected, 30_000, 100);
    await new Promise((r) => setTimeout(r, 1_000)); // anything twice would show up by now

    const rows: { user_id: string; channel: string; kind: string; outbox_id: string }[] = await t.db.query(
      `SELECT user_id, channel, kind, outbox_id FROM notifications WHERE outbox_id = ANY($1::bigint[])`,
      [eventIds],
    );
    expect(rows).toHaveLength(expected);
    // What each person sees in the inbox: one per event.
    for (const b of buyers) {
      const inbox = await t.http().get(`${API}/me/notifications?limit=100`).set(b.auth);
      expect(inbox.body.items.map((n: { kind: string }) => n.kind).sort()).toEqual(['order_paid_receipt', 'order_placed']);
    }
    const makerInbox = await t.http().get(`${API}/me/notifications?limit=100`).set(sale.maker.auth);
    expect(makerInbox.body.items.filter((n: { kind: string }) => n.kind === 'new_sale')).toHaveLength(orders.length);

    // One complete .eml per (event, recipient): none missing, none twice, no half-written file left.
    const files = (await readdir(mailDir)).filter((f) => eventIds.some((id) => f.startsWith(`${id.padStart(8, '0')}-`)));
    const mails = files.filter((f) => f.endsWith('.eml'));
    expect(mails).toHaveLength(expected / 2);
    expect(new Set(mails.map((f) => f.replace(/-[a-z_]+-/, '-'))).size).toBe(expected / 2);
    expect(files.filter((f) => !f.endsWith('.eml'))).toEqual([]);
  }, 90_000);
});
