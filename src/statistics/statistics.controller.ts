import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { Allow, Auth } from '../auth/access.decorator';
import type { AuthUser } from '../auth/permissions';
import { StatisticsService } from './statistics.service';

export class StatisticsQueryDto {
  @ApiProperty({ required: false, minimum: 2000, maximum: 2100, description: 'WIB year of the monthly decisions and stage durations; the current year if absent' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
}

@ApiTags('statistics')
@ApiBearerAuth()
@Controller('agencies')
export class StatisticsController {
  constructor(private readonly statistics: StatisticsService) {}

  @Allow('applications:read')
  @Get(':agencyId/statistics')
  get(@Auth() auth: AuthUser, @Param('agencyId', ParseUUIDPipe) agencyId: string, @Query() query: StatisticsQueryDto) {
    return this.statistics.forAgency(auth, agencyId, query.year);
  }
}
