#!/usr/bin/env node
/**
 * `npm start` (prestart) builds only when the compiled output is stale: a SHA-256 over what tsc
 * compiles (the .ts files of src, migrations and bench, specs excluded, as tsconfig.build.json
 * says), both tsconfig files and package-lock.json (a dependency's types), and the TypeScript
 * version, compared with the one stored in dist/.build-hash by the last build that succeeded.
 * Content, not modification times: a checkout, a copy or a clock change cannot fool it.
 * `--force` builds anyway. Plain Node, no dependencies; hashing takes a fraction of a second.
 * It compiles with `--noCheck`: the same JavaScript (tsc skips only the type check, about half of
 * its time), so a first start is quicker; `npm run typecheck`, `npm test` and `npm run build`
 * still check the types.
 */
'use strict';
const { createHash } = require('node:crypto');
const { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } = require('node:fs');
const { join, relative } = require('node:path');
const { spawnSync } = require('node:child_process');

const root = join(__dirname, '..');
const stampFile = join(root, 'dist', '.build-hash');
const entry = join(root, 'dist', 'src', 'main.js');

function sources(dir, out) {
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && !e.name.startsWith('.')) sources(p, out);
    } else if (e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts')) out.push(p);
  }
  return out;
}

function sourceHash() {
  const files = ['src', 'migrations', 'bench'].flatMap((d) => sources(join(root, d), []));
  files.push(...['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'].map((f) => join(root, f)).filter(existsSync));
  files.sort();
  const h = createHash('sha256');
  h.update(`typescript ${require('typescript/package.json').version}\n`);
  for (const f of files) {
    h.update(`${relative(root, f)}\n`);
    h.update(readFileSync(f));
    h.update('\n');
  }
  return h.digest('hex');
}

const hash = sourceHash();
const stamp = existsSync(stampFile) ? readFileSync(stampFile, 'utf8').trim() : '';
if (!process.argv.includes('--force') && stamp === hash && existsSync(entry)) {
  process.stdout.write('build: dist is up to date with the sources, not rebuilding\n');
  process.exit(0);
}
process.stdout.write('build: compiling (tsc -p tsconfig.build.json --noCheck)\n');
const tsc = require.resolve('typescript/bin/tsc');
const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--noCheck'], { cwd: root, stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);
mkdirSync(join(root, 'dist'), { recursive: true });
// The hash of the sources as they were before compiling: an edit during the build rebuilds next time.
writeFileSync(stampFile, `${hash}\n`);
