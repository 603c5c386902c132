import 'reflect-metadata';
import { createApp } from './app.factory';
import { clockFromEnv } from './common/clock';
import { createRootLogger, prettyLogs } from './common/logger';
import { loadConfigOrExit } from './config/app-config';
import { startDatabaseServer, type DatabaseServer } from './database/database-server';
import { Readiness } from './health/readiness';
import { DEMO_PASSWORD, DemoSeed } from './seed/demo.seed';

async function main(): Promise<void> {
  const cfg = loadConfigOrExit();
  const logger = createRootLogger(cfg.LOG_LEVEL, prettyLogs(cfg));

  // Signals first: a SIGTERM during start-up still stops what has started, the database included.
  let db: DatabaseServer | undefined;
  let app: Awaited<ReturnType<typeof createApp>> | undefined;
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal, drainSeconds: cfg.SHUTDOWN_DRAIN_SECONDS }, 'shutting down: readiness fails first, then in-flight requests finish');
    await app?.get(Readiness).drain();
    await app?.close();
    await db?.stop();
    logger.info('stopped');
    logger.flush(() => process.exit(0));
  };
  // Last resort: a promise rejected outside any request (a bug) is logged, not a reason to drop
  // every other request in flight. Request errors are answered by the error filter.
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason instanceof Error ? { message: reason.message, stack: reason.stack } : String(reason) }, 'unhandled promise rejection');
  });
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  db = await startDatabaseServer(cfg, logger);
  app = await createApp(cfg, db.url, logger, { clock: clockFromEnv() });

  const seedWanted = cfg.SEED_DEMO === 'true' || (cfg.SEED_DEMO === 'auto' && !cfg.production);
  const seed = app.get(DemoSeed);
  let logins: { email: string; role: string }[] = [];
  if (seedWanted && (await seed.isEmpty())) logins = (await seed.run()).logins;

  await app.listen({ port: cfg.PORT, host: cfg.HOST });
  const url = await app.getUrl().then((u) => u.replace('[::1]', 'localhost').replace('0.0.0.0', 'localhost').replace('127.0.0.1', 'localhost'));
  const lines = [
    '',
    `Mitra Media is running at ${url}`,
    `  API docs (OpenAPI): ${url}/docs   health: ${url}/health   readiness: ${url}/health/ready`,
    `  Database: ${db.description}`,
    `  Files: ${cfg.STORAGE_URL ? `bucket ${cfg.STORAGE_URL}` : `${cfg.DATA_DIR}/files`}`,
  ];
  if (logins.length > 0) {
    lines.push(`  Demo logins (password ${DEMO_PASSWORD}):`);
    for (const l of logins) lines.push(`    ${l.role.padEnd(9)} ${l.email}`);
  }
  process.stdout.write(lines.join('\n') + '\n\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`Failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
