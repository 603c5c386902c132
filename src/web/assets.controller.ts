import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/access.decorator';
import { AppError } from '../common/app-error';
import { ViewRenderer } from './view-renderer';

/** The stylesheet and script, named by their content hash: a year in any cache, never stale. */
@ApiExcludeController()
@Controller()
export class AssetsController {
  constructor(private readonly views: ViewRenderer) {}

  @Public()
  @Get('assets/:file')
  file(@Param('file') file: string, @Res() reply: FastifyReply) {
    const asset = this.views.asset(`/assets/${file}`);
    if (!asset) throw new AppError('not_found', 'ASSET.NOT_FOUND', 'No such asset');
    return reply.header('content-type', asset.contentType).header('cache-control', 'public, max-age=31536000, immutable').send(asset.body);
  }
}
