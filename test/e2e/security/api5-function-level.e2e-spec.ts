import { randomUUID } from 'node:crypto';
import { TestApp, startApp } from '../../support/app';
import { Actor, associationWithAdmin, createAdmin, makerWithShop, platformModerator, register } from '../../support/api';

interface Route {
  method: string;
  path: string;
}

/** Routes for the platform's staff: admin, moderation and reports. A new one in the document is covered here at once. */
const isAdminRoute = (path: string) => /^\/(api\/v1\/)?admin(\/|$)/.test(path);
const isStaffRoute = (path: string) => isAdminRoute(path) || /^\/api\/v1\/moderation\//.test(path) || /\/reports(\/|$)/.test(path);

/**
 * OWASP API5:2023, broken function level authorisation: every admin, moderation and
 * report route in the OpenAPI document refuses anonymous callers (401) and buyers and
 * makers (403); admin routes also refuse moderators and association admins. The table
 * is built from `/docs-json`, with random UUIDs for path parameters and an empty body.
 */
describe('OWASP API5: function level authorisation', () => {
  let t: TestApp;
  let routes: Route[];
  let admin: Actor;
  let buyer: Actor;
  let maker: Actor;
  let buyerMaker: Actor;
  let moderator: Actor;
  let assocAdmin: Actor;

  beforeAll(async () => {
    t = await startApp();
    const doc = (await t.http().get('/docs-json')).body as { paths: Record<string, Record<string, unknown>> };
    routes = Object.entries(doc.paths)
      .filter(([path]) => isStaffRoute(path))
      .flatMap(([path, ops]) => Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path })));
    admin = await createAdmin(t);
    buyer = await register(t, ['buyer']);
    maker = (await makerWithShop(t)).maker;
    buyerMaker = await register(t, ['buyer', 'maker']);
    moderator = await platformModerator(t, admin);
    assocAdmin = (await associationWithAdmin(t, admin)).assocAdmin;
  });
  afterAll(() => t.close());

  const concrete = (path: string) =>
    path.replace(/\{([^}]+)\}/g, (_, name: string) =>
      name === 'role' ? 'moderator' : name === 'file' ? 'main.js' : name === 'queueName' || name === 'queueStatus' ? 'notifications' : randomUUID(),
    );
  const call = (route: Route, who: Actor | null) => {
    const req = t.http()[route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](concrete(route.path));
    if (who) req.set(who.auth);
    return route.method === 'GET' || route.method === 'DELETE' ? req : req.send({});
  };
  /** `route → status` for every route whose answer is not `expected`. */
  async function refusals(routes: Route[], who: Actor | null, expected: number): Promise<string[]> {
    const wrong: string[] = [];
    for (const route of routes) {
      const res = await call(route, who);
      if (res.status !== expected) wrong.push(`${route.method} ${route.path} → ${res.status}`);
      else if (res.headers['content-type']?.includes('json')) expect(res.body).toMatchObject({ statusCode: expected, error: expect.any(String) });
    }
    return wrong;
  }

  it('builds its table from the OpenAPI document: admin, moderation and report routes of every method', () => {
    const listed = routes.map((r) => `${r.method} ${r.path}`);
    expect(listed).toEqual(
      expect.arrayContaining([
        'POST /api/v1/admin/users/{id}/roles',
        'DELETE /api/v1/admin/users/{id}/roles/{role}',
        'POST /api/v1/admin/payouts/run',
        'POST /api/v1/admin/payouts/{id}/mark-paid',
        'GET /api/v1/admin/ledger/check',
        'GET /api/v1/admin/reports/regions',
        'POST /api/v1/admin/queues/session',
        'GET /api/v1/moderation/queue',
        'POST /api/v1/moderation/listings/{id}/decision',
        'GET /api/v1/moderation/flags',
        'POST /api/v1/moderation/flags/{id}/resolve',
        'GET /api/v1/moderation/suspensions',
        'POST /api/v1/moderation/shops/{id}/suspend',
        'POST /api/v1/moderation/shops/{id}/lift-suspension',
        'GET /api/v1/moderation/audit-log',
        'GET /api/v1/associations/{id}/reports/commission',
        'GET /admin/queues',
      ]),
    );
    expect(new Set(routes.map((r) => r.method))).toEqual(new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']));
  });

  it('answers 401 to anonymous callers on every staff route', async () => {
    expect(await refusals(routes, null, 401)).toEqual([]);
  });

  it('answers 401 to a forged or garbled token on every staff route', async () => {
    const forged = { ...buyer, auth: { Authorization: `Bearer ${buyer.accessToken.slice(0, -4)}AAAA` } };
    expect(await refusals(routes, forged, 401)).toEqual([]);
  });

  it('answers 403 to buyers on every staff route', async () => {
    expect(await refusals(routes, buyer, 403)).toEqual([]);
  });

  it('answers 403 to makers (with and without a shop, and to a buyer who is also a maker) on every staff route', async () => {
    expect(await refusals(routes, maker, 403)).toEqual([]);
    expect(await refusals(routes, buyerMaker, 403)).toEqual([]);
  });

  it('answers 403 to moderators and association admins on every admin route', async () => {
    const adminOnly = routes.filter((r) => isAdminRoute(r.path));
    expect(adminOnly.length).toBeGreaterThan(10);
    expect(await refusals(adminOnly, moderator, 403)).toEqual([]);
    expect(await refusals(adminOnly, assocAdmin, 403)).toEqual([]);
  });

  it("refuses the queue dashboard to a buyer's or maker's token sent as the dashboard cookie, and lets an admin's in", async () => {
    const { QUEUE_DASHBOARD_COOKIE } = await import('../../../src/worker/queue-dashboard');
    const dashboard = routes.filter((r) => r.method === 'GET' && r.path.startsWith('/admin/queues'));
    expect(dashboard.length).toBeGreaterThan(5);
    for (const who of [buyer, maker, moderator, assocAdmin]) {
      for (const route of dashboard) {
        const res = await t.http().get(concrete(route.path)).set('Cookie', `${QUEUE_DASHBOARD_COOKIE}=${who.accessToken}`);
        expect(`${route.path} → ${res.status}`).toBe(`${route.path} → 403`);
      }
    }
    const session = await t.http().post('/api/v1/admin/queues/session').set(admin.auth);
    expect(session.status).toBe(204);
    const cookie = String(session.headers['set-cookie']).split(';')[0];
    expect((await t.http().get('/admin/queues/api/queues').set('Cookie', cookie)).status).toBe(200);
  });

  it('lets an admin through every staff route it reads (no 401 or 403), so the refusals above are the roles at work', async () => {
    const reads = routes.filter((r) => r.method === 'GET');
    const refused: string[] = [];
    for (const route of reads) {
      const res = await call(route, admin);
      if (res.status === 401 || res.status === 403 || res.status >= 500) refused.push(`${route.method} ${route.path} → ${res.status}`);
    }
    expect(refused).toEqual([]);
  });

  it('takes a revoked role away at once: the same token is refused from then on, and nothing changes', async () => {
    const { association, assocAdmin: former } = await associationWithAdmin(t, admin);
    const formerMod = await platformModerator(t, admin);
    expect((await t.http().get(`/api/v1/associations/${association.id}/reports/commission`).set(former.auth)).status).toBe(200);
    expect((await t.http().get('/api/v1/moderation/queue').set(formerMod.auth)).status).toBe(200);
    expect((await t.http().delete(`/api/v1/admin/users/${former.id}/roles/association_admin`).set(admin.auth)).status).toBe(200);
    expect((await t.http().delete(`/api/v1/admin/users/${formerMod.id}/roles/moderator`).set(admin.auth)).status).toBe(200);
    expect((await t.http().get(`/api/v1/associations/${association.id}/reports/commission`).set(former.auth)).status).toBe(403);
    expect((await t.http().get(`/api/v1/associations/${association.id}/memberships`).set(former.auth)).status).toBe(403);
    const patched = await t.http().patch(`/api/v1/associations/${association.id}`).set(former.auth).send({ commissionRateBps: 0 });
    expect(patched.status).toBe(403);
    expect((await t.db.query('SELECT commission_rate_bps FROM associations WHERE id = $1', [association.id]))[0].commission_rate_bps).toBe(1000);
    expect((await t.http().get('/api/v1/moderation/queue').set(formerMod.auth)).status).toBe(403);
    expect((await t.http().get('/api/v1/moderation/audit-log').set(formerMod.auth)).status).toBe(403);
  });

  it('does not let a refused caller change anything: a buyer granting itself admin, or running payouts, leaves no trace', async () => {
    const grant = await t.http().post(`/api/v1/admin/users/${buyer.id}/roles`).set(buyer.auth).send({ roles: ['admin'] });
    expect(grant.status).toBe(403);
    const [row] = await t.db.query('SELECT roles FROM users WHERE id = $1', [buyer.id]);
    expect(row.roles).toEqual(['buyer']);
    const me = await t.http().get('/api/v1/me').set(buyer.auth);
    expect(me.body.roles).toEqual(['buyer']);
    const run = await t.http().post('/api/v1/admin/payouts/run').set(maker.auth).send({});
    expect(run.status).toBe(403);
    const audit = await t.db.query('SELECT count(*)::int AS n FROM audit_log WHERE actor_id = ANY($1::uuid[])', [[buyer.id, maker.id]]);
    expect(audit[0].n).toBe(0);
  });
});
