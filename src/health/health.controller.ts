import { Controller, Get, Inject, Logger, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { Public } from '../auth/access.decorator';
import { FILE_STORAGE, type FileStorage } from '../storage/file-storage';
import { Readiness } from './readiness';

/** A dependency that does not answer within this is down, as far as a load balancer is concerned. */
const CHECK_TIMEOUT_MS = 3000;

const within = <T>(work: Promise<T>, ms: number): Promise<T> =>
  Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref())]);

@ApiTags('operations')
@Controller('health')
export class HealthController {
  private readonly logger = new Logger('Health');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
    private readonly readiness: Readiness,
  ) {}

  /** Liveness: the process answers. Touches nothing else, so a slow database never gets it restarted. */
  @Public()
  @Get()
  alive() {
    return { status: 'ok' };
  }

  /** Readiness: send this process requests only while its database and file storage answer and it is not stopping. */
  @Public()
  @Get('ready')
  async ready(@Res() reply: FastifyReply) {
    if (this.readiness.shuttingDown) {
      return reply.status(503).send({ statusCode: 503, code: 'HEALTH.SHUTTING_DOWN', message: 'Shutting down: finishing requests in flight', status: 'shutting_down' });
    }
    const [database, storage] = await Promise.all([
      this.check('database', () => this.dataSource.query('SELECT 1')),
      this.check('storage', () => this.storage.ping()),
    ]);
    if (database && storage) return reply.status(200).send({ status: 'ready', database: 'up', storage: 'up' });
    const down = [database ? null : 'database', storage ? null : 'storage'].filter(Boolean).join(' and ');
    return reply.status(503).send({
      statusCode: 503,
      code: 'HEALTH.NOT_READY',
      message: `Not ready: ${down} unreachable`,
      status: 'not_ready',
      database: database ? 'up' : 'down',
      storage: storage ? 'up' : 'down',
    });
  }

  private async check(name: string, probe: () => Promise<unknown>): Promise<boolean> {
    try {
      await within(probe(), CHECK_TIMEOUT_MS);
      return true;
    } catch (err) {
      this.logger.warn(`readiness: ${name} unreachable (${err instanceof Error ? err.message || err.name : String(err)})`);
      return false;
    }
  }
}
