import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Agency } from '../agencies/agency.entity';
import { AgenciesService } from '../agencies/agencies.service';
import { AuditService } from '../audit/audit.service';
import { isStaff, type AuthUser } from '../auth/permissions';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { wibDate } from '../common/wib-calendar';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { announceChange } from '../database/change-events';
import { inTransaction, isPgError, PG_UNIQUE_VIOLATION } from '../database/transaction';
import { NotificationsService } from '../notifications/notifications.service';
import { OutletsService } from '../outlets/outlets.service';
import { renderAnnouncementPdf } from './announcement-pdf.renderer';
import type { IntakeDto, RoundDto, UpdateRoundDto } from './dto/round.dto';
import { RegistrationRound, RoundAnnouncement, type AnnouncedResult, type AnnouncementEntry, type AnnouncementKind } from './registration-round.entity';
import { RoundSubscriptionsService } from './round-subscriptions.service';
import { reached, registrationClosedMessage, registrationOpen, roundDatesProblems, roundPhase, type RoundDates, type RoundPhase } from './round-rules';

export interface AnnouncementSummary {
  kind: AnnouncementKind;
  publishedAt: string;
  pdfSha256: string;
  pdfUrl: string;
}

export interface RoundView extends RoundDates {
  id: string;
  agencyId: string;
  budgetYear: number;
  name: string;
  /** null: until 31 December of the budget year. */
  validityMonths: number | null;
  certificateValidity: string;
  version: number;
  phase: RoundPhase;
  closedAt: string | null;
  announcements: AnnouncementSummary[];
}

export interface AnnouncementView extends AnnouncementSummary {
  roundId: string;
  roundName: string;
  budgetYear: number;
  entries: AnnouncementEntry[];
  counts: Record<AnnouncedResult, number>;
}

/** Announcement columns for lists: everything but the PDF bytes. */
const LISTED = { id: true, roundId: true, kind: true, pdfSha256: true, publishedAt: true } as const;

export const roundNotFound = () => new AppError('not_found', 'ROUND.NOT_FOUND', 'Round not found');

const datesOf = (r: RegistrationRound): RoundDates => ({
  registrationOpensOn: r.registrationOpensOn,
  registrationClosesOn: r.registrationClosesOn,
  verificationUntil: r.verificationUntil,
  provisionalAnnouncementOn: r.provisionalAnnouncementOn,
  appealOpensOn: r.appealOpensOn,
  appealClosesOn: r.appealClosesOn,
  finalAnnouncementOn: r.finalAnnouncementOn,
});

/**
 * Registration rounds of an agency: their dates (admin), the window a first submission must fall
 * in, and the provisional and final result lists (approver). Every date decision reads the app's Clock.
 */
@Injectable()
export class RoundsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly agencies: AgenciesService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly outlets: OutletsService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly subscriptions: RoundSubscriptionsService,
  ) {}

  // ---- admin: the rounds and the agency's intake ------------------------------------------

  async create(auth: AuthUser, agencyId: string, dto: RoundDto): Promise<RoundView> {
    this.assertOwnAgency(auth, agencyId);
    return inTransaction(this.dataSource, async (m) => {
      const agency = await this.lockAgency(m, agencyId);
      const values = this.checkedValues(dto);
      await this.assertNoOverlap(m, agencyId, values, null);
      const now = this.clock.now();
      const round = await m.getRepository(RegistrationRound).save(
        m.getRepository(RegistrationRound).create({ ...values, agencyId, version: 1, closedAt: null, openingNotifiedAt: null, createdBy: auth.id, createdAt: now, updatedAt: now }),
      );
      // Announced ahead of its opening: outlets that asked hear now, and again when it opens (RoundOpeningJob).
      if (round.registrationOpensOn > wibDate(now)) await this.subscriptions.notify(m, agency, round, 'announced');
      await announceChange(m, { type: 'round.changed', agencyId });
      await this.audit.append(m, {
        agencyId,
        actor: auth,
        action: 'round.created',
        entityType: 'round',
        entityId: round.id,
        summary: `Round "${round.name}" (${round.budgetYear}) created: registration ${round.registrationOpensOn} to ${round.registrationClosesOn}`,
        data: { ...values },
      });
      return this.view(m, round);
    });
  }

  async update(auth: AuthUser, agencyId: string, id: string, dto: UpdateRoundDto): Promise<RoundView> {
    this.assertOwnAgency(auth, agencyId);
    return inTransaction(this.dataSource, async (m) => {
      const agency = await this.lockAgency(m, agencyId);
      const round = await this.lockRound(m, agencyId, id);
      if (dto.version !== round.version) {
        throw new AppError('conflict', 'ROUND.STALE_VERSION', `The round changed since you loaded it (now version ${round.version}); reload and try again`, {
          version: `current is ${round.version}`,
        });
      }
      if (round.closedAt) throw new AppError('conflict', 'ROUND.FINAL_PUBLISHED', 'The final result of this round is published; the round can no longer change');
      const values = this.checkedValues(dto);
      await this.assertNoOverlap(m, agencyId, values, id);
      const before = { ...datesOf(round), budgetYear: round.budgetYear, name: round.name, validityMonths: round.validityMonths };
      const now = this.clock.now();
      Object.assign(round, values, { version: round.version + 1, updatedAt: now });
      await m.getRepository(RegistrationRound).save(round);
      await announceChange(m, { type: 'round.changed', agencyId });
      // Outlets told the old dates hear the new ones, while registration has yet to open.
      const datesChanged = (Object.keys(datesOf(round)) as (keyof RoundDates)[]).some((k) => before[k] !== round[k]);
      if (datesChanged && round.openingNotifiedAt === null && round.registrationOpensOn > wibDate(now)) await this.subscriptions.notify(m, agency, round, 'announced');
      await this.audit.append(m, {
        agencyId,
        actor: auth,
        action: 'round.updated',
        entityType: 'round',
        entityId: round.id,
        summary: `Round "${round.name}" (${round.budgetYear}) changed`,
        data: { before, after: values, version: round.version },
      });
      return this.view(m, round);
    });
  }

  async setIntake(auth: AuthUser, agencyId: string, dto: IntakeDto): Promise<{ agencyId: string; intake: Agency['intake'] }> {
    this.assertOwnAgency(auth, agencyId);
    return inTransaction(this.dataSource, async (m) => {
      const agency = await this.lockAgency(m, agencyId);
      if (agency.intake !== dto.intake) {
        await m.query(`UPDATE agencies SET intake = $2, updated_at = $3 WHERE id = $1`, [agencyId, dto.intake, this.clock.now()]);
        await this.audit.append(m, {
          agencyId,
          actor: auth,
          action: 'agency.intake_changed',
          entityType: 'agency',
          entityId: agencyId,
          summary: `Intake changed from ${agency.intake} to ${dto.intake}`,
          data: { from: agency.intake, to: dto.intake },
        });
        await announceChange(m, { type: 'agency.settings', agencyId });
      }
      return { agencyId, intake: dto.intake };
    });
  }

  async list(auth: AuthUser, agencyId: string): Promise<RoundView[]> {
    if (!isStaff(auth)) throw roundNotFound();
    this.assertOwnAgency(auth, agencyId);
    const m = this.dataSource.manager;
    const rounds = await m.getRepository(RegistrationRound).find({ where: { agencyId }, order: { registrationOpensOn: 'DESC' } });
    return Promise.all(rounds.map((r) => this.view(m, r)));
  }

  async get(auth: AuthUser, agencyId: string, id: string): Promise<RoundView> {
    if (!isStaff(auth)) throw roundNotFound();
    this.assertOwnAgency(auth, agencyId);
    const m = this.dataSource.manager;
    const round = await m.getRepository(RegistrationRound).findOneBy({ id, agencyId });
    if (!round) throw roundNotFound();
    return this.view(m, round);
  }

  /**
   * What anyone may read before applying: the agency's intake, the round now running (registration
   * opened, final result not yet out) and the next one, with their dates.
   */
  async publicRounds(agencyId: string): Promise<{ agencyId: string; intake: Agency['intake']; current: RoundView | null; next: RoundView | null }> {
    const m = this.dataSource.manager;
    const agency = await this.agencies.find(m, agencyId);
    const today = wibDate(this.clock.now());
    const repo = m.getRepository(RegistrationRound);
    const current = await repo
      .createQueryBuilder('r')
      .where('r.agency_id = :agencyId AND r.registration_opens_on <= :today AND r.closed_at IS NULL', { agencyId, today })
      .orderBy('r.registration_opens_on', 'DESC')
      .getOne();
    const next = await repo
      .createQueryBuilder('r')
      .where('r.agency_id = :agencyId AND r.registration_opens_on > :today', { agencyId, today })
      .orderBy('r.registration_opens_on', 'ASC')
      .getOne();
    return {
      agencyId,
      intake: agency.intake,
      current: current ? await this.view(m, current) : null,
      next: next ? await this.view(m, next) : null,
    };
  }

  // ---- applications: which round, and whether a submission is on time ------------------------

  /** The round a new draft belongs to: the one open now, else the next one of the agency; null for all-year intake. */
  async roundForDraft(m: EntityManager, agency: Agency): Promise<RegistrationRound | null> {
    if (agency.intake !== 'rounds') return null;
    const today = wibDate(this.clock.now());
    return m
      .getRepository(RegistrationRound)
      .createQueryBuilder('r')
      .where('r.agency_id = :id AND r.registration_closes_on >= :today AND r.closed_at IS NULL', { id: agency.id, today })
      .orderBy('r.registration_opens_on', 'ASC')
      .getOne();
  }

  /**
   * A first submission to an agency taking applications in rounds must fall in a round's
   * registration window (WIB days, both ends included); it then belongs to that round. A
   * resubmission after a revision request is not checked: staff keep working after the close.
   */
  async roundForSubmission(m: EntityManager, agency: Agency, now: Date): Promise<RegistrationRound | null> {
    if (agency.intake !== 'rounds') return null;
    const rounds = await m.getRepository(RegistrationRound).find({ where: { agencyId: agency.id }, order: { registrationOpensOn: 'ASC' } });
    const open = rounds.find((r) => r.closedAt === null && registrationOpen(datesOf(r), now));
    if (open) return open;
    const today = wibDate(now);
    const next = rounds.find((r) => r.registrationOpensOn > today);
    const last = [...rounds].reverse().find((r) => r.registrationClosesOn < today);
    const shown = next ?? last;
    throw new AppError(
      'unprocessable',
      'ROUND.CLOSED',
      shown
        ? registrationClosedMessage(shown.name, datesOf(shown))
        : `${agency.name} menerima permohonan hanya pada periode pendaftaran, dan belum ada periode yang dijadwalkan. / ${agency.name} takes applications only in registration rounds, and none is scheduled.`,
      shown ? { roundId: shown.id, registrationOpensOn: shown.registrationOpensOn, registrationClosesOn: shown.registrationClosesOn } : { intake: 'rounds' },
    );
  }

  async findById(m: EntityManager, id: string): Promise<RegistrationRound | null> {
    return m.getRepository(RegistrationRound).findOneBy({ id });
  }

  // ---- approver: the result lists ---------------------------------------------------------

  /**
   * Publishes the provisional or final result list of a round: its entries frozen, a PDF with its
   * SHA-256, a mail to every applicant of the round, an audit event. The final one closes the round.
   */
  async announce(auth: AuthUser, agencyId: string, id: string, kind: AnnouncementKind): Promise<AnnouncementView> {
    this.assertOwnAgency(auth, agencyId);
    try {
      return await inTransaction(this.dataSource, async (m) => {
        const agency = await this.agencies.find(m, agencyId);
        const round = await this.lockRound(m, agencyId, id);
        const now = this.clock.now();
        if (round.closedAt) throw new AppError('conflict', 'ROUND.FINAL_PUBLISHED', 'The final result of this round is already published');
        const published = await m.getRepository(RoundAnnouncement).find({ where: { roundId: id }, select: { kind: true } });
        if (published.some((a) => a.kind === kind)) {
          throw new AppError('conflict', 'ANNOUNCEMENT.ALREADY_PUBLISHED', `The ${kind} result of this round is already published`);
        }
        const due = kind === 'provisional' ? round.provisionalAnnouncementOn : round.finalAnnouncementOn;
        if (!reached(due, now)) {
          throw new AppError('unprocessable', 'ANNOUNCEMENT.TOO_EARLY', `The ${kind} result is announced from ${due} (WIB), not before`, { date: due });
        }
        if (kind === 'final') {
          if (!published.some((a) => a.kind === 'provisional')) {
            throw new AppError('conflict', 'ANNOUNCEMENT.PROVISIONAL_FIRST', 'Publish the provisional result before the final one');
          }
          const [{ n }] = (await m.query(`SELECT count(*)::int AS n FROM appeals WHERE round_id = $1 AND status = 'filed'`, [id])) as { n: number }[];
          if (n > 0) throw new AppError('conflict', 'ANNOUNCEMENT.APPEALS_PENDING', `${n} appeal(s) of this round are not decided yet`, { appeals: n });
        }
        // Set-based read of the round's applications, outlets only: the list is public.
        const rows = (await m.query(
          `SELECT id, reference, outlet_id, outlet_name, status, submitted_at, created_at FROM applications
           WHERE round_id = $1 AND status NOT IN ('draft', 'withdrawn') ORDER BY reference`,
          [id],
        )) as { id: string; reference: string; outlet_id: string; outlet_name: string; status: string; submitted_at: Date | null; created_at: Date }[];
        const result = (status: string): AnnouncedResult => (status === 'approved' ? 'approved' : status === 'rejected' ? 'rejected' : 'pending');
        const entries: AnnouncementEntry[] = rows.map((r) => ({ reference: r.reference, outletName: r.outlet_name, result: result(r.status) }));
        const pdf = await renderAnnouncementPdf({
          agencyName: agency.name,
          roundName: round.name,
          budgetYear: round.budgetYear,
          kind,
          publishedAt: now.toISOString(),
          publishedOn: wibDate(now),
          entries,
        });
        const sha256 = createHash('sha256').update(pdf).digest('hex');
        const saved = await m.getRepository(RoundAnnouncement).save(
          m.getRepository(RoundAnnouncement).create({ roundId: id, agencyId, kind, entries, pdf, pdfSha256: sha256, publishedBy: auth.id, publishedAt: now }),
        );
        if (kind === 'final') {
          round.closedAt = now;
          round.updatedAt = now;
          await m.getRepository(RegistrationRound).save(round);
        }
        const announcementUrl = `${this.config.PUBLIC_BASE_URL}/api/public/rounds/${id}/announcements`;
        for (const r of rows) {
          const [outlet] = (await m.query(`SELECT brand_name, legal_name FROM outlets WHERE id = $1`, [r.outlet_id])) as { brand_name: string; legal_name: string }[];
          const res = result(r.status);
          for (const o of await this.outlets.ownerRecipients(m, r.outlet_id)) {
            await this.notifications.enqueue(m, {
              agencyId,
              template: 'round_result_announced',
              to: o,
              data: {
                outlet: { brandName: outlet.brand_name, legalName: outlet.legal_name },
                application: { id: r.id, reference: r.reference, submittedAt: (r.submitted_at ?? r.created_at).toISOString() },
                round: { name: round.name },
                final: kind === 'final',
                approved: res === 'approved',
                rejected: res === 'rejected',
                pending: res === 'pending',
                announcementUrl,
                pdfSha256: sha256,
                appealWindow: kind === 'provisional' && round.appealOpensOn && round.appealClosesOn ? { opensOn: round.appealOpensOn, closesOn: round.appealClosesOn } : null,
              },
              dedupeKey: `round-${kind}:${id}:${r.id}:${o.email}`,
            });
          }
        }
        const view = this.announcementView(round, saved);
        await this.audit.append(m, {
          agencyId,
          actor: auth,
          action: `round.${kind}_announced`,
          entityType: 'round',
          entityId: id,
          summary: `${kind === 'final' ? 'Final' : 'Provisional'} result of "${round.name}" published (${entries.length} applications, PDF SHA-256 ${sha256})${kind === 'final' ? '; round closed' : ''}`,
          data: { announcementId: saved.id, pdfSha256: sha256, counts: view.counts },
        });
        return view;
      });
    } catch (err) {
      if (isPgError(err, PG_UNIQUE_VIOLATION)) throw new AppError('conflict', 'ANNOUNCEMENT.ALREADY_PUBLISHED', `The ${kind} result of this round is already published`);
      throw err;
    }
  }

  /** The published result lists of a round, for anyone: outlets and results, no person. */
  async publicAnnouncements(id: string): Promise<{ round: RoundView; announcements: AnnouncementView[] }> {
    const m = this.dataSource.manager;
    const round = await m.getRepository(RegistrationRound).findOneBy({ id });
    if (!round) throw roundNotFound();
    const rows = await m.getRepository(RoundAnnouncement).find({ where: { roundId: id }, order: { publishedAt: 'ASC' }, select: { ...LISTED, entries: true } });
    return { round: await this.view(m, round), announcements: rows.map((a) => this.announcementView(round, a)) };
  }

  async announcementPdf(id: string, kind: AnnouncementKind): Promise<{ pdf: Buffer; sha256: string; fileName: string }> {
    const a = await this.dataSource.getRepository(RoundAnnouncement).findOneBy({ roundId: id, kind });
    if (!a) throw new AppError('not_found', 'ANNOUNCEMENT.NOT_FOUND', `No ${kind} result is published for this round`);
    return { pdf: a.pdf, sha256: a.pdfSha256, fileName: `pengumuman-${kind}-${id}.pdf` };
  }

  // ---- internals ----------------------------------------------------------------------------

  private assertOwnAgency(auth: AuthUser, agencyId: string): void {
    if (auth.agencyId !== agencyId) throw roundNotFound();
  }

  /** Serialises round changes of one agency, so two admins cannot create overlapping rounds. */
  private async lockAgency(m: EntityManager, agencyId: string): Promise<Agency> {
    await m.query(`SELECT id FROM agencies WHERE id = $1 FOR UPDATE`, [agencyId]);
    return this.agencies.find(m, agencyId);
  }

  private async lockRound(m: EntityManager, agencyId: string, id: string): Promise<RegistrationRound> {
    const round = await m.getRepository(RegistrationRound).findOne({ where: { id, agencyId }, lock: { mode: 'pessimistic_write' } });
    if (!round) throw roundNotFound();
    return round;
  }

  private checkedValues(dto: RoundDto) {
    const dates: RoundDates = {
      registrationOpensOn: dto.registrationOpensOn,
      registrationClosesOn: dto.registrationClosesOn,
      verificationUntil: dto.verificationUntil,
      provisionalAnnouncementOn: dto.provisionalAnnouncementOn,
      appealOpensOn: dto.appealOpensOn ?? null,
      appealClosesOn: dto.appealClosesOn ?? null,
      finalAnnouncementOn: dto.finalAnnouncementOn,
    };
    const problems = roundDatesProblems(dates, dto.budgetYear);
    if (Object.keys(problems).length > 0) {
      throw new AppError('validation', 'ROUND.DATES_OUT_OF_ORDER', `The round's dates are not in order: ${Object.keys(problems).join(', ')}`, problems);
    }
    return { ...dates, budgetYear: dto.budgetYear, name: dto.name, validityMonths: dto.validityMonths ?? null };
  }

  private async assertNoOverlap(m: EntityManager, agencyId: string, d: RoundDates, except: string | null): Promise<void> {
    const [clash] = (await m.query(
      `SELECT id, name, registration_opens_on, registration_closes_on FROM registration_rounds
       WHERE agency_id = $1 AND id IS DISTINCT FROM $2 AND registration_opens_on <= $4 AND registration_closes_on >= $3 LIMIT 1`,
      [agencyId, except, d.registrationOpensOn, d.registrationClosesOn],
    )) as { id: string; name: string; registration_opens_on: string; registration_closes_on: string }[];
    if (clash) {
      throw new AppError('conflict', 'ROUND.OVERLAPS', `Registration overlaps round "${clash.name}" (${clash.registration_opens_on} to ${clash.registration_closes_on})`, {
        roundId: clash.id,
      });
    }
  }

  private async view(m: EntityManager, r: RegistrationRound): Promise<RoundView> {
    const published = await m.getRepository(RoundAnnouncement).find({ where: { roundId: r.id }, order: { publishedAt: 'ASC' }, select: LISTED });
    const has = (k: AnnouncementKind) => published.some((a) => a.kind === k);
    return {
      id: r.id,
      agencyId: r.agencyId,
      budgetYear: r.budgetYear,
      name: r.name,
      ...datesOf(r),
      validityMonths: r.validityMonths,
      certificateValidity: r.validityMonths === null ? `until ${r.budgetYear}-12-31` : `${r.validityMonths} months from issue`,
      version: r.version,
      phase: roundPhase(datesOf(r), this.clock.now(), { provisional: has('provisional'), final: has('final') }),
      closedAt: r.closedAt?.toISOString() ?? null,
      announcements: published.map((a) => this.summaryOf(a)),
    };
  }

  private summaryOf(a: RoundAnnouncement): AnnouncementSummary {
    return {
      kind: a.kind,
      publishedAt: a.publishedAt.toISOString(),
      pdfSha256: a.pdfSha256,
      pdfUrl: `/api/public/rounds/${a.roundId}/announcements/${a.kind}.pdf`,
    };
  }

  private announcementView(round: RegistrationRound, a: RoundAnnouncement): AnnouncementView {
    const count = (k: AnnouncedResult) => a.entries.filter((e) => e.result === k).length;
    return {
      ...this.summaryOf(a),
      roundId: round.id,
      roundName: round.name,
      budgetYear: round.budgetYear,
      entries: a.entries,
      counts: { approved: count('approved'), rejected: count('rejected'), pending: count('pending') },
    };
  }
}
