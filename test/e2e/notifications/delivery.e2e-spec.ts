import { getQueueToken } from '@nestjs/bullmq';
import { INestApplicationContext } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { startApp, startWorker, TestApp } from '../../support/app';
import { Actor, createAdmin, register } from '../../support/api';
import { eventually } from '../../support/eventually';
import { isolatedEnv } from '../../support/isolated';
import { placeOrder, variantForSale } from '../../support/orders';
import { TestSmtp } from '../../support/smtp';

// Delivery through a real SMTP server that can refuse: retries with backoff, at most one
// mail per (event, recipient, channel), a failed state after 5 attempts that an admin sees
// and retries at /admin/queues, and a shutdown that lets running deliveries finish.
describe('notification delivery: retries, duplicates, failures', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let workerClosed = false;
  let queue: Queue;
  const smtp = new TestSmtp();

  beforeAll(async () => {
    const smtpUrl = await smtp.start();
    t = await startApp({ ...(await isolatedEnv('delivery')), SMTP_URL: smtpUrl, OUTBOX_POLL_MS: '50', NOTIFICATION_BACKOFF_MS: '20' });
    worker = await startWorker();
    queue = worker.get<Queue>(getQueueToken('notification-deliveries'));
  });
  afterAll(async () => {
    if (!workerClosed) await worker.close();
    await t.close();
    await smtp.stop();
  });

  /** The outbox id of an order's event, and the id of the e-mail job it fans out to for one user. */
  async function emailJobId(orderId: string, type: string, who: Actor): Promise<string> {
    const [row]: { id: string }[] = await t.db.query(`SELECT id FROM outbox_events WHERE aggregate_id = $1 AND type = $2`, [orderId, type]);
    return `deliver-${row.id}-${who.id}-email`;
  }

  const rowsOf = async (who: Actor, channel: string): Promise<number> =>
    (await t.db.query(`SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND channel = $2`, [who.id, channel]))[0].n;

  async function placedOrderFor(who: Actor) {
    const sale = await variantForSale(t, { stock: 5 });
    return placeOrder(t, who, [{ variantId: sale.variantId, quantity: 1 }]);
  }

  it('retries a mail the server refused twice and delivers it once, on the third attempt', async () => {
    const buyer = await register(t, ['buyer'], { locale: 'ru' });
    smtp.failNext(buyer.email, 2);
    const order = await placedOrderFor(buyer);

    const [mail] = await eventually('the mail', async () => smtp.to(buyer.email).length > 0 && smtp.to(buyer.email));
    expect(mail.subject).toContain(order.number);
    expect(mail.subject).toMatch(/[а-я]/); // in Russian
    const job = await eventually('the job to complete', async () => {
      const found = await Job.fromId(queue, await emailJobId(order.id, 'order.placed', buyer));
      return found?.finishedOn ? found : undefined;
    });
    expect(job.attemptsStarted).toBe(3);
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.to(buyer.email)).toHaveLength(1);
    expect(await rowsOf(buyer, 'email')).toBe(1);
    expect(await rowsOf(buyer, 'in_app')).toBe(1);
  });

  it('delivers once when the same delivery runs twice, at the same moment or as a duplicate job', async () => {
    const { NotificationDelivery } = await import('../../../src/notifications/notification-delivery');
    const delivery = worker.get(NotificationDelivery);
    const user = await register(t, ['maker'], { locale: 'kk' });
    const job = (channel: 'in_app' | 'email') => ({
      outboxId: '999999999',
      userId: user.id,
      channel,
      locale: 'kk' as const,
      data: { kind: 'delivered', orderNumber: 'SH-000001-1' },
    });
    expect((await Promise.all([delivery.deliver(job('email')), delivery.deliver(job('email'))])).sort()).toEqual([false, true]);
    expect((await Promise.all([delivery.deliver(job('in_app')), delivery.deliver(job('in_app'))])).sort()).toEqual([false, true]);

    // The same delivery again, as a job under another id (a duplicate the queue cannot spot).
    const duplicate = await queue.add('deliver', job('email'), { jobId: `duplicate-${user.id}` });
    await eventually('the duplicate job', async () => (await duplicate.getState()) === 'completed');
    expect((await Job.fromId(queue, duplicate.id!))?.returnvalue).toEqual({ delivered: false });
    expect(smtp.to(user.email)).toHaveLength(1);
    expect(await rowsOf(user, 'email')).toBe(1);
    expect(await rowsOf(user, 'in_app')).toBe(1);
  });

  it('fails a mail that keeps being refused after 5 attempts; an admin sees it at /admin/queues and retries it', async () => {
    const buyer = await register(t, ['buyer'], { locale: 'en' });
    smtp.refuse(buyer.email);
    const order = await placedOrderFor(buyer);
    const jobId = await emailJobId(order.id, 'order.placed', buyer);

    const failed = await eventually('the job to fail', async () => {
      const found = await Job.fromId(queue, jobId);
      return found && (await found.getState()) === 'failed' ? found : undefined;
    });
    expect(failed.attemptsMade).toBe(5);
    expect(failed.failedReason).toMatch(/try later/);
    expect(smtp.to(buyer.email)).toEqual([]);
    expect(await rowsOf(buyer, 'email')).toBe(0);
    expect(await rowsOf(buyer, 'in_app')).toBe(1); // the other channel is not held up

    // The admin's view of the failed set (bull-board's API, behind our admin check).
    const admin = await createAdmin(t);
    const list = await t.http().get('/admin/queues/api/queues').query({ activeQueue: 'notification-deliveries', status: 'failed' }).set(admin.auth);
    expect(list.status).toBe(200);
    const deliveries = list.body.queues.find((q: { name: string }) => q.name === 'notification-deliveries');
    expect(deliveries.jobs.map((j: { id: string }) => j.id)).toContain(jobId);
    const shown = await t.http().get(`/admin/queues/api/queues/notification-deliveries/${jobId}`).set(admin.auth);
    expect(shown.status).toBe(200);
    expect(shown.body.job).toMatchObject({ id: jobId, attempts: 5, isFailed: true });
    expect((await t.http().put(`/admin/queues/api/queues/notification-deliveries/${jobId}/retry`).set(buyer.auth)).status).toBe(403);

    // The mailbox works again; the admin retries; the mail goes out once.
    smtp.allow(buyer.email);
    const retried = await t.http().put(`/admin/queues/api/queues/notification-deliveries/${jobId}/retry`).set(admin.auth);
    expect(retried.status).toBe(204);
    await eventually('the retried mail', async () => smtp.to(buyer.email).length > 0);
    await eventually('the retried job to complete', async () => (await Job.fromId(queue, jobId))?.finishedOn !== undefined && (await queue.getJobState(jobId)) === 'completed');
    expect(smtp.to(buyer.email)).toHaveLength(1);
    expect(await rowsOf(buyer, 'email')).toBe(1);
  });

  it('shows the dashboard to admins only: 401 without a token, 403 for others, by bearer token or session cookie', async () => {
    const maker = await register(t, ['maker']);
    const admin = await createAdmin(t);
    expect((await t.http().get('/admin/queues')).status).toBe(401);
    expect((await t.http().get('/admin/queues/api/queues')).status).toBe(401);
    expect((await t.http().get('/admin/queues').set('Authorization', 'Bearer not-a-token')).status).toBe(401);
    expect((await t.http().get('/admin/queues').set(maker.auth)).status).toBe(403);
    expect((await t.http().post('/api/v1/admin/queues/session').set(maker.auth)).status).toBe(403);

    const page = await t.http().get('/admin/queues').set(admin.auth);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);

    // A browser cannot send the header: the session route hands it a cookie for the dashboard only.
    const session = await t.http().post('/api/v1/admin/queues/session').set(admin.auth);
    expect(session.status).toBe(204);
    const cookie = String(session.headers['set-cookie']);
    expect(cookie).toMatch(/^sheber_queues=[^;]+; Path=\/admin\/queues; Max-Age=\d+; HttpOnly; SameSite=Strict/);
    const viaCookie = await t.http().get('/admin/queues/api/queues').set('Cookie', cookie.split(';')[0]);
    expect(viaCookie.status).toBe(200);
    expect(viaCookie.body.queues.map((q: { name: string }) => q.name).sort()).toEqual(['maintenance', 'notification-deliveries', 'notifications', 'orders', 'payouts', 'reports']);
  });

  // (Last: it stops the worker.)
  it('lets running deliveries finish when the worker shuts down', async () => {
    const buyer = await register(t, ['buyer']);
    smtp.delayMs = 1_500;
    const order = await placedOrderFor(buyer);
    const jobId = await emailJobId(order.id, 'order.placed', buyer);
    await eventually('the delivery to start', async () => (await queue.getJobState(jobId)) === 'active');
    workerClosed = true;
    await worker.close(); // SIGTERM does this (bootstrap.ts)
    expect(smtp.to(buyer.email)).toHaveLength(1);
    expect(await rowsOf(buyer, 'email')).toBe(1);
  });
});
