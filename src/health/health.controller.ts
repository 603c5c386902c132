import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { Public } from '../auth/access.decorator';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Public()
  @Get()
  async health(@Res() reply: FastifyReply) {
    try {
      await this.dataSource.query('SELECT 1');
      return reply.status(200).send({ status: 'ok', database: 'up' });
    } catch {
      return reply.status(503).send({ statusCode: 503, code: 'HEALTH.DATABASE_DOWN', message: 'Database unreachable', status: 'error', database: 'down' });
    }
  }
}
