import { Injectable } from '@nestjs/common';
import { ApplicationsService } from '../applications/applications.service';
import type { AuthUser } from '../auth/permissions';

type T = (key: string, params?: Record<string, unknown>) => string;

interface Todo {
  text: string;
  href: string;
  action: string;
  late?: boolean;
}

/**
 * The staff landing (/dasbor for staff): what to do next for the role, with the numbers that say
 * how much (officer: checks and visits waiting, overdue; approver: approvals waiting), and the
 * links the role works from. Two small indexed queries (ApplicationsService.queueOverview).
 */
@Injectable()
export class StaffLanding {
  constructor(private readonly applications: ApplicationsService) {}

  async model(auth: AuthUser, t: T): Promise<{ todo: Todo[]; links: { href: string; text: string }[]; lead: string; counts: { label: string; count: number; href: string }[] }> {
    const overview = await this.applications.queueOverview(auth);
    const count = (status: string) => overview.stages.find((s) => s.status === status)?.count ?? 0;
    const todo: Todo[] = [];
    const links: { href: string; text: string }[] = [];
    let lead = t('staffDash.lead');
    if (auth.role === 'officer') {
      if (overview.overdue > 0) todo.push({ text: t('staffDash.overdue', { n: overview.overdue }), href: '/antrean?terlambat=1', action: t('staffDash.toOverdue'), late: true });
      if (count('submitted') > 0) todo.push({ text: t('staffDash.officerWaiting', { n: count('submitted') }), href: '/antrean?tahap=submitted', action: t('staffDash.toQueue') });
      if (count('field_verification') > 0) todo.push({ text: t('staffDash.officerField', { n: count('field_verification') }), href: '/antrean?tahap=field_verification', action: t('staffDash.toQueue') });
      links.push({ href: '/antrean', text: t('staffDash.toQueue') });
    } else if (auth.role === 'approver') {
      if (count('awaiting_approval') > 0) todo.push({ text: t('staffDash.approverWaiting', { n: count('awaiting_approval') }), href: '/persetujuan', action: t('staffDash.toApprovals') });
      links.push({ href: '/persetujuan', text: t('staffDash.toApprovals') }, { href: '/antrean', text: t('staffDash.toQueue') }, { href: '/periode', text: t('staffDash.toRounds') });
    } else if (auth.role === 'auditor') {
      lead = t('staffDash.auditorLead');
      links.push({ href: '/sertifikat', text: t('staffDash.toCertificates') }, { href: '/audit', text: t('staffDash.toAudit') });
    } else if (auth.role === 'admin') {
      lead = t('staffDash.adminLead');
      links.push(
        { href: '/admin/pengguna', text: t('staffDash.toUsers') },
        { href: '/admin/pengaturan', text: t('staffDash.toSettings') },
        { href: '/admin/kebijakan', text: t('staffDash.toPolicy') },
        { href: '/periode', text: t('staffDash.toRounds') },
        { href: '/admin/surel', text: t('staffDash.toParkedMail') },
      );
    }
    links.push({ href: '/statistik', text: t('staffDash.toStatistics') });
    const workRole = auth.role === 'officer' || auth.role === 'approver';
    return {
      lead,
      todo: workRole && todo.length === 0 ? [{ text: t('staffDash.nothing'), href: '/antrean', action: t('staffDash.toQueue') }] : todo,
      links,
      counts: overview.stages.map((s) => ({ label: t(`status.${s.status}`), count: s.count, href: `/antrean?tahap=${s.status}` })),
    };
  }
}
