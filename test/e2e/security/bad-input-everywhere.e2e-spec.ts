import { INestApplicationContext } from '@nestjs/common';
import { simpleParser } from 'mailparser';
import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startApp, startWorker, TestApp } from '../../support/app';
import {
  Actor,
  associationWithAdmin,
  categoryId,
  createAdmin,
  grantScopedRoles,
  listingBody,
  makerWithShop,
  platformModerator,
  publishedListing,
  register,
  uniqueEmail,
  PASSWORD,
} from '../../support/api';
import { eventually } from '../../support/eventually';
import { isolatedEnv } from '../../support/isolated';

/**
 * Bad input on every route of the OpenAPI document: malformed JSON, wrong types, huge
 * strings, unicode edge cases (RTL marks, zero-width joiners, emoji, Kazakh letters, NUL)
 * and SQL and script fragments, in every body field (and one level down) and every query
 * parameter. Never a 5xx; a refused request changes nothing in the database; an accepted
 * text is stored as it was sent, never interpreted; e-mails escape it.
 *
 * The caller holds every role (buyer, maker, admin), so role guards let each request
 * through to validation; ids in paths are the caller's own listing where the route is a
 * listing's, a random UUID otherwise.
 */

const TEXTS: [string, string][] = [
  ['empty', ''],
  ['blank', '   '],
  ['100 000 characters', 'ж'.repeat(100_000)],
  ['RTL override', '\u202Eкілем\u202C'],
  ['zero-width joiner and space', 'қ\u200Dол\u200Bөнер'],
  ['emoji', '🧶🐑 👩🏽‍🎨'],
  ['Kazakh letters', 'Әә ҒғҚқ Ңң Өө Ұұ Үү Һһ Іі'],
  ['NUL', 'a\u0000b'],
  ['SQL', "'; DROP TABLE users; --"],
  ['SQL tautology', "' OR '1'='1"],
  ['script', '<script>alert("sheber")</script>'],
  ['HTML handler', '<img src=x onerror=alert(1)>'],
  ['template', '{{7*7}} ${7*7}'],
];
const WRONG_TYPES: [string, unknown][] = [
  ['a number', 42],
  ['a boolean', true],
  ['null', null],
  ['an array', ['x']],
  ['an object', { nested: 'x' }],
];
const MALFORMED = ['{', '{"a":', '[1,2', 'nul', '"just a string"', '{"x": 1e999}', '{"__proto__": {"isAdmin": true}}'];

interface Schema {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  allOf?: Schema[];
}
interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  query: string[];
  body: Schema | null;
}

describe('bad input on every route', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let mailDir: string;
  let power: Actor;
  let listingId: string;
  let operations: Operation[];
  let schemas: Record<string, Schema>;

  beforeAll(async () => {
    const env = await isolatedEnv('bad_input');
    mailDir = env.MAIL_DIR;
    t = await startApp({ ...env, OUTBOX_POLL_MS: '50', LOGIN_THROTTLE_LIMIT: '1000000', SEARCH_THROTTLE_LIMIT: '1000000' });
    worker = await startWorker();
    const admin = await createAdmin(t);
    const moderator = await platformModerator(t, admin);
    const { maker } = await makerWithShop(t);
    await grantScopedRoles(t, admin, maker, ['admin']);
    power = maker;
    listingId = (await publishedListing(t, power, moderator, listingBody({ categoryId: await categoryId(t, 'syrmak') }))).id;

    const doc = (await t.http().get('/docs-json')).body as {
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; requestBody?: { content: Record<string, { schema: Schema }> } }>>;
      components: { schemas: Record<string, Schema> };
    };
    schemas = doc.components.schemas;
    operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
        // Outside this suite: the raw-body webhook (its own suite checks signatures), uploads, the queue dashboard.
        .filter(([, op]) => !op.requestBody?.content['multipart/form-data'])
        .filter(() => !/stripe\/webhook|\/admin\/queues/.test(path))
        .map(([method, op]) => ({
          method: method as Operation['method'],
          path,
          query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
          body: op.requestBody?.content['application/json']?.schema ?? null,
        })),
    );
  }, 120_000);
  afterAll(async () => {
    await worker.close();
    await t.close();
  });

  const url = (path: string) => path.replace(/\{(\w+)\}/g, (_, name: string) => (name === 'id' && path.startsWith('/api/v1/listings/') ? listingId : name === 'role' ? 'moderator' : randomUUID()));

  function send(op: Operation, options: { query?: Record<string, unknown>; body?: unknown; raw?: string }) {
    let req = t.http()[op.method](url(op.path)).set(power.auth);
    if (options.query) req = req.query(options.query as Record<string, string>);
    if (options.raw !== undefined) return req.set('Content-Type', 'application/json').send(options.raw);
    return options.body === undefined ? req : req.send(options.body as object);
  }

  /** Every table's row count and content digest (not the worker's notification tables, which fill in the background). */
  async function snapshot(): Promise<Record<string, string>> {
    const tables: { relname: string }[] = await t.db.query(
      `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname NOT LIKE 'notification%' ORDER BY 1`,
    );
    const parts = await Promise.all(
      tables.map(async ({ relname }) => {
        // The worker marks outbox rows dispatched: their count is what a request changes.
        const digest = relname === 'outbox_events' ? 'count(*)::text' : `count(*)::text || md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), ''))`;
        const [row] = await t.db.query(`SELECT ${digest} AS d FROM "${relname}" x`);
        return [relname, row.d as string] as const;
      }),
    );
    return Object.fromEntries(parts);
  }

  const resolve = (schema: Schema | undefined): Schema => {
    if (!schema) return {};
    if (schema.$ref) return resolve(schemas[schema.$ref.split('/').pop()!]);
    if (schema.allOf) return schema.allOf.map(resolve).reduce((a, b) => ({ ...a, ...b, properties: { ...a.properties, ...b.properties } }), {});
    return schema;
  };

  /** Bodies that put each bad value in each field, and in each text field one level down (title.kk…). */
  function badBodies(schema: Schema): [string, unknown][] {
    const properties = resolve(schema).properties ?? {};
    return Object.entries(properties).flatMap(([name, property]) => {
      const inner = resolve(property).properties ?? {};
      const nested = Object.keys(inner).flatMap((sub) => TEXTS.map(([label, text]): [string, unknown] => [`${name}.${sub} ${label}`, { [name]: { [sub]: text } }]));
      return [
        ...TEXTS.map(([label, text]): [string, unknown] => [`${name} ${label}`, { [name]: text }]),
        ...WRONG_TYPES.map(([label, value]): [string, unknown] => [`${name} ${label}`, { [name]: value }]),
        ...nested,
      ];
    });
  }

  it('never answers 5xx, and a refused request changes nothing', async () => {
    const failures: string[] = [];
    let requests = 0;
    for (const op of operations) {
      const cases: [string, Parameters<typeof send>[1]][] = [
        ...op.query.flatMap((param) => [...TEXTS, ...WRONG_TYPES.filter(([, v]) => v !== null)].map(([label, value]): [string, Parameters<typeof send>[1]] => [`?${param} ${label}`, { query: { [param]: typeof value === 'object' ? JSON.stringify(value) : value } }])),
        ...(op.body && op.method !== 'get' ? [...badBodies(op.body).map(([label, body]): [string, Parameters<typeof send>[1]] => [label, { body }]), ...MALFORMED.map((raw): [string, Parameters<typeof send>[1]] => [`malformed ${raw}`, { raw }])] : []),
      ];
      if (!cases.length) continue;
      const before = op.method === 'get' ? null : await snapshot();
      let accepted = false;
      for (const [label, options] of cases) {
        const res = await send(op, options);
        requests++;
        if (res.status >= 500) failures.push(`${op.method.toUpperCase()} ${op.path} ${label}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
        else if (res.status < 400) accepted = true;
        if (res.status >= 400 && (typeof res.body !== 'object' || typeof res.body.error !== 'string')) {
          failures.push(`${op.method.toUpperCase()} ${op.path} ${label}: ${res.status} outside the error shape`);
        }
      }
      // Only refusals: the database must be as it was.
      if (before && !accepted) {
        const after = await snapshot();
        const changed = Object.keys(after).filter((table) => after[table] !== before[table]);
        if (changed.length) failures.push(`${op.method.toUpperCase()} ${op.path}: refused, yet changed ${changed.join(', ')}`);
      }
    }
    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThan(1000);
  }, 600_000);

  it('stores accepted texts exactly as sent, SQL and script included', async () => {
    const title = { kk: `<script>alert("sheber")</script> '; DROP TABLE users; -- \u202Eкілем\u202C 🧶 қ\u200Dол` };
    const patched = await t.http().patch(`/api/v1/listings/${listingId}`).set(power.auth).send({ title });
    expect(patched.status).toBe(200);
    expect(patched.body.pendingRevision.title).toEqual(title);
    const [row] = await t.db.query(`SELECT pending_revision->'title' AS title FROM listings WHERE id = $1`, [listingId]);
    expect(row.title).toEqual(title);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM users`))[0].n).toBeGreaterThan(0);
  });

  it('escapes a stored script in the e-mails it appears in', async () => {
    const admin = await createAdmin(t);
    const { association, assocAdmin } = await associationWithAdmin(t, admin);
    const name = '<script>alert("x")</script><img src=x onerror=alert(1)>';
    const maker = await register(t, ['maker'], { name, email: uniqueEmail('xss'), password: PASSWORD });
    const asked = await t.http().post(`/api/v1/associations/${association.id}/memberships`).set(maker.auth).send({});
    expect(asked.status).toBe(201);

    const mail = await eventually('the association admin\'s e-mail about the request', async () => {
      // Only finished mails: a `.part` file is one being written, renamed to `.eml` when complete.
      for (const file of (await readdir(mailDir)).filter((f) => f.endsWith('.eml'))) {
        const parsed = await simpleParser(await readFile(join(mailDir, file)));
        const to = Array.isArray(parsed.to) ? parsed.to[0] : parsed.to;
        if (to?.text.includes(assocAdmin.email) && (parsed.text ?? '').includes(name)) return parsed;
      }
      return undefined;
    });
    expect(mail.text).toContain(name); // the plain part says it as it was written
    expect(mail.html).toBeTruthy();
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<img src=x');
    expect(mail.html).toMatch(/&(lt|#60);script&(gt|#62);/);
  });
});
