// A throw-away embedded PostgreSQL for one test file, in its own process: the package is ESM only
// and cannot load inside jest's module sandbox. It is the service's own EmbeddedPostgres from the
// build (`npm test` builds first). Prints the connection URL as one JSON line, then serves until
// stdin closes (jest ended or was killed) or a signal comes, and removes its folder on the way out.
const { chmodSync, mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

let EmbeddedPostgres;
try {
  ({ EmbeddedPostgres } = require('../../dist/src/database/embedded-postgres.js'));
} catch {
  process.stderr.write('dist/ is missing: run `npm run build` (npm test does) before the e2e tests\n');
  process.exit(2);
}

const folder = mkdtempSync(join(tmpdir(), 'mitra-pg-'));
// As root the server runs as the user "postgres", which must be able to enter this folder.
chmodSync(folder, 0o755);

(async () => {
  let pg;
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    try {
      await pg?.stop();
    } finally {
      rmSync(folder, { recursive: true, force: true });
      process.exit(0);
    }
  };
  process.stdin.on('end', stop);
  process.stdin.resume();
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  pg = await EmbeddedPostgres.start({ dataDir: join(folder, 'pg'), persistent: false, maxConnections: Number(process.argv[2] || 100) });
  if (stopping) return stop();
  process.stdout.write(JSON.stringify({ url: pg.url }) + '\n');
})().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  rmSync(folder, { recursive: true, force: true });
  process.exit(1);
});
