import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { OutletsModule } from '../outlets/outlets.module';
import { AppealsService } from './appeals.service';
import { RoundsController } from './rounds.controller';
import { RoundsService } from './rounds.service';

@Module({
  imports: [NotificationsModule, OutletsModule],
  controllers: [RoundsController],
  providers: [RoundsService, AppealsService],
  exports: [RoundsService, AppealsService],
})
export class RoundsModule {}
