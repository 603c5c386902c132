// An in-memory embedded PostgreSQL for one test file, in its own process (PGlite cannot load
// inside jest's module sandbox, and a separate process gives it its own core, like a server).
// It is the service's own EmbeddedPostgres from the build (`npm test` builds first).
// Prints the connection URL as one JSON line, then serves until stdin closes or it is killed.
let EmbeddedPostgres;
try {
  ({ EmbeddedPostgres } = require('../../dist/src/database/embedded-postgres.js'));
} catch {
  process.stderr.write('dist/ is missing: run `npm run build` (npm test does) before the e2e tests\n');
  process.exit(2);
}

(async () => {
  const pg = await EmbeddedPostgres.start({ maxConnections: Number(process.argv[2] || 20) });
  process.stdout.write(JSON.stringify({ url: pg.url }) + '\n');
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await pg.stop();
    process.exit(0);
  };
  process.stdin.on('end', stop);
  process.stdin.resume();
  process.on('SIGTERM', stop);
})();
