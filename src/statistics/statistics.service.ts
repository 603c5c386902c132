import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { agencyNotFound, AgenciesService } from '../agencies/agencies.service';
import { STAFF_STAGES, type StaffStage } from '../applications/application-workflow';
import { isStaff, type AuthUser } from '../auth/permissions';
import { CERTIFICATE_STATUSES, type CertificateStatus } from '../certificates/certificates.service';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { wibDate, workingDaysBetween } from '../common/wib-calendar';

/** Stages an application waits in for someone: staff in the first three, the outlet in the last. */
export const COUNTED_STAGES = [...STAFF_STAGES, 'revision_requested'] as const;
export type CountedStage = (typeof COUNTED_STAGES)[number];

const SLA_OF: Record<StaffStage, 'administrative' | 'field' | 'approval'> = {
  submitted: 'administrative',
  field_verification: 'field',
  awaiting_approval: 'approval',
};

export interface AgencyStatistics {
  agencyId: string;
  /** The WIB year of the monthly decisions and of the stage durations. */
  year: number;
  /** When these figures were computed; they are at most CACHE_SECONDS old. */
  computedAt: string;
  /** Applications waiting in each stage now, and how many of those are past their due date. */
  stages: { stage: CountedStage; applications: number; overdue: number }[];
  overdue: number;
  /**
   * Working days spent in each stage by the stages left during the year (from the decisions
   * history), with the agency's deadline for the stage beside it.
   */
  stageDurations: { stage: CountedStage; completed: number; medianWorkingDays: number | null; deadlineWorkingDays: number | null }[];
  /** Applications approved and rejected per WIB month of the year (1 to 12), by their current outcome. */
  decisionsByMonth: { month: number; approved: number; rejected: number }[];
  /** Certificates by status; an active one past its validity counts as expired. */
  certificates: { status: CertificateStatus; count: number }[];
}

/**
 * The dashboard's statements, one per figure, over one agency's rows (bench/explain runs them too).
 * $1 is always the agency.
 */
export const STATISTICS_SQL = {
  /** $2 counted stages, $3 staff stages, $4 now. An index-only range scan of applications_queue_status_idx (agency, status, due_at). */
  stages: `SELECT status, count(*)::int AS n, count(*) FILTER (WHERE status = ANY($3) AND due_at < $4)::int AS overdue
         FROM applications WHERE agency_id = $1 AND status = ANY($2) GROUP BY status`,
  /**
   * $2 counted stages, $3 and $4 the WIB year. Each decision ends the stage its application was in;
   * the previous decision (or the submission) started it, in the order they were taken. One pass over
   * the decisions of the agency's applications active in the year (a hash join: a big agency holds a
   * quarter of them), grouped by WIB days, so working days are counted once per pair of days.
   */
  durations: `SELECT s.stage, to_char(s.entered_at AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM-DD') AS entered_on,
                to_char(s.left_at AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM-DD') AS left_on, count(*)::int AS n
         FROM (
           SELECT d.from_status AS stage, d.created_at AS left_at, lag(d.created_at) OVER w AS entered_at, lag(d.to_status) OVER w AS entered_status
           FROM applications a JOIN application_decisions d ON d.application_id = a.id
           WHERE a.agency_id = $1 AND a.submitted_at IS NOT NULL AND a.updated_at >= $3
           WINDOW w AS (PARTITION BY d.application_id ORDER BY d.created_at, d.id)
         ) s
         WHERE s.stage = ANY($2) AND s.entered_status = s.stage AND s.left_at >= $3 AND s.left_at < $4
         GROUP BY 1, 2, 3`,
  /** $2 and $3 the WIB year. */
  months: `SELECT extract(month FROM decided_at AT TIME ZONE 'Asia/Jakarta')::int AS month,
                count(*) FILTER (WHERE status = 'approved')::int AS approved, count(*) FILTER (WHERE status = 'rejected')::int AS rejected
         FROM applications WHERE agency_id = $1 AND status IN ('approved', 'rejected') AND decided_at >= $2 AND decided_at < $3
         GROUP BY 1`,
  /** $2 today in WIB. Index-only on certificates_agency_status_idx (agency, status, valid_until). */
  certificates: `SELECT CASE WHEN status = 'active' AND valid_until < $2::date THEN 'expired' ELSE status END AS status, count(*)::int AS n
         FROM certificates WHERE agency_id = $1 GROUP BY 1`,
} as const;

/** How long computed figures are served before they are computed again. */
export const CACHE_SECONDS = 60;

/** The instants a WIB year starts and ends (exclusive). */
export const wibYearBounds = (year: number): [string, string] => [`${year}-01-01T00:00:00+07:00`, `${year + 1}-01-01T00:00:00+07:00`];

/** The median of values given as (value, how many times) pairs; the mean of the two middle ones for an even count. */
export function weightedMedian(groups: readonly { value: number; n: number }[]): number | null {
  const sorted = [...groups].filter((g) => g.n > 0).sort((a, b) => a.value - b.value);
  const total = sorted.reduce((s, g) => s + g.n, 0);
  if (total === 0) return null;
  const at = (rank: number): number => {
    let seen = 0;
    for (const g of sorted) {
      seen += g.n;
      if (rank < seen) return g.value;
    }
    return sorted[sorted.length - 1].value;
  };
  return total % 2 === 1 ? at((total - 1) / 2) : (at(total / 2 - 1) + at(total / 2)) / 2;
}

/**
 * The agency dashboard's figures. Each is one set-based statement over the agency's rows, so the
 * cost does not grow with loops in here; the results are kept for a minute per agency and year,
 * since a busy registration window has many staff looking at the same dashboard.
 */
@Injectable()
export class StatisticsService {
  private readonly cache = new Map<string, { until: number; value: Promise<AgencyStatistics> }>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly agencies: AgenciesService,
    private readonly clock: Clock,
  ) {}

  /** The current WIB year. */
  currentYear(): number {
    return Number(wibDate(this.clock.now()).slice(0, 4));
  }

  async forAgency(auth: AuthUser, agencyId: string, year?: number): Promise<AgencyStatistics> {
    if (!isStaff(auth)) throw new AppError('forbidden', 'STATISTICS.STAFF_ONLY', 'Only staff of an agency read its statistics');
    if (auth.agencyId !== agencyId) throw agencyNotFound();
    const y = year ?? this.currentYear();
    const key = `${agencyId}:${y}`;
    const now = this.clock.now().getTime();
    const hit = this.cache.get(key);
    if (hit && hit.until > now) return hit.value;
    const value = this.compute(agencyId, y);
    this.cache.set(key, { until: now + CACHE_SECONDS * 1000, value });
    value.catch(() => this.cache.delete(key));
    if (this.cache.size > 500) for (const [k, v] of this.cache) if (v.until <= now) this.cache.delete(k);
    return value;
  }

  private async compute(agencyId: string, year: number): Promise<AgencyStatistics> {
    const now = this.clock.now();
    const agency = await this.agencies.find(this.dataSource.manager, agencyId);
    const [yearStart, yearEnd] = wibYearBounds(year);
    const q = <T>(sql: string, params: unknown[]) => this.dataSource.query(sql, params) as Promise<T[]>;
    const [stageRows, durationRows, monthRows, certificateRows] = await Promise.all([
      q<{ status: CountedStage; n: number; overdue: number }>(
        STATISTICS_SQL.stages,
        [agencyId, COUNTED_STAGES, STAFF_STAGES, now],
      ),
      q<{ stage: CountedStage; entered_on: string; left_on: string; n: number }>(
        STATISTICS_SQL.durations,
        [agencyId, COUNTED_STAGES, yearStart, yearEnd],
      ),
      q<{ month: number; approved: number; rejected: number }>(
        STATISTICS_SQL.months,
        [agencyId, yearStart, yearEnd],
      ),
      q<{ status: CertificateStatus; n: number }>(
        STATISTICS_SQL.certificates,
        [agencyId, wibDate(now)],
      ),
    ]);

    const holidays = new Set(agency.settings.holidays);
    const durations = new Map<CountedStage, { value: number; n: number }[]>();
    for (const r of durationRows) {
      const list = durations.get(r.stage) ?? [];
      list.push({ value: workingDaysBetween(r.entered_on, r.left_on, holidays), n: r.n });
      durations.set(r.stage, list);
    }
    const stages = COUNTED_STAGES.map((stage) => {
      const r = stageRows.find((x) => x.status === stage);
      return { stage, applications: r?.n ?? 0, overdue: r?.overdue ?? 0 };
    });
    return {
      agencyId,
      year,
      computedAt: now.toISOString(),
      stages,
      overdue: stages.reduce((s, x) => s + x.overdue, 0),
      stageDurations: COUNTED_STAGES.map((stage) => {
        const groups = durations.get(stage) ?? [];
        return {
          stage,
          completed: groups.reduce((s, g) => s + g.n, 0),
          medianWorkingDays: weightedMedian(groups),
          deadlineWorkingDays: stage === 'revision_requested' ? null : agency.settings.sla[SLA_OF[stage]],
        };
      }),
      decisionsByMonth: Array.from({ length: 12 }, (_, i) => {
        const r = monthRows.find((x) => x.month === i + 1);
        return { month: i + 1, approved: r?.approved ?? 0, rejected: r?.rejected ?? 0 };
      }),
      certificates: CERTIFICATE_STATUSES.map((status) => ({ status, count: certificateRows.find((r) => r.status === status)?.n ?? 0 })),
    };
  }
}
