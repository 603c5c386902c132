import { createSecretKey } from 'node:crypto';
import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AgenciesController } from './agencies/agencies.controller';
import { AgenciesService } from './agencies/agencies.service';
import { AuditController } from './audit/audit.controller';
import { AuditService } from './audit/audit.service';
import { AccessGuard } from './auth/access.guard';
import { AuthController } from './auth/auth.controller';
import { AccountTokens } from './auth/account-tokens';
import { AuthService } from './auth/auth.service';
import { EmailConfirmationService } from './auth/email-confirmation.service';
import { FAILURE_STORE, failureStoreLimits, LoginThrottle, policyFrom } from './auth/login-throttle';
import { PgFailureStore } from './auth/pg-failure-store';
import { PasswordResetService } from './auth/password-reset.service';
import { PasswordHasher } from './auth/password-hasher';
import { TokenService } from './auth/token.service';
import { Clock, SystemClock } from './common/clock';
import { ErrorFilter } from './common/error.filter';
import { createValidationPipe } from './common/validation.pipe';
import { APP_CONFIG, type AppConfig } from './config/app-config';
import { ChangeEvents } from './database/change-events';
import { dataSourceOptions } from './database/data-source-options';
import { HealthController } from './health/health.controller';
import { Readiness } from './health/readiness';
import { SeedModule } from './seed/seed.module';
import { StatisticsModule } from './statistics/statistics.module';
import { StorageModule } from './storage/storage.module';
import { ApplicationsModule } from './applications/applications.module';
import { CertificatesModule } from './certificates/certificates.module';
import { NotificationsModule } from './notifications/notifications.module';
import { OutletsModule } from './outlets/outlets.module';
import { RequirementsModule } from './requirements/requirements.module';
import { RoundsModule } from './rounds/rounds.module';
import { UsersController } from './users/users.controller';
import { UsersService } from './users/users.service';
import { AccountController } from './users/account.controller';
import { AccountService } from './users/account.service';
import { WebModule } from './web/web.module';

export interface AppModuleOptions {
  config: AppConfig;
  /** The server to use: DATABASE_URL, or the embedded one started before the app. */
  databaseUrl: string;
  /** "Now" for every date the service decides; the system clock unless a test sets one. */
  clock?: Clock;
}

@Module({})
export class AppModule {
  static forRoot({ config, databaseUrl, clock }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        TypeOrmModule.forRoot(dataSourceOptions(databaseUrl, config.DB_POOL_SIZE)),
        StorageModule,
        RequirementsModule,
        OutletsModule,
        NotificationsModule,
        CertificatesModule,
        ApplicationsModule,
        RoundsModule,
        StatisticsModule,
        SeedModule,
        WebModule,
        JwtModule.register({
          // A KeyObject: given a string, jsonwebtoken first tries it as a public key and throws on every request.
          secret: createSecretKey(Buffer.from(config.JWT_SECRET)) as unknown as string,
          signOptions: { algorithm: 'HS256' },
          verifyOptions: { algorithms: ['HS256'] },
        }),
      ],
      controllers: [HealthController, AuthController, AgenciesController, UsersController, AuditController, AccountController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: Clock, useValue: clock ?? new SystemClock() },
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_PIPE, useFactory: createValidationPipe, inject: [Clock] },
        { provide: APP_FILTER, useClass: ErrorFilter },
        AuditService,
        PasswordHasher,
        TokenService,
        AuthService,
        {
          provide: FAILURE_STORE,
          inject: [getDataSourceToken()],
          useFactory: (dataSource: DataSource) => new PgFailureStore(dataSource, ...failureStoreLimits(policyFrom(config))),
        },
        LoginThrottle,
        AccountTokens,
        PasswordResetService,
        EmailConfirmationService,
        UsersService,
        AgenciesService,
        AccountService,
        Readiness,
        ChangeEvents,
      ],
      exports: [APP_CONFIG, Clock, ChangeEvents, AuditService, AgenciesService, UsersService, PasswordHasher, PasswordResetService, EmailConfirmationService, AuthService, AccountService],
    };
  }
}
