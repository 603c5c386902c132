import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/app-config';
import { EmbeddedPostgres } from './embedded-postgres';

export interface DatabaseServer {
  url: string;
  /** For the start-up banner: where the data lives, never the password. */
  description: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/** The embedded cluster's folder. Named by major version: a new major needs a dump and restore, not a reuse. */
export const embeddedDataDir = (config: Pick<AppConfig, 'DATA_DIR'>) => join(config.DATA_DIR, 'pg18');

/**
 * The slow part of a first start done ahead: initialises the embedded cluster's folder if it is
 * needed and missing (initdb, a few seconds). `npm start`'s build step runs it beside the compiler.
 */
export async function prepareDatabaseServer(config: Pick<AppConfig, 'DATABASE_URL' | 'DATA_DIR'>): Promise<void> {
  if (config.DATABASE_URL) return;
  await EmbeddedPostgres.prepare({ dataDir: embeddedDataDir(config), persistent: true });
}

/** DATABASE_URL when set; otherwise the embedded PostgreSQL 18 under DATA_DIR/pg18. */
export async function startDatabaseServer(config: AppConfig, logger?: Logger): Promise<DatabaseServer> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, description: 'DATABASE_URL', embedded: false, stop: async () => {} };
  const dataDir = embeddedDataDir(config);
  // Earlier versions kept a PGlite database in DATA_DIR/pg; it is left alone, not migrated.
  if (existsSync(join(config.DATA_DIR, 'pg'))) {
    logger?.warn({ folder: join(config.DATA_DIR, 'pg') }, 'an old embedded (PGlite) database folder is present; it is not used or migrated');
  }
  const pg = await EmbeddedPostgres.start({
    dataDir,
    persistent: true,
    // The pool, plus the CLI and a second process beside it.
    maxConnections: config.DB_POOL_SIZE * 3 + 10,
    log: (line) => (/\b(FATAL|PANIC):/.test(line) ? logger?.warn({ postgres: line }, 'embedded PostgreSQL') : logger?.debug({ postgres: line }, 'embedded PostgreSQL')),
  });
  return { url: pg.url, description: `embedded PostgreSQL 18 in ${dataDir} (127.0.0.1:${pg.port})`, embedded: true, stop: () => pg.stop() };
}
