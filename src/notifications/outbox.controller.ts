import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Allow, Auth } from '../auth/access.decorator';
import type { AuthUser } from '../auth/permissions';
import { OutboxQueryDto } from './dto/outbox.dto';
import { OutboxAdminService } from './outbox-admin.service';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/outbox')
export class OutboxController {
  constructor(private readonly outbox: OutboxAdminService) {}

  @Allow('outbox:manage')
  @Get()
  list(@Auth() auth: AuthUser, @Query() query: OutboxQueryDto) {
    return this.outbox.list(auth, query);
  }

  @Allow('outbox:manage')
  @Post(':id/retry')
  @HttpCode(200)
  retry(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.outbox.retry(auth, id);
  }
}
