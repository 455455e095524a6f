import { TestApp, startApp } from '../support/app';
import {
  Actor,
  associationWithAdmin,
  createAdmin,
  createAssociation,
  joinAssociation,
  makerWithShop,
  register,
  uniqueSuffix,
} from '../support/api';

const API = '/api/v1';

const cursorOf = (values: unknown) => Buffer.from(JSON.stringify(values)).toString('base64url');
/** Cursors of the right shape (a two-element array) holding values no page ever ends with. */
const forgedCursors = (): [string, string][] => [
  ['of words', cursorOf(['yesterday', 'someone'])],
  ['of numbers', cursorOf([1, 2])],
  ['with a bad id', cursorOf([new Date().toISOString(), 'not-a-uuid'])],
  ['with an impossible date', cursorOf(['2024-13-45T99:00:00.000Z', '00000000-0000-4000-8000-000000000000'])],
  ['of nulls', cursorOf([null, null])],
  ['from before the Common Era', cursorOf(['-000001-01-01T00:00:00.000Z', '00000000-0000-4000-8000-000000000000'])],
];

describe('associations, hubs and memberships', () => {
  let t: TestApp;
  let admin: Actor;
  beforeAll(async () => {
    t = await startApp();
    admin = await createAdmin(t);
  });
  afterAll(() => t.close());

  const associationBody = (overrides: Record<string, unknown> = {}) => ({
    name: { kk: `Ұлытау шеберлері ${uniqueSuffix()}`, ru: 'Мастера Улытау', en: 'Ulytau Makers' },
    region: 'ulytau',
    city: 'Жезқазған',
    commissionRateBps: 750,
    ...overrides,
  });

  const countAssociationsNamed = async (kk: string): Promise<number> =>
    (await t.db.query(`SELECT count(*)::int AS count FROM associations WHERE name->>'kk' = $1`, [kk]))[0].count;

  const request = (maker: Actor, associationId: string) =>
    t.http().post(`${API}/associations/${associationId}/memberships`).set(maker.auth).send({ message: 'Мен киіз басамын' });

  const decide = (actor: Actor, associationId: string, membershipId: string, body: Record<string, unknown>) =>
    t.http().post(`${API}/associations/${associationId}/memberships/${membershipId}/decision`).set(actor.auth).send(body);

  const revoke = (actor: Actor, associationId: string, membershipId: string, reason = 'Ережелер бұзылды') =>
    t.http().post(`${API}/associations/${associationId}/memberships/${membershipId}/revoke`).set(actor.auth).send({ reason });

  const membershipStatus = async (id: string): Promise<string> =>
    (await t.db.query('SELECT status FROM memberships WHERE id = $1', [id]))[0].status;

  describe('creating an association', () => {
    it('lets an admin create one with a name in three languages, a region, a city and a commission', async () => {
      const body = associationBody();
      const res = await t.http().post(`${API}/associations`).set(admin.auth).send(body);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: body.name,
        region: 'ulytau',
        city: 'Жезқазған',
        commissionRateBps: 750,
      });
      const got = await t.http().get(`${API}/associations/${res.body.id}`);
      expect(got.status).toBe(200);
      expect(got.body).toMatchObject({ id: res.body.id, name: body.name, commissionRateBps: 750 });
    });

    it.each([['buyer'], ['maker']])('refuses a %s with 403 and creates nothing', async (role) => {
      const user = await register(t, [role]);
      const body = associationBody();
      const res = await t.http().post(`${API}/associations`).set(user.auth).send(body);
      expect(res.status).toBe(403);
      expect(await countAssociationsNamed(body.name.kk)).toBe(0);
    });

    it('refuses an association_admin too: only a platform admin creates associations', async () => {
      const { assocAdmin } = await associationWithAdmin(t, admin);
      const body = associationBody();
      const res = await t.http().post(`${API}/associations`).set(assocAdmin.auth).send(body);
      expect(res.status).toBe(403);
      expect(await countAssociationsNamed(body.name.kk)).toBe(0);
    });

    it('needs a token', async () => {
      const res = await t.http().post(`${API}/associations`).send(associationBody());
      expect(res.status).toBe(401);
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['an unknown region', { region: 'atlantis' }, 'region'],
      ['a commission over 50 %', { commissionRateBps: 5001 }, 'commissionRateBps'],
      ['a negative commission', { commissionRateBps: -1 }, 'commissionRateBps'],
      ['a fractional commission', { commissionRateBps: 10.5 }, 'commissionRateBps'],
      ['an empty name object', { name: {} }, 'name'],
      ['a name of blanks', { name: { kk: '  ', ru: '' } }, 'name'],
      ['no city', { city: undefined }, 'city'],
    ])('answers %s with 400 naming the field, and creates nothing', async (_, overrides, field) => {
      const city = `Жезқазған ${uniqueSuffix()}`;
      const body = associationBody({ city, ...overrides });
      const res = await t.http().post(`${API}/associations`).set(admin.auth).send(body);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('validation_failed');
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      const kk = (body.name as { kk?: string }).kk ?? '';
      const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM associations WHERE city = $1 OR name->>'kk' = $2`, [city, kk]);
      expect(count).toBe(0);
    });

    it('accepts a commission of exactly 50 %', async () => {
      const res = await t.http().post(`${API}/associations`).set(admin.auth).send(associationBody({ commissionRateBps: 5000 }));
      expect(res.status).toBe(201);
      expect(res.body.commissionRateBps).toBe(5000);
    });
  });

  describe('reading associations', () => {
    it('lists associations publicly, page by page, filtered by region', async () => {
      const mine: string[] = [];
      for (let i = 0; i < 3; i++) mine.push((await createAssociation(t, admin, { region: 'mangystau', city: 'Ақтау' })).id);
      const elsewhere = await createAssociation(t, admin, { region: 'pavlodar', city: 'Павлодар' });

      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await t
          .http()
          .get(`${API}/associations`)
          .query({ region: 'mangystau', limit: 2, ...(cursor ? { cursor } : {}) });
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        for (const a of res.body.items) {
          expect(a.region).toBe('mangystau');
          expect(a).toEqual(expect.objectContaining({ commissionRateBps: expect.any(Number), name: expect.any(Object) }));
          seen.push(a.id);
        }
        cursor = res.body.nextCursor;
        if (cursor) expect(res.body.items).toHaveLength(2);
        pages++;
      } while (cursor && pages < 500);
      expect(cursor).toBeNull();
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual(expect.arrayContaining(mine));
      expect(seen).not.toContain(elsewhere.id);
      // Oldest first: ours come in the order they were created.
      expect(seen.filter((id) => mine.includes(id))).toEqual(mine);
      expect(pages).toBeGreaterThanOrEqual(2);
    });

    it('refuses an unknown region filter, a bad limit and a forged cursor with 400', async () => {
      expect((await t.http().get(`${API}/associations`).query({ region: 'atlantis' })).status).toBe(400);
      expect((await t.http().get(`${API}/associations`).query({ limit: 0 })).status).toBe(400);
      expect((await t.http().get(`${API}/associations`).query({ limit: 101 })).status).toBe(400);
      expect((await t.http().get(`${API}/associations`).query({ cursor: 'garbage' })).status).toBe(400);
    });

    it.each(forgedCursors())('refuses a forged cursor %s with 400, not a failed query', async (_, cursor) => {
      const res = await t.http().get(`${API}/associations`).query({ cursor });
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('invalid_cursor');
    });

    it('shows one association publicly; an unknown id is 404 and a non-uuid 400', async () => {
      const association = await createAssociation(t, admin, { commissionRateBps: 1234 });
      const res = await t.http().get(`${API}/associations/${association.id}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: association.id, commissionRateBps: 1234, region: 'turkestan' });
      expect(JSON.stringify(res.body)).not.toMatch(/stripeAccountId/);

      const unknown = await t.http().get(`${API}/associations/00000000-0000-4000-8000-000000000000`);
      expect(unknown.status).toBe(404);
      expect(unknown.body.error).toBe('not_found');
      expect((await t.http().get(`${API}/associations/not-a-uuid`)).status).toBe(400);
    });
  });

  describe('changing an association', () => {
    it('lets its own association_admin change the commission, and everyone sees the new rate', async () => {
      const { association, assocAdmin } = await associationWithAdmin(t, admin);
      const res = await t.http().patch(`${API}/associations/${association.id}`).set(assocAdmin.auth).send({ commissionRateBps: 1500 });
      expect(res.status).toBe(200);
      expect(res.body.commissionRateBps).toBe(1500);
      expect((await t.http().get(`${API}/associations/${association.id}`)).body.commissionRateBps).toBe(1500);
    });

    it("refuses another association's admin with 403 and changes nothing", async () => {
      const { association } = await associationWithAdmin(t, admin);
      const other = await associationWithAdmin(t, admin);
      const res = await t
        .http()
        .patch(`${API}/associations/${association.id}`)
        .set(other.assocAdmin.auth)
        .send({ commissionRateBps: 4000, city: 'Басқа қала' });
      expect(res.status).toBe(403);
      const after = (await t.http().get(`${API}/associations/${association.id}`)).body;
      expect(after).toMatchObject({ commissionRateBps: 1000, city: 'Түркістан' });
    });

    it('refuses makers and buyers with 403', async () => {
      const association = await createAssociation(t, admin);
      for (const roles of [['maker'], ['buyer']]) {
        const user = await register(t, roles);
        const res = await t.http().patch(`${API}/associations/${association.id}`).set(user.auth).send({ commissionRateBps: 0 });
        expect(res.status).toBe(403);
      }
      expect((await t.http().get(`${API}/associations/${association.id}`)).body.commissionRateBps).toBe(1000);
    });

    it('lets a platform admin change any association', async () => {
      const association = await createAssociation(t, admin);
      const res = await t
        .http()
        .patch(`${API}/associations/${association.id}`)
        .set(admin.auth)
        .send({ commissionRateBps: 0, city: 'Кентау' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ commissionRateBps: 0, city: 'Кентау', region: 'turkestan' });
    });

    it('validates a change like a creation, and answers an unknown association with 404', async () => {
      const { association, assocAdmin } = await associationWithAdmin(t, admin);
      for (const body of [{ commissionRateBps: 5001 }, { region: 'atlantis' }, { name: {} }, { stripeAccountId: 'acct_x' }]) {
        const res = await t.http().patch(`${API}/associations/${association.id}`).set(assocAdmin.auth).send(body);
        expect(res.status).toBe(400);
      }
      const unknown = await t
        .http()
        .patch(`${API}/associations/00000000-0000-4000-8000-000000000000`)
        .set(admin.auth)
        .send({ commissionRateBps: 100 });
      expect(unknown.status).toBe(404);
      expect((await t.http().get(`${API}/associations/${association.id}`)).body.commissionRateBps).toBe(1000);
    });

    it('refuses null for a required field with 400 instead of failing', async () => {
      const { association, assocAdmin } = await associationWithAdmin(t, admin);
      for (const body of [{ commissionRateBps: null }, { name: null }, { city: null }, { region: null }]) {
        const res = await t.http().patch(`${API}/associations/${association.id}`).set(assocAdmin.auth).send(body);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
      }
      const after = (await t.http().get(`${API}/associations/${association.id}`)).body;
      expect(after).toMatchObject({ commissionRateBps: 1000, city: 'Түркістан', region: 'turkestan' });
    });

    it('clears the optional description with null', async () => {
      const { association, assocAdmin } = await associationWithAdmin(t, admin);
      const described = await t
        .http()
        .patch(`${API}/associations/${association.id}`)
        .set(assocAdmin.auth)
        .send({ description: { kk: 'Киіз басу шеберлері', ru: 'Мастера войлока' } });
      expect(described.status).toBe(200);
      expect(described.body.description).toEqual({ kk: 'Киіз басу шеберлері', ru: 'Мастера войлока' });
      const cleared = await t.http().patch(`${API}/associations/${association.id}`).set(assocAdmin.auth).send({ description: null });
      expect(cleared.status).toBe(200);
      expect((await t.http().get(`${API}/associations/${association.id}`)).body.description).toEqual({});
    });
  });

  describe('hubs', () => {
    const hub = { name: 'Түркістан креативті хабы', address: 'Тәуке хан даңғылы, 12', city: 'Түркістан', openingHours: 'Дс–Сн 10:00–19:00' };

    it('lets its association_admin add a hub, which anyone can list', async () => {
      const { association, assocAdmin } = await associationWithAdmin(t, admin);
      const created = await t.http().post(`${API}/associations/${association.id}/hubs`).set(assocAdmin.auth).send(hub);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ ...hub, associationId: association.id, id: expect.any(String), phone: null });

      const second = await t
        .http()
        .post(`${API}/associations/${association.id}/hubs`)
        .set(admin.auth)
        .send({ name: 'Кентау хабы', address: 'Абай көшесі, 3', city: 'Кентау' });
      expect(second.status).toBe(201);

      const list = await t.http().get(`${API}/associations/${association.id}/hubs`);
      expect(list.status).toBe(200);
      expect(list.body.map((h: { id: string }) => h.id)).toEqual([created.body.id, second.body.id]);
    });

    it("refuses a maker and another association's admin with 403, and adds nothing", async () => {
      const { association } = await associationWithAdmin(t, admin);
      const other = await associationWithAdmin(t, admin);
      const { maker } = await makerWithShop(t);
      expect((await t.http().post(`${API}/associations/${association.id}/hubs`).set(maker.auth).send(hub)).status).toBe(403);
      expect((await t.http().post(`${API}/associations/${association.id}/hubs`).set(other.assocAdmin.auth).send(hub)).status).toBe(403);
      expect((await t.http().get(`${API}/associations/${association.id}/hubs`)).body).toEqual([]);
    });

    it('refuses a hub without an address with 400, and hubs of an unknown association with 404', async () => {
      const { association, assocAdmin } = await associationWithAdmin(t, admin);
      const res = await t.http().post(`${API}/associations/${association.id}/hubs`).set(assocAdmin.auth).send({ name: 'X', city: 'Y' });
      expect(res.status).toBe(400);
      expect((await t.http().get(`${API}/associations/00000000-0000-4000-8000-000000000000/hubs`)).status).toBe(404);
    });
  });

  describe('memberships', () => {
    it('lets a maker ask to join: 201 pending; a buyer-only user gets 403', async () => {
      const association = await createAssociation(t, admin);
      const { maker } = await makerWithShop(t);
      const res = await request(maker, association.id);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ id: expect.any(String), status: 'pending', associationId: association.id });

      const buyer = await register(t, ['buyer']);
      expect((await request(buyer, association.id)).status).toBe(403);
      const [{ count }] = await t.db.query('SELECT count(*)::int AS count FROM memberships WHERE maker_id = $1', [buyer.id]);
      expect(count).toBe(0);
    });

    it('answers a request to an unknown association with 404', async () => {
      const { maker } = await makerWithShop(t);
      expect((await request(maker, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
    });

    it('refuses a second request while one is pending, here or anywhere else, with 409', async () => {
      const a = await createAssociation(t, admin);
      const b = await createAssociation(t, admin);
      const { maker } = await makerWithShop(t);
      await request(maker, a.id).expect(201);
      const again = await request(maker, a.id);
      expect(again.status).toBe(409);
      expect(again.body.error).toBe('membership_pending');
      const elsewhere = await request(maker, b.id);
      expect(elsewhere.status).toBe(409);
      expect(elsewhere.body.error).toBe('membership_pending');
    });

    it('lets the association_admin list pending requests and approve one', async () => {
      const { association, assocAdmin } = await associationWithAdmin(t, admin);
      const { maker } = await makerWithShop(t);
      const other = await makerWithShop(t);
      const requested = (await request(maker, association.id)).body;
      const otherRequested = (await request(other.maker, association.id)).body;

      const pending = await t.http().get(`${API}/associations/${association.id}/memberships`).query({ status: 'pending' }).set(assocAdmin.auth);
      expect(pending.status).toBe(200);
      expect(pending.body.nextCursor).toBeNull();
      expect(pending.body.items.map((m: { id: string }) => m.id).sort()).toEqual([requested.id, otherRequested.id].sort());
      expect(pending.body.items.find((m: { id: string }) => m.id === requested.id)).toMatchObject({
        status: 'pending',
        maker: { id: maker.id, name: expect.any(String) },
        message: 'Мен киіз басамын',
      });
      // Members' contact details stay private: no e-mail address of anyone.
      expect(JSON.stringify(pending.body)).not.toContain(maker.email);
      expect(JSON.stringify(pending.body)).not.toContain(other.maker.email);
      expect(JSON.stringify(pending.body)).not.toMatch(/@|email/i);

      const approved = await decide(assocAdmin, association.id, requested.id, { decision: 'approve' });
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({ id: requested.id, status: 'approved', decidedAt: expect.any(String) });
      expect(JSON.stringify(approved.body)).not.toMatch(/@|email/i);

      const stillPending = await t.http().get(`${API}/associations/${association.id}/memberships?status=pending`).set(assocAdmin.auth);
      expect(stillPending.body.items.map((m: { id: string }) => m.id)).toEqual([otherRequested.id]);
      const approvedList = await t.http().get(`${API}/associations/${association.id}/memberships?status=approved`).set(assocAdmin.auth);
      expect(approvedList.body.items.map((m: { id: string }) => m.id)).toEqual([requested.id]);
    });

    it('pages through the membership list', async () => {
      const { association, assocAdmin } = await associationWithAdmin(t, admin);
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push((await request((await makerWithShop(t)).maker, association.id)).body.id);
      const first = await t.http().get(`${API}/associations/${association.id}/memberships`).query({ limit: 2 }).set(assocAdmin.auth);
      expect(first.body.items).toHaveLength(2);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await t
        .http()
        .get(`${API}/associations/${association.id}/memberships`)
        .query({ limit: 2, cursor: first.body.nextCursor })
        .set(assocAdmin.auth);
      expect(second.body.items).toHaveLength(1);
      expect(second.body.nextCursor).toBeNull();
      const all = [...first.body.items, ...second.body.items].map((m: { id: string }) => m.id);
      expect(all.sort()).toEqual([...ids].sort());
    });

    it('refuses a forged membership cursor with 400', async () => {
      const { association, assocAdmin } = await associationWithAdmin(t, admin);
      for (const [, cursor] of forgedCursors()) {
        const res = await t.http().get(`${API}/associations/${association.id}/memberships`).query({ cursor }).set(assocAdmin.auth);
        expect(res.status).toBe(400);
      }
    });

    it('lets the association_admin reject with a reason, which the maker sees; the maker may then ask elsewhere', async () => {
      const { association, assocAdmin } = await associationWithAdmin(t, admin);
      const other = await createAssociation(t, admin);
      const { maker } = await makerWithShop(t);
      const requested = (await request(maker, association.id)).body;
      const rejected = await decide(assocAdmin, association.id, requested.id, { decision: 'reject', reason: 'Портфолио жоқ' });
      expect(rejected.status).toBe(200);
      expect(rejected.body).toMatchObject({ status: 'rejected', reason: 'Портфолио жоқ' });

      const mine = await t.http().get(`${API}/me/memberships`).set(maker.auth);
      expect(mine.body).toEqual([expect.objectContaining({ id: requested.id, status: 'rejected', reason: 'Портфолио жоқ' })]);
      expect((await request(maker, other.id)).status).toBe(201);
    });

    it('refuses an unknown decision with 400', async () => {
      const { association, assocAdmin } = await associationWithAdmin(t, admin);
      const { maker } = await makerWithShop(t);
      const requested = (await request(maker, association.id)).body;
      for (const body of [{ decision: 'revoke', reason: 'x' }, { decision: 'maybe' }, {}]) {
        expect((await decide(assocAdmin, association.id, requested.id, body)).status).toBe(400);
      }
      expect(await membershipStatus(requested.id)).toBe('pending');
    });

    it("keeps another association's admin out: 403 on listing and deciding, and nothing changes", async () => {
      const { association } = await associationWithAdmin(t, admin);
      const other = await associationWithAdmin(t, admin);
      const { maker } = await makerWithShop(t);
      const requested = (await request(maker, association.id)).body;

      expect((await t.http().get(`${API}/associations/${association.id}/memberships`).set(other.assocAdmin.auth)).status).toBe(403);
      expect((await decide(other.assocAdmin, association.id, requested.id, { decision: 'approve' })).status).toBe(403);
      expect((await decide(other.assocAdmin, association.id, requested.id, { decision: 'reject', reason: 'x' })).status).toBe(403);
      // Through its own association's path the membership does not exist.
      expect((await decide(other.assocAdmin, other.association.id, requested.id, { decision: 'approve' })).status).toBe(404);
      expect(await membershipStatus(requested.id)).toBe('pending');

      // Makers and buyers are refused too.
      expect((await t.http().get(`${API}/associations/${association.id}/memberships`).set(maker.auth)).status).toBe(403);
      expect((await decide(maker, association.id, requested.id, { decision: 'approve' })).status).toBe(403);
      expect(await membershipStatus(requested.id)).toBe('pending');
    });

    it('lets a platform admin list and decide for any association', async () => {
      const association = await createAssociation(t, admin);
      const { maker } = await makerWithShop(t);
      const requested = (await request(maker, association.id)).body;
      const list = await t.http().get(`${API}/associations/${association.id}/memberships`).set(admin.auth);
      expect(list.status).toBe(200);
      expect(list.body.items.map((m: { id: string }) => m.id)).toEqual([requested.id]);
      expect((await decide(admin, association.id, requested.id, { decision: 'approve' })).body.status).toBe('approved');
    });

    it('keeps an approved maker to one association (409), until revoked', async () => {
      const a = await associationWithAdmin(t, admin);
      const b = await associationWithAdmin(t, admin);
      const { maker } = await makerWithShop(t);
      const membership = await joinAssociation(t, maker, a.association.id, a.assocAdmin);

      const elsewhere = await request(maker, b.association.id);
      expect(elsewhere.status).toBe(409);
      expect(elsewhere.body.error).toBe('already_member');
      const same = await request(maker, a.association.id);
      expect(same.status).toBe(409);

      const revoked = await revoke(a.assocAdmin, a.association.id, membership.id, 'Мүшелік жарнасы төленбеді');
      expect(revoked.status).toBe(200);
      expect(revoked.body).toMatchObject({ id: membership.id, status: 'revoked', reason: 'Мүшелік жарнасы төленбеді' });

      const joined = await request(maker, b.association.id);
      expect(joined.status).toBe(201);
      expect((await decide(b.assocAdmin, b.association.id, joined.body.id, { decision: 'approve' })).body.status).toBe('approved');

      const mine = await t.http().get(`${API}/me/memberships`).set(maker.auth);
      expect(mine.status).toBe(200);
      expect(mine.body.map((m: { id: string; status: string }) => [m.id, m.status])).toEqual([
        [joined.body.id, 'approved'],
        [membership.id, 'revoked'],
      ]);
    });

    it('needs a reason to revoke, and refuses a revoke from another association', async () => {
      const a = await associationWithAdmin(t, admin);
      const b = await associationWithAdmin(t, admin);
      const { maker } = await makerWithShop(t);
      const membership = await joinAssociation(t, maker, a.association.id, a.assocAdmin);
      for (const body of [{}, { reason: '' }, { reason: '   ' }]) {
        const noReason = await t
          .http()
          .post(`${API}/associations/${a.association.id}/memberships/${membership.id}/revoke`)
          .set(a.assocAdmin.auth)
          .send(body);
        expect(noReason.status).toBe(400);
      }
      expect((await revoke(b.assocAdmin, a.association.id, membership.id)).status).toBe(403);
      expect(await membershipStatus(membership.id)).toBe('approved');
    });

    it('refuses illegal transitions with 409 illegal_transition', async () => {
      const { association, assocAdmin } = await associationWithAdmin(t, admin);
      const { maker } = await makerWithShop(t);
      const pending = (await request(maker, association.id)).body;

      const revokePending = await revoke(assocAdmin, association.id, pending.id);
      expect(revokePending.status).toBe(409);
      expect(revokePending.body.error).toBe('illegal_transition');
      expect(await membershipStatus(pending.id)).toBe('pending');

      await decide(assocAdmin, association.id, pending.id, { decision: 'approve' }).expect(200);
      for (const decision of ['approve', 'reject']) {
        const res = await decide(assocAdmin, association.id, pending.id, { decision, reason: 'қайта' });
        expect(res.status).toBe(409);
        expect(res.body.error).toBe('illegal_transition');
      }
      expect(await membershipStatus(pending.id)).toBe('approved');

      await revoke(assocAdmin, association.id, pending.id).expect(200);
      for (const res of [
        await revoke(assocAdmin, association.id, pending.id),
        await decide(assocAdmin, association.id, pending.id, { decision: 'approve' }),
      ]) {
        expect(res.status).toBe(409);
        expect(res.body.error).toBe('illegal_transition');
      }
      expect(await membershipStatus(pending.id)).toBe('revoked');
    });

    it('lets only one of two simultaneous decisions on a membership through', async () => {
      const { association, assocAdmin } = await associationWithAdmin(t, admin);
      const { maker } = await makerWithShop(t);
      const pending = (await request(maker, association.id)).body;
      const results = await Promise.all([
        decide(assocAdmin, association.id, pending.id, { decision: 'approve' }),
        decide(admin, association.id, pending.id, { decision: 'reject', reason: 'Бір уақытта' }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const winner = results.find((r) => r.status === 200)!.body.status;
      expect(await membershipStatus(pending.id)).toBe(winner);
    });

    it('keeps the reason of a decision to that decision', async () => {
      const { association, assocAdmin } = await associationWithAdmin(t, admin);
      const { maker } = await makerWithShop(t);
      const pending = (await request(maker, association.id)).body;
      const approved = await decide(assocAdmin, association.id, pending.id, { decision: 'approve' });
      expect(approved.body.reason).toBeNull();
    });

    it('lets only one of two simultaneous requests of one maker to two associations through', async () => {
      const a = await createAssociation(t, admin);
      const b = await createAssociation(t, admin);
      for (let round = 0; round < 5; round++) {
        const { maker } = await makerWithShop(t);
        const results = await Promise.all([request(maker, a.id), request(maker, b.id)]);
        expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
        const [{ count }] = await t.db.query(
          `SELECT count(*)::int AS count FROM memberships WHERE maker_id = $1 AND status IN ('pending', 'approved')`,
          [maker.id],
        );
        expect(count).toBe(1);
      }
    });

    it("shows a maker only their own memberships at /me/memberships", async () => {
      const association = await createAssociation(t, admin);
      const { maker } = await makerWithShop(t);
      const other = await makerWithShop(t);
      const mineRequested = (await request(maker, association.id)).body;
      await request(other.maker, association.id).expect(201);
      const mine = await t.http().get(`${API}/me/memberships`).set(maker.auth);
      expect(mine.status).toBe(200);
      expect(mine.body).toEqual([expect.objectContaining({ id: mineRequested.id, associationId: association.id, status: 'pending' })]);
      const buyer = await register(t, ['buyer']);
      expect((await t.http().get(`${API}/me/memberships`).set(buyer.auth)).status).toBe(403);
    });
  });
});
