import { Body, Controller, Get, Ip, Param, ParseUUIDPipe, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AgenciesService } from '../agencies/agencies.service';
import { Allow, Auth, Public } from '../auth/access.decorator';
import type { AuthUser } from '../auth/permissions';
import { PublicRegistryService } from '../certificates/public-registry.service';
import { normalizeVerificationCode } from '../certificates/certificate-number';
import type { CachedAnswer } from '../certificates/public-certificate-cache';
import { PublicVerificationService, type PublicCertificate } from '../certificates/public-verification.service';
import { AppError } from '../common/app-error';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { PoliciesService } from '../requirements/policies.service';
import { RoundSubscriptionsService } from '../rounds/round-subscriptions.service';
import { RoundsService, type RoundView } from '../rounds/rounds.service';
import { AccountService } from '../users/account.service';
import { Inject } from '@nestjs/common';
import { setCookie } from './cookies';
import { formatDate, formatDateTime } from './format';
import { isLocale } from './i18n';
import { PageResponder, safeNext } from './page-responder';
import { describeRule } from './requirement-words';
import { LANG_COOKIE, WebPages, type WebRequest } from './web-access';
import { WebErrorFilter } from './web-error.filter';

const agencyNotFound = () => new AppError('not_found', 'AGENCY.NOT_FOUND', 'Agency not found');

/** Pages anyone may read: home, agencies with their requirements and partners, certificate check. */
@ApiExcludeController()
@WebPages()
@UseFilters(WebErrorFilter)
@Controller()
export class PublicPagesController {
  constructor(
    private readonly pages: PageResponder,
    private readonly agencies: AgenciesService,
    private readonly policies: PoliciesService,
    private readonly registry: PublicRegistryService,
    private readonly verification: PublicVerificationService,
    private readonly account: AccountService,
    private readonly rounds: RoundsService,
    private readonly subscriptions: RoundSubscriptionsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get()
  async home(@Req() req: WebRequest, @Res() reply: FastifyReply) {
    const agencies = await this.agencies.list();
    return this.pages.send(req, reply, 'home', { title: 'home.title', agencies: agencies.map((a) => ({ code: a.code, name: a.name, province: a.province })) });
  }

  @Public()
  @Get('instansi')
  async agencyList(@Req() req: WebRequest, @Res() reply: FastifyReply) {
    const agencies = await this.agencies.list();
    return this.pages.send(req, reply, 'agencies', {
      title: 'agencies.title',
      agencies: agencies.map((a) => ({ code: a.code, name: a.name, place: [a.city, a.province].filter(Boolean).join(', ') })),
    });
  }

  @Public()
  @Get('instansi/:code')
  async agency(@Param('code') code: string, @Query('flash') flash: string | undefined, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    const agency = (await this.agencies.list()).find((a) => a.code === code);
    if (!agency) throw agencyNotFound();
    const locale = this.pages.locale(req);
    const user = req.web?.session?.user ?? null;
    const subscription = user?.role === 'applicant' ? await this.subscriptions.status(user, agency.id) : null;
    const t = (key: string, params?: Record<string, unknown>) => this.pages.t(req, key, params);
    const policy = await this.policies.view(agency.id);
    const current = policy.current;
    const { partners } = await this.registry.activePartners(agency.id);
    const intake = await this.rounds.publicRounds(agency.id);
    const range = (from: string, to: string) => t('agency.roundRange', { from: formatDate(from, locale), to: formatDate(to, locale) });
    const round = (label: string, r: RoundView) => ({
      label: t(label),
      name: r.name,
      registration: range(r.registrationOpensOn, r.registrationClosesOn),
      provisional: formatDate(r.provisionalAnnouncementOn, locale),
      appeal: r.appealOpensOn && r.appealClosesOn ? range(r.appealOpensOn, r.appealClosesOn) : null,
      final: formatDate(r.finalAnnouncementOn, locale),
      resultsUrl: r.announcements.length > 0 ? `/instansi/${encodeURIComponent(agency.code)}/pengumuman/${r.id}` : null,
    });
    return this.pages.send(req, reply, 'agency', {
      flash: flash === 'roundSubscribed' || flash === 'roundUnsubscribed' ? t(flash === 'roundSubscribed' ? 'roundNotice.flashOn' : 'roundNotice.flashOff', { agency: agency.name }) : null,
      notice: {
        action: `/instansi/${encodeURIComponent(agency.code)}/pemberitahuan`,
        intro: t('roundNotice.intro', { agency: agency.name }),
        loginHref: `/masuk?next=${encodeURIComponent(`/instansi/${agency.code}`)}`,
        anonymous: user === null,
        applicant: subscription !== null,
        subscribed: subscription?.subscribed ?? false,
        subscribedText: subscription?.since ? t('roundNotice.subscribed', { email: user!.email, agency: agency.name, date: formatDate(subscription.since, locale) }) : null,
      },
      rounds: {
        byRounds: intake.intake === 'rounds',
        items: [...(intake.current ? [round('agency.roundCurrent', intake.current)] : []), ...(intake.next ? [round('agency.roundNext', intake.next)] : [])],
      },
      title: 'agency.title',
      breadcrumbs: [{ href: '/instansi', label: t('agencies.title') }],
      agency: { code: agency.code, name: agency.name, place: [agency.address, agency.city, agency.province].filter(Boolean).join(', '), email: agency.email, phone: agency.phone },
      pack: {
        name: current.pack.name,
        source: current.pack.source,
        version: current.version,
        effectiveFrom: formatDate(current.effectiveFrom, locale),
        grades: current.pack.grading?.grades.map((g) => ({ grade: g.grade, status: t(`pressCouncil.${g.minStatus}`) })) ?? [],
        rules: current.pack.rules.map((r) => ({
          title: (r.title ?? null)?.[locale] ?? t(`rule.family.${r.family}`),
          words: describeRule(r, locale, t),
          citation: r.citation,
          citationVerified: r.citationVerified,
          blocking: r.severity === 'blocking',
        })),
      },
      partners: partners.map((p) => ({ ...p, mediaType: t(`mediaType.${p.mediaType}`), validUntil: formatDate(p.validUntil, locale) })),
    });
  }

  /** An outlet asks to be told (or stops being told) when the agency announces or opens a round. */
  @Allow('rounds:subscribe')
  @Post('instansi/:code/pemberitahuan')
  async notice(@Auth() auth: AuthUser, @Param('code') code: string, @Body() body: Record<string, string>, @Res() reply: FastifyReply) {
    const agency = (await this.agencies.list()).find((a) => a.code === code);
    if (!agency) throw agencyNotFound();
    const stop = body.action === 'unsubscribe';
    if (stop) await this.subscriptions.unsubscribe(auth, agency.id);
    else await this.subscriptions.subscribe(auth, agency.id);
    return this.pages.redirect(reply, `/instansi/${encodeURIComponent(agency.code)}?flash=${stop ? 'roundUnsubscribed' : 'roundSubscribed'}#pemberitahuan`);
  }

  /** A round's published result lists: outlets and results, the PDF and its SHA-256; no person. */
  @Public()
  @Get('instansi/:code/pengumuman/:roundId')
  async announcements(@Param('code') code: string, @Param('roundId', ParseUUIDPipe) roundId: string, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    const agency = (await this.agencies.list()).find((a) => a.code === code);
    if (!agency) throw agencyNotFound();
    const { round, announcements } = await this.rounds.publicAnnouncements(roundId);
    if (round.agencyId !== agency.id) throw new AppError('not_found', 'ROUND.NOT_FOUND', 'Round not found');
    const locale = this.pages.locale(req);
    const t = (key: string, params?: Record<string, unknown>) => this.pages.t(req, key, params);
    const day = (d: string) => formatDate(d, locale);
    return this.pages.send(req, reply, 'round-announcements', {
      title: 'announce.title',
      breadcrumbs: [
        { href: '/instansi', label: t('agencies.title') },
        { href: `/instansi/${encodeURIComponent(agency.code)}`, label: agency.name },
      ],
      heading: t('announce.heading', { round: round.name }),
      lead: t('announce.lead', { agency: agency.name, year: round.budgetYear }),
      appealNote: round.appealOpensOn && round.appealClosesOn && !announcements.some((a) => a.kind === 'final') ? t('announce.appealNote', { from: day(round.appealOpensOn), to: day(round.appealClosesOn) }) : null,
      finalNote: announcements.some((a) => a.kind === 'final') ? null : t('announce.finalCloses', { date: day(round.finalAnnouncementOn) }),
      // Newest first: the final list, once out, is the one that counts.
      announcements: [...announcements].reverse().map((a) => ({
        kind: a.kind,
        heading: t(`announce.${a.kind}`),
        published: t('announce.published', { date: formatDateTime(a.publishedAt, locale) }),
        counts: t('announce.counts', a.counts),
        pdfUrl: a.pdfUrl,
        pdfLabel: t('announce.pdf', { kind: t(`announce.${a.kind}`).toLowerCase() }),
        sha256: a.pdfSha256,
        entries: a.entries.map((e) => ({ reference: e.reference, outletName: e.outletName, result: e.result, resultText: t(`announce.result.${e.result}`) })),
      })),
    });
  }

  /** Where a scanned QR code lands: certificate status, in the site's layout. */
  @Public()
  @Get('verify/:code')
  async verify(@Param('code') code: string, @Ip() ip: string, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    await this.verification.throttle(ip);
    let answer: CachedAnswer | null = null;
    try {
      answer = await this.verification.answer(code);
    } catch (err) {
      if (!(err instanceof AppError && err.kind === 'not_found')) throw err;
    }
    if (!answer) return this.pages.sendRevalidated(req, reply, 'verify', this.verifyModel(req, code, null), 404);
    const body = answer.body;
    const model = () => this.verifyModel(req, code, JSON.parse(body.toString('utf8')) as PublicCertificate);
    // Anonymous scans of the printed URL get the page rendered once per language, kept with the cached answer.
    const path = `/verify/${normalizeVerificationCode(code) ?? ''}`;
    return this.pages.sendRevalidatedCached(req, reply, 'verify', { store: answer.pages, path }, model);
  }

  private verifyModel(req: WebRequest, code: string, cert: PublicCertificate | null) {
    const locale = this.pages.locale(req);
    return {
      title: cert ? 'verify.title' : 'verify.notFound',
      found: cert !== null,
      code: code.slice(0, 40),
      host: new URL(this.config.PUBLIC_BASE_URL).host,
      tone: !cert ? 'bad' : cert.status === 'active' ? '' : cert.status === 'suspended' ? 'wait' : 'bad',
      cert: cert && {
        ...cert,
        statusText: cert.statusText[locale],
        validFrom: formatDate(cert.validFrom, locale),
        validUntil: formatDate(cert.validUntil, locale),
      },
    };
  }

  /** The language switch: on the account when logged in, in a cookie before. */
  @Public()
  @Post('bahasa')
  async language(@Body() body: Record<string, string>, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    const locale = isLocale(body.locale) ? body.locale : 'id';
    setCookie(reply, LANG_COOKIE, locale, this.pages.cookieOptions(365 * 24 * 3600));
    const user = req.web?.session?.user;
    if (user) await this.account.update(user, { locale });
    return this.pages.redirect(reply, safeNext(body.next, '/'));
  }
}
