import { Module } from '@nestjs/common';
import { join } from 'node:path';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { FILE_STORAGE, LocalDiskStorage } from './file-storage';

@Module({
  providers: [
    {
      provide: FILE_STORAGE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new LocalDiskStorage(join(config.DATA_DIR, 'files')),
    },
  ],
  exports: [FILE_STORAGE],
})
export class StorageModule {}
