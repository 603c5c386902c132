import { Module } from '@nestjs/common';
import { join } from 'node:path';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { FILE_STORAGE, LocalDiskStorage, type FileStorage } from './file-storage';
import { S3Storage } from './s3-storage';
import { parseStorageUrl } from './storage-url';

/** STORAGE_URL set: the S3-compatible bucket it names; unset: the local folder, as `npm start` has always used. */
export function storageFor(config: AppConfig): FileStorage {
  return config.STORAGE_URL ? S3Storage.at(parseStorageUrl(config.STORAGE_URL)) : new LocalDiskStorage(join(config.DATA_DIR, 'files'));
}

@Module({
  providers: [{ provide: FILE_STORAGE, inject: [APP_CONFIG], useFactory: storageFor }],
  exports: [FILE_STORAGE],
})
export class StorageModule {}
