import 'reflect-metadata';
import { createApp } from './app.factory';
import { createRootLogger, prettyLogs } from './common/logger';
import { ConfigError, loadConfigOrExit } from './config/app-config';

/**
 * A worker process: the outbox worker (mail) and the scheduler (expiry, reminders, digests) with no
 * HTTP server. Run one or more beside web processes started with WORKERS_ENABLED=false; every job
 * is safe with several workers (rows are claimed or locked), so each mail and each job happens once.
 * It needs the shared DATABASE_URL: an embedded database would be a database of its own.
 */
async function main(): Promise<void> {
  const cfg = loadConfigOrExit({ WORKERS_ENABLED: 'true' }, (c) => {
    if (!c.DATABASE_URL) throw new ConfigError('DATABASE_URL is required for a worker process: the database the web processes use');
  });
  const logger = createRootLogger(cfg.LOG_LEVEL, prettyLogs(cfg), { buffered: false });
  let app: Awaited<ReturnType<typeof createApp>> | undefined;
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'worker shutting down: finishing the mail and jobs in hand');
    await app?.close();
    logger.info('worker stopped');
    logger.flush(() => process.exit(0));
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  // createApp runs pending migrations and starts the workers (onApplicationBootstrap); no listen().
  app = await createApp(cfg, cfg.DATABASE_URL!, logger);
  logger.info('worker running: outbox and scheduler');
  process.stdout.write('Mitra Media worker is running (outbox and scheduler, no HTTP)\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`Failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
