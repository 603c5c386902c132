import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications/applications.module';
import { OutletsModule } from '../outlets/outlets.module';
import { StorageModule } from '../storage/storage.module';
import { DemoOutletSeed } from './demo-outlet.seed';
import { DemoSeed } from './demo.seed';

@Module({
  imports: [OutletsModule, StorageModule, ApplicationsModule],
  providers: [DemoSeed, DemoOutletSeed],
  exports: [DemoSeed],
})
export class SeedModule {}
