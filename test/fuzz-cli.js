#!/usr/bin/env node
// `npm run fuzz -- --runs N [--seed S] [--only I]`: the fuzz test of test/fuzz.e2e-spec.ts, run longer.
// It uses the same generator and app set-up as `npm test`, on TEST_DATABASE_URL or, unset, an
// embedded PostgreSQL. Without --seed a fresh seed is drawn and printed, so a failure can be replayed;
// --only I sends only request #I of that run (the index a failure prints).
'use strict';
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

function usage(message) {
  if (message) process.stderr.write(`${message}\n`);
  process.stderr.write('usage: npm run fuzz -- [--runs N] [--seed S] [--only I] [--verbose]\n');
  process.exit(2);
}

const args = process.argv.slice(2);
const options = { runs: 20000, seed: Math.floor(Math.random() * 2 ** 31), only: undefined, verbose: false };
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  if (arg === '--verbose') options.verbose = true;
  else if (arg === '--runs' || arg === '--seed' || arg === '--only') {
    const value = Number(args[++i]);
    if (!Number.isSafeInteger(value) || value < (arg === '--runs' ? 1 : 0)) usage(`${arg} takes a whole number`);
    options[arg.slice(2)] = value;
  } else if (arg === '--help' || arg === '-h') usage();
  else usage(`unknown option ${arg}`);
}

process.stdout.write(`fuzz: ${options.runs} requests, seed ${options.seed}\n`);
const root = join(__dirname, '..');
const result = spawnSync(
  process.execPath,
  [require.resolve('jest/bin/jest', { paths: [root] }), '--selectProjects', 'e2e', '--runTestsByPath', join('test', 'fuzz.e2e-spec.ts')],
  {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      FUZZ_RUNS: String(options.runs),
      FUZZ_SEED: String(options.seed),
      ...(options.only !== undefined ? { FUZZ_ONLY: String(options.only) } : {}),
      ...(options.verbose ? { FUZZ_VERBOSE: '1' } : {}),
    },
  },
);
process.exit(result.status ?? 1);
