import { startApp, TestApp } from '../../support/app';
import { createAdmin } from '../../support/api';
import { buyer, placeOrder, variantForSale, variantStock } from '../../support/orders';

describe('orders smoke', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('places, pays by hand, ships and delivers', async () => {
    const sale = await variantForSale(t, { stock: 3, shop: { shippingFee: { amount: 150000, currency: 'KZT' } } });
    const b = await buyer(t);
    const order = await placeOrder(t, b, [{ variantId: sale.variantId, quantity: 2 }]);
    expect(order.status).toBe('pending_payment');
    expect(order.total.amount).toBe(2 * 4_500_000 + 150000);
    expect(await variantStock(t, sale.variantId)).toBe(1);
    const admin = await createAdmin(t);
    const paid = await t.http().post(`/api/v1/payments/${order.payment.id}/mark-paid`).set(admin.auth);
    expect(paid.status).toBe(200);
    expect(paid.body.status).toBe('paid');
    const so = order.sellerOrders[0].id;
    const shipped = await t.http().post(`/api/v1/seller-orders/${so}/ship`).set(sale.maker.auth).send({ carrier: 'kazpost', trackingNumber: 'RR123456789KZ' });
    expect(shipped.status).toBe(200);
    const delivered = await t.http().post(`/api/v1/seller-orders/${so}/deliver`).set(b.auth);
    expect(delivered.status).toBe(200);
    expect(delivered.body.status).toBe('delivered');
    const sales = await t.http().get('/api/v1/me/sales').set(sale.maker.auth);
    expect(sales.body.items[0].buyerName).toBeTruthy();
  });
});
