import { Controller, Get, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow, Auth } from '../auth/access.decorator';
import type { AuthUser } from '../auth/permissions';
import { StatisticsService } from '../statistics/statistics.service';
import { groupedColumns, horizontalBars } from './charts';
import { formatDateTime, formatNumber } from './format';
import { describeErrors, type FieldErrors } from './forms';
import { PageResponder } from './page-responder';
import { WebPages, type WebRequest } from './web-access';
import { WebErrorFilter } from './web-error.filter';

/** Years offered in the year choice, the current one first. */
const YEARS_SHOWN = 5;

/** The agency dashboard for every staff role: the same figures as GET /api/agencies/:id/statistics, drawn. */
@ApiExcludeController()
@WebPages()
@UseFilters(WebErrorFilter)
@Controller()
export class StatisticsPagesController {
  constructor(
    private readonly pages: PageResponder,
    private readonly statistics: StatisticsService,
  ) {}

  @Allow('applications:read')
  @Get('statistik')
  async dashboard(@Auth() auth: AuthUser, @Query('tahun') yearParam: string | undefined, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    const t = (key: string, params?: Record<string, unknown>) => this.pages.t(req, key, params);
    const locale = this.pages.locale(req);
    const n = (v: number) => formatNumber(v, locale);
    const current = this.statistics.currentYear();
    let errors: FieldErrors | null = null;
    let year = current;
    if (yearParam !== undefined && yearParam !== '') {
      const y = /^\d{4}$/.test(yearParam) ? Number(yearParam) : NaN;
      if (y >= 2000 && y <= current) year = y;
      else errors = { tahun: 'STATISTICS_PAGE.YEAR' };
    }
    // Staff only; an applicant holds applications:read for their own and is refused here.
    const s = await this.statistics.forAgency(auth, auth.agencyId ?? '', year);
    const stageName = (stage: string) => t(`status.${stage}`);
    const monthName = (m: number) => t(`statistics.month.${m}`);
    const described = describeErrors(errors, t);
    const days = (v: number | null) => (v === null ? t('statistics.none') : t('statistics.workingDays', { n: n(v) }));
    return this.pages.send(
      req,
      reply,
      'statistics',
      {
        title: 'statistics.title',
        breadcrumbs: [{ href: '/dasbor', label: t('dashboard.title') }],
        errors: described,
        year,
        asOf: t('statistics.asOf', { time: formatDateTime(s.computedAt, locale) }),
        yearSelect: {
          name: 'tahun',
          label: 'statistics.year',
          error: described.byField.tahun ?? null,
          options: Array.from({ length: YEARS_SHOWN }, (_, i) => current - i).map((y) => ({ value: String(y), label: String(y), selected: y === year })),
        },
        overdue: { count: n(s.overdue), text: t(s.overdue === 1 ? 'statistics.overdueOne' : 'statistics.overdueMany', { n: n(s.overdue) }), any: s.overdue > 0 },
        stages: {
          chart: horizontalBars(
            s.stages.map((x) => ({ label: stageName(x.stage), values: [x.applications - x.overdue, x.overdue], valueText: n(x.applications) })),
            ['chart-a', 'chart-late'],
          ),
          rows: s.stages.map((x) => ({ stage: stageName(x.stage), applications: n(x.applications), overdue: n(x.overdue) })),
          total: n(s.stages.reduce((sum, x) => sum + x.applications, 0)),
        },
        durations: {
          chart: horizontalBars(
            s.stageDurations.map((x) => ({ label: stageName(x.stage), values: [x.medianWorkingDays ?? 0], valueText: days(x.medianWorkingDays), marker: x.deadlineWorkingDays })),
            ['chart-b'],
          ),
          rows: s.stageDurations.map((x) => ({
            stage: stageName(x.stage),
            median: days(x.medianWorkingDays),
            completed: n(x.completed),
            deadline: x.deadlineWorkingDays === null ? t('statistics.noDeadline') : days(x.deadlineWorkingDays),
          })),
        },
        months: {
          chart: groupedColumns(
            s.decisionsByMonth.map((m) => ({ label: t(`statistics.monthShort.${m.month}`), values: [m.approved, m.rejected] })),
            n,
          ),
          rows: s.decisionsByMonth.map((m) => ({ month: monthName(m.month), approved: n(m.approved), rejected: n(m.rejected) })),
          approved: n(s.decisionsByMonth.reduce((sum, m) => sum + m.approved, 0)),
          rejected: n(s.decisionsByMonth.reduce((sum, m) => sum + m.rejected, 0)),
        },
        certificates: {
          chart: horizontalBars(s.certificates.map((c) => ({ label: t(`certStatus.${c.status}`), values: [c.count], valueText: n(c.count) })), ['chart-a']),
          rows: s.certificates.map((c) => ({ status: t(`certStatus.${c.status}`), count: n(c.count) })),
          total: n(s.certificates.reduce((sum, c) => sum + c.count, 0)),
        },
      },
      errors ? 400 : 200,
    );
  }
}
