import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow, Auth, Public } from '../auth/access.decorator';
import type { AuthUser } from '../auth/permissions';
import { AppError } from '../common/app-error';
import { AppealsService } from './appeals.service';
import { DecideAppealDto, FileAppealDto, IntakeDto, RoundDto, UpdateRoundDto } from './dto/round.dto';
import type { AnnouncementKind } from './registration-round.entity';
import { RoundSubscriptionsService } from './round-subscriptions.service';
import { RoundsService } from './rounds.service';

const kindOf = (value: string): AnnouncementKind => {
  if (value === 'provisional' || value === 'final') return value;
  throw new AppError('not_found', 'ANNOUNCEMENT.NOT_FOUND', 'An announcement is provisional or final');
};

@ApiTags('rounds')
@Controller()
export class RoundsController {
  constructor(
    private readonly rounds: RoundsService,
    private readonly appeals: AppealsService,
    private readonly subscriptions: RoundSubscriptionsService,
  ) {}

  /** Outlets: whether they are told (by mail) when the agency announces a round and when it opens. */
  @Allow('rounds:subscribe')
  @ApiBearerAuth()
  @Get('agencies/:agencyId/round-subscription')
  subscription(@Auth() auth: AuthUser, @Param('agencyId', ParseUUIDPipe) agencyId: string) {
    return this.subscriptions.status(auth, agencyId);
  }

  @Allow('rounds:subscribe')
  @ApiBearerAuth()
  @Put('agencies/:agencyId/round-subscription')
  subscribe(@Auth() auth: AuthUser, @Param('agencyId', ParseUUIDPipe) agencyId: string) {
    return this.subscriptions.subscribe(auth, agencyId);
  }

  @Allow('rounds:subscribe')
  @ApiBearerAuth()
  @Delete('agencies/:agencyId/round-subscription')
  unsubscribe(@Auth() auth: AuthUser, @Param('agencyId', ParseUUIDPipe) agencyId: string) {
    return this.subscriptions.unsubscribe(auth, agencyId);
  }

  @Allow('rounds:manage')
  @ApiBearerAuth()
  @Post('agencies/:agencyId/rounds')
  create(@Auth() auth: AuthUser, @Param('agencyId', ParseUUIDPipe) agencyId: string, @Body() dto: RoundDto) {
    return this.rounds.create(auth, agencyId, dto);
  }

  @Allow('rounds:manage')
  @ApiBearerAuth()
  @Put('agencies/:agencyId/rounds/:roundId')
  update(@Auth() auth: AuthUser, @Param('agencyId', ParseUUIDPipe) agencyId: string, @Param('roundId', ParseUUIDPipe) roundId: string, @Body() dto: UpdateRoundDto) {
    return this.rounds.update(auth, agencyId, roundId, dto);
  }

  @Allow('rounds:manage')
  @ApiBearerAuth()
  @Put('agencies/:agencyId/intake')
  intake(@Auth() auth: AuthUser, @Param('agencyId', ParseUUIDPipe) agencyId: string, @Body() dto: IntakeDto) {
    return this.rounds.setIntake(auth, agencyId, dto);
  }

  @Allow('applications:read')
  @ApiBearerAuth()
  @Get('agencies/:agencyId/rounds')
  list(@Auth() auth: AuthUser, @Param('agencyId', ParseUUIDPipe) agencyId: string) {
    return this.rounds.list(auth, agencyId);
  }

  /** Anyone: the agency's intake, the round now running and the next one, with their dates. */
  @Public()
  @Get('agencies/:agencyId/rounds/public')
  publicRounds(@Param('agencyId', ParseUUIDPipe) agencyId: string) {
    return this.rounds.publicRounds(agencyId);
  }

  @Allow('applications:read')
  @ApiBearerAuth()
  @Get('agencies/:agencyId/rounds/:roundId')
  get(@Auth() auth: AuthUser, @Param('agencyId', ParseUUIDPipe) agencyId: string, @Param('roundId', ParseUUIDPipe) roundId: string) {
    return this.rounds.get(auth, agencyId, roundId);
  }

  @Allow('rounds:announce')
  @ApiBearerAuth()
  @Post('agencies/:agencyId/rounds/:roundId/announcements/:kind')
  announce(
    @Auth() auth: AuthUser,
    @Param('agencyId', ParseUUIDPipe) agencyId: string,
    @Param('roundId', ParseUUIDPipe) roundId: string,
    @Param('kind') kind: string,
  ) {
    return this.rounds.announce(auth, agencyId, roundId, kindOf(kind));
  }

  @Allow('applications:read')
  @ApiBearerAuth()
  @Get('agencies/:agencyId/rounds/:roundId/appeals')
  roundAppeals(@Auth() auth: AuthUser, @Param('agencyId', ParseUUIDPipe) agencyId: string, @Param('roundId', ParseUUIDPipe) roundId: string) {
    return this.appeals.listForRound(auth, agencyId, roundId);
  }

  @Public()
  @Get('public/rounds/:roundId/announcements')
  publicAnnouncements(@Param('roundId', ParseUUIDPipe) roundId: string) {
    return this.rounds.publicAnnouncements(roundId);
  }

  @Public()
  @Get('public/rounds/:roundId/announcements/:file')
  async announcementPdf(@Param('roundId', ParseUUIDPipe) roundId: string, @Param('file') file: string, @Res() reply: FastifyReply) {
    const { pdf, sha256, fileName } = await this.rounds.announcementPdf(roundId, kindOf(file.replace(/\.pdf$/, '')));
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `inline; filename="${fileName}"`)
      .header('x-content-sha256', sha256)
      .send(pdf);
  }

  @Allow('applications:apply')
  @ApiBearerAuth()
  @Post('applications/:id/appeal')
  fileAppeal(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: FileAppealDto) {
    return this.appeals.file(auth, id, dto);
  }

  @Allow('applications:read')
  @ApiBearerAuth()
  @Get('applications/:id/appeal')
  appeal(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.appeals.forApplication(auth, id);
  }

  @Allow('appeals:decide')
  @ApiBearerAuth()
  @Post('appeals/:appealId/decision')
  @HttpCode(200)
  decide(@Auth() auth: AuthUser, @Param('appealId', ParseUUIDPipe) appealId: string, @Body() dto: DecideAppealDto) {
    return this.appeals.decide(auth, appealId, dto);
  }
}
