#!/usr/bin/env node
// `node scripts/demo-logs.js <tag>`: reads a process's output on stdin and prints each
// line behind <tag>, pino's JSON lines made readable:
//   api    | 12:04:31 INFO  [RoutesResolver] CatalogController {/api/v1}
//   api    | 12:04:35 INFO  GET /api/v1/listings → 200 (14 ms)
// Other lines pass unchanged. It ignores Ctrl-C and SIGTERM (those are for the process
// it reads) and ends when that process closes its output. Used by scripts/demo.sh.
'use strict';
const { createInterface } = require('node:readline');

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => undefined);

const tag = process.argv[2] ?? '';
const colour = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code, text) => (colour ? `\x1b[${code}m${text}\x1b[0m` : text);
const LEVELS = { 10: ['TRACE', '2'], 20: ['DEBUG', '2'], 30: ['INFO ', '32'], 40: ['WARN ', '33'], 50: ['ERROR', '31'], 60: ['FATAL', '41'] };

function format(line) {
  if (!line.startsWith('{')) return line;
  let entry;
  try {
    entry = JSON.parse(line);
  } catch {
    return line;
  }
  if (typeof entry.level !== 'number' || typeof entry.msg !== 'string') return line;
  const [name, code] = LEVELS[entry.level] ?? [String(entry.level).padEnd(5), '0'];
  const time = new Date(entry.time ?? Date.now()).toTimeString().slice(0, 8);
  let text = entry.context ? `${paint('2', `[${entry.context}]`)} ${entry.msg}` : entry.msg;
  if (entry.req && entry.res) text = `${entry.req.method} ${entry.req.url} → ${entry.res.statusCode} (${entry.responseTime ?? '?'} ms)`;
  if (entry.err) text += `\n${entry.err.stack ?? entry.err.message ?? JSON.stringify(entry.err)}`;
  return `${paint('2', time)} ${paint(code, name)} ${text}`;
}

createInterface({ input: process.stdin, crlfDelay: Infinity }).on('line', (line) => {
  for (const part of format(line).split('\n')) process.stdout.write(`${tag} ${part}\n`);
});
