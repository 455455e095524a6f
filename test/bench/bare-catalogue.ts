import 'reflect-metadata';
import { createServer } from 'node:http';
import { Pool } from 'pg';
import { buildCatalogueSql } from '../../src/catalog/catalog.query';
import { encodeCursor } from '../../src/common/pagination';

/**
 * The benchmark's baseline: the catalogue page served by nothing but Node's `http` and
 * `pg`, with the same SQL text the API runs (buildCatalogueSql, run the same way: a named
 * statement when the API names it), on the same rows, with a pool of the same size. The
 * rows are sent as they come (JSON.stringify); the API's distance from this is what Nest,
 * Fastify, validation, guards, logging and its card mapping cost.
 *
 *   DATABASE_URL=… PORT=3901 node -r ts-node/register/transpile-only test/bench/bare-catalogue.ts
 *
 * GET /listings?limit=&cursor= (newest first, no filters), GET /health.
 */
const pool = new Pool({
  connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/sheber_bench',
  max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
  application_name: 'sheber-bare-bench',
});

async function page(limit: number, cursor: string | undefined): Promise<string> {
  const { parts } = buildCatalogueSql({ limit, cursor } as never, null);
  const rows: { id: string; published_at: Date }[] = [];
  for (const { sql, params, name } of parts) {
    const result = await pool.query<{ id: string; published_at: Date }>(name ? { name, text: sql, values: params } : { text: sql, values: params });
    rows.push(...result.rows);
    if (rows.length > limit) break;
  }
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  const last = items[items.length - 1];
  return JSON.stringify({ items, nextCursor: more ? encodeCursor(['n', last.published_at.toISOString(), last.id]) : null });
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (req.method === 'GET' && url.pathname === '/listings') {
    const limit = Math.min(100, Math.max(1, Number(url.searchParams.get('limit') ?? 20) || 20));
    page(limit, url.searchParams.get('cursor') ?? undefined).then(
      (body) => {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      },
      (error: Error) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(error.message);
      },
    );
    return;
  }
  if (url.pathname === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"status":"ok"}');
    return;
  }
  res.writeHead(404);
  res.end();
});

server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 3901), process.env.HOST ?? '127.0.0.1', () => {
  console.log(`bare catalogue listening on ${process.env.HOST ?? '127.0.0.1'}:${process.env.PORT ?? 3901}`);
});

const stop = () => server.close(() => void pool.end().then(() => process.exit(0)));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
