import { Body, Controller, Get, Inject, Param, ParseUUIDPipe, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AgenciesService, type AgencyView } from '../agencies/agencies.service';
import { ApplicationsService } from '../applications/applications.service';
import { Allow, Auth } from '../auth/access.decorator';
import type { AuthUser } from '../auth/permissions';
import { CertificatesService } from '../certificates/certificates.service';
import { AppError } from '../common/app-error';
import { readUpload } from '../common/multipart';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DocumentsService } from '../outlets/documents.service';
import { CreateJournalistDto, CreateOutletDto, UpdateJournalistDto, UpdateOutletDto } from '../outlets/dto/outlet.dto';
import { InvitationsService } from '../outlets/invitations.service';
import { OutletsService, type OutletView } from '../outlets/outlets.service';
import type { DocumentType } from '../requirements/outlet-snapshot';
import { PoliciesService } from '../requirements/policies.service';
import type { RuleConfigOf } from '../requirements/policy-pack';
import { UsersService } from '../users/users.service';
import { formatBytes, formatDate, formatDateTime } from './format';
import { describeErrors, fieldErrorsOf, validateForm, type FieldErrors } from './forms';
import { journalistInput, journalistValues, options, outletInput, outletValues, type FormValues } from './outlet-forms';
import { PageResponder } from './page-responder';
import { FIX_SECTION, ruleMessageWords } from './requirement-words';
import { flashText } from './session-pages.controller';
import { assertCsrf, UploadForm, WebPages, type WebRequest } from './web-access';
import { WebErrorFilter } from './web-error.filter';
import { StaffLanding } from './staff-landing';
import { ApplicantRoundViews } from './applicant-round-views';
import { storedFileHeaders } from '../common/stored-file-reply';

type T = (key: string, params?: Record<string, unknown>) => string;

/** The outlet's own pages: dashboard, profile, roster, documents, pre-check and applying. */
@ApiExcludeController()
@WebPages()
@UseFilters(WebErrorFilter)
@Controller()
export class OutletPagesController {
  constructor(
    private readonly pages: PageResponder,
    private readonly outlets: OutletsService,
    private readonly documents: DocumentsService,
    private readonly applications: ApplicationsService,
    private readonly certificates: CertificatesService,
    private readonly agencies: AgenciesService,
    private readonly invitations: InvitationsService,
    private readonly users: UsersService,
    private readonly policies: PoliciesService,
    private readonly staffLanding: StaffLanding,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly roundViews: ApplicantRoundViews,
  ) {}

  private t(req: WebRequest): T {
    return (key, params) => this.pages.t(req, key, params);
  }

  // ---- dashboard ----------------------------------------------------------------------------

  @Allow('account:read')
  @Get('dasbor')
  async dashboard(@Auth() auth: AuthUser, @Query('flash') flash: string | undefined, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    const t = this.t(req);
    const locale = this.pages.locale(req);
    if (auth.role !== 'applicant') {
      return this.pages.send(req, reply, 'dashboard-staff', { title: 'dashboard.title', flash: flashText(flash, t), landing: await this.staffLanding.model(auth, t) });
    }
    const agencyNames = new Map((await this.agencies.list()).map((a) => [a.id, a.name]));
    const outlets = await this.outlets.list(auth);
    const apps = (await this.applications.list(auth, { limit: 100 })).items;
    const certs = (await this.certificates.list(auth, { limit: 100 })).items;
    const todo: { text: string; href: string; action: string }[] = [];
    for (const inv of await this.invitations.listMine(auth)) {
      todo.push({ text: t('dashboard.todo.invitation', { inviter: inv.invitedBy.name, outlet: inv.outlet.brandName }), href: '/undangan', action: t('dashboard.todo.invitationAction') });
    }
    for (const app of apps) {
      const agency = agencyNames.get(app.agencyId) ?? '';
      const href = `/permohonan/${app.id}`;
      if (app.status === 'revision_requested') todo.push({ text: t('dashboard.todo.revision', { outlet: app.outletName, agency }), href, action: t('dashboard.todo.revisionAction') });
      if (app.status === 'draft') todo.push({ text: t('dashboard.todo.draft', { outlet: app.outletName, agency }), href, action: t('dashboard.todo.draftAction') });
      const appealBy = await this.roundViews.appealDue(auth, app);
      if (appealBy) todo.push({ text: t('appealBox.todo', { outlet: app.outletName, agency, date: formatDate(appealBy, locale) }), href: `${href}/sanggah`, action: t('appealBox.file') });
    }
    for (const c of certs) {
      if (c.status === 'active') todo.push({ text: t('dashboard.todo.certificate', { outlet: c.outletName, number: c.number }), href: `/sertifikat/${c.id}`, action: t('dashboard.todo.certificateAction') });
    }
    const outletCards = [];
    for (const o of outlets) {
      const roster = await this.outlets.listJournalists(auth, o.id);
      const docs = await this.documents.list(auth, o.id);
      if (roster.length === 0) todo.push({ text: t('dashboard.todo.roster', { outlet: o.brandName }), href: `/media/${o.id}/redaksi/baru`, action: t('dashboard.todo.rosterAction') });
      else if (docs.length === 0) todo.push({ text: t('dashboard.todo.documents', { outlet: o.brandName }), href: `/media/${o.id}/dokumen`, action: t('dashboard.todo.documentsAction') });
      else if (!apps.some((a) => a.outletId === o.id)) todo.push({ text: t('dashboard.todo.check', { outlet: o.brandName }), href: `/media/${o.id}/cek`, action: t('dashboard.todo.checkAction') });
      outletCards.push({ id: o.id, brandName: o.brandName, legalName: o.legalName, journalists: roster.length, documents: docs.length });
    }
    if (outlets.length === 0) todo.push({ text: t('dashboard.todo.outlet'), href: '/media/baru', action: t('dashboard.todo.outletAction') });
    return this.pages.send(req, reply, 'dashboard', {
      title: 'dashboard.title',
      flash: flashText(flash, t),
      unconfirmed: !(await this.users.me(auth)).emailConfirmed,
      todo,
      outlets: outletCards,
      applications: apps.map((a) => ({
        id: a.id,
        reference: a.reference,
        outletName: a.outletName,
        agency: agencyNames.get(a.agencyId) ?? '',
        status: a.status,
        statusText: t(`status.${a.status}`),
        dueAt: formatDate(a.dueAt, locale),
      })),
    });
  }

  // ---- outlet profile -----------------------------------------------------------------------

  @Allow('outlets:own')
  @Get('media/baru')
  newOutlet(@Req() req: WebRequest, @Res() reply: FastifyReply) {
    return this.showOutletForm(req, reply, null, outletValues(null), null);
  }

  @Allow('outlets:own')
  @Post('media/baru')
  async createOutlet(@Auth() auth: AuthUser, @Body() body: FormValues, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    const { dto, errors } = await validateForm(CreateOutletDto, outletInput(body));
    if (errors) return this.showOutletForm(req, reply, null, body, errors, 400);
    const outlet = await this.outlets.create(auth, dto);
    return this.pages.redirect(reply, `/media/${outlet.id}?flash=outletCreated`);
  }

  @Allow('outlets:own')
  @Get('media/:id')
  async outlet(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Query('flash') flash: string | undefined, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    const t = this.t(req);
    const locale = this.pages.locale(req);
    const o = await this.outlets.get(auth, id);
    const none = t('common.notGiven');
    return this.pages.send(req, reply, 'outlet', {
      title: 'outlet.profileTitle',
      breadcrumbs: [{ href: '/dasbor', label: t('dashboard.title') }],
      flash: flashText(flash, t),
      outlet: { id: o.id, brandName: o.brandName },
      section: 'profile',
      rows: [
        ['outlet.legalName', o.legalName],
        ['outlet.brandName', o.brandName],
        ['outlet.legalForm', t(`legalForm.${o.legalForm}`)],
        ['outlet.deedNumber', o.deedNumber ?? none],
        ['outlet.ministryDecreeNumber', o.ministryDecreeNumber ?? none],
        ['outlet.taxId', o.taxId ?? none],
        ['outlet.taxStatus', t(`taxStatus.${o.taxStatus}`)],
        ['outlet.businessId', o.businessId ?? none],
        ['outlet.establishedOn', o.establishedOn ? formatDate(o.establishedOn, locale) : none],
        ['outlet.mediaType', t(`mediaType.${o.mediaType}`)],
        ['outlet.website', o.website ?? none],
        ['outlet.office', o.office ? [o.office.street, o.office.city, o.office.province].join(', ') : none],
        ['outlet.pressCouncilStatus', t(`pressCouncil.${o.pressCouncil.status}`)],
        ['outlet.pressCouncilNumber', o.pressCouncil.certificateNumber ?? none],
        ['outlet.pressCouncilVerifiedOn', o.pressCouncil.verifiedOn ? formatDate(o.pressCouncil.verifiedOn, locale) : none],
        ['outlet.memberships', o.memberships.join(', ') || none],
        ['outlet.kbliCodes', o.kbliCodes.join(', ') || none],
        ['outlet.eKatalogUrl', o.eKatalogUrl ?? none],
        ['outlet.owners', o.owners.map((w) => `${w.name} (${w.email})`).join(', ')],
      ].map(([label, value]) => ({ label, value })),
    });
  }

  @Allow('outlets:own')
  @Get('media/:id/ubah')
  async editOutlet(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    const o = await this.outlets.get(auth, id);
    return this.showOutletForm(req, reply, o, outletValues(o), null);
  }

  @Allow('outlets:own')
  @Post('media/:id/ubah')
  async updateOutlet(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: FormValues, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    const o = await this.outlets.get(auth, id);
    const { dto, errors } = await validateForm(UpdateOutletDto, outletInput(body));
    if (errors) return this.showOutletForm(req, reply, o, body, errors, 400);
    await this.outlets.update(auth, id, dto);
    return this.pages.redirect(reply, `/media/${id}?flash=outletSaved`);
  }

  private showOutletForm(req: WebRequest, reply: FastifyReply, outlet: OutletView | null, values: FormValues, errors: FieldErrors | null, status = 200) {
    const t = this.t(req);
    const described = describeErrors(errors, t);
    const field = (name: string) => ({ name, value: values[name] ?? '', error: described.byField[name] ?? null });
    return this.pages.send(
      req,
      reply,
      'outlet-form',
      {
        title: outlet ? 'outlet.editTitle' : 'outlet.newTitle',
        breadcrumbs: outlet ? [{ href: '/dasbor', label: t('dashboard.title') }, { href: `/media/${outlet.id}`, label: outlet.brandName }] : [{ href: '/dasbor', label: t('dashboard.title') }],
        action: outlet ? `/media/${outlet.id}/ubah` : '/media/baru',
        submitLabel: outlet ? 'outlet.save' : 'outlet.create',
        errors: described,
        f: Object.fromEntries(
          ['legalName', 'brandName', 'deedNumber', 'ministryDecreeNumber', 'taxId', 'businessId', 'establishedOn', 'website', 'office.street', 'office.city', 'office.province', 'office.latitude', 'office.longitude', 'pressCouncil.certificateNumber', 'pressCouncil.verifiedOn', 'memberships', 'kbliCodes', 'eKatalogUrl'].map((n) => [n.replace('.', '_'), field(n)]),
        ),
        s: {
          legalForm: { ...field('legalForm'), options: options('legalForm', values.legalForm, t) },
          mediaType: { ...field('mediaType'), options: options('mediaType', values.mediaType, t) },
          taxStatus: { ...field('taxStatus'), options: options('taxStatus', values.taxStatus, t) },
          pressCouncil_status: { ...field('pressCouncil.status'), options: options('pressCouncil.status', values['pressCouncil.status'], t) },
        },
        officeError: described.byField.office ?? null,
      },
      status,
    );
  }

  // ---- roster -------------------------------------------------------------------------------

  @Allow('outlets:own')
  @Get('media/:id/redaksi')
  async roster(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Query('flash') flash: string | undefined, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    const t = this.t(req);
    const locale = this.pages.locale(req);
    const o = await this.outlets.get(auth, id);
    const roster = await this.outlets.listJournalists(auth, id);
    return this.pages.send(req, reply, 'roster', {
      title: 'roster.title',
      breadcrumbs: [{ href: '/dasbor', label: t('dashboard.title') }, { href: `/media/${o.id}`, label: o.brandName }],
      flash: flashText(flash, t),
      outlet: { id: o.id, brandName: o.brandName },
      section: 'roster',
      journalists: roster.map((j) => ({
        id: j.id,
        name: j.name,
        nik: j.nik,
        position: t(`position.${j.position}`),
        competency: j.competency
          ? t('roster.competencyLine', { level: t(`level.${j.competency.level}`), number: j.competency.certificateNumber, issuer: j.competency.issuer, date: formatDate(j.competency.issuedOn, locale) })
          : t('roster.noCompetency'),
        portfolio: j.publishedWorkSince ? t('roster.portfolioLine', { date: formatDate(j.publishedWorkSince, locale), n: j.publishedWorkLinks.length }) : null,
        revoked: j.competency?.revoked ?? false,
      })),
    });
  }

  @Allow('outlets:own')
  @Get('media/:id/redaksi/baru')
  async newJournalist(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    const o = await this.outlets.get(auth, id);
    return this.showJournalistForm(req, reply, o, null, journalistValues(null), null);
  }

  @Allow('outlets:own')
  @Post('media/:id/redaksi/baru')
  async addJournalist(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: FormValues, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    const o = await this.outlets.get(auth, id);
    let { dto, errors } = await validateForm(CreateJournalistDto, journalistInput(body));
    if (!errors) {
      try {
        await this.outlets.addJournalist(auth, id, dto);
      } catch (err) {
        errors = fieldErrorsOf(err);
        if (!errors) throw err;
      }
    }
    if (errors) return this.showJournalistForm(req, reply, o, null, body, errors, 400);
    return this.pages.redirect(reply, `/media/${id}/redaksi?flash=journalistAdded`);
  }

  @Allow('outlets:own')
  @Get('media/:id/redaksi/:jid/ubah')
  async editJournalist(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Param('jid', ParseUUIDPipe) jid: string, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    const o = await this.outlets.get(auth, id);
    const j = await this.journalist(auth, id, jid);
    return this.showJournalistForm(req, reply, o, jid, journalistValues(j), null);
  }

  @Allow('outlets:own')
  @Post('media/:id/redaksi/:jid/ubah')
  async updateJournalist(
    @Auth() auth: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('jid', ParseUUIDPipe) jid: string,
    @Body() body: FormValues,
    @Req() req: WebRequest,
    @Res() reply: FastifyReply,
  ) {
    const o = await this.outlets.get(auth, id);
    await this.journalist(auth, id, jid);
    let { dto, errors } = await validateForm(UpdateJournalistDto, journalistInput(body));
    if (!errors) {
      try {
        await this.outlets.updateJournalist(auth, id, jid, dto);
      } catch (err) {
        errors = fieldErrorsOf(err);
        if (!errors) throw err;
      }
    }
    if (errors) return this.showJournalistForm(req, reply, o, jid, body, errors, 400);
    return this.pages.redirect(reply, `/media/${id}/redaksi?flash=journalistSaved`);
  }

  @Allow('outlets:own')
  @Get('media/:id/redaksi/:jid/hapus')
  async confirmRemoveJournalist(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Param('jid', ParseUUIDPipe) jid: string, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    const t = this.t(req);
    const o = await this.outlets.get(auth, id);
    const j = await this.journalist(auth, id, jid);
    return this.pages.send(req, reply, 'confirm', {
      title: 'roster.removeTitle',
      breadcrumbs: [{ href: `/media/${o.id}/redaksi`, label: t('roster.title') }],
      question: t('roster.removeQuestion', { name: j.name, outlet: o.brandName }),
      action: `/media/${id}/redaksi/${jid}/hapus`,
      fields: [],
      confirmLabel: 'roster.removeConfirm',
      cancelHref: `/media/${id}/redaksi`,
    });
  }

  @Allow('outlets:own')
  @Post('media/:id/redaksi/:jid/hapus')
  async removeJournalist(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Param('jid', ParseUUIDPipe) jid: string, @Res() reply: FastifyReply) {
    await this.outlets.removeJournalist(auth, id, jid);
    return this.pages.redirect(reply, `/media/${id}/redaksi?flash=journalistRemoved`);
  }

  private async journalist(auth: AuthUser, outletId: string, jid: string) {
    const j = (await this.outlets.listJournalists(auth, outletId)).find((x) => x.id === jid);
    if (!j) throw new AppError('not_found', 'JOURNALIST.NOT_FOUND', 'Journalist not found');
    return j;
  }

  private showJournalistForm(req: WebRequest, reply: FastifyReply, o: OutletView, jid: string | null, values: FormValues, errors: FieldErrors | null, status = 200) {
    const t = this.t(req);
    const described = describeErrors(errors, t);
    const field = (name: string) => ({ name, value: values[name] ?? '', error: described.byField[name] ?? null });
    return this.pages.send(
      req,
      reply,
      'journalist-form',
      {
        title: jid ? 'roster.editTitle' : 'roster.newTitle',
        breadcrumbs: [{ href: '/dasbor', label: t('dashboard.title') }, { href: `/media/${o.id}/redaksi`, label: `${o.brandName}: ${t('roster.title')}` }],
        action: jid ? `/media/${o.id}/redaksi/${jid}/ubah` : `/media/${o.id}/redaksi/baru`,
        submitLabel: jid ? 'roster.save' : 'roster.add',
        errors: described,
        f: {
          name: field('name'),
          nik: field('nik'),
          certificateNumber: field('competency.certificateNumber'),
          issuer: field('competency.issuer'),
          issuedOn: field('competency.issuedOn'),
          publishedWorkSince: field('publishedWorkSince'),
          publishedWorkLinks: field('publishedWorkLinks'),
        },
        revoked: values['competency.revoked'] === 'on',
        s: {
          position: { ...field('position'), options: options('position', values.position, t) },
          level: { ...field('competency.level'), options: options('competency.level', values['competency.level'], t) },
        },
      },
      status,
    );
  }

  // ---- documents ----------------------------------------------------------------------------

  @Allow('outlets:own')
  @Get('media/:id/dokumen')
  async documentsPage(
    @Auth() auth: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Query('jenis') type: string | undefined,
    @Query('instansi') agency: string | undefined,
    @Query('flash') flash: string | undefined,
    @Req() req: WebRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.showDocuments(auth, id, req, reply, { type: type ?? '', agency: agency ?? '' }, null, 200, flash);
  }

  @Allow('outlets:own')
  @UploadForm()
  @Post('media/:id/dokumen')
  async upload(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    await this.outlets.get(auth, id);
    let errors: FieldErrors | null = null;
    let type = '';
    let agency = '';
    try {
      const upload = await readUpload(req, this.config.UPLOAD_MAX_BYTES);
      assertCsrf(req, upload.fields._csrf);
      type = upload.fields.type ?? '';
      agency = upload.fields.instansi ?? '';
      // A browser sends an empty file part when nothing was chosen.
      if (upload.file && upload.file.fileName === '' && upload.file.content.length === 0) upload.file = null;
      await this.documents.upload(auth, id, upload);
    } catch (err) {
      errors = fieldErrorsOf(err);
      if (!errors) throw err;
      if (errors._form) errors = { file: errors._form };
    }
    if (errors) return this.showDocuments(auth, id, req, reply, { type, agency }, errors, 400);
    // Back to the same agency's list of what is still missing, if one was chosen.
    const back = new URLSearchParams({ flash: 'documentUploaded', ...(agency ? { instansi: agency } : {}) });
    return this.pages.redirect(reply, `/media/${id}/dokumen?${back.toString()}`);
  }

  @Allow('account:read')
  @Get('dokumen/:id')
  async download(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Res() reply: FastifyReply) {
    const { document, stream } = await this.documents.content(auth, id);
    return storedFileHeaders(reply, document, 'attachment', document.size).send(stream);
  }

  private async showDocuments(
    auth: AuthUser,
    id: string,
    req: WebRequest,
    reply: FastifyReply,
    values: { type: string; agency: string },
    errors: FieldErrors | null,
    status = 200,
    flash?: string,
  ) {
    const t = this.t(req);
    const locale = this.pages.locale(req);
    const o = await this.outlets.get(auth, id);
    const docs = await this.documents.list(auth, id);
    const latest = new Map<string, string>();
    for (const d of docs) latest.set(d.type, d.id);
    const described = describeErrors(errors, t);
    const agencies = await this.agencies.list();
    const agency = agencies.find((a) => a.code === values.agency);
    return this.pages.send(
      req,
      reply,
      'documents',
      {
        title: 'documents.title',
        breadcrumbs: [{ href: '/dasbor', label: t('dashboard.title') }, { href: `/media/${o.id}`, label: o.brandName }],
        flash: flashText(flash, t),
        outlet: { id: o.id, brandName: o.brandName },
        section: 'documents',
        errors: described,
        maxSize: formatBytes(this.config.UPLOAD_MAX_BYTES, locale),
        maxBytes: this.config.UPLOAD_MAX_BYTES,
        typeSelect: { name: 'type', error: described.byField.type ?? null, options: [{ value: '', label: t('documents.chooseType'), selected: values.type === '' }, ...options('type', values.type, t)] },
        fileError: described.byField.file ?? null,
        agencyCode: agency?.code ?? null,
        agencyOptions: [
          { value: '', label: t('documents.chooseAgency'), selected: !agency },
          ...agencies.map((a) => ({ value: a.code, label: a.name, selected: a.code === agency?.code })),
        ],
        missing: agency ? await this.missingDocuments(o.id, agency, new Set(docs.map((d) => d.type)), t) : null,
        documents: docs
          .slice()
          .reverse()
          .map((d) => ({
            id: d.id,
            type: t(`documentType.${d.type}`),
            typeValue: d.type,
            fileName: d.fileName,
            size: formatBytes(d.size, locale),
            sha256: d.sha256,
            uploadedAt: formatDateTime(d.uploadedAt, locale),
            current: latest.get(d.type) === d.id,
          })),
      },
      status,
    );
  }

  /** What the agency's current pack asks for (its required_documents rules) that is not uploaded yet. */
  private async missingDocuments(outletId: string, agency: AgencyView, uploaded: Set<string>, t: T) {
    const rules = (await this.policies.view(agency.id)).current.pack.rules.filter(
      (r): r is RuleConfigOf<'required_documents'> => r.family === 'required_documents',
    );
    const link = (type: DocumentType) => ({
      href: `/media/${outletId}/dokumen?${new URLSearchParams({ jenis: type, instansi: agency.code }).toString()}#f-file`,
      label: t(`documentType.${type}`),
    });
    const each = [...new Set(rules.flatMap((r) => r.params.types))].filter((type) => !uploaded.has(type));
    // Packs stored before `anyOf` existed have no alternatives.
    const oneOf = rules.flatMap((r) => r.params.anyOf ?? []).filter((group) => !group.some((type) => uploaded.has(type)));
    const items = [...each.map((type) => ({ oneOf: false, links: [link(type)] })), ...oneOf.map((group) => ({ oneOf: true, links: group.map(link) }))];
    return { agencyName: agency.name, items, hasRule: rules.length > 0 };
  }

  // ---- pre-check and applying ---------------------------------------------------------------

  @Allow('outlets:own')
  @Get('media/:id/cek')
  async check(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Query('instansi') code: string | undefined, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    const t = this.t(req);
    const locale = this.pages.locale(req);
    const agencies = await this.agencies.list();
    const agency: AgencyView | undefined = agencies.find((a) => a.code === code);
    let result = null;
    let brandName: string;
    if (agency) {
      // One call: the evaluation, the outlet's name and its open application from the snapshot.
      const pre = await this.outlets.precheck(auth, id, agency.id);
      const e = pre.evaluation;
      const open = pre.openApplication;
      brandName = pre.brandName;
      result = {
        agencyId: agency.id,
        agencyName: agency.name,
        verdict: e.verdict,
        verdictText: t(`verdict.${e.verdict}`),
        grade: e.grade,
        evaluatedOn: formatDate(e.evaluatedOn, locale),
        canApply: e.blockingFailures.length === 0 && !open,
        openApplication: open ? { id: open.id, reference: open.reference } : null,
        // An agency taking applications in rounds: which round, until when, or when the next one opens.
        roundWindow: await this.roundViews.window(agency.id, t, locale),
        results: e.results.map((r) => ({
          outcome: r.outcome,
          outcomeText: t(`outcome.${r.outcome}`),
          title: r.title[locale],
          message: ruleMessageWords(r.message[locale], locale),
          citation: r.citation,
          citationVerified: r.citationVerified,
          blocking: r.severity === 'blocking',
          fixHref: r.outcome === 'fail' ? `/media/${id}${FIX_SECTION[r.family] === 'ubah' ? '/ubah' : `/${FIX_SECTION[r.family]}`}` : null,
          fixLabel: r.outcome === 'fail' ? t(`fix.${FIX_SECTION[r.family]}`) : null,
        })),
      };
    } else {
      brandName = await this.outlets.brandName(auth, id);
    }
    return this.pages.send(req, reply, 'check', {
      title: 'check.title',
      breadcrumbs: [{ href: '/dasbor', label: t('dashboard.title') }, { href: `/media/${id}`, label: brandName }],
      outlet: { id, brandName },
      section: 'check',
      agencyOptions: agencies.map((a) => ({ value: a.code, label: a.name, selected: a.code === code })),
      result,
    });
  }

  @Allow('applications:apply')
  @Post('media/:id/ajukan')
  async apply(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: FormValues, @Res() reply: FastifyReply) {
    const agency = (await this.agencies.list()).find((a) => a.id === body.agencyId);
    if (!agency) throw new AppError('not_found', 'AGENCY.NOT_FOUND', 'Agency not found');
    try {
      const app = await this.applications.create(auth, { outletId: id, agencyId: agency.id });
      return this.pages.redirect(reply, `/permohonan/${app.id}?flash=applicationCreated`);
    } catch (err) {
      // One open application per agency: show the one that exists.
      if (err instanceof AppError && err.code === 'APPLICATION.ALREADY_OPEN') return this.pages.redirect(reply, `/media/${id}/cek?instansi=${encodeURIComponent(agency.code)}`);
      throw err;
    }
  }
}
