import { startApp, TestApp } from '../../support/app';
import { createAdmin } from '../../support/api';
import { buyer, placeOrder, variantForSale, variantStock } from '../../support/orders';

// Redis holds queues and rate-limit counters, never the truth: without it the expiry job
// cannot be scheduled, but orders are still placed and paid, and the worker's sweep
// expires them later (see order-timers.service.ts).
describe('checkout while Redis is unreachable', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ REDIS_URL: 'redis://127.0.0.1:6390' }); // nothing listens there
  });
  afterAll(() => t.close());

  it('places and pays orders promptly', async () => {
    const sale = await variantForSale(t, { stock: 2 });
    const b = await buyer(t);
    const started = Date.now();
    const order = await placeOrder(t, b, [{ variantId: sale.variantId, quantity: 1 }]);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(order.status).toBe('pending_payment');
    expect(await variantStock(t, sale.variantId)).toBe(1);

    const admin = await createAdmin(t);
    const paid = await t.http().post(`/api/v1/payments/${order.payment.id}/mark-paid`).set(admin.auth);
    expect(paid.status).toBe(200);
    expect(paid.body.status).toBe('paid');
  });
});
