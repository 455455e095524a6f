import { randomUUID } from 'node:crypto';
import { TestApp, startApp } from '../../support/app';

/** An OpenAPI document, as much of it as these checks read. */
interface Operation {
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string }[];
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components?: { securitySchemes?: Record<string, unknown> };
}

/**
 * OWASP API9:2023, improper inventory management: the OpenAPI document is the
 * inventory. Every route the app serves is in it and every route in it is served; each
 * operation says whether it needs a token (and the app agrees), and what it answers.
 */
describe('OWASP API9: inventory', () => {
  let t: TestApp;
  let doc: OpenApi;
  let operations: { method: string; path: string; op: Operation }[];

  beforeAll(async () => {
    t = await startApp();
    const res = await t.http().get('/docs-json');
    expect(res.status).toBe(200);
    doc = res.body;
    operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, op })));
  });
  afterAll(() => t.close());

  /** A concrete URL for a documented path: random UUIDs for ids, harmless words for the rest. */
  const concrete = (path: string) =>
    path.replace(/\{([^}]+)\}/g, (_, name: string) =>
      name === 'role' ? 'buyer' : name === 'file' ? 'main.js' : name === 'slug' || name === 'queueName' || name === 'queueStatus' ? `no-such-${name.toLowerCase()}` : randomUUID(),
    );
  const call = (method: string, url: string) => {
    const req = t.http()[method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](url);
    return method === 'GET' || method === 'DELETE' ? req : req.set('content-type', 'application/json').send('{}');
  };

  /** Every `METHOD /path` fastify serves (printRoutes lists "path (METHODS)" lines: rebuild full paths from the indentation tree). */
  function servedRoutes(norm: (path: string) => string = (p) => p): Set<string> {
    const served = new Set<string>();
    const stack: string[] = [];
    for (const line of t.app.getHttpAdapter().getInstance().printRoutes({ commonPrefix: false, includeMeta: false }).split('\n')) {
      const m = line.match(/^([│ ]*)(?:[└├]──\s)?(\S.*?)\s\(([A-Z, ]+)\)$/) ?? line.match(/^([│ ]*)(?:[└├]──\s)?(\S.*)$/);
      if (!m) continue;
      const depth = Math.floor(m[1].length / 4);
      stack.length = depth;
      stack.push(m[2].replace(/\s\([A-Z, ]+\)$/, ''));
      if (m[3]) for (const method of m[3].split(',').map((s) => s.trim())) served.add(`${method} ${norm(stack.join(''))}`);
    }
    return served;
  }

  it('documents every route it serves, and serves every route it documents', async () => {
    const fastify = t.app.getHttpAdapter().getInstance();

    // Documented → served: fastify knows each route (OpenAPI {param} is fastify's :param, a trailing {file} its wildcard).
    const asRoute = (path: string) => path.replace(/\/\{file\}$/, '/*').replace(/\{([^}]+)\}/g, ':$1');
    expect(operations.filter((r) => !fastify.hasRoute({ method: r.method as 'GET', url: asRoute(r.path) })).map((r) => `${r.method} ${r.path}`)).toEqual([]);

    // Served → documented.
    const norm = (path: string) => path.replace(/\{[^}]+\}|:[A-Za-z]+/g, ':p').replace(/(.)\/$/, '$1');
    const known = new Set(operations.map((r) => `${r.method} ${norm(r.path)}`));
    const served = servedRoutes(norm);
    const ours = [...served].filter(
      (r) => (r.includes(' /api/v1/') || r.includes(' /admin/queues')) && !r.startsWith('HEAD ') && !r.startsWith('OPTIONS '),
    );
    expect(ours.length).toBeGreaterThan(20);
    // A wildcard (bull-board's files) prints without its static part: any documented route under it will do.
    const undocumented = ours.filter((r) => !known.has(r) && !(r.endsWith('*') && [...known].some((k) => k.startsWith(r.slice(0, -1)))));
    expect(undocumented).toEqual([]);
  });

  it('serves nothing outside the API, health, docs, media files and the queue dashboard (no stray debug route)', () => {
    const outside = [...servedRoutes()].filter(
      (r) => !/^[A-Z]+ \/(api\/v1\/|health$|docs|media\/|admin\/queues)/.test(r) && !/^(HEAD|OPTIONS) /.test(r),
    );
    expect(outside).toEqual([]);
    expect([...servedRoutes()].filter((r) => r.startsWith('GET /health'))).toEqual(['GET /health']);
  });

  it('documents the routes of the contract, each with its method', () => {
    const listed = new Set(operations.map((o) => `${o.method} ${o.path}`));
    const contract = [
      'POST /api/v1/auth/register',
      'POST /api/v1/auth/login',
      'POST /api/v1/auth/refresh',
      'GET /api/v1/me',
      'POST /api/v1/admin/users/{id}/roles',
      'GET /api/v1/associations/{id}',
      'PATCH /api/v1/associations/{id}',
      'POST /api/v1/associations/{id}/memberships/{mid}/decision',
      'PUT /api/v1/me/shop',
      'GET /api/v1/shops/{slug}',
      'POST /api/v1/listings/{id}/submit',
      'GET /api/v1/me/listings',
      'POST /api/v1/orders',
      'GET /api/v1/orders/{id}',
      'POST /api/v1/orders/{id}/cancel',
      'POST /api/v1/payments/stripe/webhook',
      'POST /api/v1/payments/{id}/mark-paid',
      'POST /api/v1/seller-orders/{id}/refund',
      'GET /api/v1/me/balance',
      'GET /api/v1/associations/{id}/reports/commission',
      'GET /api/v1/admin/reports/regions',
      'GET /api/v1/admin/ledger/check',
      'POST /api/v1/admin/payouts/run',
      'GET /api/v1/moderation/queue',
      'POST /api/v1/moderation/flags/{id}/resolve',
      'GET /api/v1/moderation/audit-log',
      'GET /api/v1/me/notifications',
      'POST /api/v1/me/notifications/{id}/read',
      'GET /admin/queues',
      'GET /health',
    ];
    expect(contract.filter((r) => !listed.has(r))).toEqual([]);
  });

  it('declares security exactly where the app asks for a token: anonymous calls get 401 on those and only those', async () => {
    const schemes = Object.keys(doc.components?.securitySchemes ?? {});
    const mismatched: string[] = [];
    for (const { method, path, op } of operations) {
      for (const requirement of op.security ?? []) for (const name of Object.keys(requirement)) if (!schemes.includes(name)) mismatched.push(`${method} ${path}: unknown scheme ${name}`);
      const declared = (op.security ?? []).length > 0;
      const res = await call(method, concrete(path));
      expect(res.status).toBeLessThan(500);
      if (declared !== (res.status === 401)) mismatched.push(`${method} ${path}: security ${declared ? 'declared' : 'not declared'}, anonymous got ${res.status}`);
    }
    expect(mismatched).toEqual([]);
    // Both kinds exist, so neither half of the check is empty.
    expect(operations.filter((o) => o.op.security?.length).length).toBeGreaterThan(40);
    expect(operations.filter((o) => !o.op.security?.length).map((o) => `${o.method} ${o.path}`)).toEqual(
      expect.arrayContaining(['GET /api/v1/listings', 'POST /api/v1/auth/login', 'POST /api/v1/payments/stripe/webhook', 'GET /health']),
    );
  });

  it('declares every path parameter of every documented path', () => {
    const missing = operations.flatMap(({ method, path, op }) =>
      [...path.matchAll(/\{([^}]+)\}/g)]
        .map(([, name]) => name)
        .filter((name) => !(op.parameters ?? []).some((p) => p.in === 'path' && p.name === name))
        .map((name) => `${method} ${path}: {${name}}`),
    );
    expect(missing).toEqual([]);
  });

  it('documents a success answer for every API operation, with a schema unless it answers no content', () => {
    const api = operations.filter((o) => o.path.startsWith('/api/v1/') || o.path === '/health');
    expect(api.length).toBeGreaterThan(50);
    const problems = api.flatMap(({ method, path, op }) => {
      const success = Object.entries(op.responses ?? {}).filter(([code]) => /^2\d\d$/.test(code));
      if (!success.length) return [`${method} ${path}: no 2xx response`];
      return success
        .filter(([code, response]) => code !== '204' && !Object.values(response.content ?? {}).some((media) => media.schema))
        .map(([code]) => `${method} ${path}: ${code} without a schema`);
    });
    expect(problems).toEqual([]);
  });
});
