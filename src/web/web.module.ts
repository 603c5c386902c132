import { Module, RequestMethod, type Type } from '@nestjs/common';
import { ERROR_PAGES } from '../common/error.filter';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ApplicationsModule } from '../applications/applications.module';
import { CertificatesModule } from '../certificates/certificates.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { OutletsModule } from '../outlets/outlets.module';
import { RequirementsModule } from '../requirements/requirements.module';
import { RoundsModule } from '../rounds/rounds.module';
import { StatisticsModule } from '../statistics/statistics.module';
import { AccountMailPagesController } from './account-mail-pages.controller';
import { AppealPagesController } from './appeal-pages.controller';
import { ApplicantRoundViews } from './applicant-round-views';
import { AdminPagesController } from './admin-pages.controller';
import { ApplicationPagesController } from './application-pages.controller';
import { ApprovalPagesController } from './approval-pages.controller';
import { AssetsController } from './assets.controller';
import { EvidencePagesController } from './evidence-pages.controller';
import { AuditPagesController } from './audit-pages.controller';
import { CertificatePagesController } from './certificate-pages.controller';
import { InvitationPagesController } from './invitation-pages.controller';
import { OutletPagesController } from './outlet-pages.controller';
import { PageResponder } from './page-responder';
import { PolicyPagesController } from './policy-pages.controller';
import { RoundPagesController } from './round-pages.controller';
import { PublicPagesController } from './public-pages.controller';
import { SessionPagesController } from './session-pages.controller';
import { StatisticsPagesController } from './statistics-pages.controller';
import { AgencyCalendar, StaffApplicationPage } from './staff-application-page';
import { StaffApplicationPagesController } from './staff-application-pages.controller';
import { StaffLanding } from './staff-landing';
import { ViewRenderer } from './view-renderer';
import { WebErrorFilter } from './web-error.filter';
import { WebSessionsService } from './web-sessions.service';

const PAGE_CONTROLLERS: Type[] = [
  AssetsController,
  PublicPagesController,
  SessionPagesController,
  OutletPagesController,
  ApplicationPagesController,
  InvitationPagesController,
  AccountMailPagesController,
  PolicyPagesController,
  RoundPagesController,
  StaffApplicationPagesController,
  CertificatePagesController,
  ApprovalPagesController,
  AppealPagesController,
  AdminPagesController,
  AuditPagesController,
  StatisticsPagesController,
  EvidencePagesController,
];

/** The web portal: pages from the same app, on the same services as the API. */
@Module({
  imports: [OutletsModule, ApplicationsModule, CertificatesModule, RequirementsModule, RoundsModule, NotificationsModule, StatisticsModule],
  controllers: PAGE_CONTROLLERS,
  providers: [ViewRenderer, PageResponder, StaffApplicationPage, AgencyCalendar, StaffLanding, WebSessionsService, WebErrorFilter, ApplicantRoundViews, { provide: ERROR_PAGES, useExisting: WebErrorFilter }],
  exports: [WebSessionsService, WebErrorFilter, ERROR_PAGES],
})
export class WebModule {}

/** Every page route, kept out of the `/api` prefix; read from the controllers so none is forgotten. */
export function pageRoutes(): { path: string; method: RequestMethod }[] {
  return routesOf(PAGE_CONTROLLERS);
}

/** The routes the controllers declare, as paths relative to the root. */
export function routesOf(controllers: readonly Type[]): { path: string; method: RequestMethod }[] {
  const routes: { path: string; method: RequestMethod }[] = [];
  for (const controller of controllers) {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '').replace(/^\/|\/$/g, '');
    const proto = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const handler = proto[name];
      if (typeof handler !== 'function') continue;
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      if (path === undefined) continue;
      const full = [base, path.replace(/^\/|\/$/g, '')].filter(Boolean).join('/');
      routes.push({ path: full === '' ? '/' : full, method: Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod });
    }
  }
  return routes;
}
