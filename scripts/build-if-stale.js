#!/usr/bin/env node
/**
 * `npm start` (prestart) builds only when the compiled output is stale: a SHA-256 over what tsc
 * compiles (the .ts files of src, migrations and bench, specs excluded, as tsconfig.build.json
 * says), both tsconfig files and package-lock.json (a dependency's types), and the TypeScript
 * version, compared with the one stored in dist/.build-hash by the last build that succeeded.
 * Content, not modification times: a checkout, a copy or a clock change cannot fool it.
 * `--force` builds anyway. Plain Node, no dependencies; hashing takes a fraction of a second.
 * It compiles with `--noCheck --noResolve`: no type check, and no reading of the dependencies' type
 * declarations (together about two thirds of tsc's time), so a first start is quicker; `npm run
 * typecheck`, `npm test` and `npm run build` still check the types. Each file compiles on its own
 * (isolatedModules), so the JavaScript is the same but for one form: decorator metadata naming a
 * dependency's class (a constructor's `DataSource`) is written as `typeof X === "function" ? X :
 * Object`, which is X at run time, as in the tests, whose ts-jest compiles each file alone too.
 * On a first start the embedded database's folder is initialised (initdb, a few seconds) while tsc
 * runs, instead of after it: see prepareDatabaseAhead.
 */
'use strict';
const { createHash } = require('node:crypto');
const { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } = require('node:fs');
const { dirname, join, relative } = require('node:path');
const { spawn } = require('node:child_process');

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
/**
 * The modules that initialise the embedded cluster (the configuration, database-server.ts and
 * embedded-postgres.ts), transpiled on their own into dist/.prestart (where tsc never writes) and
 * run in this process while tsc compiles everything. The service's start then finds the folder
 * ready. Anything that goes wrong here is only reported: the service's own start does the same
 * step again and says what is wrong in its words.
 */
async function prepareDatabaseAhead() {
  try {
    const ts = require('typescript');
    const { config } = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile);
    const { options } = ts.convertCompilerOptionsFromJson(config.compilerOptions, root);
    const outDir = join(root, 'dist', '.prestart');
    const emitted = new Set();
    const emit = (file) => {
      if (emitted.has(file)) return;
      emitted.add(file);
      const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions: { ...options, sourceMap: false }, fileName: file });
      const target = join(outDir, relative(root, file)).replace(/\.ts$/, '.js');
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, outputText);
      for (const [, spec] of outputText.matchAll(/require\("(\.{1,2}\/[^"]+)"\)/g)) emit(join(dirname(file), `${spec}.ts`));
    };
    emit(join(root, 'src', 'config', 'app-config.ts'));
    emit(join(root, 'src', 'database', 'database-server.ts'));
    const { loadConfig } = require(join(outDir, 'src', 'config', 'app-config.js'));
    const { prepareDatabaseServer } = require(join(outDir, 'src', 'database', 'database-server.js'));
    if (existsSync('.env')) process.loadEnvFile('.env');
    await prepareDatabaseServer(loadConfig(process.env));
  } catch (err) {
    process.stdout.write(`build: the database folder is left for the service to prepare (${err instanceof Error ? err.message.split('\n')[0] : String(err)})\n`);
  }
}

function compile() {
  const tsc = require.resolve('typescript/bin/tsc');
  const child = spawn(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--noCheck', '--noResolve'], { cwd: root, stdio: 'inherit' });
  return new Promise((done) => child.on('exit', (code, signal) => done(code ?? (signal ? 1 : 0))));
}

async function main() {
  process.stdout.write('build: compiling (tsc -p tsconfig.build.json --noCheck --noResolve)\n');
  const [status] = await Promise.all([compile(), prepareDatabaseAhead()]);
  if (status !== 0) process.exit(status);
  mkdirSync(join(root, 'dist'), { recursive: true });
  // The hash of the sources as they were before compiling: an edit during the build rebuilds next time.
  writeFileSync(stampFile, `${hash}\n`);
}

main();
