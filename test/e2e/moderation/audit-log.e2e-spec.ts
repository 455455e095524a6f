import { Response } from 'supertest';
import { TestApp, startApp } from '../../support/app';
import {
  Actor,
  associationWithAdmin,
  createAdmin,
  grantScopedRoles,
  joinAssociation,
  listingUnderReview,
  makerWithShop,
  moderatorOf,
  register,
} from '../../support/api';

const API = '/api/v1';
/** The name `register` gives every test user. */
const USER_NAME = 'Тест Қолданушы';

interface AuditRow {
  id: string;
  at: string;
  actor: { id: string; name: string } | null;
  action: string;
  target: { type: string; id: string };
  associationId: string | null;
  reason: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  details: Record<string, unknown> | null;
}

/**
 * The audit log as moderators read it (GET /moderation/audit-log): one row per decision,
 * written with the change it records, in the reader's moderation scope, and append-only
 * at the database. The database is shared with other suites: every read here is narrowed
 * to this file's own targets, actors or associations.
 */
describe('moderation audit log', () => {
  let t: TestApp;
  let admin: Actor;

  beforeAll(async () => {
    t = await startApp();
    admin = await createAdmin(t);
  });
  afterAll(() => t.close());

  const get = (reader: Actor, query: Record<string, string | number> = {}) =>
    t.http().get(`${API}/moderation/audit-log`).query(query).set(reader.auth);

  /** One page of the log as `reader` sees it; anything but 200 fails the test. */
  async function audit(reader: Actor, query: Record<string, string | number> = {}): Promise<AuditRow[]> {
    const res = await get(reader, { limit: 100, ...query });
    if (res.status !== 200) throw new Error(`audit-log: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.items;
  }

  /** Rows about one target, straight from the table (whatever the reader's scope). */
  const rowsInDb = async (targetId: string): Promise<number> =>
    (await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE target_id = $1`, [targetId]))[0].n;

  const decide = (actor: Actor, listingId: string, body: Record<string, unknown>) =>
    t.http().post(`${API}/moderation/listings/${listingId}/decision`).set(actor.auth).send(body);
  const flag = (reporter: Actor, listingId: string, body: Record<string, unknown> = { reason: 'counterfeit' }) =>
    t.http().post(`${API}/listings/${listingId}/flags`).set(reporter.auth).send(body);
  const resolve = (moderator: Actor, flagId: string, body: Record<string, unknown>) =>
    t.http().post(`${API}/moderation/flags/${flagId}/resolve`).set(moderator.auth).send(body);
  const patchListing = (maker: Actor, listingId: string, body: Record<string, unknown>) =>
    t.http().patch(`${API}/listings/${listingId}`).set(maker.auth).send(body);

  /** An association with its admin and a moderator, and a maker approved into it. */
  async function association() {
    const { association, assocAdmin } = await associationWithAdmin(t, admin);
    const moderator = await moderatorOf(t, admin, association.id);
    const { maker, shop } = await makerWithShop(t);
    await joinAssociation(t, maker, association.id, assocAdmin);
    return { association, assocAdmin, moderator, maker, shop };
  }

  /** A listing of `maker` approved by `moderator`: in the catalogue. */
  async function published(maker: Actor, moderator: Actor) {
    const listing = await listingUnderReview(t, maker);
    await decide(moderator, listing.id, { decision: 'approve' }).expect(200);
    return listing;
  }

  describe('one row per action', () => {
    it('records the approval and the rejection of a new listing: moderator, reason and status change', async () => {
      const a = await association();
      const approved = await listingUnderReview(t, a.maker);
      const rejected = await listingUnderReview(t, a.maker);
      await decide(a.moderator, approved.id, { decision: 'approve' }).expect(200);
      await decide(a.moderator, rejected.id, { decision: 'reject', reason: 'Суреттер бұлыңғыр' }).expect(200);

      expect(await audit(a.moderator, { targetId: approved.id })).toEqual([
        {
          id: expect.stringMatching(/^[1-9][0-9]*$/),
          at: expect.any(String),
          actor: { id: a.moderator.id, name: USER_NAME },
          action: 'listing.approved',
          target: { type: 'listing', id: approved.id },
          associationId: a.association.id,
          reason: null,
          before: { status: 'pending_review' },
          after: { status: 'published' },
          details: null,
        },
      ]);
      expect(await audit(a.moderator, { targetId: rejected.id })).toEqual([
        expect.objectContaining({
          actor: { id: a.moderator.id, name: USER_NAME },
          action: 'listing.rejected',
          target: { type: 'listing', id: rejected.id },
          associationId: a.association.id,
          reason: 'Суреттер бұлыңғыр',
          before: { status: 'pending_review' },
          after: { status: 'rejected' },
        }),
      ]);
    });

    it('records a decided edit with the live content it would replace and the edit, applied or not', async () => {
      const a = await association();
      const listing = await published(a.maker, a.moderator);
      const live = (await t.http().get(`${API}/listings/${listing.id}`)).body;
      const title = { kk: 'Жаңа сырмақ атауы', ru: 'Новое название сырмака' };
      await patchListing(a.maker, listing.id, { title }).expect(200);
      await decide(a.assocAdmin, listing.id, { decision: 'approve' }).expect(200);
      const description = { kk: 'Жаңа сипаттама: қой жүні, қолдан басылған.', ru: 'Новое описание: овечья шерсть, ручная работа.' };
      await patchListing(a.maker, listing.id, { description }).expect(200);
      await decide(a.moderator, listing.id, { decision: 'reject', reason: 'Сипаттама толық емес' }).expect(200);

      const rows = await audit(a.moderator, { targetId: listing.id });
      expect(rows.map((r) => r.action)).toEqual(['listing.revision_rejected', 'listing.revision_approved', 'listing.approved']);
      const [revisionRejected, revisionApproved] = rows;
      expect(revisionApproved).toMatchObject({
        actor: { id: a.assocAdmin.id, name: USER_NAME },
        target: { type: 'listing', id: listing.id },
        associationId: a.association.id,
        reason: null,
        before: { title: live.title },
        after: { title, applied: true },
      });
      expect(revisionRejected).toMatchObject({
        actor: { id: a.moderator.id },
        associationId: a.association.id,
        reason: 'Сипаттама толық емес',
        before: { description: live.description },
        after: { description, applied: false },
      });
      // The edit's bookkeeping (submittedAt) is not part of what was decided.
      expect(Object.keys(revisionApproved.after!).sort()).toEqual(['applied', 'title']);
      expect(Object.keys(revisionRejected.before!)).toEqual(['description']);
    });

    it('records a listing hidden by flags as the system (no actor), then the dismissal of its flags', async () => {
      const a = await association();
      const listing = await published(a.maker, a.moderator);
      const reporters = await Promise.all([1, 2, 3].map(() => register(t)));
      const flagIds: string[] = [];
      for (const reporter of reporters) flagIds.push((await flag(reporter, listing.id).expect(201)).body.id);

      const [hidden] = await audit(a.moderator, { targetId: listing.id, action: 'listing.hidden' });
      expect(hidden).toMatchObject({
        actor: null,
        target: { type: 'listing', id: listing.id },
        associationId: a.association.id,
        reason: null,
        before: { status: 'published' },
        after: { status: 'hidden' },
        details: { openFlags: 3, threshold: 3 },
      });

      await resolve(a.moderator, flagIds[1], { action: 'dismiss', note: 'Жалған шағымдар' }).expect(200);
      const dismissed = await audit(a.moderator, { action: 'flag.dismissed', actorId: a.moderator.id });
      expect(dismissed).toHaveLength(1);
      expect(dismissed[0]).toMatchObject({
        actor: { id: a.moderator.id, name: USER_NAME },
        target: { type: 'flag' },
        associationId: a.association.id,
        reason: 'Жалған шағымдар',
        before: { status: 'hidden' },
        after: { status: 'published' },
        details: { listingId: listing.id, flagIds: [...flagIds].sort() },
      });
      expect(flagIds).toContain(dismissed[0].target.id);
      // The listing's own history: approved, hidden; the dismissal is about its flags.
      expect((await audit(a.moderator, { targetId: listing.id })).map((r) => r.action)).toEqual(['listing.hidden', 'listing.approved']);
    });

    it('records a removal from a flag with the note, and the status it had', async () => {
      const a = await association();
      const listing = await published(a.maker, a.moderator);
      const reporter = await register(t);
      const flagged = (await flag(reporter, listing.id, { reason: 'prohibited' }).expect(201)).body;
      await resolve(a.moderator, flagged.id, { action: 'remove_listing', note: 'Тыйым салынған тауар' }).expect(200);

      const [removed] = await audit(a.moderator, { targetId: listing.id });
      expect(removed).toMatchObject({
        actor: { id: a.moderator.id },
        action: 'listing.removed',
        target: { type: 'listing', id: listing.id },
        associationId: a.association.id,
        reason: 'Тыйым салынған тауар',
        before: { status: 'published' },
        after: { status: 'suspended' },
        details: { flagIds: [flagged.id], resolution: 'remove_listing' },
      });
      expect(await audit(a.moderator, { targetId: listing.id, action: 'listing.hidden' })).toEqual([]); // one flag hides nothing
    });

    it("records a shop's suspension and its lift, with the reason and the note", async () => {
      const a = await association();
      const suspended = await t.http().post(`${API}/moderation/shops/${a.shop.id}/suspend`).set(a.moderator.auth).send({ reason: 'Жалған тауар сатады' });
      expect(suspended.status).toBe(201);
      const lifted = await t
        .http()
        .post(`${API}/moderation/shops/${a.shop.id}/lift-suspension`)
        .set(a.assocAdmin.auth)
        .send({ note: 'Құжаттары тексерілді' });
      expect(lifted.status).toBe(200);

      const rows = await audit(a.assocAdmin, { targetId: a.shop.id });
      expect(rows).toEqual([
        expect.objectContaining({
          actor: { id: a.assocAdmin.id, name: USER_NAME },
          action: 'shop.suspension_lifted',
          target: { type: 'shop', id: a.shop.id },
          associationId: a.association.id,
          reason: 'Құжаттары тексерілді',
          before: { status: 'suspended' },
          after: { status: 'active' },
          details: { suspensionId: suspended.body.id },
        }),
        expect.objectContaining({
          actor: { id: a.moderator.id, name: USER_NAME },
          action: 'shop.suspended',
          target: { type: 'shop', id: a.shop.id },
          associationId: a.association.id,
          reason: 'Жалған тауар сатады',
          before: { status: 'active' },
          after: { status: 'suspended' },
          details: { suspensionId: suspended.body.id, flagId: null },
        }),
      ]);
    });

    it('records role grants and revocations with the roles and association before and after', async () => {
      const { association: assoc } = await associationWithAdmin(t, admin);
      const user = await register(t, ['buyer']);
      await grantScopedRoles(t, admin, user, ['moderator'], assoc.id);
      await t.http().delete(`${API}/admin/users/${user.id}/roles/moderator`).set(admin.auth).expect(200);

      const rows = await audit(admin, { targetId: user.id });
      expect(rows).toEqual([
        expect.objectContaining({
          actor: { id: admin.id, name: 'Admin' },
          action: 'user.role_revoked',
          target: { type: 'user', id: user.id },
          associationId: assoc.id,
          before: { roles: ['buyer', 'moderator'], associationId: assoc.id },
          after: { roles: ['buyer'], associationId: null },
          details: { revoked: 'moderator' },
        }),
        expect.objectContaining({
          actor: { id: admin.id, name: 'Admin' },
          action: 'user.roles_granted',
          target: { type: 'user', id: user.id },
          associationId: assoc.id,
          before: { roles: ['buyer'], associationId: null },
          after: { roles: ['buyer', 'moderator'], associationId: assoc.id },
          details: { granted: ['moderator'] },
        }),
      ]);
    });

    it('writes no row for a role grant or revocation that changes nothing', async () => {
      const { association: assoc } = await associationWithAdmin(t, admin);
      const user = await register(t, ['buyer']);
      await grantScopedRoles(t, admin, user, ['moderator'], assoc.id);
      // Granting a role the user holds, revoking one they do not: their roles stay as they were.
      const again = await t.http().post(`${API}/admin/users/${user.id}/roles`).set(admin.auth).send({ roles: ['moderator'], associationId: assoc.id });
      const notHeld = await t.http().delete(`${API}/admin/users/${user.id}/roles/admin`).set(admin.auth);
      expect([again.status, notHeld.status].every((s) => s < 500)).toBe(true);
      const [stored] = await t.db.query(`SELECT roles, association_id FROM users WHERE id = $1`, [user.id]);
      expect(stored).toEqual({ roles: ['buyer', 'moderator'], association_id: assoc.id });

      // The log shows the one change there was, not two changes that did not happen.
      expect((await audit(admin, { targetId: user.id })).map((r) => [r.action, r.before, r.after])).toEqual([
        ['user.roles_granted', { roles: ['buyer'], associationId: null }, { roles: ['buyer', 'moderator'], associationId: assoc.id }],
      ]);
    });

    it('records a change of the commission rate, and nothing for a PATCH that keeps it', async () => {
      const { association: assoc, assocAdmin } = await associationWithAdmin(t, admin, { commissionRateBps: 1000 });
      const patch = (who: Actor, body: Record<string, unknown>) => t.http().patch(`${API}/associations/${assoc.id}`).set(who.auth).send(body);
      await patch(assocAdmin, { commissionRateBps: 1250 }).expect(200);
      await patch(admin, { commissionRateBps: 1250, city: 'Шымкент' }).expect(200);
      await patch(admin, { city: 'Кентау' }).expect(200);

      const rows = await audit(admin, { targetId: assoc.id });
      expect(rows).toEqual([
        expect.objectContaining({
          actor: { id: assocAdmin.id, name: USER_NAME },
          action: 'association.commission_changed',
          target: { type: 'association', id: assoc.id },
          associationId: assoc.id,
          before: { commissionRateBps: 1000 },
          after: { commissionRateBps: 1250 },
        }),
      ]);
      // The association's own admin reads it too.
      expect((await audit(assocAdmin, { targetId: assoc.id })).map((r) => r.id)).toEqual(rows.map((r) => r.id));
    });

    it('records membership decisions with the status change and the reason', async () => {
      const { association: assoc, assocAdmin } = await associationWithAdmin(t, admin);
      const accepted = (await makerWithShop(t)).maker;
      const declined = (await makerWithShop(t)).maker;
      const request = async (maker: Actor) =>
        (await t.http().post(`${API}/associations/${assoc.id}/memberships`).set(maker.auth).send({}).expect(201)).body.id as string;
      const [acceptedId, declinedId] = [await request(accepted), await request(declined)];
      const decideMembership = (id: string, body: Record<string, unknown>) =>
        t.http().post(`${API}/associations/${assoc.id}/memberships/${id}/decision`).set(assocAdmin.auth).send(body);
      await decideMembership(acceptedId, { decision: 'approve' }).expect(200);
      await decideMembership(declinedId, { decision: 'reject', reason: 'Портфолио жоқ' }).expect(200);

      expect(await audit(assocAdmin, { targetId: acceptedId })).toEqual([
        expect.objectContaining({
          actor: { id: assocAdmin.id, name: USER_NAME },
          action: 'membership.approved',
          target: { type: 'membership', id: acceptedId },
          associationId: assoc.id,
          reason: null,
          before: { status: 'pending' },
          after: { status: 'approved' },
          details: { makerId: accepted.id },
        }),
      ]);
      expect(await audit(assocAdmin, { targetId: declinedId })).toEqual([
        expect.objectContaining({
          actor: { id: assocAdmin.id, name: USER_NAME },
          action: 'membership.rejected',
          target: { type: 'membership', id: declinedId },
          associationId: assoc.id,
          reason: 'Портфолио жоқ',
          before: { status: 'pending' },
          after: { status: 'rejected' },
          details: { makerId: declined.id },
        }),
      ]);
    });
  });

  it('writes no row for a refused action', async () => {
    const a = await association();
    const b = await association();
    const listing = await listingUnderReview(t, a.maker);

    // Out of scope: 404; a rejection without a reason, an unknown decision: 400; a maker: 403.
    expect((await decide(b.moderator, listing.id, { decision: 'approve' })).status).toBe(404);
    expect((await decide(b.assocAdmin, listing.id, { decision: 'reject', reason: 'Басқа бірлестік' })).status).toBe(404);
    expect((await decide(a.moderator, listing.id, { decision: 'reject' })).status).toBe(400);
    expect((await decide(a.moderator, listing.id, { decision: 'publish' })).status).toBe(400);
    expect((await decide(b.maker, listing.id, { decision: 'approve' })).status).toBe(403);
    expect(await rowsInDb(listing.id)).toBe(0);

    // A decided listing decided again: 409, still one row.
    await decide(a.moderator, listing.id, { decision: 'approve' }).expect(200);
    expect((await decide(a.assocAdmin, listing.id, { decision: 'reject', reason: 'Қайта қарау' })).status).toBe(409);
    expect(await rowsInDb(listing.id)).toBe(1);

    // A flag resolved with an unknown action or without a note, or out of scope.
    const flagged = (await flag(await register(t), listing.id).expect(201)).body;
    expect((await resolve(a.moderator, flagged.id, { action: 'ban', note: 'Жарамсыз' })).status).toBe(400);
    expect((await resolve(a.moderator, flagged.id, { action: 'dismiss' })).status).toBe(400);
    expect((await resolve(b.moderator, flagged.id, { action: 'remove_listing', note: 'Басқа бірлестік' })).status).toBe(404);
    expect(await rowsInDb(flagged.id)).toBe(0);
    expect(await rowsInDb(listing.id)).toBe(1);

    // A suspension out of scope, a lift by a moderator (not an admin), a lift of an active shop.
    const suspend = (who: Actor, body: Record<string, unknown>) => t.http().post(`${API}/moderation/shops/${a.shop.id}/suspend`).set(who.auth).send(body);
    const lift = (who: Actor) => t.http().post(`${API}/moderation/shops/${a.shop.id}/lift-suspension`).set(who.auth).send({ note: 'Ашылсын' });
    expect((await suspend(b.moderator, { reason: 'Басқа бірлестік' })).status).toBe(404);
    expect((await suspend(a.moderator, {})).status).toBe(400);
    expect((await lift(a.assocAdmin)).status).toBe(409);
    await suspend(a.moderator, { reason: 'Тексеру' }).expect(201);
    expect((await suspend(a.assocAdmin, { reason: 'Тағы да' })).status).toBe(409);
    expect((await lift(a.moderator)).status).toBe(403);
    expect((await lift(b.assocAdmin)).status).toBe(404);
    expect((await audit(admin, { targetId: a.shop.id })).map((r) => r.action)).toEqual(['shop.suspended']);

    // A role grant the rules refuse, a commission change by another association's admin, an invalid rate.
    const user = await register(t);
    expect((await t.http().post(`${API}/admin/users/${user.id}/roles`).set(admin.auth).send({ roles: ['association_admin'] })).status).toBe(400);
    expect((await t.http().post(`${API}/admin/users/${user.id}/roles`).set(a.assocAdmin.auth).send({ roles: ['moderator'] })).status).toBe(403);
    expect(await rowsInDb(user.id)).toBe(0);
    expect((await t.http().patch(`${API}/associations/${a.association.id}`).set(b.assocAdmin.auth).send({ commissionRateBps: 1 })).status).toBe(403);
    expect((await t.http().patch(`${API}/associations/${a.association.id}`).set(admin.auth).send({ commissionRateBps: -5 })).status).toBe(400);
    expect(await audit(admin, { targetId: a.association.id, action: 'association.commission_changed' })).toEqual([]);
  });

  /**
   * While `fn` runs, the database refuses inserts into `table` for which `condition` (on NEW)
   * holds; the trigger is dropped afterwards. Narrow conditions only: the database is shared.
   */
  async function withInsertRefused<T>(table: string, condition: string, fn: () => Promise<T>): Promise<T> {
    const name = `refuse_${table}_${Date.now().toString(36)}${process.pid}`;
    await t.db.query(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF ${condition} THEN RAISE EXCEPTION 'refused by the test'; END IF;
        RETURN NEW;
      END $$`);
    await t.db.query(`CREATE TRIGGER ${name} BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION ${name}()`);
    try {
      return await fn();
    } finally {
      await t.db.query(`DROP TRIGGER ${name} ON ${table}`);
      await t.db.query(`DROP FUNCTION ${name}()`);
    }
  }

  it('is written with the change it records: neither exists without the other', async () => {
    const a = await association();
    const listing = await listingUnderReview(t, a.maker);
    const status = async () => (await t.db.query(`SELECT status FROM listings WHERE id = $1`, [listing.id]))[0].status;
    const events = async () => (await t.db.query(`SELECT count(*)::int AS n FROM outbox_events WHERE aggregate_id = $1`, [listing.id]))[0].n;

    // The audit row cannot be written: the decision does not happen.
    const noAudit = await withInsertRefused('audit_log', `NEW.target_id = '${listing.id}'`, () => decide(a.moderator, listing.id, { decision: 'approve' }));
    expect(noAudit.status).toBe(500);
    expect(await status()).toBe('pending_review');
    expect(await events()).toBe(0);

    // The decision fails later in its transaction (its event cannot be written): no audit row.
    const noEvent = await withInsertRefused('outbox_events', `NEW.aggregate_id = '${listing.id}'`, () =>
      decide(a.moderator, listing.id, { decision: 'reject', reason: 'Сипаттама жоқ' }),
    );
    expect(noEvent.status).toBe(500);
    expect(await status()).toBe('pending_review');
    expect(await rowsInDb(listing.id)).toBe(0);

    await decide(a.moderator, listing.id, { decision: 'approve' }).expect(200);
    expect((await audit(a.moderator, { targetId: listing.id })).map((r) => r.action)).toEqual(['listing.approved']);
  });

  describe('reading', () => {
    /** A moderator of their own with five decisions on five listings, oldest first. */
    async function fiveDecisions() {
      const a = await association();
      const moderator = await moderatorOf(t, admin, a.association.id);
      const listings = [];
      for (let i = 0; i < 5; i++) listings.push(await listingUnderReview(t, a.maker));
      const decisions = [
        { decision: 'approve' },
        { decision: 'reject', reason: 'Бірінші себеп' },
        { decision: 'approve' },
        { decision: 'reject', reason: 'Екінші себеп' },
        { decision: 'approve' },
      ];
      for (const [i, listing] of listings.entries()) await decide(moderator, listing.id, decisions[i]).expect(200);
      // And one row about a shop, not a listing.
      await t.http().post(`${API}/moderation/shops/${a.shop.id}/suspend`).set(moderator.auth).send({ reason: 'Тексеру' }).expect(201);
      return { ...a, moderator, listings };
    }

    it('filters by action, target type, actor and time', async () => {
      const w = await fiveDecisions();
      const mine = await audit(w.moderator, { actorId: w.moderator.id });
      expect(mine.map((r) => r.action)).toEqual([
        'shop.suspended',
        'listing.approved',
        'listing.rejected',
        'listing.approved',
        'listing.rejected',
        'listing.approved',
      ]);
      expect(mine.map((r) => r.target.id)).toEqual([w.shop.id, ...w.listings.map((l) => l.id).reverse()]);
      expect(mine.every((r) => r.actor?.id === w.moderator.id)).toBe(true);

      const rejected = await audit(w.moderator, { actorId: w.moderator.id, action: 'listing.rejected' });
      expect(rejected.map((r) => [r.target.id, r.reason])).toEqual([
        [w.listings[3].id, 'Екінші себеп'],
        [w.listings[1].id, 'Бірінші себеп'],
      ]);
      expect((await audit(w.moderator, { actorId: w.moderator.id, targetType: 'shop' })).map((r) => r.action)).toEqual(['shop.suspended']);
      expect(await audit(w.moderator, { actorId: w.moderator.id, targetType: 'user' })).toEqual([]);
      // Another actor's filter leaves this moderator's rows out.
      expect((await audit(w.moderator, { actorId: w.assocAdmin.id })).every((r) => r.actor?.id === w.assocAdmin.id)).toBe(true);
      expect((await audit(w.moderator, { actorId: w.assocAdmin.id })).some((r) => r.action === 'membership.approved')).toBe(true);

      // from is inclusive, to is exclusive: [second, fourth) holds the second and the third decision.
      const [second, third, fourth] = [mine[4], mine[3], mine[2]];
      const window = await audit(w.moderator, { actorId: w.moderator.id, from: second.at, to: fourth.at });
      expect(window.map((r) => r.id)).toEqual([third.id, second.id]);
      expect((await audit(w.moderator, { actorId: w.moderator.id, from: fourth.at })).map((r) => r.id)).toEqual(mine.slice(0, 3).map((r) => r.id));
      expect((await audit(w.moderator, { actorId: w.moderator.id, to: second.at })).map((r) => r.id)).toEqual([mine[5].id]);
      expect(await audit(w.moderator, { actorId: w.moderator.id, from: '2000-01-01T00:00:00Z', to: '2000-01-02T00:00:00Z' })).toEqual([]);

      const bads: Record<string, string>[] = [{ action: 'listing.deleted' }, { targetType: 'order' }, { actorId: 'me' }, { from: 'yesterday' }, { associationId: '42' }];
      for (const bad of bads) {
        const res = await get(w.moderator, bad);
        expect([JSON.stringify(bad), res.status]).toEqual([JSON.stringify(bad), 400]);
      }
    });

    it('pages newest first by limit, without duplicates or gaps, and refuses a bad cursor', async () => {
      const w = await fiveDecisions();
      const all = await audit(w.moderator, { actorId: w.moderator.id });
      expect(all).toHaveLength(6);
      const ids = all.map((r) => BigInt(r.id));
      expect(ids.every((id, i) => i === 0 || id < ids[i - 1])).toBe(true);
      expect(all.every((r, i) => i === 0 || r.at <= all[i - 1].at)).toBe(true);

      const walked: AuditRow[] = [];
      const sizes: number[] = [];
      let cursor: string | null = null;
      do {
        const res: Response = await get(w.moderator, { actorId: w.moderator.id, limit: 2, ...(cursor ? { cursor } : {}) });
        expect(res.status).toBe(200);
        sizes.push(res.body.items.length);
        walked.push(...res.body.items);
        cursor = res.body.nextCursor;
      } while (cursor && sizes.length < 10);
      expect(sizes).toEqual([2, 2, 2]);
      expect(walked).toEqual(all);

      const forged = (values: unknown) => Buffer.from(JSON.stringify(values)).toString('base64url');
      for (const cursor of ['not-a-cursor', forged(['abc']), forged(['0']), forged([1]), forged(['1', '2']), forged(['1 OR 1=1']), forged(['99999999999999999999'])]) {
        const res = await get(w.moderator, { actorId: w.moderator.id, cursor });
        expect([cursor, res.status, res.body.error]).toEqual([cursor, 400, 'invalid_cursor']);
      }
      for (const limit of [0, 101, 'ten']) expect((await get(w.moderator, { limit })).status).toBe(400);
    });

    it("keeps each association's moderators to their own rows; platform moderators and admins see all", async () => {
      const a = await association();
      const b = await association();
      const platform = await moderatorOf(t, admin);
      const listingA = await published(a.maker, a.moderator);
      const listingB = await published(b.maker, b.moderator);

      for (const reader of [a.moderator, a.assocAdmin]) {
        const seen = await audit(reader);
        expect(seen.length).toBeGreaterThan(0);
        expect(seen.every((r) => r.associationId === a.association.id)).toBe(true);
        expect(seen.map((r) => r.target.id)).toEqual(expect.arrayContaining([listingA.id, a.moderator.id]));
        expect(seen.map((r) => r.target.id)).not.toContain(listingB.id);
        // Asking for B, or for one of B's targets, shows nothing of B.
        expect(await audit(reader, { associationId: b.association.id })).toEqual([]);
        expect(await audit(reader, { targetId: listingB.id })).toEqual([]);
        expect(await audit(reader, { actorId: b.moderator.id })).toEqual([]);
        // Nor a platform-level row (a platform moderator's grant).
        expect(await audit(reader, { targetId: platform.id })).toEqual([]);
      }

      for (const reader of [platform, admin]) {
        expect((await audit(reader, { targetId: listingA.id })).map((r) => r.associationId)).toEqual([a.association.id]);
        expect((await audit(reader, { targetId: listingB.id })).map((r) => r.associationId)).toEqual([b.association.id]);
        expect((await audit(reader, { targetId: platform.id })).map((r) => [r.action, r.associationId])).toEqual([['user.roles_granted', null]]);
        const onlyB = await audit(reader, { associationId: b.association.id });
        expect(onlyB.length).toBeGreaterThan(0);
        expect(onlyB.every((r) => r.associationId === b.association.id)).toBe(true);
        expect(onlyB.map((r) => r.target.id)).toContain(listingB.id);
      }

      const buyer = await register(t, ['buyer']);
      for (const outsider of [buyer, a.maker]) {
        const res = await get(outsider, { targetId: listingA.id });
        expect(res.status).toBe(403);
        expect(res.body.items).toBeUndefined();
      }
      expect((await t.http().get(`${API}/moderation/audit-log`)).status).toBe(401);

      // A moderator who loses the role loses the log at once.
      await t.http().delete(`${API}/admin/users/${a.moderator.id}/roles/moderator`).set(admin.auth).expect(200);
      expect((await get(a.moderator)).status).toBe(403);
    });
  });

  it('is append-only at the database: UPDATE, DELETE and TRUNCATE are refused and the row stays as it was', async () => {
    const a = await association();
    const listing = await listingUnderReview(t, a.maker);
    await decide(a.moderator, listing.id, { decision: 'reject', reason: 'Бастапқы себеп' }).expect(200);
    const [row] = await audit(a.moderator, { targetId: listing.id });
    const stored = async () => (await t.db.query(`SELECT * FROM audit_log WHERE id = $1`, [row.id]))[0];
    const before = await stored();
    expect(before).toMatchObject({ reason: 'Бастапқы себеп', actor_id: a.moderator.id });

    await expect(t.db.query(`UPDATE audit_log SET reason = 'өзгертілген' WHERE id = $1`, [row.id])).rejects.toThrow(/append-only/);
    await expect(t.db.query(`UPDATE audit_log SET actor_id = NULL, after = '{}'::jsonb WHERE target_id = $1`, [listing.id])).rejects.toThrow(/append-only/);
    await expect(t.db.query(`DELETE FROM audit_log WHERE id = $1`, [row.id])).rejects.toThrow(/append-only/);
    // TRUNCATE inside a transaction that is rolled back whatever happens: the log is shared with other suites.
    const runner = t.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await expect(runner.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }

    expect(await stored()).toEqual(before);
    expect(await audit(a.moderator, { targetId: listing.id })).toEqual([row]);
  });
});
