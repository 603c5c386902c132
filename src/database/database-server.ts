import { join } from 'node:path';
import type { AppConfig } from '../config/app-config';
import { EmbeddedPostgres } from './embedded-postgres';

export interface DatabaseServer {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/** DATABASE_URL when set; otherwise the embedded PostgreSQL under DATA_DIR/pg. */
export async function startDatabaseServer(config: AppConfig): Promise<DatabaseServer> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, embedded: false, stop: async () => {} };
  const pg = await EmbeddedPostgres.start({ dataDir: join(config.DATA_DIR, 'pg'), maxConnections: config.DB_POOL_SIZE });
  return { url: pg.url, embedded: true, stop: () => pg.stop() };
}
