import { Injectable } from '@nestjs/common';
import { AgenciesService } from '../agencies/agencies.service';
import type { ApplicationSummary } from '../applications/applications.service';
import type { AuthUser } from '../auth/permissions';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { wibDate } from '../common/wib-calendar';
import { DocumentsService } from '../outlets/documents.service';
import { AppealsService, type AppealView } from '../rounds/appeals.service';
import { RoundsService, type RoundView } from '../rounds/rounds.service';
import { formatDate, formatDateTime } from './format';
import type { Locale } from './i18n';
import { roundWindow, type RoundWindowView } from './round-window';

type T = (key: string, params?: Record<string, unknown>) => string;

/** Where an application stands towards an appeal; `open` only when the API would take one now. */
export type AppealState = 'open' | 'filed' | 'no_round' | 'not_rejected' | 'no_window' | 'before_announcement' | 'before' | 'after';

export interface AppealSituation {
  state: AppealState;
  round: RoundView | null;
  appeal: AppealView | null;
}

/**
 * The outlet's view of rounds on its pages: whether a first submission is taken now (with the
 * dates in words), and where an application stands towards an appeal. Reads the same services as
 * the API, and the same rules: AppealsService.file and RoundsService.roundForSubmission decide.
 */
@Injectable()
export class ApplicantRoundViews {
  constructor(
    private readonly rounds: RoundsService,
    private readonly appeals: AppealsService,
    private readonly agencies: AgenciesService,
    private readonly clock: Clock,
    private readonly documents: DocumentsService,
  ) {}

  async window(agencyId: string, t: T, locale: Locale): Promise<RoundWindowView | null> {
    // An all-year agency (most of them) has no window: one small query instead of the agency and two rounds.
    if ((await this.agencies.intake(agencyId)) !== 'rounds') return null;
    const intake = await this.rounds.publicRounds(agencyId);
    if (intake.intake !== 'rounds') return null;
    return roundWindow(intake, await this.agencies.get(agencyId), t, locale);
  }

  async appealSituation(auth: AuthUser, app: Pick<ApplicationSummary, 'id' | 'roundId' | 'status'>): Promise<AppealSituation> {
    let appeal: AppealView | null = null;
    try {
      appeal = await this.appeals.forApplication(auth, app.id);
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'APPEAL.NOT_FOUND')) throw err;
    }
    if (!app.roundId) return { state: 'no_round', round: null, appeal };
    const { round } = await this.rounds.publicAnnouncements(app.roundId);
    if (appeal) return { state: 'filed', round, appeal };
    if (app.status !== 'rejected') return { state: 'not_rejected', round, appeal };
    if (!round.appealOpensOn || !round.appealClosesOn) return { state: 'no_window', round, appeal };
    const today = wibDate(this.clock.now());
    const provisional = round.announcements.some((a) => a.kind === 'provisional');
    if (today > round.appealClosesOn || round.closedAt) return { state: 'after', round, appeal };
    if (!provisional) return { state: 'before_announcement', round, appeal };
    if (today < round.appealOpensOn) return { state: 'before', round, appeal };
    return { state: 'open', round, appeal };
  }

  /** Why no appeal can be filed now, in words with the dates; null when one can. */
  closedText(s: AppealSituation, t: T, locale: Locale): string | null {
    const r = s.round;
    const range = r?.appealOpensOn && r.appealClosesOn ? { round: r.name, from: formatDate(r.appealOpensOn, locale), to: formatDate(r.appealClosesOn, locale) } : { round: r?.name ?? '' };
    switch (s.state) {
      case 'open':
      case 'filed':
        return null;
      case 'no_round':
        return t('appealForm.noRound');
      case 'not_rejected':
        return t('appealForm.notRejected');
      case 'no_window':
        return t('appealForm.noWindow', range);
      case 'before_announcement':
        return t('appealForm.beforeAnnouncement', range);
      case 'before':
        return t('appealForm.before', range);
      case 'after':
        return t('appealForm.after', range);
    }
  }

  /** For the dashboard: the closing day of an appeal the outlet can file now, else null. */
  async appealDue(auth: AuthUser, app: ApplicationSummary): Promise<string | null> {
    if (app.status !== 'rejected' || !app.roundId) return null;
    const s = await this.appealSituation(auth, app);
    return s.state === 'open' ? s.round!.appealClosesOn : null;
  }

  /** The appeal box of the applicant's application page: the appeal filed and its decision, or the way to file one. */
  async appealBox(auth: AuthUser, app: ApplicationSummary, t: T, locale: Locale) {
    if (app.status !== 'rejected' && !app.roundId) return null;
    const s = await this.appealSituation(auth, app);
    if (s.appeal) {
      const a = s.appeal;
      const docs = a.documentIds.length > 0 ? await this.documents.list(auth, app.outletId) : [];
      return {
        status: a.status,
        statusText: t(`appealBox.status.${a.status}`),
        filedAt: t('appealBox.filedAt', { date: formatDateTime(a.filedAt, locale) }),
        decidedAt: a.decidedAt ? t('appealBox.decidedAt', { date: formatDateTime(a.decidedAt, locale) }) : null,
        reason: a.reason,
        decisionReason: a.decisionReason,
        documents: docs.filter((d) => a.documentIds.includes(d.id)).map((d) => ({ href: `/dokumen/${d.id}`, label: `${t(`documentType.${d.type}`)}: ${d.fileName}` })),
        fileHref: null,
        text: null,
      };
    }
    // A rejection in a round with an appeal window: say how and until when, or why not any more.
    if (app.status !== 'rejected' || s.state === 'no_round' || s.state === 'no_window') return null;
    return {
      status: null,
      fileHref: s.state === 'open' ? `/permohonan/${app.id}/sanggah` : null,
      text: s.state === 'open' ? t('appealBox.canFile', { date: formatDate(s.round!.appealClosesOn, locale) }) : this.closedText(s, t, locale),
    };
  }
}
