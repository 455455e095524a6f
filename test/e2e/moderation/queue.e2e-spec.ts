import { Response } from 'supertest';
import { TestApp, startApp } from '../../support/app';
import {
  Actor,
  allPages,
  associationWithAdmin,
  categoryId,
  createAdmin,
  createListing,
  grantScopedRoles,
  joinAssociation,
  listingBody,
  listingUnderReview,
  makerWithShop,
  moderatorOf,
  register,
} from '../../support/api';

const API = '/api/v1';

interface QueueItem {
  kind: string;
  submittedAt: string;
  listing: { id: string; status: string };
}

/**
 * Scope of the review queue: an association's moderators and admins moderate its own
 * members' listings only; platform moderators and admins moderate everything.
 */
describe('moderation queue and its scope', () => {
  let t: TestApp;
  let admin: Actor;
  beforeAll(async () => {
    t = await startApp();
    admin = await createAdmin(t);
  });
  afterAll(() => t.close());

  /** Every page of the queue as `actor` sees it (the database is shared with other suites: walk it all). */
  const wholeQueue = (actor: Actor) => allPages<QueueItem>(t, actor, `${API}/moderation/queue`);
  const queueIds = async (actor: Actor) => (await wholeQueue(actor)).map((i) => i.listing.id);

  const decide = (actor: Actor, listingId: string, body: Record<string, unknown>) =>
    t.http().post(`${API}/moderation/listings/${listingId}/decision`).set(actor.auth).send(body);

  const statusOf = async (listingId: string): Promise<string> =>
    (await t.db.query('SELECT status FROM listings WHERE id = $1', [listingId]))[0].status;

  /** Associations A and B, each with an association_admin, a moderator, an approved maker and a listing under review. */
  async function world() {
    const a = await associationWithAdmin(t, admin);
    const b = await associationWithAdmin(t, admin);
    const [modA, modB, platformMod] = await Promise.all([
      moderatorOf(t, admin, a.association.id),
      moderatorOf(t, admin, b.association.id),
      moderatorOf(t, admin),
    ]);
    const makerA = (await makerWithShop(t)).maker;
    const makerB = (await makerWithShop(t)).maker;
    const loner = (await makerWithShop(t)).maker;
    await joinAssociation(t, makerA, a.association.id, a.assocAdmin);
    await joinAssociation(t, makerB, b.association.id, b.assocAdmin);
    const listingA = await listingUnderReview(t, makerA);
    const listingB = await listingUnderReview(t, makerB);
    const listingLoner = await listingUnderReview(t, loner);
    return { a, b, modA, modB, platformMod, makerA, makerB, loner, listingA, listingB, listingLoner };
  }

  it("shows an association's moderator and admin only their own members' pending listings", async () => {
    const w = await world();
    for (const actor of [w.modA, w.a.assocAdmin]) {
      const ids = await queueIds(actor);
      expect(ids).toEqual([w.listingA.id]);
    }
    for (const actor of [w.modB, w.b.assocAdmin]) {
      const ids = await queueIds(actor);
      expect(ids).toEqual([w.listingB.id]);
    }
    const item = (await wholeQueue(w.modA))[0];
    expect(item).toMatchObject({ kind: 'new_listing', submittedAt: expect.any(String), listing: { id: w.listingA.id, status: 'pending_review' } });
  });

  it("answers 404 to an association's moderator or admin deciding another association's listing, which stays pending", async () => {
    const w = await world();
    for (const actor of [w.modA, w.a.assocAdmin]) {
      for (const body of [{ decision: 'approve' }, { decision: 'reject', reason: 'Сурет сапасыз' }]) {
        const res = await decide(actor, w.listingB.id, body);
        expect(res.status).toBe(404);
        expect(res.body.error).toBe('not_found');
      }
      // Nor can they read it.
      expect((await t.http().get(`${API}/listings/${w.listingB.id}`).set(actor.auth)).status).toBe(404);
    }
    expect(await statusOf(w.listingB.id)).toBe('pending_review');
    expect(await queueIds(w.modB)).toEqual([w.listingB.id]);
  });

  it("lets an association's moderator and admin decide their own members' listings", async () => {
    const w = await world();
    const approved = await decide(w.modA, w.listingA.id, { decision: 'approve' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ id: w.listingA.id, status: 'published' });
    expect(await queueIds(w.modA)).toEqual([]);

    const second = await listingUnderReview(t, w.makerA);
    const rejected = await decide(w.a.assocAdmin, second.id, { decision: 'reject', reason: 'Сипаттамасы толық емес' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ id: second.id, status: 'rejected', moderationNote: 'Сипаттамасы толық емес' });
    const seenByMaker = await t.http().get(`${API}/listings/${second.id}`).set(w.makerA.auth);
    expect(seenByMaker.body).toMatchObject({ status: 'rejected', moderationNote: 'Сипаттамасы толық емес' });
  });

  it('lets a platform moderator and an admin see and decide listings of every association, and of makers without one', async () => {
    const w = await world();
    for (const actor of [w.platformMod, admin]) {
      const ids = await queueIds(actor);
      expect(ids).toEqual(expect.arrayContaining([w.listingA.id, w.listingB.id, w.listingLoner.id]));
    }
    expect((await decide(w.platformMod, w.listingA.id, { decision: 'approve' })).status).toBe(200);
    expect((await decide(admin, w.listingB.id, { decision: 'reject', reason: 'Тыйым салынған тауар' })).status).toBe(200);
    expect((await decide(w.platformMod, w.listingLoner.id, { decision: 'approve' })).status).toBe(200);
    expect([await statusOf(w.listingA.id), await statusOf(w.listingB.id), await statusOf(w.listingLoner.id)]).toEqual([
      'published',
      'rejected',
      'published',
    ]);
    const remaining = await queueIds(w.platformMod);
    expect(remaining).not.toContain(w.listingA.id);
    expect(remaining).not.toContain(w.listingB.id);
    expect(remaining).not.toContain(w.listingLoner.id);
  });

  it('leaves a maker without an association to platform moderators and admins', async () => {
    const w = await world();
    for (const actor of [w.modA, w.a.assocAdmin, w.modB, w.b.assocAdmin]) {
      expect(await queueIds(actor)).not.toContain(w.listingLoner.id);
      expect((await decide(actor, w.listingLoner.id, { decision: 'approve' })).status).toBe(404);
    }
    expect(await statusOf(w.listingLoner.id)).toBe('pending_review');
    expect((await decide(admin, w.listingLoner.id, { decision: 'approve' })).status).toBe(200);
  });

  it('follows the membership: a revoked maker leaves the scope, a newly approved one enters it', async () => {
    const w = await world();
    const membership = (await t.http().get(`${API}/me/memberships`).set(w.makerA.auth)).body[0];
    await t
      .http()
      .post(`${API}/associations/${w.a.association.id}/memberships/${membership.id}/revoke`)
      .set(w.a.assocAdmin.auth)
      .send({ reason: 'Мүшелік тоқтатылды' })
      .expect(200);
    expect(await queueIds(w.modA)).toEqual([]);
    expect((await decide(w.modA, w.listingA.id, { decision: 'approve' })).status).toBe(404);

    await joinAssociation(t, w.makerA, w.b.association.id, w.b.assocAdmin);
    expect((await queueIds(w.modB)).sort()).toEqual([w.listingA.id, w.listingB.id].sort());
    expect((await decide(w.modB, w.listingA.id, { decision: 'approve' })).status).toBe(200);
  });

  it("scopes pending edits of published listings the same way", async () => {
    const w = await world();
    await decide(w.modA, w.listingA.id, { decision: 'approve' }).expect(200);
    const edited = await t
      .http()
      .patch(`${API}/listings/${w.listingA.id}`)
      .set(w.makerA.auth)
      .send({ title: { kk: 'Жаңа атауы бар сырмақ', ru: 'Сырмак с новым названием' } });
    expect(edited.status).toBe(200);

    const [item] = await wholeQueue(w.modA);
    expect(item).toMatchObject({ kind: 'revision', listing: { id: w.listingA.id, status: 'published' } });
    expect(await queueIds(w.modB)).not.toContain(w.listingA.id);
    expect((await decide(w.modB, w.listingA.id, { decision: 'approve' })).status).toBe(404);

    const approved = await decide(w.a.assocAdmin, w.listingA.id, { decision: 'approve' });
    expect(approved.status).toBe(200);
    expect(approved.body.title).toEqual({ kk: 'Жаңа атауы бар сырмақ', ru: 'Сырмак с новым названием' });
    expect(await queueIds(w.modA)).toEqual([]);
  });

  it('does not let a moderator decide on their own listing', async () => {
    // A maker who is also a platform moderator.
    const { maker } = await makerWithShop(t);
    await grantScopedRoles(t, admin, maker, ['moderator']);
    const own = await listingUnderReview(t, maker);
    for (const decision of ['approve', 'reject']) {
      const res = await decide(maker, own.id, { decision, reason: 'Өзімдікі' });
      expect(res.status).toBe(403);
    }
    expect(await statusOf(own.id)).toBe('pending_review');
    // Nor shows it in their queue, while other moderators see it.
    expect(await queueIds(maker)).not.toContain(own.id);
    expect(await queueIds(admin)).toContain(own.id);

    // A member of an association who moderates it.
    const { association, assocAdmin } = await associationWithAdmin(t, admin);
    const member = (await makerWithShop(t)).maker;
    await joinAssociation(t, member, association.id, assocAdmin);
    await grantScopedRoles(t, admin, member, ['moderator'], association.id);
    const mine = await listingUnderReview(t, member);
    expect((await decide(member, mine.id, { decision: 'approve' })).status).toBe(403);
    expect(await statusOf(mine.id)).toBe('pending_review');
    // Another moderator may.
    expect((await decide(assocAdmin, mine.id, { decision: 'approve' })).status).toBe(200);
  });

  it('refuses buyers and makers with 403 on the queue and on decisions', async () => {
    const w = await world();
    const buyer = await register(t, ['buyer']);
    for (const actor of [buyer, w.makerA, w.loner]) {
      expect((await t.http().get(`${API}/moderation/queue`).set(actor.auth)).status).toBe(403);
      expect((await decide(actor, w.listingA.id, { decision: 'approve' })).status).toBe(403);
    }
    expect((await t.http().get(`${API}/moderation/queue`)).status).toBe(401);
    expect(await statusOf(w.listingA.id)).toBe('pending_review');
  });

  it('answers a decision on a listing not under review with 409', async () => {
    const w = await world();
    const draft = await createListing(t, w.makerA, listingBody({ categoryId: await categoryId(t, 'syrmak') }));
    const onDraft = await decide(w.modA, draft.id, { decision: 'approve' });
    expect(onDraft.status).toBe(409);
    expect(await statusOf(draft.id)).toBe('draft');

    await decide(w.modA, w.listingA.id, { decision: 'approve' }).expect(200);
    for (const body of [{ decision: 'approve' }, { decision: 'reject', reason: 'Кеш қалды' }]) {
      const res = await decide(w.a.assocAdmin, w.listingA.id, body);
      expect(res.status).toBe(409);
    }
    expect(await statusOf(w.listingA.id)).toBe('published');
  });

  it('lets only one of two simultaneous decisions on a listing through', async () => {
    const w = await world();
    const [approve, reject] = await Promise.all([
      decide(w.modA, w.listingA.id, { decision: 'approve' }),
      decide(w.a.assocAdmin, w.listingA.id, { decision: 'reject', reason: 'Бір уақытта' }),
    ]);
    expect([approve.status, reject.status].sort()).toEqual([200, 409]);
    const winner = approve.status === 200 ? 'published' : 'rejected';
    expect(await statusOf(w.listingA.id)).toBe(winner);
  });

  it('needs a reason to reject (400), and a known decision', async () => {
    const w = await world();
    for (const body of [
      { decision: 'reject' },
      { decision: 'reject', reason: '' },
      { decision: 'reject', reason: '      ' },
      { decision: 'reject', reason: null },
      { decision: 'suspend', reason: 'Себебі бар' },
      {},
    ]) {
      const res = await decide(w.modA, w.listingA.id, body);
      expect(res.status).toBe(400);
    }
    expect(await statusOf(w.listingA.id)).toBe('pending_review');
    expect((await decide(w.modA, '00000000-0000-4000-8000-000000000000', { decision: 'approve' })).status).toBe(404);
    expect((await decide(w.modA, 'not-a-uuid', { decision: 'approve' })).status).toBe(400);
  });

  it('pages through the queue oldest first', async () => {
    const w = await world();
    const more = [];
    for (let i = 0; i < 3; i++) more.push(await listingUnderReview(t, w.makerA));
    const expected = [w.listingA.id, ...more.map((l) => l.id)];

    const seen: QueueItem[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: Response = await t
        .http()
        .get(`${API}/moderation/queue`)
        .query({ limit: 3, ...(cursor ? { cursor } : {}) })
        .set(w.modA.auth);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...res.body.items);
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(2);
    expect(seen.map((i) => i.listing.id)).toEqual(expected);
    const times = seen.map((i) => Date.parse(i.submittedAt));
    expect([...times].sort((x, y) => x - y)).toEqual(times);

    // A resubmitted listing goes to the back of the queue.
    await decide(w.modA, w.listingA.id, { decision: 'reject', reason: 'Суретін ауыстырыңыз' }).expect(200);
    await t.http().post(`${API}/listings/${w.listingA.id}/submit`).set(w.makerA.auth).expect(200);
    expect(await queueIds(w.modA)).toEqual([...more.map((l) => l.id), w.listingA.id]);

    expect((await t.http().get(`${API}/moderation/queue`).query({ limit: 0 }).set(w.modA.auth)).status).toBe(400);
    expect((await t.http().get(`${API}/moderation/queue`).query({ cursor: 'bogus' }).set(w.modA.auth)).status).toBe(400);
    const forged = Buffer.from(JSON.stringify(['yesterday', 'someone'])).toString('base64url');
    for (const actor of [w.modA, w.platformMod]) {
      expect((await t.http().get(`${API}/moderation/queue`).query({ cursor: forged }).set(actor.auth)).status).toBe(400);
    }
  });

  it('takes a moderator who loses the role out of the queue at once', async () => {
    const w = await world();
    await t.http().delete(`${API}/admin/users/${w.modA.id}/roles/moderator`).set(admin.auth).expect(200);
    expect((await t.http().get(`${API}/moderation/queue`).set(w.modA.auth)).status).toBe(403);
    expect((await decide(w.modA, w.listingA.id, { decision: 'approve' })).status).toBe(403);
    expect(await statusOf(w.listingA.id)).toBe('pending_review');
  });
});
