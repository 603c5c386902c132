// An in-memory embedded PostgreSQL for one test file, in its own process (PGlite cannot load
// inside jest's module sandbox, and a separate process gives it its own core, like a server).
// Prints the connection URL as one JSON line, then serves until stdin closes or it is killed.
const { PGlite } = require('@electric-sql/pglite');
const { PGLiteSocketServer } = require('@electric-sql/pglite-socket');

(async () => {
  const db = await PGlite.create();
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: Number(process.argv[2] || 20) });
  await server.start();
  process.stdout.write(JSON.stringify({ url: `postgres://postgres:postgres@${server.getServerConn()}/postgres` }) + '\n');
  const stop = async () => {
    await server.stop();
    await db.close();
    process.exit(0);
  };
  process.stdin.on('end', stop);
  process.stdin.resume();
  process.on('SIGTERM', stop);
})();
