import { STAFF_STAGES } from '../src/applications/application-workflow';
import { COUNTED_STAGES, STATISTICS_SQL, wibYearBounds } from '../src/statistics/statistics.service';
import type { HotQuery } from './queries';

/** The dashboard's statements (GET /statistik, uncached), taken from the service itself so they never drift. */
const thisYear = () => new Date(Date.now() + 7 * 3600_000).getUTCFullYear();

export const STATISTICS_QUERIES: HotQuery[] = [
  {
    name: 'dashboard: applications per stage and overdue',
    usedBy: 'GET /statistik (GET /api/agencies/:id/statistics)',
    sql: STATISTICS_SQL.stages,
    params: (p) => [p.bigAgencyId, COUNTED_STAGES, STAFF_STAGES, new Date()],
  },
  {
    name: 'dashboard: stage durations from the decisions history',
    usedBy: 'GET /statistik (GET /api/agencies/:id/statistics)',
    sql: STATISTICS_SQL.durations,
    params: (p) => [p.bigAgencyId, COUNTED_STAGES, ...wibYearBounds(thisYear())],
  },
  {
    name: 'dashboard: approvals and rejections per month',
    usedBy: 'GET /statistik (GET /api/agencies/:id/statistics)',
    sql: STATISTICS_SQL.months,
    params: (p) => [p.bigAgencyId, ...wibYearBounds(thisYear())],
  },
  {
    name: 'dashboard: certificates by status',
    usedBy: 'GET /statistik (GET /api/agencies/:id/statistics)',
    sql: STATISTICS_SQL.certificates,
    params: (p) => [p.bigAgencyId, new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10)],
  },
];
