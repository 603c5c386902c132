import { Controller, Get, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApplicationsService } from '../applications/applications.service';
import { ApplicationQueryDto } from '../applications/dto/application.dto';
import { Allow, Auth } from '../auth/access.decorator';
import { isStaff, type AuthUser } from '../auth/permissions';
import { AppError } from '../common/app-error';
import { formatDate, formatDateTime } from './format';
import { str, validateForm } from './forms';
import { PageResponder } from './page-responder';
import { WebPages, type WebRequest } from './web-access';
import { WebErrorFilter } from './web-error.filter';

const PAGE_SIZE = 25;

/**
 * The approver's desk: the agency's applications awaiting approval, the one due first at the top.
 * Approving and rejecting happen on each application's page, where the whole file is.
 */
@ApiExcludeController()
@WebPages()
@UseFilters(WebErrorFilter)
@Controller()
export class ApprovalPagesController {
  constructor(
    private readonly pages: PageResponder,
    private readonly applications: ApplicationsService,
  ) {}

  @Allow('applications:read')
  @Get('persetujuan')
  async awaitingApproval(@Auth() auth: AuthUser, @Query('cursor') cursor: unknown, @Query('limit') limit: unknown, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    // Applicants read their own applications, on the dashboard; this list is the agency's.
    if (!isStaff(auth)) throw new AppError('forbidden', 'WEB.STAFF_ONLY', 'This page is for agency staff');
    const t = (key: string, params?: Record<string, unknown>) => this.pages.t(req, key, params);
    const locale = this.pages.locale(req);
    const after = str(cursor);
    const perPage = str(limit);
    // Rows per page: PAGE_SIZE unless the address asks otherwise, within the API's own bounds.
    const { dto, errors } = await validateForm(ApplicationQueryDto, { status: 'awaiting_approval', ...(after ? { cursor: after } : {}), ...(perPage ? { limit: perPage } : {}) });
    if (errors) throw new AppError('validation', 'VALIDATION.FAILED', 'This page address is not one the list gave', errors);
    const [page, counts] = await Promise.all([this.applications.list(auth, { ...dto, limit: dto.limit ?? PAGE_SIZE }), this.applications.queueOverview(auth)]);
    const stage = counts.stages.find((s) => s.status === 'awaiting_approval');
    const total = stage?.count ?? 0;
    const overdue = stage?.overdue ?? 0;
    return this.pages.send(req, reply, 'approvals', {
      title: 'approvals.title',
      breadcrumbs: [{ href: '/dasbor', label: t('dashboard.title') }],
      summary: t('approvals.count', { total, overdue }),
      total,
      overdue,
      applications: page.items.map((a) => ({
        id: a.id,
        reference: a.reference,
        outletName: a.outletName,
        submittedAt: formatDateTime(a.submittedAt, locale),
        dueAt: formatDate(a.dueAt, locale),
        overdue: a.overdue,
      })),
      nextHref: page.nextCursor ? `/persetujuan?${new URLSearchParams({ cursor: page.nextCursor, ...(perPage ? { limit: perPage } : {}) }).toString()}` : null,
      firstHref: after ? `/persetujuan${perPage ? `?limit=${encodeURIComponent(perPage)}` : ''}` : null,
    });
  }
}
