import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { OutletsModule } from '../outlets/outlets.module';
import { AppealsService } from './appeals.service';
import { RoundOpeningJob } from './round-opening.job';
import { RoundSubscriptionsService } from './round-subscriptions.service';
import { RoundsController } from './rounds.controller';
import { RoundsService } from './rounds.service';

@Module({
  imports: [NotificationsModule, OutletsModule],
  controllers: [RoundsController],
  providers: [RoundsService, AppealsService, RoundSubscriptionsService, RoundOpeningJob],
  exports: [RoundsService, AppealsService, RoundSubscriptionsService, RoundOpeningJob],
})
export class RoundsModule {}
