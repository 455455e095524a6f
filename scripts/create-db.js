#!/usr/bin/env node
// Creates the database named in DATABASE_URL (default postgres://postgres@127.0.0.1:5432/sheber)
// unless it exists. Waits up to 30 s for PostgreSQL to accept connections. The new
// database is UTF-8 with a UTF-8 ctype, which the Kazakh text search needs (see the
// Foundation migration); when the server's default is not, a UTF-8 locale it has is used.
// Used by scripts/demo.sh; safe to run again.
'use strict';
const { Client } = require('pg');

const url = new URL(process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/sheber');
const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'sheber';
const shown = `${url.protocol}//${url.username ? `${decodeURIComponent(url.username)}@` : ''}${url.host}/${database}`;
const quote = (identifier) => `"${identifier.replace(/"/g, '""')}"`;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A connection to a maintenance database of the same server (postgres, else template1). */
async function connectToServer() {
  const deadline = Date.now() + 30_000;
  for (;;) {
    let lastError;
    for (const maintenance of ['postgres', 'template1']) {
      const target = new URL(url);
      target.pathname = `/${maintenance}`;
      const client = new Client({ connectionString: target.toString(), connectionTimeoutMillis: 3000 });
      try {
        await client.connect();
        return client;
      } catch (error) {
        lastError = error;
        await client.end().catch(() => undefined);
        // A missing maintenance database or a refused login: try the next one or give up, no waiting helps.
        if (error.code === '3D000') continue;
        if (error.code === '28P01' || error.code === '28000') throw error;
      }
    }
    if (Date.now() > deadline) throw lastError;
    await sleep(1000);
  }
}

/** CREATE DATABASE options: none when the server's template already has a UTF-8 ctype. */
async function utf8Options(client) {
  const { rows } = await client.query(`SELECT datctype FROM pg_database WHERE datname = 'template1'`);
  if (/utf-?8/i.test(rows[0]?.datctype ?? '')) return '';
  const locales = await client.query(
    `SELECT collname FROM pg_collation WHERE collencoding IN (-1, 6) AND collname ~* '^(c|en_us|ru_ru|kk_kz)\\.utf-?8$'
     ORDER BY collname ~* '^c\\.' DESC, collname`,
  );
  const locale = locales.rows[0]?.collname;
  if (!locale) throw new Error('the server has no UTF-8 locale (C.UTF-8 or en_US.UTF-8); create the database by hand');
  return ` TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE '${locale}' LC_CTYPE '${locale}'`;
}

async function main() {
  const client = await connectToServer();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rowCount) {
      console.log(`database ${shown} exists`);
      return;
    }
    try {
      await client.query(`CREATE DATABASE ${quote(database)}${await utf8Options(client)}`);
      console.log(`database ${shown} created`);
    } catch (error) {
      // Someone else (another demo starting at the same time) created it first.
      if (error.code !== '42P04') throw error;
      console.log(`database ${shown} exists`);
    }
  } finally {
    await client.end();
  }
}

main().catch((error) => {
  console.error(`cannot create the database ${shown}: ${error.message}`);
  console.error('Is PostgreSQL running and is DATABASE_URL right (user, password, host, port)?');
  process.exit(1);
});
