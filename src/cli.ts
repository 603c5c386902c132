import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { AgenciesService } from './agencies/agencies.service';
import { createApp } from './app.factory';
import { clockFromEnv } from './common/clock';
import { AuditService } from './audit/audit.service';
import { CertificateRevalidationJob } from './certificates/certificate-revalidation.job';
import { RoundOpeningJob } from './rounds/round-opening.job';
import { PasswordHasher } from './auth/password-hasher';
import { createRootLogger } from './common/logger';
import { ConfigError, loadConfig, type AppConfig } from './config/app-config';
import { dataSourceOptions } from './database/data-source-options';
import { startDatabaseServer } from './database/database-server';
import { runMigrationsExclusively, withMigrationLock } from './database/run-migrations';
import { inTransaction } from './database/transaction';
import { DEMO_PASSWORD, DemoSeed } from './seed/demo.seed';
import { S3Storage } from './storage/s3-storage';
import { migrateLocalToS3 } from './storage/storage-migrate';
import { parseStorageUrl } from './storage/storage-url';
import { UsersService } from './users/users.service';

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  agency:create --code DEMO-X --name "Diskominfo ..." --province "Jawa Timur" [--city ..]
                --admin-email a@b --admin-name "..." --admin-password "..."
                                 create an agency (tenant) with its first admin
  seed-demo                      create the demo agencies, users and outlet (idempotent)
  migration:run                  apply pending migrations
  migration:revert               revert the last applied migration
  audit:verify                   verify every audit hash chain; exit 1 if one is broken
  storage:migrate                copy DATA_DIR/files into the STORAGE_URL bucket, checking every
                                 SHA-256; safe to run again; exit 1 if a file fails its check
  certificates:revalidate        run today's certificate re-validation now (idempotent)
  rounds:notify-openings         mail the outlets that asked about rounds whose registration opened (idempotent)
`;

type Command = (app: NestFastifyApplication, args: string[]) => Promise<number>;

const commands: Record<string, Command> = {
  'agency:create': async (app, args) => {
    const { values } = parseArgs({
      args,
      options: {
        code: { type: 'string' },
        name: { type: 'string' },
        province: { type: 'string' },
        city: { type: 'string' },
        'admin-email': { type: 'string' },
        'admin-name': { type: 'string' },
        'admin-password': { type: 'string' },
      },
    });
    const missing = ['code', 'name', 'province', 'admin-email', 'admin-name', 'admin-password'].filter(
      (k) => !values[k as keyof typeof values],
    );
    if (missing.length) {
      process.stderr.write(`Missing: ${missing.map((m) => `--${m}`).join(', ')}\n\n${USAGE}`);
      return 2;
    }
    if (values['admin-password']!.length < 10) {
      process.stderr.write('--admin-password must be at least 10 characters\n');
      return 2;
    }
    const passwordHash = await app.get(PasswordHasher).hash(values['admin-password']!);
    const result = await inTransaction(app.get(DataSource), async (m) => {
      const agency = await app.get(AgenciesService).create(m, {
        code: values.code!,
        name: values.name!,
        province: values.province!,
        city: values.city ?? null,
      });
      const admin = await app.get(UsersService).insert(m, {
        email: values['admin-email']!,
        name: values['admin-name']!,
        role: 'admin',
        agencyId: agency.id,
        passwordHash,
        locale: 'id',
        emailConfirmed: true,
      });
      await app.get(AuditService).append(m, {
        agencyId: agency.id,
        actor: null,
        action: 'user.created',
        entityType: 'user',
        entityId: admin.id,
        summary: `First administrator ${admin.email} created by operator command`,
        data: { role: 'admin' },
      });
      return { agency, admin };
    });
    process.stdout.write(`Agency ${result.agency.code} created (id ${result.agency.id}); admin ${result.admin.email}\n`);
    return 0;
  },

  'seed-demo': async (app) => {
    const { created, logins } = await app.get(DemoSeed).run();
    process.stdout.write(created ? 'Demo data created.\n' : 'Demo data already present.\n');
    process.stdout.write(`Demo logins (password ${DEMO_PASSWORD}):\n`);
    for (const l of logins) process.stdout.write(`  ${l.role.padEnd(9)} ${l.email}${l.agency ? `  (${l.agency})` : ''}\n`);
    return 0;
  },

  'audit:verify': async (app) => {
    const verdicts = await app.get(AuditService).verifyAll();
    let broken = 0;
    for (const v of verdicts) {
      if (v.ok) process.stdout.write(`ok      ${v.chainKey}  ${v.events} events\n`);
      else {
        broken++;
        const b = v.firstBroken!;
        process.stdout.write(`BROKEN  ${v.chainKey}  first broken event: id ${b.id ?? '(missing)'} seq ${b.seq} (${b.problem})\n`);
      }
    }
    return broken ? 1 : 0;
  },

  'certificates:revalidate': async (app) => {
    const run = await app.get(CertificateRevalidationJob).run();
    process.stdout.write(`${run.runKey}: ${run.checked} active certificates checked, ${run.flagged} newly flagged for review\n`);
    return 0;
  },

  'rounds:notify-openings': async (app) => {
    const run = await app.get(RoundOpeningJob).run();
    process.stdout.write(`${run.opened} round(s) opened and told, ${run.mails} mail(s) queued\n`);
    return 0;
  },
};

/** Migration commands run without the app, so a broken schema can still be repaired. */
async function migrate(direction: 'run' | 'revert', url: string, poolSize: number): Promise<number> {
  const ds = await new DataSource(dataSourceOptions(url, poolSize)).initialize();
  try {
    if (direction === 'run') {
      const applied = await runMigrationsExclusively(ds);
      process.stdout.write(applied.length ? applied.map((m) => `applied ${m.name}\n`).join('') : 'No pending migrations.\n');
    } else {
      await withMigrationLock(ds, () => ds.undoLastMigration({ transaction: 'each' }));
      process.stdout.write('Reverted the last migration.\n');
    }
    return 0;
  } finally {
    await ds.destroy();
  }
}

/** Needs no database: it copies files by their content hashes, which the database already holds. */
async function storageMigrate(config: AppConfig): Promise<number> {
  if (!config.STORAGE_URL) {
    process.stderr.write('storage:migrate copies DATA_DIR/files into the bucket named by STORAGE_URL; set STORAGE_URL first.\n');
    return 2;
  }
  const root = join(config.DATA_DIR, 'files');
  const target = S3Storage.at(parseStorageUrl(config.STORAGE_URL));
  try {
    process.stdout.write(`Copying ${root} to ${config.STORAGE_URL}\n`);
    const report = await migrateLocalToS3(root, target, (line) => process.stdout.write(`${line}\n`));
    process.stdout.write(`${report.copied} copied, ${report.present} already present, ${report.failed.length} failed; every object's SHA-256 checked.\n`);
    return report.failed.length ? 1 : 0;
  } finally {
    target.onApplicationShutdown();
  }
}

async function main(): Promise<number> {
  const [name, ...args] = process.argv.slice(2);
  if (!name || name === 'help' || name === '--help') {
    process.stdout.write(USAGE);
    return name ? 0 : 2;
  }
  const isMigration = name === 'migration:run' || name === 'migration:revert';
  if (!isMigration && name !== 'storage:migrate' && !commands[name]) {
    process.stderr.write(`Unknown command ${name}\n\n${USAGE}`);
    return 2;
  }
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config: AppConfig;
  try {
    config = loadConfig({ ...process.env, WORKERS_ENABLED: 'false' });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  if (name === 'storage:migrate') return storageMigrate(config);
  const db = await startDatabaseServer(config);
  try {
    if (isMigration) return await migrate(name === 'migration:run' ? 'run' : 'revert', db.url, config.DB_POOL_SIZE);
    const app = await createApp(config, db.url, createRootLogger('warn'), { clock: clockFromEnv() });
    try {
      return await commands[name](app, args);
    } finally {
      await app.close();
    }
  } finally {
    await db.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    const e = err as { code?: string; message?: string };
    process.stderr.write(`${e.code ? `${e.code}: ` : ''}${e.message ?? String(err)}\n`);
    process.exit(1);
  },
);
