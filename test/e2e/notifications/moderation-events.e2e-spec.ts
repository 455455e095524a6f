import { INestApplicationContext } from '@nestjs/common';
import { startApp, startWorker, TestApp } from '../../support/app';
import {
  Actor,
  createAdmin,
  createAssociation,
  grantScopedRoles,
  listingUnderReview,
  platformModerator,
  register,
  uniqueSuffix,
} from '../../support/api';
import { isolatedEnv } from '../../support/isolated';

const API = '/api/v1';

interface Note {
  id: string;
  kind: string;
  locale: string;
  subject: string;
  text: string;
}

// Moderation of listings and association memberships, told to the people concerned: the
// event is written with the decision (or the request), relayed by a real worker, and
// delivered in-app in each recipient's language.
describe('notifications of moderation decisions and memberships', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let admin: Actor;
  let moderator: Actor;

  beforeAll(async () => {
    t = await startApp({ ...(await isolatedEnv('moderation_events')), OUTBOX_POLL_MS: '50' });
    worker = await startWorker();
    admin = await createAdmin(t);
    moderator = await platformModerator(t, admin);
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
  });

  const inbox = async (who: Actor): Promise<Note[]> => (await t.http().get(`${API}/me/notifications`).set(who.auth)).body.items;
  const ofKind = async (who: Actor, kind: string) => (await inbox(who)).filter((n) => n.kind === kind);

  async function waitFor(who: Actor, kind: string): Promise<Note> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const [found] = await ofKind(who, kind);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no ${kind} for ${who.email}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  /** Long enough for the worker to have relayed and delivered anything else that was coming. */
  const settle = () => new Promise((r) => setTimeout(r, 600));

  const outbox = async (aggregateId: string): Promise<{ type: string; aggregate_type: string; payload: Record<string, unknown> }[]> =>
    t.db.query(`SELECT type, aggregate_type, payload FROM outbox_events WHERE aggregate_id = $1 ORDER BY id`, [aggregateId]);

  /**
   * While `fn` runs, the database refuses outbox rows of `type` about `makerId`: a change
   * written in the same transaction as its event must then fail, and leave nothing behind.
   */
  async function withOutboxRefused<T>(type: string, makerId: string, fn: () => Promise<T>): Promise<T> {
    const name = `refuse_outbox_${uniqueSuffix()}`;
    await t.db.query(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.type = '${type}' AND NEW.payload->>'makerId' = '${makerId}' THEN RAISE EXCEPTION 'outbox refused by the test'; END IF;
        RETURN NEW;
      END $$`);
    await t.db.query(`CREATE TRIGGER ${name} BEFORE INSERT ON outbox_events FOR EACH ROW EXECUTE FUNCTION ${name}()`);
    try {
      return await fn();
    } finally {
      await t.db.query(`DROP TRIGGER ${name} ON outbox_events`);
      await t.db.query(`DROP FUNCTION ${name}()`);
    }
  }

  async function makerWithShop(locale: 'kk' | 'ru' | 'en', name = 'Айгерім Төлегенова') {
    const maker = await register(t, ['maker'], { locale, name });
    await t
      .http()
      .put(`${API}/me/shop`)
      .set(maker.auth)
      .send({ name: `Шеберхана ${uniqueSuffix()}`, region: 'turkestan', city: 'Түркістан' })
      .expect(201);
    return maker;
  }

  const decideListing = (actor: Actor, listingId: string, body: Record<string, unknown>) =>
    t.http().post(`${API}/moderation/listings/${listingId}/decision`).set(actor.auth).send(body);

  describe('listings', () => {
    it('tells a Kazakh maker in Kazakh that their listing is approved, once; a repeated decision is 409 and tells nothing', async () => {
      const maker = await makerWithShop('kk');
      const listing = await listingUnderReview(t, maker);
      await decideListing(moderator, listing.id, { decision: 'approve' }).expect(200);
      for (const body of [{ decision: 'approve' }, { decision: 'reject', reason: 'Қайта қарау' }]) {
        expect((await decideListing(admin, listing.id, body)).status).toBe(409);
      }

      const note = await waitFor(maker, 'listing_approved');
      expect(note.locale).toBe('kk');
      expect(note.subject).toBe('«Қолдан тоқылған сырмақ» хабарландыруы мақұлданды');
      expect(await outbox(listing.id)).toEqual([
        { type: 'listing.approved', aggregate_type: 'listing', payload: { listingId: listing.id, makerId: maker.id, revision: false } },
      ]);
      await settle();
      expect((await inbox(maker)).map((n) => n.kind)).toEqual(['listing_approved']);
    });

    it('tells a maker why their listing was rejected; a refused rejection writes no event', async () => {
      const maker = await makerWithShop('ru');
      const listing = await listingUnderReview(t, maker);
      for (const body of [{ decision: 'reject' }, { decision: 'reject', reason: '  ' }]) {
        expect((await decideListing(moderator, listing.id, body)).status).toBe(400);
      }
      expect(await outbox(listing.id)).toEqual([]);

      await decideListing(moderator, listing.id, { decision: 'reject', reason: 'Фотографии нечёткие' }).expect(200);
      expect((await decideListing(moderator, listing.id, { decision: 'reject', reason: 'Ещё раз' })).status).toBe(409);

      const note = await waitFor(maker, 'listing_rejected');
      expect(note.locale).toBe('ru');
      expect(note.subject).toBe('Объявление «Войлочный сырмак ручной работы» не прошло модерацию');
      expect(note.text).toContain('Причина: Фотографии нечёткие');
      expect(await outbox(listing.id)).toEqual([
        {
          type: 'listing.rejected',
          aggregate_type: 'listing',
          payload: { listingId: listing.id, makerId: maker.id, revision: false, reason: 'Фотографии нечёткие' },
        },
      ]);
      await settle();
      expect((await inbox(maker)).map((n) => n.kind)).toEqual(['listing_rejected']);
    });

    it('tells the maker of a decided edit of a published listing, under its new title', async () => {
      const maker = await makerWithShop('en');
      const listing = await listingUnderReview(t, maker);
      await decideListing(moderator, listing.id, { decision: 'approve' }).expect(200);
      // The title is read when the event is relayed: let the first one through before the edit.
      await waitFor(maker, 'listing_approved');
      await t
        .http()
        .patch(`${API}/listings/${listing.id}`)
        .set(maker.auth)
        .send({ title: { kk: 'Жаңа сырмақ', en: 'New felt syrmak' } })
        .expect(200);
      await decideListing(moderator, listing.id, { decision: 'approve' }).expect(200);

      expect((await outbox(listing.id)).map((e) => [e.type, e.payload.revision])).toEqual([
        ['listing.approved', false],
        ['listing.approved', true],
      ]);
      const deadline = Date.now() + 15_000;
      let approved = await ofKind(maker, 'listing_approved');
      while (approved.length < 2 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        approved = await ofKind(maker, 'listing_approved');
      }
      expect(approved.map((n) => n.subject).sort()).toEqual([
        'Your listing “Handmade felt syrmak” is approved',
        'Your listing “New felt syrmak” is approved',
      ]);
    });

    it('makes no decision whose event cannot be written', async () => {
      const maker = await makerWithShop('ru');
      const listing = await listingUnderReview(t, maker);
      const res = await withOutboxRefused('listing.approved', maker.id, () => decideListing(moderator, listing.id, { decision: 'approve' }));
      expect(res.status).toBe(500);
      const [row] = await t.db.query(`SELECT status FROM listings WHERE id = $1`, [listing.id]);
      expect(row.status).toBe('pending_review');
      expect(await outbox(listing.id)).toEqual([]);
    });

    it('writes one event for two simultaneous decisions, the one that won', async () => {
      const maker = await makerWithShop('kk');
      const listing = await listingUnderReview(t, maker);
      const [approve, reject] = await Promise.all([
        decideListing(moderator, listing.id, { decision: 'approve' }),
        decideListing(admin, listing.id, { decision: 'reject', reason: 'Бір уақытта' }),
      ]);
      expect([approve.status, reject.status].sort()).toEqual([200, 409]);
      const winner = approve.status === 200 ? 'listing.approved' : 'listing.rejected';
      expect((await outbox(listing.id)).map((e) => e.type)).toEqual([winner]);
      await waitFor(maker, winner === 'listing.approved' ? 'listing_approved' : 'listing_rejected');
      await settle();
      expect(await inbox(maker)).toHaveLength(1);
    });
  });

  describe('memberships', () => {
    const requestMembership = (maker: Actor, associationId: string) =>
      t.http().post(`${API}/associations/${associationId}/memberships`).set(maker.auth).send({ message: 'Мен киіз басамын' });
    const decideMembership = (actor: Actor, associationId: string, membershipId: string, body: Record<string, unknown>) =>
      t.http().post(`${API}/associations/${associationId}/memberships/${membershipId}/decision`).set(actor.auth).send(body);

    /** An association with two admins who read different languages. */
    async function associationWithAdmins() {
      const suffix = uniqueSuffix();
      const names = { kk: `Түркістан шеберлері ${suffix}`, ru: `Мастера Туркестана ${suffix}`, en: `Turkestan Makers ${suffix}` };
      const association = await createAssociation(t, admin, { name: names });
      const kkAdmin = await register(t, ['buyer'], { locale: 'kk' });
      const enAdmin = await register(t, ['buyer'], { locale: 'en' });
      for (const user of [kkAdmin, enAdmin]) await grantScopedRoles(t, admin, user, ['association_admin'], association.id);
      return { association, names, kkAdmin, enAdmin };
    }

    it("tells each of the association's admins of a request, in their own language, and not the maker", async () => {
      const { association, names, kkAdmin, enAdmin } = await associationWithAdmins();
      const other = await createAssociation(t, admin);
      const otherAdmin = await register(t, ['buyer'], { locale: 'ru' });
      await grantScopedRoles(t, admin, otherAdmin, ['association_admin'], other.id);
      const maker = await makerWithShop('ru', 'Айгерім Төлегенова');

      const requested = await requestMembership(maker, association.id).expect(201);
      expect((await requestMembership(maker, association.id)).status).toBe(409);

      const kk = await waitFor(kkAdmin, 'membership_requested');
      expect(kk.locale).toBe('kk');
      expect(kk.subject).toBe(`«${names.kk}» құрамына кіруге жаңа өтініш`);
      expect(kk.text).toContain('Айгерім Төлегенова');
      const en = await waitFor(enAdmin, 'membership_requested');
      expect(en.locale).toBe('en');
      expect(en.subject).toBe(`New request to join ${names.en}`);
      expect(en.text).toContain('Айгерім Төлегенова would like to join');

      expect(await outbox(requested.body.id)).toEqual([
        {
          type: 'membership.requested',
          aggregate_type: 'membership',
          payload: { membershipId: requested.body.id, associationId: association.id, makerId: maker.id },
        },
      ]);
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM outbox_events WHERE type = 'membership.requested' AND payload->>'makerId' = $1`, [
        maker.id,
      ]);
      expect(n).toBe(1); // the refused second request wrote nothing
      await settle();
      expect(await inbox(maker)).toEqual([]);
      expect(await inbox(otherAdmin)).toEqual([]);
      for (const a of [kkAdmin, enAdmin]) expect(await inbox(a)).toHaveLength(1);
    });

    it('tells the maker their request is approved, once; a repeated decision is 409 and tells nothing', async () => {
      const { association, names, kkAdmin, enAdmin } = await associationWithAdmins();
      const maker = await makerWithShop('kk');
      const requested = (await requestMembership(maker, association.id).expect(201)).body;
      await decideMembership(kkAdmin, association.id, requested.id, { decision: 'approve' }).expect(200);
      for (const body of [{ decision: 'approve' }, { decision: 'reject', reason: 'Қайта' }]) {
        const again = await decideMembership(enAdmin, association.id, requested.id, body);
        expect(again.status).toBe(409);
        expect(again.body.error).toBe('illegal_transition');
      }

      const note = await waitFor(maker, 'membership_decided');
      expect(note.locale).toBe('kk');
      expect(note.subject).toBe(`Сіз «${names.kk}» құрамына қабылдандыңыз`);
      expect((await outbox(requested.id)).map((e) => e.type)).toEqual(['membership.requested', 'membership.decided']);
      expect((await outbox(requested.id))[1].payload).toEqual({
        membershipId: requested.id,
        associationId: association.id,
        makerId: maker.id,
        decision: 'approved',
        reason: null,
      });

      // A revocation is not a decision on a request: no membership.decided for it.
      await t
        .http()
        .post(`${API}/associations/${association.id}/memberships/${requested.id}/revoke`)
        .set(kkAdmin.auth)
        .send({ reason: 'Мүшелік жарнасы төленбеді' })
        .expect(200);
      expect((await outbox(requested.id)).map((e) => e.type)).toEqual(['membership.requested', 'membership.decided']);
      await settle();
      expect((await inbox(maker)).map((n) => n.kind)).toEqual(['membership_decided']);
    });

    it('tells the maker their request is declined, with the reason', async () => {
      const { association, names, enAdmin } = await associationWithAdmins();
      const maker = await makerWithShop('en');
      const requested = (await requestMembership(maker, association.id).expect(201)).body;
      await decideMembership(enAdmin, association.id, requested.id, { decision: 'reject', reason: 'No portfolio yet' }).expect(200);

      const note = await waitFor(maker, 'membership_decided');
      expect(note.locale).toBe('en');
      expect(note.subject).toBe(`Your request to join ${names.en} was declined`);
      expect(note.text).toContain('Reason: No portfolio yet');
      expect((await outbox(requested.id)).map((e) => [e.type, e.payload.decision ?? null, e.payload.reason ?? null])).toEqual([
        ['membership.requested', null, null],
        ['membership.decided', 'rejected', 'No portfolio yet'],
      ]);
    });

    it('makes no request and no decision whose event cannot be written', async () => {
      const { association, kkAdmin } = await associationWithAdmins();
      const maker = await makerWithShop('ru');
      const refusedRequest = await withOutboxRefused('membership.requested', maker.id, () => requestMembership(maker, association.id));
      expect(refusedRequest.status).toBe(500);
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM memberships WHERE maker_id = $1`, [maker.id]);
      expect(n).toBe(0);

      const requested = (await requestMembership(maker, association.id).expect(201)).body;
      const refusedDecision = await withOutboxRefused('membership.decided', maker.id, () =>
        decideMembership(kkAdmin, association.id, requested.id, { decision: 'approve' }),
      );
      expect(refusedDecision.status).toBe(500);
      const [row] = await t.db.query(`SELECT status, decided_at FROM memberships WHERE id = $1`, [requested.id]);
      expect(row).toEqual({ status: 'pending', decided_at: null });
      expect((await outbox(requested.id)).map((e) => e.type)).toEqual(['membership.requested']);
      // Once the event can be written, the same decision goes through.
      await decideMembership(kkAdmin, association.id, requested.id, { decision: 'approve' }).expect(200);
      expect((await outbox(requested.id)).map((e) => e.type)).toEqual(['membership.requested', 'membership.decided']);
    });

    it('writes one event for two simultaneous decisions on a membership', async () => {
      const { association, kkAdmin, enAdmin } = await associationWithAdmins();
      const maker = await makerWithShop('ru');
      const requested = (await requestMembership(maker, association.id).expect(201)).body;
      const results = await Promise.all([
        decideMembership(kkAdmin, association.id, requested.id, { decision: 'approve' }),
        decideMembership(enAdmin, association.id, requested.id, { decision: 'reject', reason: 'Бір уақытта' }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const winner = results.find((r) => r.status === 200)!.body.status;
      const decided = (await outbox(requested.id)).filter((e) => e.type === 'membership.decided');
      expect(decided.map((e) => e.payload.decision)).toEqual([winner]);
      await waitFor(maker, 'membership_decided');
      await settle();
      expect(await ofKind(maker, 'membership_decided')).toHaveLength(1);
    });
  });
});
