import { randomUUID } from 'node:crypto';
import { Response, Test } from 'supertest';
import { TestApp, startApp } from '../../support/app';
import {
  Actor,
  addPhoto,
  associationWithAdmin,
  categoryId,
  createAdmin,
  createListing,
  joinAssociation,
  listingBody,
  listingSnapshot,
  listingUnderReview,
  makerWithShop,
  moderatorOf,
  register,
} from '../../support/api';
import { isolatedEnv } from '../../support/isolated';
import { ForSale, OrderBody, placeOrder, variantForSale, variantStock } from '../../support/orders';
import { complete } from '../../support/payouts';

const API = '/api/v1';

/** Two of everything, A and B, each of the same role as its twin. */
interface World {
  admin: Actor;
  assocA: string;
  assocB: string;
  adminA: Actor;
  adminB: Actor;
  modA: Actor;
  modB: Actor;
  saleA: ForSale;
  saleB: ForSale;
  draftA: { id: string; variantId: string; imageId: string };
  draftB: string;
  reviewA: string;
  /** Under review, by a maker of no association: only platform moderators and admins reach it. */
  reviewLoner: { listingId: string; shopId: string };
  buyerA: Actor;
  buyerB: Actor;
  pendingA: OrderBody;
  paidA: OrderBody;
  /** Paid, with a seller order from each shop: maker B sells in it too. */
  sharedAB: OrderBody;
  /** Maker A's payout (a payout run over a completed seller order). */
  payoutA: { id: string; amount: { amount: number } };
  pendingMembershipA: string;
  approvedMembershipA: string;
  flagA: string;
  notificationA: string;
  suspensionB: string;
}

interface Case {
  name: string;
  /** The other user's attempt. */
  attempt: (w: World) => Test;
  /** What the attempt must leave as it was. */
  state: (w: World) => Promise<unknown>;
}

/**
 * OWASP API1:2023, broken object level authorisation: for every route that takes an
 * object's id, a user of the same role who does not own (or is not in scope of) the
 * object gets 404 or 403, and the object is as it was.
 */
describe('OWASP API1: object level authorisation', () => {
  let t: TestApp;
  const w = {} as World;

  const row = async (table: string, id: string) => (await t.db.query(`SELECT * FROM ${table} WHERE id = $1`, [id]))[0];
  const rows = (sql: string, params: unknown[]) => t.db.query(sql, params);
  const orderState = async (order: OrderBody) => ({
    order: await row('orders', order.id),
    sellerOrders: await rows('SELECT * FROM seller_orders WHERE order_id = $1 ORDER BY id', [order.id]),
    payment: await row('payments', order.payment.id),
    refunds: await rows('SELECT r.* FROM refunds r JOIN seller_orders s ON s.id = r.seller_order_id WHERE s.order_id = $1', [order.id]),
    stock: await variantStock(t, order.sellerOrders[0].lines[0].variantId),
  });
  const sellerOrderOf = (order: OrderBody, shopId: string) => order.sellerOrders.find((so) => so.shop.id === shopId)!.id;
  const membershipsOf = (associationId: string) => rows('SELECT * FROM memberships WHERE association_id = $1 ORDER BY id', [associationId]);
  const associationState = async (associationId: string) => ({
    association: await row('associations', associationId),
    hubs: await rows('SELECT * FROM hubs WHERE association_id = $1 ORDER BY id', [associationId]),
    memberships: await membershipsOf(associationId),
  });
  const refused = (res: Response) => {
    expect([403, 404]).toContain(res.status);
    expect(res.body).toMatchObject({ statusCode: res.status, error: expect.any(String), message: expect.any(String) });
  };

  beforeAll(async () => {
    // Its own database: it runs payouts, which take every completed seller order there is.
    t = await startApp(await isolatedEnv('api1_bola'));
    w.admin = await createAdmin(t);
    const a = await associationWithAdmin(t, w.admin);
    const b = await associationWithAdmin(t, w.admin);
    Object.assign(w, { assocA: a.association.id, assocB: b.association.id, adminA: a.assocAdmin, adminB: b.assocAdmin });
    w.modA = await moderatorOf(t, w.admin, w.assocA);
    w.modB = await moderatorOf(t, w.admin, w.assocB);

    const makerA = await makerWithShop(t);
    const makerB = await makerWithShop(t);
    w.approvedMembershipA = (await joinAssociation(t, makerA.maker, w.assocA, w.adminA)).id;
    await joinAssociation(t, makerB.maker, w.assocB, w.adminB);
    w.saleA = await variantForSale(t, { stock: 10, maker: makerA as ForSale });
    w.saleB = await variantForSale(t, { stock: 10, maker: makerB as ForSale });

    const draft = await createListing(t, w.saleA.maker, listingBody({ categoryId: await categoryId(t, 'syrmak') }));
    const image = await addPhoto(t, w.saleA.maker, draft.id);
    w.draftA = { id: draft.id, variantId: draft.variants[0].id, imageId: image.id };
    w.reviewA = (await listingUnderReview(t, w.saleA.maker)).id;
    const loner = await makerWithShop(t);
    w.reviewLoner = { listingId: (await listingUnderReview(t, loner.maker)).id, shopId: loner.shop.id };
    const draftB = await createListing(t, w.saleB.maker, listingBody({ categoryId: await categoryId(t, 'syrmak') }));
    await addPhoto(t, w.saleB.maker, draftB.id);
    w.draftB = draftB.id;

    const pendingMaker = (await makerWithShop(t)).maker;
    const requested = await t.http().post(`${API}/associations/${w.assocA}/memberships`).set(pendingMaker.auth).send({});
    expect(requested.status).toBe(201);
    w.pendingMembershipA = requested.body.id;

    w.buyerA = await register(t, ['buyer']);
    w.buyerB = await register(t, ['buyer']);
    w.pendingA = await placeOrder(t, w.buyerA, [{ variantId: w.saleA.variantId, quantity: 1 }]);
    w.paidA = await placeOrder(t, w.buyerA, [{ variantId: w.saleA.variantId, quantity: 2 }]);
    expect((await t.http().post(`${API}/payments/${w.paidA.payment.id}/mark-paid`).set(w.adminA.auth)).status).toBe(200);
    w.sharedAB = await placeOrder(t, w.buyerA, [
      { variantId: w.saleA.variantId, quantity: 1 },
      { variantId: w.saleB.variantId, quantity: 1 },
    ]);
    expect(w.sharedAB.sellerOrders).toHaveLength(2);
    const completed = await placeOrder(t, w.buyerA, [{ variantId: w.saleA.variantId, quantity: 1 }]);
    expect((await t.http().post(`${API}/payments/${completed.payment.id}/mark-paid`).set(w.admin.auth)).status).toBe(200);
    await complete(t, [completed.sellerOrders[0].id]);
    const run = await t.http().post(`${API}/admin/payouts/run`).set(w.admin.auth);
    expect(run.status).toBe(200);
    w.payoutA = run.body.payouts.find((p: { beneficiary: { id: string } }) => p.beneficiary.id === w.saleA.shop.id);
    expect(w.payoutA).toBeDefined();
    expect((await t.http().post(`${API}/payments/${w.sharedAB.payment.id}/mark-paid`).set(w.admin.auth)).status).toBe(200);

    const flagged = await t.http().post(`${API}/listings/${w.saleA.listingId}/flags`).set(w.buyerA.auth).send({ reason: 'misleading', details: 'Не войлок, а синтетика' });
    expect(flagged.status).toBe(201);
    w.flagA = flagged.body.id;

    // An in-app notification of buyer A's (as the worker would write it).
    const [n] = await t.db.query(
      `INSERT INTO notifications (outbox_id, user_id, channel, kind, locale, subject, body_text, body_html)
       VALUES ($1, $2, 'in_app', 'order_placed', 'ru', 'Заказ оформлен', 'Ваш заказ оформлен', '<p>Ваш заказ оформлен</p>') RETURNING id`,
      [-Math.floor(Math.random() * 1e12), w.buyerA.id],
    );
    w.notificationA = n.id;

    const suspended = await t.http().post(`${API}/moderation/shops/${w.saleB.shop.id}/suspend`).set(w.modB.auth).send({ reason: 'проверка документов' });
    expect(suspended.status).toBe(201);
    w.suspensionB = suspended.body.id;
  });
  afterAll(() => t.close());

  const listingCases: Case[] = [
    { name: 'GET /listings/:id (a draft)', attempt: (w) => t.http().get(`${API}/listings/${w.draftA.id}`).set(w.saleB.maker.auth), state: (w) => listingSnapshot(t, w.draftA.id) },
    {
      name: 'PATCH /listings/:id (a draft)',
      attempt: (w) => t.http().patch(`${API}/listings/${w.draftA.id}`).set(w.saleB.maker.auth).send({ title: { ru: 'Чужой заголовок' } }),
      state: (w) => listingSnapshot(t, w.draftA.id),
    },
    {
      name: 'PATCH /listings/:id (price and stock of a published one)',
      attempt: (w) =>
        t
          .http()
          .patch(`${API}/listings/${w.saleA.listingId}`)
          .set(w.saleB.maker.auth)
          .send({ variants: [{ sku: w.saleA.sku, price: { amount: 100, currency: 'KZT' }, stock: 0 }] }),
      state: (w) => listingSnapshot(t, w.saleA.listingId),
    },
    { name: 'POST /listings/:id/submit', attempt: (w) => t.http().post(`${API}/listings/${w.draftA.id}/submit`).set(w.saleB.maker.auth), state: (w) => listingSnapshot(t, w.draftA.id) },
    { name: 'POST /listings/:id/archive', attempt: (w) => t.http().post(`${API}/listings/${w.saleA.listingId}/archive`).set(w.saleB.maker.auth), state: (w) => listingSnapshot(t, w.saleA.listingId) },
    { name: 'POST /listings/:id/restore', attempt: (w) => t.http().post(`${API}/listings/${w.draftA.id}/restore`).set(w.saleB.maker.auth), state: (w) => listingSnapshot(t, w.draftA.id) },
    {
      name: 'POST /listings/:id/images',
      attempt: (w) =>
        t
          .http()
          .post(`${API}/listings/${w.draftA.id}/images`)
          .set(w.saleB.maker.auth)
          .attach('file', Buffer.from([0x89, 0x50, 0x4e, 0x47]), { filename: 'x.png', contentType: 'image/png' }),
      state: (w) => listingSnapshot(t, w.draftA.id),
    },
    {
      name: 'DELETE /listings/:id/images/:imageId',
      attempt: (w) => t.http().delete(`${API}/listings/${w.draftA.id}/images/${w.draftA.imageId}`).set(w.saleB.maker.auth),
      state: (w) => listingSnapshot(t, w.draftA.id),
    },
    {
      name: 'DELETE /listings/:id/variants/:variantId',
      attempt: (w) => t.http().delete(`${API}/listings/${w.draftA.id}/variants/${w.draftA.variantId}`).set(w.saleB.maker.auth),
      state: (w) => listingSnapshot(t, w.draftA.id),
    },
    {
      name: "DELETE /listings/:id/variants/:variantId (one's own listing, another maker's variant)",
      attempt: (w) => t.http().delete(`${API}/listings/${w.draftB}/variants/${w.draftA.variantId}`).set(w.saleB.maker.auth),
      state: async (w) => ({ a: await listingSnapshot(t, w.draftA.id), b: await listingSnapshot(t, w.draftB) }),
    },
    {
      name: "DELETE /listings/:id/images/:imageId (one's own listing, another maker's image)",
      attempt: (w) => t.http().delete(`${API}/listings/${w.draftB}/images/${w.draftA.imageId}`).set(w.saleB.maker.auth),
      state: async (w) => ({ a: await listingSnapshot(t, w.draftA.id), b: await listingSnapshot(t, w.draftB) }),
    },
    {
      name: 'POST /listings/:id/flags (a buyer, on a draft it cannot see)',
      attempt: (w) => t.http().post(`${API}/listings/${w.draftA.id}/flags`).set(w.buyerB.auth).send({ reason: 'counterfeit' }),
      state: (w) => rows('SELECT * FROM flags WHERE listing_id = $1', [w.draftA.id]),
    },
    {
      name: 'GET /listings/:id (under review, a moderator of another association)',
      attempt: (w) => t.http().get(`${API}/listings/${w.reviewA}`).set(w.modB.auth),
      state: (w) => listingSnapshot(t, w.reviewA),
    },
  ];

  const orderCases: Case[] = [
    { name: 'GET /orders/:id (another buyer)', attempt: (w) => t.http().get(`${API}/orders/${w.pendingA.id}`).set(w.buyerB.auth), state: (w) => orderState(w.pendingA) },
    {
      name: 'POST /orders/:id/cancel (another buyer)',
      attempt: (w) => t.http().post(`${API}/orders/${w.pendingA.id}/cancel`).set(w.buyerB.auth).send({ reason: 'не мой' }),
      state: (w) => orderState(w.pendingA),
    },
    {
      name: 'POST /orders/:id/cancel of a paid order (another buyer)',
      attempt: (w) => t.http().post(`${API}/orders/${w.paidA.id}/cancel`).set(w.buyerB.auth).send({}),
      state: (w) => orderState(w.paidA),
    },
    {
      name: 'GET /seller-orders/:id (another maker)',
      attempt: (w) => t.http().get(`${API}/seller-orders/${w.paidA.sellerOrders[0].id}`).set(w.saleB.maker.auth),
      state: (w) => orderState(w.paidA),
    },
    {
      name: 'GET /seller-orders/:id (another buyer)',
      attempt: (w) => t.http().get(`${API}/seller-orders/${w.paidA.sellerOrders[0].id}`).set(w.buyerB.auth),
      state: (w) => orderState(w.paidA),
    },
    {
      name: 'POST /seller-orders/:id/ship (another maker)',
      attempt: (w) => t.http().post(`${API}/seller-orders/${w.paidA.sellerOrders[0].id}/ship`).set(w.saleB.maker.auth).send({ carrier: 'kazpost', trackingNumber: 'RR123456789KZ' }),
      state: (w) => orderState(w.paidA),
    },
    {
      name: 'POST /seller-orders/:id/ready-for-pickup (another maker)',
      attempt: (w) => t.http().post(`${API}/seller-orders/${w.paidA.sellerOrders[0].id}/ready-for-pickup`).set(w.saleB.maker.auth),
      state: (w) => orderState(w.paidA),
    },
    {
      name: 'POST /seller-orders/:id/refund (another maker)',
      attempt: (w) => t.http().post(`${API}/seller-orders/${w.paidA.sellerOrders[0].id}/refund`).set(w.saleB.maker.auth).send({ amount: { amount: 1000, currency: 'KZT' }, reason: 'возврат' }),
      state: (w) => orderState(w.paidA),
    },
    {
      name: 'POST /seller-orders/:id/deliver (another buyer)',
      attempt: (w) => t.http().post(`${API}/seller-orders/${w.paidA.sellerOrders[0].id}/deliver`).set(w.buyerB.auth),
      state: (w) => orderState(w.paidA),
    },
    {
      name: 'GET /orders/:id (the maker who sold in it: the order is the buyer\'s)',
      attempt: (w) => t.http().get(`${API}/orders/${w.paidA.id}`).set(w.saleA.maker.auth),
      state: (w) => orderState(w.paidA),
    },
    {
      name: 'POST /orders/:id/cancel (the maker who sold in it)',
      attempt: (w) => t.http().post(`${API}/orders/${w.pendingA.id}/cancel`).set(w.saleA.maker.auth).send({}),
      state: (w) => orderState(w.pendingA),
    },
    {
      name: "GET /seller-orders/:id (a maker selling in the same order, the other shop's seller order)",
      attempt: (w) => t.http().get(`${API}/seller-orders/${sellerOrderOf(w.sharedAB, w.saleA.shop.id)}`).set(w.saleB.maker.auth),
      state: (w) => orderState(w.sharedAB),
    },
    {
      name: "POST /seller-orders/:id/ship (a maker selling in the same order, the other shop's seller order)",
      attempt: (w) =>
        t.http().post(`${API}/seller-orders/${sellerOrderOf(w.sharedAB, w.saleA.shop.id)}/ship`).set(w.saleB.maker.auth).send({ carrier: 'cdek', trackingNumber: 'CDEK-0001' }),
      state: (w) => orderState(w.sharedAB),
    },
    {
      name: "POST /seller-orders/:id/refund (a maker selling in the same order, the other shop's seller order)",
      attempt: (w) => t.http().post(`${API}/seller-orders/${sellerOrderOf(w.sharedAB, w.saleA.shop.id)}/refund`).set(w.saleB.maker.auth).send({ reason: 'ошибка' }),
      state: (w) => orderState(w.sharedAB),
    },
    {
      name: "POST /payments/:id/mark-paid (another association's admin)",
      attempt: (w) => t.http().post(`${API}/payments/${w.pendingA.payment.id}/mark-paid`).set(w.adminB.auth),
      state: (w) => orderState(w.pendingA),
    },
  ];

  const associationCases: Case[] = [
    {
      name: 'PATCH /associations/:id (commission, by the admin of another)',
      attempt: (w) => t.http().patch(`${API}/associations/${w.assocA}`).set(w.adminB.auth).send({ commissionRateBps: 0 }),
      state: (w) => associationState(w.assocA),
    },
    {
      name: 'POST /associations/:id/hubs (by the admin of another)',
      attempt: (w) => t.http().post(`${API}/associations/${w.assocA}/hubs`).set(w.adminB.auth).send({ name: 'Чужой хаб', address: 'ул. Абая, 1', city: 'Алматы' }),
      state: (w) => associationState(w.assocA),
    },
    {
      name: 'GET /associations/:id/memberships (by the admin of another)',
      attempt: (w) => t.http().get(`${API}/associations/${w.assocA}/memberships`).set(w.adminB.auth),
      state: (w) => associationState(w.assocA),
    },
    {
      name: 'POST /associations/:id/memberships/:mid/decision (by the admin of another)',
      attempt: (w) => t.http().post(`${API}/associations/${w.assocA}/memberships/${w.pendingMembershipA}/decision`).set(w.adminB.auth).send({ decision: 'approve' }),
      state: (w) => associationState(w.assocA),
    },
    {
      name: "POST /associations/:id/memberships/:mid/decision (another association's membership under one's own id)",
      attempt: (w) => t.http().post(`${API}/associations/${w.assocB}/memberships/${w.pendingMembershipA}/decision`).set(w.adminB.auth).send({ decision: 'reject', reason: 'нет' }),
      state: (w) => associationState(w.assocA),
    },
    {
      name: 'POST /associations/:id/memberships/:mid/revoke (by the admin of another)',
      attempt: (w) => t.http().post(`${API}/associations/${w.assocA}/memberships/${w.approvedMembershipA}/revoke`).set(w.adminB.auth).send({ reason: 'нет' }),
      state: (w) => associationState(w.assocA),
    },
    {
      name: "POST /associations/:id/memberships/:mid/revoke (another association's membership under one's own id)",
      attempt: (w) => t.http().post(`${API}/associations/${w.assocB}/memberships/${w.approvedMembershipA}/revoke`).set(w.adminB.auth).send({ reason: 'нет' }),
      state: (w) => associationState(w.assocA),
    },
    {
      name: 'POST /associations/:id/payout-account/onboarding-link (by the admin of another)',
      attempt: (w) => t.http().post(`${API}/associations/${w.assocA}/payout-account/onboarding-link`).set(w.adminB.auth),
      state: (w) => associationState(w.assocA),
    },
    {
      name: 'GET /associations/:id/reports/commission (by the admin of another)',
      attempt: (w) => t.http().get(`${API}/associations/${w.assocA}/reports/commission`).set(w.adminB.auth),
      state: (w) => associationState(w.assocA),
    },
    {
      name: 'GET /associations/:id/reports/commission as CSV (by the admin of another)',
      attempt: (w) => t.http().get(`${API}/associations/${w.assocA}/reports/commission`).query({ format: 'csv' }).set(w.adminB.auth),
      state: (w) => associationState(w.assocA),
    },
  ];

  const moderationCases: Case[] = [
    {
      name: 'POST /moderation/listings/:id/decision (a moderator of another association)',
      attempt: (w) => t.http().post(`${API}/moderation/listings/${w.reviewA}/decision`).set(w.modB.auth).send({ decision: 'reject', reason: 'не подходит' }),
      state: (w) => listingSnapshot(t, w.reviewA),
    },
    {
      name: 'POST /moderation/listings/:id/decision (the admin of another association)',
      attempt: (w) => t.http().post(`${API}/moderation/listings/${w.reviewA}/decision`).set(w.adminB.auth).send({ decision: 'approve' }),
      state: (w) => listingSnapshot(t, w.reviewA),
    },
    {
      name: 'POST /moderation/listings/:id/decision (an association moderator, a maker of no association)',
      attempt: (w) => t.http().post(`${API}/moderation/listings/${w.reviewLoner.listingId}/decision`).set(w.modB.auth).send({ decision: 'approve' }),
      state: (w) => listingSnapshot(t, w.reviewLoner.listingId),
    },
    {
      name: 'POST /moderation/listings/:id/decision (an association admin, a maker of no association)',
      attempt: (w) => t.http().post(`${API}/moderation/listings/${w.reviewLoner.listingId}/decision`).set(w.adminA.auth).send({ decision: 'reject', reason: 'не наш' }),
      state: (w) => listingSnapshot(t, w.reviewLoner.listingId),
    },
    {
      name: 'POST /moderation/shops/:id/suspend (an association moderator, a shop of no association)',
      attempt: (w) => t.http().post(`${API}/moderation/shops/${w.reviewLoner.shopId}/suspend`).set(w.modA.auth).send({ reason: 'подозрение' }),
      state: async (w) => ({ shop: await row('shops', w.reviewLoner.shopId), suspensions: await rows('SELECT * FROM shop_suspensions WHERE shop_id = $1', [w.reviewLoner.shopId]) }),
    },
    {
      name: 'POST /moderation/flags/:id/resolve (a moderator of another association)',
      attempt: (w) => t.http().post(`${API}/moderation/flags/${w.flagA}/resolve`).set(w.modB.auth).send({ action: 'remove_listing', note: 'снято' }),
      state: async (w) => ({ flag: await row('flags', w.flagA), listing: await listingSnapshot(t, w.saleA.listingId) }),
    },
    {
      name: 'POST /moderation/shops/:id/suspend (a moderator of another association)',
      attempt: (w) => t.http().post(`${API}/moderation/shops/${w.saleA.shop.id}/suspend`).set(w.modB.auth).send({ reason: 'подозрение' }),
      state: async (w) => ({ shop: await row('shops', w.saleA.shop.id), suspensions: await rows('SELECT * FROM shop_suspensions WHERE shop_id = $1', [w.saleA.shop.id]) }),
    },
    {
      name: 'POST /moderation/shops/:id/lift-suspension (the admin of another association)',
      attempt: (w) => t.http().post(`${API}/moderation/shops/${w.saleB.shop.id}/lift-suspension`).set(w.adminA.auth).send({ note: 'снимаю' }),
      state: async (w) => ({ shop: await row('shops', w.saleB.shop.id), suspension: await row('shop_suspensions', w.suspensionB) }),
    },
    {
      name: 'POST /me/notifications/:id/read (another user)',
      attempt: (w) => t.http().post(`${API}/me/notifications/${w.notificationA}/read`).set(w.buyerB.auth),
      state: (w) => row('notifications', w.notificationA),
    },
  ];

  describe.each([
    ['listings, another maker', listingCases],
    ['orders, seller orders and payments, another buyer, maker or association admin', orderCases],
    ['associations, memberships, payout accounts and reports, the admin of another association', associationCases],
    ['moderation and notifications, someone out of scope', moderationCases],
  ])('%s', (_, cases) => {
    it.each(cases.map((c) => [c.name, c] as const))('%s: 404 or 403, nothing changes', async (_name, c) => {
      const before = await c.state(w);
      expect(before).toBeDefined();
      refused(await c.attempt(w));
      expect(await c.state(w)).toEqual(before);
    });
  });

  it('an unknown id answers like a foreign one: no way to tell whether it exists', async () => {
    const foreign = await t.http().get(`${API}/orders/${w.pendingA.id}`).set(w.buyerB.auth);
    const unknown = await t.http().get(`${API}/orders/${randomUUID()}`).set(w.buyerB.auth);
    expect(foreign.status).toBe(unknown.status);
    expect(foreign.body.error).toBe(unknown.body.error);
    const foreignListing = await t.http().get(`${API}/listings/${w.draftA.id}`).set(w.saleB.maker.auth);
    const unknownListing = await t.http().get(`${API}/listings/${randomUUID()}`).set(w.saleB.maker.auth);
    expect(foreignListing.status).toBe(unknownListing.status);
  });

  it("the owners still reach their own objects (the refusals are about ownership, not broken routes)", async () => {
    expect((await t.http().get(`${API}/orders/${w.pendingA.id}`).set(w.buyerA.auth)).status).toBe(200);
    expect((await t.http().get(`${API}/seller-orders/${w.paidA.sellerOrders[0].id}`).set(w.saleA.maker.auth)).status).toBe(200);
    expect((await t.http().get(`${API}/listings/${w.draftA.id}`).set(w.saleA.maker.auth)).status).toBe(200);
    expect((await t.http().get(`${API}/associations/${w.assocA}/memberships`).set(w.adminA.auth)).status).toBe(200);
    expect((await t.http().get(`${API}/associations/${w.assocA}/reports/commission`).set(w.adminA.auth)).status).toBe(200);
  });

  it("lists show only one's own: orders, sales, listings, balance, payouts and notifications", async () => {
    const ids = (res: Response) => (res.body.items ?? res.body).map((i: { id: string }) => i.id);
    const myOrders = await t.http().get(`${API}/me/orders`).query({ limit: 100 }).set(w.buyerB.auth);
    expect(myOrders.status).toBe(200);
    expect(ids(myOrders)).not.toEqual(expect.arrayContaining([w.pendingA.id]));
    expect(ids(myOrders)).not.toContain(w.paidA.id);

    const sales = await t.http().get(`${API}/me/sales`).query({ limit: 100 }).set(w.saleB.maker.auth);
    expect(sales.status).toBe(200);
    expect(ids(sales)).toEqual([sellerOrderOf(w.sharedAB, w.saleB.shop.id)]);
    const ownSales = await t.http().get(`${API}/me/sales`).query({ limit: 100 }).set(w.saleA.maker.auth);
    expect(ids(ownSales)).toContain(w.paidA.sellerOrders[0].id);

    const listings = await t.http().get(`${API}/me/listings`).query({ limit: 100 }).set(w.saleB.maker.auth);
    expect(ids(listings).sort()).toEqual([w.saleB.listingId, w.draftB].sort());

    // Each maker's balance is its own sales' share: maker A sold three times as much as maker B, at the same price.
    const balanceB = await t.http().get(`${API}/me/balance`).set(w.saleB.maker.auth);
    expect(balanceB.status).toBe(200);
    const balanceA = await t.http().get(`${API}/me/balance`).set(w.saleA.maker.auth);
    expect(balanceB.body.pending.amount).toBeGreaterThan(0);
    expect(balanceA.body.pending.amount).toBe(3 * balanceB.body.pending.amount);
    for (const key of ['available', 'paidOut']) expect(balanceB.body[key].amount).toBe(0);
    expect(balanceA.body.available.amount).toBe(w.payoutA.amount.amount);
    const payouts = await t.http().get(`${API}/me/payouts`).set(w.saleB.maker.auth);
    expect(payouts.status).toBe(200);
    expect(payouts.body).toEqual([]);
    const ownPayouts = await t.http().get(`${API}/me/payouts`).set(w.saleA.maker.auth);
    expect(ids(ownPayouts)).toEqual([w.payoutA.id]);

    const inbox = await t.http().get(`${API}/me/notifications`).set(w.buyerB.auth);
    expect(inbox.status).toBe(200);
    expect(ids(inbox)).not.toContain(w.notificationA);
    expect(inbox.body.unreadCount).toBe(0);
    const ownInbox = await t.http().get(`${API}/me/notifications`).set(w.buyerA.auth);
    expect(ids(ownInbox)).toContain(w.notificationA);
  });

  it('moderation lists stay in scope: queue, flags, suspensions and audit log of another association are not shown', async () => {
    const all = async (who: Actor, path: string) => {
      const res = await t.http().get(`${API}/moderation/${path}`).query({ limit: 100 }).set(who.auth);
      expect(res.status).toBe(200);
      return res.body.items as Record<string, unknown>[];
    };
    const targets = (entries: Record<string, unknown>[]) => entries.map((e) => (e.target as { id: string }).id);
    const listingIds = (items: Record<string, unknown>[]) => items.map((i) => (i.listing as { id: string }).id);
    for (const [outsider, own, other] of [
      [w.modB, w.assocB, w.assocA],
      [w.adminB, w.assocB, w.assocA],
      [w.modA, w.assocA, w.assocB],
      [w.adminA, w.assocA, w.assocB],
    ] as const) {
      const audit = await all(outsider, 'audit-log');
      expect(audit.length).toBeGreaterThan(0);
      expect(audit.filter((e) => e.associationId !== own)).toEqual([]);
      expect(audit.filter((e) => e.associationId === other)).toEqual([]);
    }
    // Each side sees its own objects, and never the other's.
    expect(listingIds(await all(w.modA, 'queue'))).toContain(w.reviewA);
    expect(listingIds(await all(w.adminA, 'queue'))).toContain(w.reviewA);
    expect(listingIds(await all(w.modB, 'queue'))).not.toContain(w.reviewA);
    expect(listingIds(await all(w.adminB, 'queue'))).not.toContain(w.reviewA);
    for (const scoped of [w.modA, w.modB, w.adminA, w.adminB]) expect(listingIds(await all(scoped, 'queue'))).not.toContain(w.reviewLoner.listingId);
    expect((await all(w.modA, 'flags')).map((i) => i.id)).toContain(w.flagA);
    expect((await all(w.modB, 'flags')).map((i) => i.id)).not.toContain(w.flagA);
    expect((await all(w.adminB, 'flags')).map((i) => i.id)).not.toContain(w.flagA);
    expect((await all(w.modB, 'suspensions')).map((i) => i.id)).toContain(w.suspensionB);
    expect((await all(w.modA, 'suspensions')).map((i) => i.id)).not.toContain(w.suspensionB);
    expect((await all(w.adminA, 'suspensions')).map((i) => i.id)).not.toContain(w.suspensionB);
    expect(targets(await all(w.modB, 'audit-log'))).toContain(w.saleB.shop.id);
    expect(targets(await all(w.modA, 'audit-log'))).not.toContain(w.saleB.shop.id);
    expect(targets(await all(w.modA, 'audit-log'))).toContain(w.saleA.listingId);
    expect(targets(await all(w.modB, 'audit-log'))).not.toContain(w.saleA.listingId);
  });
});
