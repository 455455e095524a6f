#!/usr/bin/env node
// Exit 0 when node_modules holds exactly what package-lock.json asks for, 1 (with the
// reason on stdout) when `npm ci` is needed. Compares the lockfile with npm's record of
// the installed tree (node_modules/.package-lock.json) and checks that each package's
// folder is still there, without reading the registry. Used by scripts/demo.sh.
'use strict';
const { existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');

function outdated(reason) {
  console.log(reason);
  process.exit(1);
}

const installedFile = join(root, 'node_modules', '.package-lock.json');
if (!existsSync(join(root, 'node_modules'))) outdated('node_modules is missing');
if (!existsSync(installedFile)) outdated('node_modules was not installed by npm 7 or later');

const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
const installed = JSON.parse(readFileSync(installedFile, 'utf8')).packages ?? {};
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

const wanted = { ...manifest.dependencies, ...manifest.devDependencies };
const locked = { ...lock.packages?.['']?.dependencies, ...lock.packages?.['']?.devDependencies };
for (const [name, range] of Object.entries(wanted)) {
  if (locked[name] !== range) outdated(`package.json asks for ${name}@${range}, package-lock.json has ${locked[name] ?? 'nothing'}`);
}

for (const [path, entry] of Object.entries(lock.packages ?? {})) {
  if (!path || entry.link) continue;
  const have = installed[path];
  // Optional packages for other platforms (e.g. sharp's prebuilt binaries) are never installed.
  if (!have) {
    if (entry.optional) continue;
    outdated(`${path} is not installed`);
  }
  if (have.version !== entry.version) outdated(`${path} is ${have.version}, package-lock.json wants ${entry.version}`);
  if (!existsSync(join(root, path, 'package.json'))) outdated(`${path} is missing from disk`);
}
process.exit(0);
