import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { createApp } from './app.factory';
import { createRootLogger } from './common/logger';
import { ConfigError, loadConfig, type AppConfig } from './config/app-config';

/**
 * A worker process: the outbox worker (mail) and the scheduler (expiry, reminders, digests) with no
 * HTTP server. Run one or more beside web processes started with WORKERS_ENABLED=false; every job
 * is safe with several workers (rows are claimed or locked), so each mail and each job happens once.
 * It needs the shared DATABASE_URL: an embedded database would be a database of its own.
 */
function config(): AppConfig {
  if (existsSync('.env')) process.loadEnvFile('.env');
  try {
    const cfg = loadConfig({ ...process.env, WORKERS_ENABLED: 'true' });
    if (!cfg.DATABASE_URL) throw new ConfigError('DATABASE_URL is required for a worker process: the database the web processes use');
    return cfg;
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

async function main(): Promise<void> {
  const cfg = config();
  const pretty = cfg.LOG_PRETTY === 'true' || (cfg.LOG_PRETTY === 'auto' && cfg.NODE_ENV === 'development' && process.stdout.isTTY === true);
  const logger = createRootLogger(cfg.LOG_LEVEL, pretty, { buffered: false });
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
