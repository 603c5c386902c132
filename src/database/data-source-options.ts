import { types } from 'pg';
import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from '../../migrations';

// Calendar dates stay 'YYYY-MM-DD' strings: as Date objects they would shift with the time zone.
types.setTypeParser(types.builtins.DATE, (v: string) => v);
// bigint counts fit in a double here (ids and sequences), and arithmetic on strings is a trap.
types.setTypeParser(types.builtins.INT8, (v: string) => Number(v));

/** One definition for the app, the CLI and the tests: schema only through migrations. */
export function dataSourceOptions(url: string, poolSize: number): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    uuidExtension: 'pgcrypto',
    logging: false,
    extra: { max: poolSize, connectionTimeoutMillis: 10_000 },
  };
}
