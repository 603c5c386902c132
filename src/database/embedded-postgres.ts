import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { serializeSessionSequences } from './pglite-session-queue';

/**
 * The embedded default: PGlite (PostgreSQL compiled to WASM) served over the ordinary wire
 * protocol on 127.0.0.1, so the service reaches it through the same `pg` driver and SQL as a
 * real server. PGlite runs one transaction at a time; that is fine for a single-office install.
 */
export class EmbeddedPostgres {
  private constructor(
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
    readonly url: string,
  ) {}

  /** `dataDir` undefined keeps the database in memory (tests). */
  static async start(options: { dataDir?: string; port?: number; maxConnections: number }): Promise<EmbeddedPostgres> {
    if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
    const db = await PGlite.create(options.dataDir ? { dataDir: options.dataDir } : {});
    const server = new PGLiteSocketServer({
      db,
      host: '127.0.0.1',
      port: options.port ?? 0,
      // One spare for the migration runner and CLI connections beside the pool.
      maxConnections: options.maxConnections + 4,
    });
    serializeSessionSequences(server);
    await server.start();
    const url = `postgres://postgres:postgres@${server.getServerConn()}/postgres`;
    return new EmbeddedPostgres(db, server, url);
  }

  async stop(): Promise<void> {
    await this.server.stop();
    await this.db.close();
  }
}
