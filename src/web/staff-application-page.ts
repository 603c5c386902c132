import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AgenciesService } from '../agencies/agencies.service';
import { isStaffStage, type ApplicationAction } from '../applications/application-workflow';
import { countsAsReview } from '../applications/separation-of-duties';
import { AppealsService } from '../rounds/appeals.service';
import type { ApplicationDetail } from '../applications/applications.service';
import { roleHas, type AuthUser } from '../auth/permissions';
import { Clock } from '../common/clock';
import { workingDaysLate } from '../common/wib-calendar';
import { DECISION_REASON_CODES, DECISION_REASONS } from './decision-reasons';
import { formatBytes, formatDate, formatDateTime } from './format';
import { describeErrors, type FieldErrors } from './forms';
import { PageResponder } from './page-responder';
import { flashText } from './session-pages.controller';
import type { WebRequest } from './web-access';
import { ruleMessageWords } from './requirement-words';

type T = (key: string, params?: Record<string, unknown>) => string;

/** The actions the staff application page offers; the field visit has its own form (/kunjungan). */
export const PAGE_ACTIONS = ['pass_administrative', 'request_revision', 'reject', 'approve'] as const;
export type PageAction = (typeof PAGE_ACTIONS)[number];

/** Flash names after a staff action: `?flash=acted-<action>`. */
const ACTED_FLASH = /^acted-(pass_administrative|request_revision|reject|approve|pass_field)$/;

export interface StaffPageExtra {
  flash?: string | null;
  /** A refusal in words, shown at the top of the actions. */
  refusal?: string | null;
  /** Someone acted first: the words saying who and what. */
  stale?: string | null;
  errors?: FieldErrors | null;
  /** What the user typed, kept when their action was refused. */
  values?: { action?: string; reasonCode?: string; reasonText?: string };
}

/** The holidays of the staff member's agency, for "N working days late" (the agency as kept in memory). */
@Injectable()
export class AgencyCalendar {
  constructor(private readonly agencies: AgenciesService) {}

  async holidays(agencyId: string): Promise<string[]> {
    return [...(await this.agencies.current(agencyId)).settings.holidays];
  }
}

/** The staff view of /permohonan/:id, built from the same ApplicationDetail the API returns. */
@Injectable()
export class StaffApplicationPage {
  constructor(
    private readonly pages: PageResponder,
    private readonly calendar: AgencyCalendar,
    private readonly appeals: AppealsService,
    private readonly clock: Clock,
  ) {}

  /** Why the user has no action here, in words; null when they have one. */
  whyNot(auth: AuthUser, app: ApplicationDetail, t: T): string | null {
    const role = t(`role.${auth.role}`);
    if (app.status === 'revision_requested') return t('staffApp.whyNot.applicantTurn');
    if (!isStaffStage(app.status)) return t('staffApp.whyNot.done');
    if (!roleHas(auth.role, 'applications:act')) return t('staffApp.whyNot.readOnly', { role });
    if (app.status === 'awaiting_approval' && auth.role !== 'approver') return t('staffApp.whyNot.approveRole', { role });
    if (app.status !== 'awaiting_approval' && auth.role !== 'officer') return t('staffApp.whyNot.officerTurn');
    // The same rule the service applies (separation-of-duties.ts), said before anyone tries.
    if (auth.role === 'approver' && app.timeline.some((e) => e.actorId === auth.id && countsAsReview(e.action, e.actorRole))) return t('staffApp.whyNot.reviewed');
    return null;
  }

  async show(auth: AuthUser, app: ApplicationDetail, req: WebRequest, reply: FastifyReply, extra: StaffPageExtra = {}, status = 200): Promise<FastifyReply> {
    const t: T = (key, params) => this.pages.t(req, key, params);
    const locale = this.pages.locale(req);
    const now = this.clock.now();
    const holidays = app.overdue ? await this.calendar.holidays(app.agencyId) : [];
    const snap = app.snapshot;
    const whyNot = this.whyNot(auth, app, t);
    const can = (a: ApplicationAction) => !whyNot && app.allowedActions.includes(a);
    const values = extra.values ?? {};
    const decisionFor = (a: PageAction) => (values.action === a ? true : false);
    const reasonOptions = (selected: string | undefined) => [
      { value: '', label: t('staffApp.chooseReason'), selected: !selected },
      ...DECISION_REASON_CODES.map((code) => ({ value: code, label: DECISION_REASONS[code][locale], selected: selected === code })),
    ];
    const described = describeErrors(extra.errors ?? null, (k) => t(k));
    const refusal = extra.refusal ?? null;
    const errorList = [...(refusal ? [{ field: '_form', href: '#actions', message: refusal }] : []), ...described.list.filter((e) => e.field !== '_form')];
    const ruleTitle = new Map((app.evaluation?.results ?? []).map((r) => [r.ruleId, r.title[locale]]));
    const applicationId = app.id;
    // A rejection of a round may carry an appeal (sanggahan): its page is where staff decide it.
    const appeal = app.roundId && (app.status === 'rejected' || app.timeline.some((e) => e.action === 'uphold_appeal')) ? await this.appeals.findForApplication(app.id) : null;
    return this.pages.send(
      req,
      reply,
      'application-staff',
      {
        title: 'application.title',
        // Back to the list the person works from: the approver's is the awaiting-approval list.
        breadcrumbs: [auth.role === 'approver' ? { href: '/persetujuan', label: t('approvals.title') } : { href: '/antrean', label: t('queue.title') }],
        flash: extra.flash ?? null,
        stale: extra.stale ?? null,
        errors: { list: errorList, byField: described.byField },
        app: {
          id: app.id,
          reference: app.reference,
          outletName: app.outletName,
          status: app.status,
          statusText: t(`status.${app.status}`),
          dueAt: formatDate(app.dueAt, locale),
          overdue: app.overdue,
          lateDays: app.overdue && app.dueAt ? workingDaysLate(new Date(app.dueAt), now, holidays) : 0,
          submittedAt: formatDateTime(app.submittedAt, locale),
          version: app.version,
          round: app.roundId,
        },
        certificate: app.certificate,
        snapshot: snap
          ? {
              profile: [
                ['outlet.legalName', snap.outlet.legalName],
                ['outlet.brandName', snap.outlet.brandName],
                ['outlet.legalForm', t(`legalForm.${snap.outlet.legalForm}`)],
                ['outlet.deedNumber', snap.outlet.deedNumber],
                ['outlet.ministryDecreeNumber', snap.outlet.ministryDecreeNumber],
                ['outlet.taxId', snap.outlet.taxId],
                ['outlet.taxStatus', t(`taxStatus.${snap.outlet.taxStatus}`)],
                ['outlet.businessId', snap.outlet.businessId],
                ['outlet.establishedOn', formatDate(snap.outlet.establishedOn, locale)],
                ['outlet.mediaType', t(`mediaType.${snap.outlet.mediaType}`)],
                ['outlet.website', snap.outlet.website],
                ['outlet.office', snap.outlet.office ? [snap.outlet.office.street, snap.outlet.office.city, snap.outlet.office.province].join(', ') : null],
                ['outlet.pressCouncilStatus', t(`pressCouncil.${snap.outlet.pressCouncil.status}`)],
                ['outlet.pressCouncilNumber', snap.outlet.pressCouncil.certificateNumber],
                ['outlet.pressCouncilVerifiedOn', formatDate(snap.outlet.pressCouncil.verifiedOn, locale)],
                ['outlet.memberships', snap.outlet.memberships.join(', ')],
                ['outlet.kbliCodes', snap.outlet.kbliCodes.join(', ')],
              ].map(([label, value]) => ({ label, value: value || t('common.notGiven') })),
              roster: snap.journalists.map((j) => ({
                name: j.name,
                nik: j.nikMasked,
                position: t(`position.${j.position}`),
                competency: j.competency
                  ? `${t('roster.competencyLine', { level: t(`level.${j.competency.level}`), number: j.competency.certificateNumber, issuer: j.competency.issuer, date: formatDate(j.competency.issuedOn, locale) })}${j.competency.revoked ? ` (${t('roster.revoked')})` : ''}`
                  : t('roster.noCompetency'),
                elsewhere: j.otherOutletCount > 0 ? t('staffApp.otherOutlets', { n: j.otherOutletCount }) : null,
              })),
              documents: snap.documents.map((d) => ({
                // A withdrawn application's files went back with it (outlet-access.ts): named, not shown.
                href: app.status === 'withdrawn' ? null : `/permohonan/${applicationId}/dokumen/${d.id}`,
                name: d.fileName,
                type: t(`documentType.${d.type}`),
                meta: t('staffApp.documentMeta', { type: t(`documentType.${d.type}`), name: d.fileName, size: formatBytes(d.size, locale) }),
                sha256: d.sha256,
                image: d.mimeType.startsWith('image/'),
                pdf: d.mimeType === 'application/pdf',
              })),
            }
          : null,
        evaluation: app.evaluation
          ? {
              lead: t('staffApp.rulesLead', { pack: app.evaluation.packName, verdict: t(`verdict.${app.evaluation.verdict}`) }),
              grade: app.evaluation.grade,
              results: app.evaluation.results.map((r) => ({
                outcome: r.outcome,
                outcomeText: t(`outcome.${r.outcome}`),
                title: r.title[locale],
                message: ruleMessageWords(r.message[locale], locale),
                blocking: r.severity === 'blocking',
                citation: r.citation,
                citationVerified: r.citationVerified,
              })),
            }
          : null,
        fieldVisit: app.fieldVisit
          ? {
              visitedOn: formatDate(app.fieldVisit.visitedOn, locale),
              officeConfirmed: app.fieldVisit.officeConfirmed,
              notes: app.fieldVisit.notes,
              // Evidence photos, each a thumbnail linking to the full image (staff only, through the session).
              photos: app.fieldVisitPhotos.map((p) => ({ url: `/permohonan/${applicationId}/foto/${p.id}`, fileName: p.fileName, sha256: p.sha256 })),
            }
          : null,
        attestations: app.attestations.map((a) => ({
          line: t('staffApp.attestationLine', { rule: ruleTitle.get(a.ruleId) ?? a.ruleId, observed: a.observed }),
          by: t('staffApp.attestationBy', { name: a.recordedBy.name, at: formatDateTime(a.recordedAt, locale) }),
          lookupUrl: a.lookupUrl,
          screenshot: `/permohonan/${applicationId}/atestasi/${a.id}`,
        })),
        timeline: [...app.timeline].reverse().map((e) => ({
          what: t(`action.${e.action}`),
          who: t('application.who', { name: e.actorName, role: t(`role.${e.actorRole}`) }),
          at: formatDateTime(e.at, locale),
          reason: e.reason,
          to: t(`status.${e.toStatus}`),
        })),
        appeal: appeal ? { href: `/sanggahan/${appeal.id}`, statusText: t(`appealReview.status.${appeal.status}`), open: appeal.status === 'filed' } : null,
        whyNot,
        canAttest: isStaffStage(app.status) && roleHas(auth.role, 'applications:attest'),
        canVisit: can('pass_field'),
        canPass: can('pass_administrative'),
        canApprove: can('approve'),
        canReturn: can('request_revision'),
        canReject: can('reject'),
        decisionOptions: (['request_revision', 'reject'] as const).map((a) => ({ value: a, label: t(`staffApp.decision.${a}`), checked: decisionFor(a) || (!values.action && a === 'request_revision') })),
        reasonOptions: reasonOptions(values.reasonCode),
        reasonText: values.reasonText ?? '',
      },
      status,
    );
  }

  /** The flash after a staff action (saying by when the next stage is due), else the portal's own. */
  flash(flash: string | undefined, app: ApplicationDetail, req: WebRequest): string | null {
    const t: T = (key, params) => this.pages.t(req, key, params);
    const acted = flash ? ACTED_FLASH.exec(flash) : null;
    return acted ? t(`staffApp.flash.${acted[1]}`, { date: formatDate(app.dueAt, this.pages.locale(req)) }) : flashText(flash, t);
  }
}

