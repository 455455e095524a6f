import type { OrderTimersService } from '../../../src/orders/order-timers.service';
import type { PaymentOutcomesService } from '../../../src/orders/payment-outcomes.service';
import { startApp, TestApp } from '../../support/app';
import { Actor, associationWithAdmin, createAdmin, joinAssociation } from '../../support/api';
import { buyer, ForSale, OrderBody, outboxTypes, placeOrder, postOrder, variantForSale, variantStock } from '../../support/orders';

/**
 * Fulfilment with the manual provider: payment by hand, shipping or pickup, delivery,
 * the clocks (ship deadline, payout hold), buyer cancellation, refunds, and the race
 * between a manual confirmation and the expiry.
 *
 * The clocks are driven with OrderTimersService's steps for shipping deadlines and
 * completion; its `run()` would also sweep every due unpaid order of the shared test
 * database with this process's (manual) provider, including orders of the Stripe suites.
 */

const API = '/api/v1';
const KZT = (amount: number) => ({ amount, currency: 'KZT' });

type SellerOrderBody = OrderBody['sellerOrders'][number] & {
  carrier: string | null;
  trackingNumber: string | null;
  paidAt: string | null;
  shipBy: string | null;
  shippedAt: string | null;
  readyAt: string | null;
  deliveredAt: string | null;
  completedAt: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
  refunds: { id: string; status: string; amount: { amount: number; currency: string }; reason: string; initiator: string }[];
};
type OrderView = Omit<OrderBody, 'sellerOrders' | 'payment'> & {
  paidAt: string | null;
  closedAt: string | null;
  sellerOrders: SellerOrderBody[];
  payment: OrderBody['payment'] & { refunded: { amount: number } };
};

describe('orders: fulfilment, clocks, cancellation and refunds (manual provider)', () => {
  let t: TestApp;
  let admin: Actor;
  let timers: OrderTimersService;
  let outcomes: PaymentOutcomesService;

  beforeAll(async () => {
    t = await startApp();
    admin = await createAdmin(t);
    const { OrderTimersService } = await import('../../../src/orders/order-timers.service');
    const { PaymentOutcomesService } = await import('../../../src/orders/payment-outcomes.service');
    timers = t.app.get(OrderTimersService, { strict: false });
    outcomes = t.app.get(PaymentOutcomesService, { strict: false });
  });
  afterAll(() => t?.close());

  // ---------- helpers

  const markPaid = (order: OrderBody, who: Actor = admin) => t.http().post(`${API}/payments/${order.payment.id}/mark-paid`).set(who.auth);

  async function paid(order: OrderBody): Promise<OrderView> {
    const res = await markPaid(order);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('paid');
    return res.body;
  }

  const ship = (so: string, who: Actor, trackingNumber = 'RR123456789KZ') =>
    t.http().post(`${API}/seller-orders/${so}/ship`).set(who.auth).send({ carrier: 'kazpost', trackingNumber });
  const readyForPickup = (so: string, who: Actor) => t.http().post(`${API}/seller-orders/${so}/ready-for-pickup`).set(who.auth);
  const deliver = (so: string, who: Actor) => t.http().post(`${API}/seller-orders/${so}/deliver`).set(who.auth);
  const refund = (so: string, who: Actor, body: Record<string, unknown>) => t.http().post(`${API}/seller-orders/${so}/refund`).set(who.auth).send(body);
  const cancel = (orderId: string, who: Actor, reason?: string) =>
    t.http().post(`${API}/orders/${orderId}/cancel`).set(who.auth).send(reason ? { reason } : {});

  async function getOrder(id: string, who: Actor = admin): Promise<OrderView> {
    const res = await t.http().get(`${API}/orders/${id}`).set(who.auth);
    expect(res.status).toBe(200);
    return res.body;
  }

  async function getSellerOrder(id: string, who: Actor = admin): Promise<SellerOrderBody> {
    const res = await t.http().get(`${API}/seller-orders/${id}`).set(who.auth);
    expect(res.status).toBe(200);
    return res.body;
  }

  async function outboxPayloads(aggregateId: string, type: string): Promise<Record<string, unknown>[]> {
    const rows: { payload: Record<string, unknown> }[] = await t.db.query(
      `SELECT payload FROM outbox_events WHERE aggregate_id = $1 AND type = $2 ORDER BY id`,
      [aggregateId, type],
    );
    return rows.map((r) => r.payload);
  }

  async function refundRows(sellerOrderId: string) {
    const rows: { status: string; amount: string; initiator: string }[] = await t.db.query(
      `SELECT status, amount, initiator FROM refunds WHERE seller_order_id = $1 ORDER BY created_at`,
      [sellerOrderId],
    );
    return rows.map((r) => ({ ...r, amount: Number(r.amount) }));
  }

  async function refundedAmounts(sellerOrderId: string) {
    const [row] = await t.db.query(
      `SELECT so.refunded_amount AS so_refunded, so.total_amount AS total, p.refunded_amount AS payment_refunded
         FROM seller_orders so JOIN payments p ON p.order_id = so.order_id WHERE so.id = $1`,
      [sellerOrderId],
    );
    return { refunded: Number(row.so_refunded), total: Number(row.total), paymentRefunded: Number(row.payment_refunded) };
  }

  const count = (types: string[], type: string) => types.filter((x) => x === type).length;

  /** A one-shop order of `quantity` units, paid by an admin unless `pay` is false. */
  async function oneShopOrder(opts: { stock?: number; quantity?: number; price?: number; pay?: boolean } = {}) {
    const stock = opts.stock ?? 5;
    const quantity = opts.quantity ?? 2;
    const sale = await variantForSale(t, { stock, price: opts.price });
    const b = await buyer(t);
    const order = await placeOrder(t, b, [{ variantId: sale.variantId, quantity }]);
    expect(order.payment.provider).toBe('manual');
    if (opts.pay !== false) await paid(order);
    return { sale, b, order, so: order.sellerOrders[0], stock, quantity };
  }

  /** An order from two shops (one unit of each), paid unless `pay` is false. */
  async function twoShopOrder(pay = true) {
    const a = await variantForSale(t, { stock: 3 });
    const c = await variantForSale(t, { stock: 3, price: 2_000_000 });
    const b = await buyer(t);
    const order = await placeOrder(t, b, [
      { variantId: a.variantId, quantity: 1 },
      { variantId: c.variantId, quantity: 1 },
    ]);
    expect(order.sellerOrders).toHaveLength(2);
    if (pay) await paid(order);
    const soOf = (sale: ForSale) => order.sellerOrders.find((so) => so.shop.id === sale.shop.id)!;
    return { a, c, b, order, soA: soOf(a), soC: soOf(c) };
  }

  // ---------- shipping, pickup, delivery

  describe('shipping and delivery', () => {
    it('paid → shipped → delivered → completed after the payout hold, with its outbox events', async () => {
      const { sale, b, order, so } = await oneShopOrder({ stock: 3, quantity: 1, pay: false });
      const paidOrder = await paid(order);
      const paidSo = paidOrder.sellerOrders[0];
      expect(paidSo.status).toBe('paid');
      const days = (new Date(paidSo.shipBy!).getTime() - new Date(paidSo.paidAt!).getTime()) / 86_400_000;
      expect(days).toBeCloseTo(14, 3); // SHIP_DEADLINE_DAYS default

      const shipped = await ship(so.id, sale.maker, 'RR987654321KZ');
      expect(shipped.status).toBe(200);
      expect(shipped.body).toMatchObject({ status: 'shipped', carrier: 'kazpost', trackingNumber: 'RR987654321KZ' });
      expect(shipped.body.shippedAt).toBeTruthy();

      const delivered = await deliver(so.id, b);
      expect(delivered.status).toBe(200);
      expect(delivered.body.status).toBe('delivered');
      expect(delivered.body.deliveredAt).toBeTruthy();

      // Within the hold nothing happens.
      await timers.completeHeldDeliveries();
      expect((await getSellerOrder(so.id, sale.maker)).status).toBe('delivered');

      const { ConfigService } = await import('@nestjs/config');
      const holdDays = Number(t.app.get(ConfigService).get('PAYOUT_HOLD_DAYS'));
      await t.db.query(`UPDATE seller_orders SET delivered_at = now() - make_interval(days => $2) - interval '1 second' WHERE id = $1`, [so.id, holdDays]);
      await timers.completeHeldDeliveries();
      const completed = await getSellerOrder(so.id, sale.maker);
      expect(completed.status).toBe('completed');
      expect(completed.completedAt).toBeTruthy();
      await timers.completeHeldDeliveries(); // again: nothing more

      const types = await outboxTypes(t, [so.id]);
      expect(count(types, 'seller_order.shipped')).toBe(1);
      expect(count(types, 'seller_order.delivered')).toBe(1);
      expect(count(types, 'seller_order.completed')).toBe(1);
      expect((await outboxPayloads(so.id, 'seller_order.shipped'))[0]).toMatchObject({
        sellerOrderId: so.id,
        orderId: order.id,
        carrier: 'kazpost',
        trackingNumber: 'RR987654321KZ',
      });
      expect(await variantStock(t, sale.variantId)).toBe(2);
      expect((await getOrder(order.id, b)).status).toBe('paid');
    });

    it('pickup: ready-for-pickup by the maker, then collected; shipping moves are refused with 422', async () => {
      const { association, assocAdmin } = await associationWithAdmin(t, admin);
      const sale = await variantForSale(t, { stock: 3 });
      await joinAssociation(t, sale.maker, association.id, assocAdmin);
      const hub = await t.http().post(`${API}/associations/${association.id}/hubs`).set(assocAdmin.auth).send({
        name: 'Шымкент креативті хабы',
        address: 'ул. Казыбек би, 15',
        city: 'Шымкент',
      });
      expect(hub.status).toBe(201);

      const b = await buyer(t);
      const placed = await postOrder(t, b, { items: [{ variantId: sale.variantId, quantity: 1 }], delivery: { type: 'pickup', hubId: hub.body.id } });
      expect(placed.status).toBe(201);
      const order = placed.body as OrderBody;
      const so = order.sellerOrders[0];
      expect(so.shipping.amount).toBe(0);
      await paid(order);

      const shipPickup = await ship(so.id, sale.maker);
      expect(shipPickup.status).toBe(422);
      expect(shipPickup.body.error).toBe('wrong_delivery_type');
      expect((await getSellerOrder(so.id, sale.maker)).status).toBe('paid');

      const ready = await readyForPickup(so.id, sale.maker);
      expect(ready.status).toBe(200);
      expect(ready.body.status).toBe('ready_for_pickup');
      expect(ready.body.readyAt).toBeTruthy();
      expect((await outboxPayloads(so.id, 'seller_order.ready_for_pickup'))[0]).toMatchObject({ sellerOrderId: so.id, hubId: hub.body.id });

      const collected = await deliver(so.id, b);
      expect(collected.status).toBe(200);
      expect(collected.body.status).toBe('delivered');

      // A shipping order cannot be "ready for pickup".
      const shipping = await oneShopOrder({ quantity: 1 });
      const wrong = await readyForPickup(shipping.so.id, shipping.sale.maker);
      expect(wrong.status).toBe(422);
      expect(wrong.body.error).toBe('wrong_delivery_type');
      expect((await getSellerOrder(shipping.so.id, shipping.sale.maker)).status).toBe('paid');
    });

    it('refuses illegal moves with 409 illegal_transition, and strangers with 404/403', async () => {
      const { sale, b, order, so } = await oneShopOrder({ quantity: 1, pay: false });

      const unpaidShip = await ship(so.id, sale.maker);
      expect(unpaidShip.status).toBe(409);
      expect(unpaidShip.body.error).toBe('illegal_transition');

      await paid(order);
      const early = await deliver(so.id, b);
      expect(early.status).toBe(409);
      expect(early.body.error).toBe('illegal_transition');

      const other = await variantForSale(t, { stock: 1 });
      const foreign = await ship(so.id, other.maker);
      expect(foreign.status).toBe(404);
      const byBuyer = await ship(so.id, b);
      expect([403, 404]).toContain(byBuyer.status);
      const strangerBuyer = await buyer(t);
      expect((await deliver(so.id, strangerBuyer)).status).toBe(404);
      expect((await getSellerOrder(so.id, sale.maker)).status).toBe('paid');

      expect((await ship(so.id, sale.maker)).status).toBe(200);
      const twice = await ship(so.id, sale.maker, 'RR000000000KZ');
      expect(twice.status).toBe(409);
      expect(twice.body.error).toBe('illegal_transition');
      const after = await getSellerOrder(so.id, sale.maker);
      expect(after.trackingNumber).toBe('RR123456789KZ');
      expect(count(await outboxTypes(t, [so.id]), 'seller_order.shipped')).toBe(1);
    });
  });

  // ---------- manual payment

  describe('mark-paid', () => {
    it('by the association_admin of the maker\'s association; others 404/403; twice → 409 already_paid', async () => {
      const { association, assocAdmin } = await associationWithAdmin(t, admin);
      const other = await associationWithAdmin(t, admin);
      const sale = await variantForSale(t, { stock: 2 });
      await joinAssociation(t, sale.maker, association.id, assocAdmin);
      const b = await buyer(t);
      const order = await placeOrder(t, b, [{ variantId: sale.variantId, quantity: 1 }]);
      expect(order.sellerOrders[0].associationId).toBe(association.id);

      const foreignAdmin = await markPaid(order, other.assocAdmin);
      expect(foreignAdmin.status).toBe(404);
      const byBuyer = await markPaid(order, b);
      expect(byBuyer.status).toBe(403);
      const byMaker = await markPaid(order, sale.maker);
      expect(byMaker.status).toBe(403);
      expect((await getOrder(order.id, b)).status).toBe('pending_payment');

      const ok = await markPaid(order, assocAdmin);
      expect(ok.status).toBe(200);
      expect(ok.body.status).toBe('paid');
      expect(ok.body.payment.status).toBe('succeeded');
      expect(ok.body.sellerOrders[0].status).toBe('paid');
      expect(ok.body.sellerOrders[0].shipBy).toBeTruthy();

      const again = await markPaid(order, assocAdmin);
      expect(again.status).toBe(409);
      expect(again.body.error).toBe('already_paid');
      expect((await markPaid(order)).body.error).toBe('already_paid');
      expect(count(await outboxTypes(t, [order.id]), 'order.paid')).toBe(1);
    });
  });

  // ---------- ship deadline

  describe('ship deadline', () => {
    it('cancels, refunds in full and restocks a seller order not shipped in time, once', async () => {
      const { a, c, order, soA, soC } = await twoShopOrder();
      expect(await variantStock(t, a.variantId)).toBe(2);

      await t.db.query(`UPDATE seller_orders SET ship_by = now() - interval '1 second' WHERE id = $1`, [soA.id]);
      await timers.cancelOverdueShipments();

      const cancelled = await getSellerOrder(soA.id, a.maker);
      expect(cancelled.status).toBe('cancelled');
      expect(cancelled.cancelReason).toMatch(/ship within \d+ days/);
      expect(cancelled.refunded.amount).toBe(soA.total.amount);
      expect(cancelled.refunds).toHaveLength(1);
      expect(cancelled.refunds[0]).toMatchObject({ status: 'succeeded', amount: soA.total, initiator: 'system' });
      expect(await refundRows(soA.id)).toEqual([{ status: 'succeeded', amount: soA.total.amount, initiator: 'system' }]);
      expect(await variantStock(t, a.variantId)).toBe(3);
      const payloads = await outboxPayloads(soA.id, 'seller_order.cancelled');
      expect(payloads).toHaveLength(1);
      expect(payloads[0]).toMatchObject({ sellerOrderId: soA.id, orderId: order.id, cause: 'ship_deadline_missed' });

      // The other maker is not touched; the order stays paid while a part of it lives.
      expect((await getSellerOrder(soC.id, c.maker)).status).toBe('paid');
      expect(await variantStock(t, c.variantId)).toBe(2);
      expect((await getOrder(order.id)).status).toBe('paid');

      // Again: nothing more.
      await timers.cancelOverdueShipments();
      expect(await variantStock(t, a.variantId)).toBe(3);
      expect(await refundRows(soA.id)).toHaveLength(1);
      expect(await outboxPayloads(soA.id, 'seller_order.cancelled')).toHaveLength(1);
      expect((await refundedAmounts(soA.id)).refunded).toBe(soA.total.amount);

      // The last one missing its deadline closes the order.
      await t.db.query(`UPDATE seller_orders SET ship_by = now() - interval '1 second' WHERE id = $1`, [soC.id]);
      await timers.cancelOverdueShipments();
      const closed = await getOrder(order.id);
      expect(closed.status).toBe('cancelled');
      expect(closed.payment.refunded.amount).toBe(order.total.amount);
      expect(await variantStock(t, c.variantId)).toBe(3);
    });
  });

  // ---------- buyer cancellation

  describe('buyer cancel', () => {
    it('a paid order before shipping: cancelled, refunded in full, restocked; twice → 409 order_closed; another buyer → 404', async () => {
      const { a, c, b, order, soA, soC } = await twoShopOrder();

      const stranger = await buyer(t);
      expect((await cancel(order.id, stranger)).status).toBe(404);
      expect((await getOrder(order.id)).status).toBe('paid');

      const res = await cancel(order.id, b, 'Changed my mind');
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('cancelled');
      expect(res.body.sellerOrders.map((so: SellerOrderBody) => so.status)).toEqual(['cancelled', 'cancelled']);
      expect(res.body.payment.refunded.amount).toBe(order.total.amount);
      for (const so of [soA, soC]) {
        expect(await refundRows(so.id)).toEqual([{ status: 'succeeded', amount: so.total.amount, initiator: 'buyer' }]);
      }
      expect(await variantStock(t, a.variantId)).toBe(3);
      expect(await variantStock(t, c.variantId)).toBe(3);
      expect(count(await outboxTypes(t, [order.id]), 'order.cancelled')).toBe(1);

      const twice = await cancel(order.id, b);
      expect(twice.status).toBe(409);
      expect(twice.body.error).toBe('order_closed');
      expect(await variantStock(t, a.variantId)).toBe(3);
      expect(await refundRows(soA.id)).toHaveLength(1);
    });

    it('after one seller order shipped: 409 already_shipped and nothing changes', async () => {
      const { a, c, b, order, soA, soC } = await twoShopOrder();
      expect((await ship(soA.id, a.maker)).status).toBe(200);

      const res = await cancel(order.id, b);
      expect(res.status).toBe(409);
      expect(res.body.error).toBe('already_shipped');

      const after = await getOrder(order.id, b);
      expect(after.status).toBe('paid');
      expect(after.sellerOrders.find((so) => so.id === soA.id)!.status).toBe('shipped');
      expect(after.sellerOrders.find((so) => so.id === soC.id)!.status).toBe('paid');
      expect(after.payment.refunded.amount).toBe(0);
      expect(await refundRows(soA.id)).toHaveLength(0);
      expect(await refundRows(soC.id)).toHaveLength(0);
      expect(await variantStock(t, a.variantId)).toBe(2);
      expect(await variantStock(t, c.variantId)).toBe(2);
      expect(count(await outboxTypes(t, [order.id, soA.id, soC.id]), 'seller_order.cancelled')).toBe(0);
    });

    it('an unpaid order: cancelled and restocked, no refund; twice → 409 order_closed', async () => {
      const { sale, b, order, so, stock, quantity } = await oneShopOrder({ stock: 4, quantity: 3, pay: false });
      expect(await variantStock(t, sale.variantId)).toBe(stock - quantity);

      const res = await cancel(order.id, b);
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('cancelled');
      expect(res.body.payment.status).toBe('canceled');
      expect(res.body.sellerOrders[0].status).toBe('cancelled');
      expect(await variantStock(t, sale.variantId)).toBe(stock);
      expect(await refundRows(so.id)).toHaveLength(0);

      const twice = await cancel(order.id, b);
      expect(twice.status).toBe(409);
      expect(twice.body.error).toBe('order_closed');
      expect(await variantStock(t, sale.variantId)).toBe(stock);
      // And it cannot be paid any more.
      const late = await markPaid(order);
      expect(late.status).toBe(409);
      expect(late.body.error).toBe('order_closed');
    });
  });

  // ---------- refunds

  describe('refunds', () => {
    it('partial, then the rest, of a shipped order; never more than is left', async () => {
      const { sale, so } = await oneShopOrder({ quantity: 1, price: 1_000_000 });
      expect((await ship(so.id, sale.maker)).status).toBe(200);
      const total = so.total.amount;
      const part = Math.floor(total * 0.3);

      const first = await refund(so.id, sale.maker, { amount: KZT(part), reason: 'Бұйым жолда сынып қалды' });
      expect(first.status).toBe(200);
      expect(first.body.status).toBe('shipped');
      expect(first.body.refunded.amount).toBe(part);
      expect(first.body.refundable.amount).toBe(total - part);

      const tooMuch = await refund(so.id, sale.maker, { amount: KZT(total - part + 1), reason: 'too much' });
      expect(tooMuch.status).toBe(422);
      expect(tooMuch.body.error).toBe('refund_exceeds_remaining');
      expect(tooMuch.body.details.refundable.amount).toBe(total - part);

      const rest = await refund(so.id, sale.maker, { reason: 'the rest of it' });
      expect(rest.status).toBe(200);
      expect(rest.body.status).toBe('shipped');
      expect(rest.body.refunded.amount).toBe(total);
      expect(rest.body.refundable.amount).toBe(0);

      const more = await refund(so.id, sale.maker, { amount: KZT(1), reason: 'one more' });
      expect(more.status).toBe(422);
      expect(more.body.error).toBe('refund_exceeds_remaining');
      expect(more.body.details.refundable.amount).toBe(0);

      expect(await refundRows(so.id)).toEqual([
        { status: 'succeeded', amount: part, initiator: 'maker' },
        { status: 'succeeded', amount: total - part, initiator: 'maker' },
      ]);
      expect(await refundedAmounts(so.id)).toEqual({ refunded: total, total, paymentRefunded: total });
      expect(await variantStock(t, sale.variantId)).toBe(4); // no restock asked
    });

    it('partial, then the rest, of a paid (unshipped) order: the rest cancels it and restocks', async () => {
      const { sale, so, stock } = await oneShopOrder({ quantity: 2 });
      const total = so.total.amount;
      const part = Math.floor(total / 4);
      expect((await refund(so.id, sale.maker, { amount: KZT(part), reason: 'a scratch' })).status).toBe(200);
      expect(await variantStock(t, sale.variantId)).toBe(stock - 2);

      const rest = await refund(so.id, sale.maker, { amount: KZT(total - part), reason: 'cannot make it after all' });
      expect(rest.status).toBe(200);
      expect(rest.body.status).toBe('cancelled');
      expect(rest.body.refunded.amount).toBe(total);
      expect(await variantStock(t, sale.variantId)).toBe(stock);
      expect((await outboxPayloads(so.id, 'seller_order.cancelled'))[0]).toMatchObject({ cause: 'fully_refunded' });
      expect(await refundedAmounts(so.id)).toEqual({ refunded: total, total, paymentRefunded: total });
    });

    it('5 parallel refunds of 40 % each: exactly 2 succeed, 3 are 422 refund_exceeds_remaining', async () => {
      const { sale, so } = await oneShopOrder({ quantity: 1, price: 1_000_000 });
      const total = so.total.amount;
      const part = Math.floor(total * 0.4);

      const other = await variantForSale(t, { stock: 1 });
      expect((await refund(so.id, other.maker, { amount: KZT(part), reason: 'not mine' })).status).toBe(404);

      const results = await Promise.all(Array.from({ length: 5 }, (_, i) => refund(so.id, sale.maker, { amount: KZT(part), reason: `parallel ${i}` })));
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 200, 422, 422, 422]);
      for (const r of results.filter((x) => x.status === 422)) expect(r.body.error).toBe('refund_exceeds_remaining');

      const amounts = await refundedAmounts(so.id);
      expect(amounts.refunded).toBe(2 * part);
      expect(amounts.refunded).toBeLessThanOrEqual(total);
      expect(amounts.paymentRefunded).toBe(2 * part);
      const rows = await refundRows(so.id);
      expect(rows).toHaveLength(2);
      expect(rows.reduce((sum, r) => sum + r.amount, 0)).toBe(2 * part);
      expect((await getSellerOrder(so.id, sale.maker)).status).toBe('paid');
    });
  });

  // ---------- manual confirmation racing the expiry

  describe('mark-paid racing the expiry', () => {
    it('each order ends paid or expired, never both; stock consistent', async () => {
      const stock = 10;
      const sale = await variantForSale(t, { stock });
      const orders: OrderBody[] = [];
      for (let i = 0; i < 5; i++) orders.push(await placeOrder(t, await buyer(t), [{ variantId: sale.variantId, quantity: 1 }]));
      expect(await variantStock(t, sale.variantId)).toBe(stock - 5);

      await t.db.query(`UPDATE orders SET expires_at = now() - interval '1 second' WHERE id = ANY($1::uuid[])`, [orders.map((o) => o.id)]);
      // The HTTP confirmation has a longer way to go than the in-process expiry: staggered
      // head starts for the expiry so that both sides win some and some truly overlap.
      const headStartMs = [0, 2, 5, 10, 40];
      const raced: [Awaited<ReturnType<typeof markPaid>>, string][] = [];
      for (const [i, order] of orders.entries()) {
        raced.push(
          await Promise.all([
            markPaid(order),
            new Promise((r) => setTimeout(r, headStartMs[i])).then(() => outcomes.expire(order.id)),
          ]),
        );
      }

      let paidCount = 0;
      for (const [i, order] of orders.entries()) {
        const [byHand, expiry] = raced[i];
        const view = await getOrder(order.id);
        const types = await outboxTypes(t, [order.id]);
        const [line] = await t.db.query(
          `SELECT l.quantity, l.restocked_quantity FROM order_lines l WHERE l.seller_order_id = $1`,
          [order.sellerOrders[0].id],
        );
        expect(count(types, 'order.paid') + count(types, 'order.expired')).toBe(1);
        if (view.status === 'paid') {
          paidCount++;
          expect(byHand.status).toBe(200);
          expect(['already_closed', 'paid']).toContain(expiry);
          expect(view.payment.status).toBe('succeeded');
          expect(view.sellerOrders[0].status).toBe('paid');
          expect(line.restocked_quantity).toBe(0);
        } else {
          expect(view.status).toBe('expired');
          expect(byHand.status).toBe(409);
          expect(byHand.body.error).toBe('order_closed');
          expect(view.payment.status).toBe('canceled');
          expect(view.sellerOrders[0].status).toBe('cancelled');
          expect(line.restocked_quantity).toBe(1);
        }
      }
      expect(await variantStock(t, sale.variantId)).toBe(stock - paidCount);
    });
  });
});
