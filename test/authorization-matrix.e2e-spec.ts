import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { roleHas, type Role } from '../src/auth/permissions';
import { AccountTokens } from '../src/auth/account-tokens';
import { inTransaction } from '../src/database/transaction';
import { UsersService } from '../src/users/users.service';
import { ANON_CSRF_COOKIE, CSRF_FIELD, SESSION_COOKIE } from '../src/web/web-access';
import { WebSessionsService } from '../src/web/web-sessions.service';
import { bearer, createApplicant, TEST_PASSWORD, type Actor } from './support/factories';
import { jpegBytes, pdfBytes, pngBytes } from './support/files';
import { nik } from './support/outlets';
import { appRoutes, type AppRoute } from './support/routes';
import { startTestApp, type TestApp } from './support/test-app';
import { binary, readZip } from './support/zip';
import { buildWorld, type World } from './support/world';

/**
 * Every route x every kind of caller, against the rows of agency A and the outlets of A's applicant.
 * Columns: no token; the applicant who owns the outlet; another applicant (who owns outlets elsewhere);
 * A's officer, approver, auditor, admin; and the same four roles at agency B.
 */
const CALLERS = ['none', 'owner', 'other', 'officer', 'approver', 'auditor', 'admin', 'officerX', 'approverX', 'auditorX', 'adminX'] as const;
type Caller = (typeof CALLERS)[number];
const ROLE_OF: Record<Caller, Role | null> = {
  none: null,
  owner: 'applicant',
  other: 'applicant',
  officer: 'officer',
  approver: 'approver',
  auditor: 'auditor',
  admin: 'admin',
  officerX: 'officer',
  approverX: 'approver',
  auditorX: 'auditor',
  adminX: 'admin',
};
const OTHER_SIDE: readonly Caller[] = ['other', 'officerX', 'approverX', 'auditorX', 'adminX'];

/**
 * THE expected answer of every route to every caller. A route the app serves without a row here,
 * or a row for a route it no longer serves, fails the test. Rows run top to bottom, callers left to
 * right, so a row that changes state (suspend, then reinstate) is written in that order.
 */
// prettier-ignore
const MATRIX: Record<string, readonly number[]> = {
  //                                                  none own  oth  off  apr  aud  adm  offX aprX audX admX
  'GET /health':                                     [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  'GET /health/ready':                               [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  'POST /api/auth/register':                         [201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201],
  'POST /api/auth/login':                            [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  // Ten reset requests per client address in 15 minutes: the eleventh caller here is throttled.
  'POST /api/auth/password-reset/request':           [202, 202, 202, 202, 202, 202, 202, 202, 202, 202, 429],
  'POST /api/auth/password-reset/confirm':           [204, 204, 204, 204, 204, 204, 204, 204, 204, 204, 204],
  'POST /api/auth/staff-invitation/accept':          [204, 204, 204, 204, 204, 204, 204, 204, 204, 204, 204],
  'POST /api/auth/email/confirm':                    [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  'POST /api/auth/email/resend':                     [401, 409, 409, 409, 409, 409, 409, 409, 409, 409, 409],
  'GET /api/me':                                     [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  'PATCH /api/me':                                   [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  'POST /api/me/password':                           [401, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400],
  'GET /api/agencies':                               [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  'GET /api/agencies/:agencyId':                     [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  'GET /api/agencies/:agencyId/settings':            [401, 403, 403, 403, 403, 403, 200, 403, 403, 403, 404],
  'PATCH /api/agencies/:agencyId/settings':          [401, 403, 403, 403, 403, 403, 200, 403, 403, 403, 404],
  'PUT /api/agencies/:agencyId/logo':                [401, 403, 403, 403, 403, 403, 200, 403, 403, 403, 404],
  'GET /api/agencies/:agencyId/users':               [401, 403, 403, 403, 403, 403, 200, 403, 403, 403, 404],
  'POST /api/agencies/:agencyId/users':              [401, 403, 403, 403, 403, 403, 201, 403, 403, 403, 404],
  'PATCH /api/agencies/:agencyId/users/:userId':     [401, 403, 403, 403, 403, 403, 200, 403, 403, 403, 404],
  'GET /api/requirement-packs':                      [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  'GET /api/agencies/:agencyId/policy':              [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  'PUT /api/agencies/:agencyId/policy':              [401, 403, 403, 403, 403, 403, 200, 403, 403, 403, 404],
  'GET /api/agencies/:agencyId/statistics':        [401, 403, 403, 200, 200, 200, 200, 404, 404, 404, 404],
  // Registration rounds: the admin sets them; staff read them (an applicant reads the public view only).
  'POST /api/agencies/:agencyId/rounds':             [401, 403, 403, 403, 403, 403, 201, 403, 403, 403, 404],
  'PUT /api/agencies/:agencyId/rounds/:roundId':     [401, 403, 403, 403, 403, 403, 200, 403, 403, 403, 404],
  'PUT /api/agencies/:agencyId/intake':              [401, 403, 403, 403, 403, 403, 200, 403, 403, 403, 404],
  'GET /api/agencies/:agencyId/rounds':              [401, 404, 404, 200, 200, 200, 200, 404, 404, 404, 404],
  'GET /api/agencies/:agencyId/rounds/public':       [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  'GET /api/agencies/:agencyId/rounds/:roundId':     [401, 404, 404, 200, 200, 200, 200, 404, 404, 404, 404],
  'GET /api/agencies/:agencyId/rounds/:roundId/appeals':[401, 404, 404, 200, 200, 200, 200, 404, 404, 404, 404],
  // The approver publishes last year's provisional result, once.
  'POST /api/agencies/:agencyId/rounds/:roundId/announcements/:kind':[401, 403, 403, 403, 201, 403, 403, 403, 404, 403, 403],
  // Any outlet representative may ask any agency to tell it about rounds; staff may not.
  'PUT /api/agencies/:agencyId/round-subscription':  [401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
  'GET /api/agencies/:agencyId/round-subscription':  [401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
  'DELETE /api/agencies/:agencyId/round-subscription':[401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
  'GET /api/public/rounds/:roundId/announcements':   [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  'GET /api/public/rounds/:roundId/announcements/:file':[200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  'GET /api/audit':                                  [401, 403, 403, 403, 403, 200, 200, 403, 403, 200, 200],
  'GET /api/audit/export':                           [401, 403, 403, 403, 403, 200, 200, 403, 403, 200, 200],
  'GET /api/audit/verify':                           [401, 403, 403, 403, 403, 200, 200, 403, 403, 200, 200],
  'POST /api/outlets':                               [401, 201, 201, 403, 403, 403, 403, 403, 403, 403, 403],
  'GET /api/outlets':                                [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  'GET /api/outlets/:id':                            [401, 200, 404, 200, 200, 200, 200, 404, 404, 404, 404],
  'PATCH /api/outlets/:id':                          [401, 200, 404, 403, 403, 403, 403, 403, 403, 403, 403],
  'POST /api/outlets/:id/invitations':               [401, 201, 404, 403, 403, 403, 403, 403, 403, 403, 403],
  'GET /api/outlets/:id/invitations':                [401, 200, 404, 403, 403, 403, 403, 403, 403, 403, 403],
  'DELETE /api/outlets/:id/invitations/:invitationId':[401, 204, 404, 403, 403, 403, 403, 403, 403, 403, 403],
  'GET /api/me/invitations':                         [401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
  'POST /api/me/invitations/:id/accept':             [401, 200, 404, 403, 403, 403, 403, 403, 403, 403, 403],
  'POST /api/me/invitations/:id/decline':            [401, 204, 404, 403, 403, 403, 403, 403, 403, 403, 403],
  'POST /api/outlets/:id/journalists':               [401, 201, 404, 403, 403, 403, 403, 403, 403, 403, 403],
  'GET /api/outlets/:id/journalists':                [401, 200, 404, 200, 200, 200, 200, 404, 404, 404, 404],
  'PATCH /api/outlets/:id/journalists/:journalistId':[401, 200, 404, 403, 403, 403, 403, 403, 403, 403, 403],
  'DELETE /api/outlets/:id/journalists/:journalistId':[401, 204, 404, 403, 403, 403, 403, 403, 403, 403, 403],
  'POST /api/outlets/:id/documents':                 [401, 201, 404, 403, 403, 403, 403, 403, 403, 403, 403],
  'GET /api/outlets/:id/documents':                  [401, 200, 404, 200, 200, 200, 200, 404, 404, 404, 404],
  'GET /api/documents/:id/content':                  [401, 200, 404, 200, 200, 200, 200, 404, 404, 404, 404],
  'GET /api/outlets/:id/eligibility':                [401, 200, 404, 200, 200, 200, 200, 404, 404, 404, 404],
  'POST /api/applications':                          [401, 201, 404, 403, 403, 403, 403, 403, 403, 403, 403],
  'GET /api/applications':                           [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  'GET /api/applications/:id':                       [401, 200, 404, 200, 200, 200, 200, 404, 404, 404, 404],
  'POST /api/applications/:id/actions':              [401, 403, 404, 200, 409, 403, 403, 404, 404, 403, 403],
  // The rejected application of the running round was appealed already: the owner may not appeal twice.
  'POST /api/applications/:id/appeal':               [401, 409, 404, 403, 403, 403, 403, 403, 403, 403, 403],
  'GET /api/applications/:id/appeal':                [401, 200, 404, 200, 200, 200, 200, 404, 404, 404, 404],
  // The officer took no part in the rejection, so he decides the appeal (dismissed), once; the approver may decide appeals too, but it is decided.
  'POST /api/appeals/:appealId/decision':            [401, 403, 403, 200, 409, 403, 403, 404, 404, 403, 403],
  'POST /api/applications/:id/attestations':         [401, 403, 403, 201, 403, 403, 403, 404, 403, 403, 403],
  // Screenshots are evidence for staff; the outlet sees the attestation in the application detail.
  'GET /api/applications/:id/attestations/:attestationId/screenshot':[401, 404, 404, 200, 200, 200, 200, 404, 404, 404, 404],
  // The actions row above moved the queued application to field verification: its officer takes photos.
  'POST /api/applications/:id/field-visit-photos':   [401, 403, 403, 201, 403, 403, 403, 404, 403, 403, 403],
  // Photos are evidence for staff, like screenshots.
  'GET /api/applications/:id/field-visit-photos/:photoId':[401, 404, 404, 200, 200, 200, 200, 404, 404, 404, 404],
  'GET /api/certificates':                           [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  'GET /api/certificates/export':                    [401, 403, 403, 403, 403, 200, 403, 403, 403, 200, 403],
  'GET /api/certificates/:id':                       [401, 200, 404, 200, 200, 200, 200, 404, 404, 404, 404],
  'GET /api/certificates/:id/pdf':                   [401, 200, 404, 200, 200, 200, 200, 404, 404, 404, 404],
  // The certificate is flagged review needed: the officer keeps it, once (before the rows that suspend it).
  'POST /api/certificates/:id/review':               [401, 403, 403, 200, 403, 403, 403, 404, 403, 403, 403],
  'POST /api/certificates/:id/suspend':              [401, 403, 403, 403, 200, 403, 403, 403, 404, 403, 403],
  'POST /api/certificates/:id/reinstate':            [401, 403, 403, 403, 200, 403, 403, 403, 404, 403, 403],
  'POST /api/certificates/:id/revoke':               [401, 403, 403, 403, 200, 403, 403, 403, 404, 403, 403],
  'GET /api/public/certificates/:code':              [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  'GET /verify/:code':                               [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  'GET /api/public/registry':                        [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  // Web pages (session cookie): read-only ones.
  'GET /':                                          [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  'GET /akun':                                      [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  'GET /antrean':                                   [401, 303, 303, 200, 200, 200, 200, 200, 200, 200, 200],
  'GET /assets/:file':                              [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  // The caller's own agency's trail: no agency in the address, so staff of B see B's.
  'GET /audit':                                     [401, 403, 403, 403, 403, 200, 200, 403, 403, 200, 200],
  'GET /audit/ekspor':                              [401, 403, 403, 403, 403, 200, 200, 403, 403, 200, 200],
  'GET /audit/verifikasi':                          [401, 403, 403, 403, 403, 200, 200, 403, 403, 200, 200],
  'GET /confirm-email':                             [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  'GET /daftar':                                    [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  'GET /dasbor':                                    [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  'GET /dokumen/:id':                               [401, 200, 404, 200, 200, 200, 200, 404, 404, 404, 404],
  'GET /instansi':                                  [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  'GET /instansi/:code':                            [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  'GET /instansi/:code/pengumuman/:roundId':        [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  'GET /lupa-sandi':                                [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  'GET /masuk':                                     [200, 303, 303, 303, 303, 303, 303, 303, 303, 303, 303],
  'GET /media/:id':                                 [401, 200, 404, 403, 403, 403, 403, 403, 403, 403, 403],
  'GET /media/:id/cek':                             [401, 200, 404, 403, 403, 403, 403, 403, 403, 403, 403],
  'GET /media/:id/dokumen':                         [401, 200, 404, 403, 403, 403, 403, 403, 403, 403, 403],
  'GET /media/:id/pemilik':                         [401, 200, 404, 403, 403, 403, 403, 403, 403, 403, 403],
  'GET /media/:id/redaksi':                         [401, 200, 404, 403, 403, 403, 403, 403, 403, 403, 403],
  'GET /media/:id/redaksi/:jid/hapus':              [401, 200, 404, 403, 403, 403, 403, 403, 403, 403, 403],
  'GET /media/:id/redaksi/:jid/ubah':               [401, 200, 404, 403, 403, 403, 403, 403, 403, 403, 403],
  'GET /media/:id/redaksi/baru':                    [401, 200, 404, 403, 403, 403, 403, 403, 403, 403, 403],
  'GET /media/:id/ubah':                            [401, 200, 404, 403, 403, 403, 403, 403, 403, 403, 403],
  'GET /media/baru':                                [401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
  // Staff console: the admin's policy page and the rounds pages read the caller's own agency.
  'GET /admin/kebijakan':                           [401, 403, 403, 403, 403, 403, 200, 403, 403, 403, 200],
  'GET /periode':                                   [401, 404, 404, 200, 200, 200, 200, 200, 200, 200, 200],
  'GET /periode/baru':                              [401, 403, 403, 403, 403, 403, 200, 403, 403, 403, 200],
  'GET /periode/:id':                               [401, 404, 404, 200, 200, 200, 200, 404, 404, 404, 404],
  'GET /periode/:id/umumkan/:kind':                 [401, 403, 403, 403, 200, 403, 403, 403, 404, 403, 403],
  'GET /permohonan/:id':                            [401, 200, 404, 200, 200, 200, 200, 404, 404, 404, 404],
  'GET /permohonan/:id/dokumen/:documentId':        [401, 200, 404, 200, 200, 200, 200, 404, 404, 404, 404],
  'GET /permohonan/:id/ajukan':                     [401, 303, 404, 303, 303, 403, 403, 404, 404, 403, 403],
  // The owner's rejected application was appealed already: the form leads back to the application.
  'GET /permohonan/:id/sanggah':                    [401, 303, 404, 403, 403, 403, 403, 403, 403, 403, 403],
  'GET /permohonan/:id/tarik':                      [401, 200, 404, 303, 303, 403, 403, 404, 404, 403, 403],
  // The agency's awaiting-approval list is for staff; an applicant reads their own applications elsewhere.
  'GET /persetujuan':                               [401, 403, 403, 200, 200, 200, 200, 200, 200, 200, 200],
  // The queued application is in field verification by now (the API actions row): its officer's forms.
  'GET /permohonan/:id/kunjungan':                  [401, 403, 403, 200, 403, 403, 403, 404, 403, 403, 403],
  'GET /permohonan/:id/atestasi':                   [401, 403, 403, 200, 403, 403, 403, 404, 403, 403, 403],
  'GET /permohonan/:id/foto/:photoId':              [401, 404, 404, 200, 200, 200, 200, 404, 404, 404, 404],
  'GET /permohonan/:id/atestasi/:attestationId':    [401, 404, 404, 200, 200, 200, 200, 404, 404, 404, 404],
  // The appeal was decided by the API row above: its page shows the decision to those who decide appeals.
  'GET /sanggahan/:id':                             [401, 403, 403, 200, 200, 403, 403, 404, 404, 403, 403],
  'GET /reset-password':                            [400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400],
  'GET /sertifikat':                                [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  'GET /sertifikat/ekspor':                         [401, 403, 403, 403, 403, 200, 403, 403, 403, 200, 403],
  'GET /sertifikat/:id':                            [401, 200, 404, 200, 200, 200, 200, 404, 404, 404, 404],
  'GET /sertifikat/:id/pdf':                        [401, 200, 404, 200, 200, 200, 200, 404, 404, 404, 404],
  'GET /statistik':                                 [401, 403, 403, 200, 200, 200, 200, 200, 200, 200, 200],
  // A's certificate is active again by now: suspend and revoke are offered, reinstate goes back to the certificate.
  'GET /sertifikat/:id/bekukan':                    [401, 403, 403, 403, 200, 403, 403, 403, 404, 403, 403],
  'GET /sertifikat/:id/pulihkan':                   [401, 403, 403, 403, 303, 403, 403, 403, 404, 403, 403],
  'GET /sertifikat/:id/cabut':                      [401, 403, 403, 403, 200, 403, 403, 403, 404, 403, 403],
  'GET /undangan':                                  [401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
  // Admin console pages (issue 12): each admin sees their own agency's; a user id of another agency is the 404 page.
  'GET /admin/pengguna':                            [401, 403, 403, 403, 403, 403, 200, 403, 403, 403, 200],
  'GET /admin/pengguna/:userId/status':             [401, 403, 403, 403, 403, 403, 200, 403, 403, 403, 404],
  'GET /admin/pengaturan':                          [401, 403, 403, 403, 403, 403, 200, 403, 403, 403, 200],
  'GET /admin/pengaturan/pratinjau.pdf':            [401, 403, 403, 403, 403, 403, 200, 403, 403, 403, 200],
  'GET /admin/surel':                               [401, 403, 403, 403, 403, 403, 200, 403, 403, 403, 200],
  'GET /atur-sandi':                                [400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400],
  'GET /api/admin/outbox':                           [401, 403, 403, 403, 403, 403, 200, 403, 403, 403, 200],
  'POST /api/admin/outbox/:id/retry':                [401, 403, 403, 403, 403, 403, 200, 403, 403, 403, 404],
  // Web form posts, last: some end a session or change state. Each sends only the form's CSRF token.
  'POST /admin/pengaturan':                         [401, 403, 403, 403, 403, 403, 400, 403, 403, 403, 400],
  'POST /admin/pengaturan/libur':                   [401, 403, 403, 403, 403, 403, 400, 403, 403, 403, 400],
  'POST /admin/pengaturan/libur/hapus':             [401, 403, 403, 403, 403, 403, 303, 403, 403, 403, 303],
  'POST /admin/pengaturan/logo':                    [401, 403, 403, 403, 403, 403, 400, 403, 403, 403, 400],
  'POST /admin/pengguna':                           [401, 403, 403, 403, 403, 403, 400, 403, 403, 403, 400],
  'POST /admin/pengguna/:userId/peran':             [401, 403, 403, 403, 403, 403, 400, 403, 403, 403, 404],
  'POST /admin/pengguna/:userId/status':            [401, 403, 403, 403, 403, 403, 400, 403, 403, 403, 404],
  'POST /admin/surel/:id/ulang':                    [401, 403, 403, 403, 403, 403, 303, 403, 403, 403, 404],
  'POST /akun':                                     [401, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400],
  'POST /akun/kirim-konfirmasi':                    [401, 303, 303, 303, 303, 303, 303, 303, 303, 303, 303],
  'POST /akun/sandi':                               [401, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400],
  'POST /bahasa':                                   [303, 303, 303, 303, 303, 303, 303, 303, 303, 303, 303],
  'POST /confirm-email':                            [400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400],
  'POST /daftar':                                   [400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400],
  'POST /instansi/:code/pemberitahuan':             [401, 303, 303, 403, 403, 403, 403, 403, 403, 403, 403],
  'POST /keluar':                                   [303, 303, 303, 303, 303, 303, 303, 303, 303, 303, 303],
  'POST /lupa-sandi':                               [400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400],
  'POST /masuk':                                    [303, 303, 303, 303, 303, 303, 303, 303, 303, 303, 303],
  'POST /media/:id/ajukan':                         [401, 404, 404, 403, 403, 403, 403, 403, 403, 403, 403],
  'POST /media/:id/dokumen':                        [401, 400, 404, 403, 403, 403, 403, 403, 403, 403, 403],
  'POST /media/:id/pemilik':                        [401, 400, 404, 403, 403, 403, 403, 403, 403, 403, 403],
  'POST /media/:id/pemilik/:invitationId/batal':    [401, 303, 404, 403, 403, 403, 403, 403, 403, 403, 403],
  'POST /media/:id/redaksi/:jid/hapus':             [401, 303, 404, 403, 403, 403, 403, 403, 403, 403, 403],
  'POST /media/:id/redaksi/:jid/ubah':              [401, 400, 404, 403, 403, 403, 403, 403, 403, 403, 403],
  'POST /media/:id/redaksi/baru':                   [401, 400, 404, 403, 403, 403, 403, 403, 403, 403, 403],
  'POST /media/:id/ubah':                           [401, 400, 404, 403, 403, 403, 403, 403, 403, 403, 403],
  'POST /media/baru':                               [401, 400, 400, 403, 403, 403, 403, 403, 403, 403, 403],
  'POST /permohonan/:id/ajukan':                    [401, 409, 404, 409, 409, 403, 403, 404, 404, 403, 403],
  'POST /permohonan/:id/sanggah':                   [401, 303, 404, 403, 403, 403, 403, 403, 403, 403, 403],
  'POST /permohonan/:id/tarik':                     [401, 409, 404, 409, 409, 403, 403, 404, 404, 403, 403],
  'POST /permohonan/:id/tindakan':                  [401, 404, 404, 400, 400, 403, 403, 404, 404, 403, 403],
  'POST /atur-sandi':                               [400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400],
  // Upload forms posted without a multipart body: the form again with the problem (400).
  'POST /permohonan/:id/kunjungan':                 [401, 403, 403, 400, 403, 403, 403, 404, 403, 403, 403],
  'POST /permohonan/:id/atestasi':                  [401, 403, 403, 400, 403, 403, 403, 404, 403, 403, 403],
  'POST /sanggahan/:id':                            [401, 403, 403, 400, 400, 403, 403, 404, 404, 403, 403],
  'POST /reset-password':                           [400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400],
  'POST /sertifikat/:id/perpanjang':                [401, 303, 404, 403, 403, 403, 403, 403, 403, 403, 403],
  // No reason given: the form again (400), nothing changed; another agency's certificate is 404 first.
  'POST /sertifikat/:id/bekukan':                   [401, 403, 403, 403, 400, 403, 403, 403, 404, 403, 403],
  'POST /sertifikat/:id/pulihkan':                  [401, 403, 403, 403, 400, 403, 403, 403, 404, 403, 403],
  'POST /sertifikat/:id/cabut':                     [401, 403, 403, 403, 400, 403, 403, 403, 404, 403, 403],
  'POST /sertifikat/:id/tinjau':                    [401, 403, 403, 400, 403, 403, 403, 404, 403, 403, 403],
  'POST /undangan/:id/terima':                      [401, 404, 404, 403, 403, 403, 403, 403, 403, 403, 403],
  'POST /undangan/:id/tolak':                       [401, 404, 404, 403, 403, 403, 403, 403, 403, 403, 403],
  // An empty form to the policy and rounds forms: refused as incomplete, or 404 for another agency's round.
  'POST /admin/kebijakan/json':                     [401, 403, 403, 403, 403, 403, 400, 403, 403, 403, 400],
  'POST /admin/kebijakan/paket':                    [401, 403, 403, 403, 403, 403, 400, 403, 403, 403, 400],
  'POST /periode/baru':                             [401, 403, 403, 403, 403, 403, 400, 403, 403, 403, 400],
  'POST /periode/penerimaan':                       [401, 403, 403, 403, 403, 403, 400, 403, 403, 403, 400],
  'POST /periode/:id':                              [401, 403, 403, 403, 403, 403, 400, 403, 403, 403, 404],
  // The approver publishes the final result of last year's round (its provisional one is out, above), once.
  'POST /periode/:id/umumkan/:kind':                [401, 403, 403, 403, 303, 403, 403, 403, 404, 403, 403],
};

interface Call {
  url: string;
  /** A web form (urlencoded), sent with the caller's CSRF token. */
  form?: Record<string, string>;
  body?: Record<string, unknown>;
  upload?: { fields: Record<string, string>; file: Buffer; fileName: string; contentType: string };
}

async function newOutlet(t: TestApp, owner: Actor): Promise<string> {
  const res = await t.http().post('/api/outlets').set(bearer(owner)).send({ legalName: 'PT Draf Media', brandName: 'Draf', legalForm: 'PT', mediaType: 'online' }).expect(201);
  return res.body.id as string;
}

/** A pending invitation to co-own the outlet; its id. */
async function invite(t: TestApp, from: Actor, outletId: string, email = `rekan-${Math.random().toString(36).slice(2)}@factory.test`): Promise<string> {
  const res = await t.http().post(`/api/outlets/${outletId}/invitations`).set(bearer(from)).send({ email }).expect(201);
  return res.body.id as string;
}

let linkAccountId: Promise<string> | undefined;
/** An applicant whose mailed links the public link routes open (so no caller's own account is changed). */
function linkAccount(t: TestApp): Promise<string> {
  linkAccountId ??= createApplicant(t, 'id', { issueToken: true }).then((a) => a.id);
  return linkAccountId;
}

/** An invited staff account that has not chosen a password yet. */
function pendingInvitee(t: TestApp, agencyId: string): Promise<string> {
  return inTransaction(t.dataSource, async (m) => {
    const email = `undangan-${Math.random().toString(36).slice(2)}@factory.test`;
    return (await t.app.get(UsersService).insert(m, { email, passwordHash: null, name: 'Undangan Matriks', role: 'officer', agencyId, locale: 'id', emailConfirmed: false })).id;
  });
}

/** A fresh single-use link token, as the mail would carry it. */
function linkToken(t: TestApp, userId: string, purpose: 'password_reset' | 'email_confirmation' | 'staff_invitation'): Promise<string> {
  return inTransaction(t.dataSource, async (m) => (await t.app.get(AccountTokens).issue(m, userId, purpose, 30 * 60_000)).token);
}

/** A new web session of the actor, as logging in on /masuk makes one. */
async function newSession(t: TestApp, actor: Actor): Promise<string> {
  const [{ token_version }] = (await t.dataSource.query(`SELECT token_version FROM users WHERE id = $1`, [actor.id])) as { token_version: number }[];
  return (await t.app.get(WebSessionsService).create({ userId: actor.id, tokenVersion: token_version })).token;
}

const sessions = new Map<string, Promise<string>>();
/** The actor's web session for pages that only read. */
function sessionOf(t: TestApp, actor: Actor): Promise<string> {
  if (!sessions.has(actor.id)) sessions.set(actor.id, newSession(t, actor));
  return sessions.get(actor.id)!;
}

let photoId: string | undefined;
/** One photo of A's queued application (in field verification once the actions row ran), uploaded by its officer. */
async function fieldVisitPhoto(w: World, t: TestApp): Promise<string> {
  photoId ??= (
    await t
      .http()
      .post(`/api/applications/${w.a.queuedApplicationId}/field-visit-photos`)
      .set(bearer(w.a.agency.officer))
      .attach('file', jpegBytes(), { filename: 'papan-nama.jpg', contentType: 'image/jpeg' })
      .expect(201)
  ).body.id as string;
  return photoId!;
}

let roundsMade = 0;
/** A round's dates within one year (no appeal window). */
function roundOf(year: number) {
  return {
    budgetYear: year,
    registrationOpensOn: `${year}-01-07`,
    registrationClosesOn: `${year}-01-11`,
    verificationUntil: `${year}-01-21`,
    provisionalAnnouncementOn: `${year}-01-25`,
    finalAnnouncementOn: `${year}-02-01`,
  };
}

/** The request each route gets: valid for its rightful caller, aimed at agency A's rows. */
const REQUESTS: Record<string, (w: World, t: TestApp) => Call | Promise<Call>> = {
  'GET /health': () => ({ url: '/health' }),
  'GET /health/ready': () => ({ url: '/health/ready' }),
  'POST /api/auth/register': () => ({ url: '/api/auth/register', body: { email: `matrix-${Math.random().toString(36).slice(2)}@factory.test`, password: TEST_PASSWORD, name: 'Matriks' } }),
  'POST /api/auth/login': (w) => ({ url: '/api/auth/login', body: { email: w.a.owner.email, password: TEST_PASSWORD } }),
  'POST /api/auth/password-reset/request': (w) => ({ url: '/api/auth/password-reset/request', body: { email: w.stranger.email } }),
  // A mailed link's token for an account of its own (the token is what the link carries; how it is mailed is tested elsewhere).
  'POST /api/auth/password-reset/confirm': async (_w, t) => ({
    url: '/api/auth/password-reset/confirm',
    body: { token: await linkToken(t, await linkAccount(t), 'password_reset'), password: TEST_PASSWORD },
  }),
  // A staff member of A invited (no password yet) for each call, with the link's token.
  'POST /api/auth/staff-invitation/accept': async (w, t) => ({
    url: '/api/auth/staff-invitation/accept',
    body: { token: await linkToken(t, await pendingInvitee(t, w.a.agency.id), 'staff_invitation'), password: TEST_PASSWORD },
  }),
  'POST /api/auth/email/confirm': async (_w, t) => ({ url: '/api/auth/email/confirm', body: { token: await linkToken(t, await linkAccount(t), 'email_confirmation') } }),
  // Every caller's address is confirmed already.
  'POST /api/auth/email/resend': () => ({ url: '/api/auth/email/resend' }),
  'GET /api/me': () => ({ url: '/api/me' }),
  'PATCH /api/me': () => ({ url: '/api/me', body: { locale: 'id' } }),
  // A wrong current password: a right one would end the caller's sessions, and every later row's.
  'POST /api/me/password': () => ({ url: '/api/me/password', body: { currentPassword: 'not-the-password', newPassword: 'new-password-4567' } }),
  'GET /api/agencies': () => ({ url: '/api/agencies' }),
  'GET /api/agencies/:agencyId': (w) => ({ url: `/api/agencies/${w.a.agency.id}` }),
  'GET /api/agencies/:agencyId/settings': (w) => ({ url: `/api/agencies/${w.a.agency.id}/settings` }),
  'PATCH /api/agencies/:agencyId/settings': (w) => ({ url: `/api/agencies/${w.a.agency.id}/settings`, body: { phone: '031-5551234' } }),
  'PUT /api/agencies/:agencyId/logo': (w) => ({
    url: `/api/agencies/${w.a.agency.id}/logo`,
    upload: { fields: {}, file: pngBytes(), fileName: 'logo.png', contentType: 'image/png' },
  }),
  'GET /api/agencies/:agencyId/users': (w) => ({ url: `/api/agencies/${w.a.agency.id}/users` }),
  'POST /api/agencies/:agencyId/users': (w) => ({
    url: `/api/agencies/${w.a.agency.id}/users`,
    body: { email: `staf-${Math.random().toString(36).slice(2)}@factory.test`, name: 'Staf Baru', role: 'officer' },
  }),
  'PATCH /api/agencies/:agencyId/users/:userId': (w) => ({ url: `/api/agencies/${w.a.agency.id}/users/${w.a.agency.officer2.id}`, body: { active: true } }),
  'GET /api/requirement-packs': () => ({ url: '/api/requirement-packs' }),
  'GET /api/agencies/:agencyId/policy': (w) => ({ url: `/api/agencies/${w.a.agency.id}/policy` }),
  'PUT /api/agencies/:agencyId/policy': (w) => ({ url: `/api/agencies/${w.a.agency.id}/policy`, body: { shippedPack: 'default', note: 'matrix' } }),
  'GET /api/agencies/:agencyId/statistics': (w) => ({ url: `/api/agencies/${w.a.agency.id}/statistics` }),
  // A round of its own for each call, in a year no other round of A's takes.
  'POST /api/agencies/:agencyId/rounds': (w) => {
    const year = 2001 + roundsMade++;
    return { url: `/api/agencies/${w.a.agency.id}/rounds`, body: { ...roundOf(year), name: `Periode Matriks ${year}` } };
  },
  'PUT /api/agencies/:agencyId/rounds/:roundId': async (w, t) => {
    const [{ version, budget_year }] = (await t.dataSource.query(`SELECT version, budget_year FROM registration_rounds WHERE id = $1`, [w.a.pastRoundId])) as { version: number; budget_year: number }[];
    return { url: `/api/agencies/${w.a.agency.id}/rounds/${w.a.pastRoundId}`, body: { ...roundOf(budget_year), name: `Periode Pendaftaran ${budget_year}`, version } };
  },
  'PUT /api/agencies/:agencyId/intake': (w) => ({ url: `/api/agencies/${w.a.agency.id}/intake`, body: { intake: 'all_year' } }),
  'GET /api/agencies/:agencyId/rounds': (w) => ({ url: `/api/agencies/${w.a.agency.id}/rounds` }),
  'GET /api/agencies/:agencyId/rounds/public': (w) => ({ url: `/api/agencies/${w.a.agency.id}/rounds/public` }),
  'GET /api/agencies/:agencyId/rounds/:roundId': (w) => ({ url: `/api/agencies/${w.a.agency.id}/rounds/${w.a.roundId}` }),
  'GET /api/agencies/:agencyId/rounds/:roundId/appeals': (w) => ({ url: `/api/agencies/${w.a.agency.id}/rounds/${w.a.roundId}/appeals` }),
  'POST /api/agencies/:agencyId/rounds/:roundId/announcements/:kind': (w) => ({ url: `/api/agencies/${w.a.agency.id}/rounds/${w.a.pastRoundId}/announcements/provisional` }),
  'PUT /api/agencies/:agencyId/round-subscription': (w) => ({ url: `/api/agencies/${w.a.agency.id}/round-subscription` }),
  'GET /api/agencies/:agencyId/round-subscription': (w) => ({ url: `/api/agencies/${w.a.agency.id}/round-subscription` }),
  'DELETE /api/agencies/:agencyId/round-subscription': (w) => ({ url: `/api/agencies/${w.a.agency.id}/round-subscription` }),
  'GET /api/public/rounds/:roundId/announcements': (w) => ({ url: `/api/public/rounds/${w.a.roundId}/announcements` }),
  'GET /api/public/rounds/:roundId/announcements/:file': (w) => ({ url: `/api/public/rounds/${w.a.roundId}/announcements/provisional.pdf` }),
  'GET /api/audit': () => ({ url: '/api/audit' }),
  'GET /api/audit/export': () => ({ url: '/api/audit/export' }),
  'GET /api/audit/verify': () => ({ url: '/api/audit/verify' }),
  'POST /api/outlets': () => ({ url: '/api/outlets', body: { legalName: 'PT Matriks Media', brandName: 'Matriks', legalForm: 'PT', mediaType: 'online' } }),
  'GET /api/outlets': () => ({ url: '/api/outlets' }),
  'GET /api/outlets/:id': (w) => ({ url: `/api/outlets/${w.a.outletId}` }),
  'PATCH /api/outlets/:id': (w) => ({ url: `/api/outlets/${w.a.outletId}`, body: { website: 'https://lensajatim.example' } }),
  'POST /api/outlets/:id/invitations': (w) => ({ url: `/api/outlets/${w.a.outletId}/invitations`, body: { email: `rekan-${Math.random().toString(36).slice(2)}@factory.test` } }),
  'GET /api/outlets/:id/invitations': (w) => ({ url: `/api/outlets/${w.a.outletId}/invitations` }),
  'DELETE /api/outlets/:id/invitations/:invitationId': async (w, t) => ({ url: `/api/outlets/${w.a.outletId}/invitations/${await invite(t, w.a.owner, w.a.outletId)}` }),
  'GET /api/me/invitations': () => ({ url: '/api/me/invitations' }),
  // An applicant who owns nothing of A's invites A's owner to an outlet of his own: the owner answers.
  'POST /api/me/invitations/:id/accept': async (w, t) => ({ url: `/api/me/invitations/${await invite(t, w.stranger, await newOutlet(t, w.stranger), w.a.owner.email)}/accept` }),
  'POST /api/me/invitations/:id/decline': async (w, t) => ({ url: `/api/me/invitations/${await invite(t, w.stranger, await newOutlet(t, w.stranger), w.a.owner.email)}/decline` }),
  'POST /api/outlets/:id/journalists': (w) => ({ url: `/api/outlets/${w.a.outletId}/journalists`, body: { name: 'Wartawan Matriks', nik: nik(), position: 'reporter' } }),
  'GET /api/outlets/:id/journalists': (w) => ({ url: `/api/outlets/${w.a.outletId}/journalists` }),
  'PATCH /api/outlets/:id/journalists/:journalistId': (w) => ({
    url: `/api/outlets/${w.a.outletId}/journalists/${w.a.journalistIds[2]}`,
    body: { name: 'Reporter Dua' },
  }),
  // A journalist of its own for each call, so the owner's delete removes nobody another row needs.
  'DELETE /api/outlets/:id/journalists/:journalistId': async (w, t) => {
    const made = await t
      .http()
      .post(`/api/outlets/${w.a.outletId}/journalists`)
      .set(bearer(w.a.owner))
      .send({ name: 'Wartawan Sementara', nik: nik(), position: 'other' })
      .expect(201);
    return { url: `/api/outlets/${w.a.outletId}/journalists/${made.body.id as string}` };
  },
  'POST /api/outlets/:id/documents': (w) => ({
    url: `/api/outlets/${w.a.outletId}/documents`,
    upload: { fields: { type: 'other' }, file: pdfBytes('matriks'), fileName: 'lain.pdf', contentType: 'application/pdf' },
  }),
  'GET /api/outlets/:id/documents': (w) => ({ url: `/api/outlets/${w.a.outletId}/documents` }),
  'GET /api/documents/:id/content': (w) => ({ url: `/api/documents/${w.a.documentIds[0]}/content` }),
  'GET /api/outlets/:id/eligibility': (w) => ({ url: `/api/outlets/${w.a.outletId}/eligibility?agencyId=${w.a.agency.id}` }),
  // A fresh outlet of the owner's for each call, so the owner's draft is always the first at A.
  'POST /api/applications': async (w, t) => ({ url: '/api/applications', body: { outletId: await newOutlet(t, w.a.owner), agencyId: w.a.agency.id } }),
  'GET /api/applications': () => ({ url: '/api/applications' }),
  'GET /api/applications/:id': (w) => ({ url: `/api/applications/${w.a.queuedApplicationId}` }),
  // The queued application is submitted: its administrative check is the officer's to pass, once.
  'POST /api/applications/:id/actions': async (w, t) => {
    const [{ version }] = (await t.dataSource.query(`SELECT version FROM applications WHERE id = $1`, [w.a.queuedApplicationId])) as { version: number }[];
    return { url: `/api/applications/${w.a.queuedApplicationId}/actions`, body: { action: 'pass_administrative', version } };
  },
  'POST /api/applications/:id/appeal': (w) => ({ url: `/api/applications/${w.a.rejectedApplicationId}/appeal`, body: { reason: 'Mohon diperiksa kembali; akta perubahan sudah disahkan.' } }),
  'GET /api/applications/:id/appeal': (w) => ({ url: `/api/applications/${w.a.rejectedApplicationId}/appeal` }),
  'POST /api/appeals/:appealId/decision': (w) => ({ url: `/api/appeals/${w.a.appealId}/decision`, body: { outcome: 'dismissed', reason: 'Akta perubahan belum disahkan pada saat pendaftaran' } }),
  'POST /api/applications/:id/attestations': (w, t) => ({
    url: `/api/applications/${w.a.queuedApplicationId}/attestations`,
    upload: {
      fields: {
        ruleId: 'press-council-verification',
        lookupUrl: 'https://dewanpers.or.id/data/perusahaanpers?nama=Antre',
        lookedUpAt: new Date(t.clock.now().getTime() - 30 * 60_000).toISOString(),
        observed: 'Terverifikasi administratif dan faktual',
      },
      file: pngBytes(),
      fileName: 'dewan-pers.png',
      contentType: 'image/png',
    },
  }),
  'GET /api/applications/:id/attestations/:attestationId/screenshot': (w) => ({ url: `/api/applications/${w.a.queuedApplicationId}/attestations/${w.a.attestationId}/screenshot` }),
  'POST /api/applications/:id/field-visit-photos': (w) => ({
    url: `/api/applications/${w.a.queuedApplicationId}/field-visit-photos`,
    upload: { fields: {}, file: jpegBytes(), fileName: 'kantor.jpg', contentType: 'image/jpeg' },
  }),
  'GET /api/applications/:id/field-visit-photos/:photoId': async (w, t) => ({ url: `/api/applications/${w.a.queuedApplicationId}/field-visit-photos/${await fieldVisitPhoto(w, t)}` }),
  // Only the certificates flagged review needed: A's is, so its own side sees it and the other side must not.
  'GET /api/certificates': () => ({ url: '/api/certificates?reviewNeeded=true' }),
  // The year A's certificate was numbered in (a WIB year), not the test machine's.
  'GET /api/certificates/export': async (w, t) => {
    const [{ year }] = (await t.dataSource.query(`SELECT year FROM certificates WHERE id = $1`, [w.a.certificateId])) as { year: number }[];
    return { url: `/api/certificates/export?year=${year}` };
  },
  'GET /api/certificates/:id': (w) => ({ url: `/api/certificates/${w.a.certificateId}` }),
  'GET /api/certificates/:id/pdf': (w) => ({ url: `/api/certificates/${w.a.certificateId}/pdf` }),
  'POST /api/certificates/:id/review': (w) => ({ url: `/api/certificates/${w.a.certificateId}/review`, body: { decision: 'keep', reason: 'Situs pindah alamat; redaksi dan badan hukum tetap' } }),
  'POST /api/certificates/:id/suspend': (w) => ({ url: `/api/certificates/${w.a.certificateId}/suspend`, body: { reason: 'Pemeriksaan pengaduan masyarakat' } }),
  'POST /api/certificates/:id/reinstate': (w) => ({ url: `/api/certificates/${w.a.certificateId}/reinstate`, body: { reason: 'Pengaduan tidak terbukti' } }),
  'POST /api/certificates/:id/revoke': (w) => ({ url: `/api/certificates/${w.a.spareCertificateId}/revoke`, body: { reason: 'Perusahaan pers ditutup' } }),
  'GET /api/public/certificates/:code': (w) => ({ url: `/api/public/certificates/${w.a.verificationCode}` }),
  'GET /verify/:code': (w) => ({ url: `/verify/${w.a.verificationCode}` }),
  'GET /api/public/registry': (w) => ({ url: `/api/public/registry?agencyId=${w.a.agency.id}` }),
  // Web pages, read-only ones; A's rows as the other routes.
  'GET /': () => ({ url: '/' }),
  'GET /akun': () => ({ url: '/akun' }),
  // The stylesheet the layout links to (asset names carry a content hash).
  'GET /assets/:file': async (_w, t) => {
    const home = await t.http().get('/').expect(200);
    return { url: /href="(\/assets\/[^"]+)"/.exec(home.text)![1] };
  },
  'GET /confirm-email': () => ({ url: '/confirm-email?token=not-a-token' }),
  'GET /audit': () => ({ url: '/audit?aksi=application.approve' }),
  'GET /audit/ekspor': () => ({ url: '/audit/ekspor?aksi=application.approve' }),
  'GET /audit/verifikasi': () => ({ url: '/audit/verifikasi' }),
  'GET /daftar': () => ({ url: '/daftar' }),
  'GET /dasbor': () => ({ url: '/dasbor' }),
  'GET /antrean': () => ({ url: '/antrean' }),
  'GET /dokumen/:id': (w) => ({ url: `/dokumen/${w.a.documentIds[0]}` }),
  'GET /instansi': () => ({ url: '/instansi' }),
  'GET /instansi/:code': (w) => ({ url: `/instansi/${w.a.agency.code}` }),
  'GET /instansi/:code/pengumuman/:roundId': (w) => ({ url: `/instansi/${w.a.agency.code}/pengumuman/${w.a.roundId}` }),
  'GET /lupa-sandi': () => ({ url: '/lupa-sandi' }),
  'GET /masuk': () => ({ url: '/masuk' }),
  'GET /media/:id': (w) => ({ url: `/media/${w.a.outletId}` }),
  'GET /media/:id/cek': (w) => ({ url: `/media/${w.a.outletId}/cek?agencyId=${w.a.agency.id}` }),
  'GET /media/:id/dokumen': (w) => ({ url: `/media/${w.a.outletId}/dokumen` }),
  'GET /media/:id/pemilik': (w) => ({ url: `/media/${w.a.outletId}/pemilik` }),
  'GET /media/:id/redaksi': (w) => ({ url: `/media/${w.a.outletId}/redaksi` }),
  'GET /media/:id/redaksi/:jid/hapus': (w) => ({ url: `/media/${w.a.outletId}/redaksi/${w.a.journalistIds[1]}/hapus` }),
  'GET /media/:id/redaksi/:jid/ubah': (w) => ({ url: `/media/${w.a.outletId}/redaksi/${w.a.journalistIds[1]}/ubah` }),
  'GET /media/:id/redaksi/baru': (w) => ({ url: `/media/${w.a.outletId}/redaksi/baru` }),
  'GET /media/:id/ubah': (w) => ({ url: `/media/${w.a.outletId}/ubah` }),
  'GET /media/baru': () => ({ url: '/media/baru' }),
  'GET /admin/kebijakan': () => ({ url: '/admin/kebijakan' }),
  'GET /periode': () => ({ url: '/periode' }),
  'GET /periode/baru': () => ({ url: '/periode/baru' }),
  'GET /periode/:id': (w) => ({ url: `/periode/${w.a.roundId}` }),
  'GET /periode/:id/umumkan/:kind': (w) => ({ url: `/periode/${w.a.pastRoundId}/umumkan/akhir` }),
  'GET /permohonan/:id': (w) => ({ url: `/permohonan/${w.a.queuedApplicationId}` }),
  // A file of the approved application's frozen snapshot.
  'GET /permohonan/:id/dokumen/:documentId': (w) => ({ url: `/permohonan/${w.a.applicationId}/dokumen/${w.a.documentIds[0]}` }),
  'GET /permohonan/:id/ajukan': (w) => ({ url: `/permohonan/${w.a.queuedApplicationId}/ajukan` }),
  'GET /permohonan/:id/sanggah': (w) => ({ url: `/permohonan/${w.a.rejectedApplicationId}/sanggah` }),
  'GET /permohonan/:id/tarik': (w) => ({ url: `/permohonan/${w.a.queuedApplicationId}/tarik` }),
  'GET /permohonan/:id/kunjungan': (w) => ({ url: `/permohonan/${w.a.queuedApplicationId}/kunjungan` }),
  'GET /permohonan/:id/atestasi': (w) => ({ url: `/permohonan/${w.a.queuedApplicationId}/atestasi` }),
  'GET /permohonan/:id/foto/:photoId': async (w, t) => ({ url: `/permohonan/${w.a.queuedApplicationId}/foto/${await fieldVisitPhoto(w, t)}` }),
  'GET /permohonan/:id/atestasi/:attestationId': (w) => ({ url: `/permohonan/${w.a.queuedApplicationId}/atestasi/${w.a.attestationId}` }),
  'GET /sanggahan/:id': (w) => ({ url: `/sanggahan/${w.a.appealId}` }),
  'GET /reset-password': () => ({ url: '/reset-password?token=not-a-token' }),
  'GET /sertifikat': () => ({ url: '/sertifikat' }),
  'GET /sertifikat/:id': (w) => ({ url: `/sertifikat/${w.a.certificateId}` }),
  'GET /sertifikat/:id/pdf': (w) => ({ url: `/sertifikat/${w.a.certificateId}/pdf` }),
  'GET /statistik': () => ({ url: '/statistik' }),
  'GET /sertifikat/:id/bekukan': (w) => ({ url: `/sertifikat/${w.a.certificateId}/bekukan` }),
  'GET /sertifikat/:id/pulihkan': (w) => ({ url: `/sertifikat/${w.a.certificateId}/pulihkan` }),
  'GET /sertifikat/:id/cabut': (w) => ({ url: `/sertifikat/${w.a.certificateId}/cabut` }),
  // The year A's certificate was numbered in, as for the API's export.
  'GET /sertifikat/ekspor': async (w, t) => {
    const [{ year }] = (await t.dataSource.query(`SELECT year FROM certificates WHERE id = $1`, [w.a.certificateId])) as { year: number }[];
    return { url: `/sertifikat/ekspor?tahun=${year}` };
  },
  'GET /persetujuan': () => ({ url: '/persetujuan' }),
  'GET /undangan': () => ({ url: '/undangan' }),
  'GET /api/admin/outbox': () => ({ url: '/api/admin/outbox' }),
  'GET /admin/pengguna': () => ({ url: '/admin/pengguna' }),
  'GET /admin/pengguna/:userId/status': (w) => ({ url: `/admin/pengguna/${w.a.agency.officer2.id}/status` }),
  'GET /admin/pengaturan': () => ({ url: '/admin/pengaturan' }),
  'GET /admin/pengaturan/pratinjau.pdf': () => ({ url: '/admin/pengaturan/pratinjau.pdf' }),
  'GET /admin/surel': () => ({ url: '/admin/surel' }),
  'GET /atur-sandi': () => ({ url: '/atur-sandi?token=not-a-token' }),
  // Web form posts: the form's CSRF token and nothing else.
  'POST /admin/pengaturan': () => ({ url: '/admin/pengaturan', form: {} }),
  'POST /admin/pengaturan/libur': () => ({ url: '/admin/pengaturan/libur', form: {} }),
  'POST /admin/pengaturan/libur/hapus': () => ({ url: '/admin/pengaturan/libur/hapus', form: {} }),
  'POST /admin/pengaturan/logo': () => ({ url: '/admin/pengaturan/logo', form: {} }),
  'POST /admin/pengguna': () => ({ url: '/admin/pengguna', form: {} }),
  'POST /admin/pengguna/:userId/peran': (w) => ({ url: `/admin/pengguna/${w.a.agency.officer2.id}/peran`, form: {} }),
  'POST /admin/pengguna/:userId/status': (w) => ({ url: `/admin/pengguna/${w.a.agency.officer2.id}/status`, form: {} }),
  // Parked again before each call, so the rightful admin's retry goes through every time.
  'POST /admin/surel/:id/ulang': async (w, t) => {
    await t.dataSource.query(`UPDATE outbox SET status = 'parked', last_error = 'matrix: mailbox full' WHERE id = $1`, [w.a.outboxIds[1] ?? w.a.outboxIds[0]]);
    return { url: `/admin/surel/${w.a.outboxIds[1] ?? w.a.outboxIds[0]}/ulang`, form: {} };
  },
  'POST /akun': (w) => ({ url: `/akun`, form: {} }),
  'POST /akun/kirim-konfirmasi': (w) => ({ url: `/akun/kirim-konfirmasi`, form: {} }),
  'POST /akun/sandi': (w) => ({ url: `/akun/sandi`, form: {} }),
  'POST /bahasa': (w) => ({ url: `/bahasa`, form: {} }),
  'POST /confirm-email': (w) => ({ url: `/confirm-email`, form: {} }),
  'POST /daftar': (w) => ({ url: `/daftar`, form: {} }),
  'POST /instansi/:code/pemberitahuan': (w) => ({ url: `/instansi/${w.a.agency.code}/pemberitahuan`, form: { action: 'subscribe' } }),
  'POST /keluar': (w) => ({ url: `/keluar`, form: {} }),
  'POST /lupa-sandi': (w) => ({ url: `/lupa-sandi`, form: {} }),
  'POST /masuk': (w) => ({ url: `/masuk`, form: { email: w.a.owner.email, password: TEST_PASSWORD } }),
  'POST /media/:id/ajukan': (w) => ({ url: `/media/${w.a.outletId}/ajukan`, form: {} }),
  'POST /media/:id/dokumen': (w) => ({ url: `/media/${w.a.outletId}/dokumen`, form: {} }),
  'POST /media/:id/pemilik': (w) => ({ url: `/media/${w.a.outletId}/pemilik`, form: {} }),
  'POST /media/:id/pemilik/:invitationId/batal': (w) => ({ url: `/media/${w.a.outletId}/pemilik/${w.a.invitationId}/batal`, form: {} }),
  // A journalist of its own for each call, as for the API's DELETE.
  'POST /media/:id/redaksi/:jid/hapus': async (w, t) => {
    const made = await t
      .http()
      .post(`/api/outlets/${w.a.outletId}/journalists`)
      .set(bearer(w.a.owner))
      .send({ name: 'Wartawan Sementara', nik: nik(), position: 'other' })
      .expect(201);
    return { url: `/media/${w.a.outletId}/redaksi/${made.body.id as string}/hapus`, form: {} };
  },
  'POST /media/:id/redaksi/:jid/ubah': (w) => ({ url: `/media/${w.a.outletId}/redaksi/${w.a.journalistIds[1]}/ubah`, form: {} }),
  'POST /media/:id/redaksi/baru': (w) => ({ url: `/media/${w.a.outletId}/redaksi/baru`, form: {} }),
  'POST /media/:id/ubah': (w) => ({ url: `/media/${w.a.outletId}/ubah`, form: {} }),
  'POST /media/baru': (w) => ({ url: `/media/baru`, form: {} }),
  'POST /permohonan/:id/ajukan': (w) => ({ url: `/permohonan/${w.a.queuedApplicationId}/ajukan`, form: {} }),
  'POST /permohonan/:id/sanggah': (w) => ({ url: `/permohonan/${w.a.rejectedApplicationId}/sanggah`, form: { reason: 'Mohon diperiksa kembali; akta perubahan sudah disahkan.' } }),
  'POST /permohonan/:id/tarik': (w) => ({ url: `/permohonan/${w.a.queuedApplicationId}/tarik`, form: {} }),
  'POST /permohonan/:id/tindakan': (w) => ({ url: `/permohonan/${w.a.queuedApplicationId}/tindakan`, form: {} }),
  'POST /atur-sandi': () => ({ url: '/atur-sandi', form: {} }),
  'POST /permohonan/:id/kunjungan': (w) => ({ url: `/permohonan/${w.a.queuedApplicationId}/kunjungan`, form: {} }),
  'POST /permohonan/:id/atestasi': (w) => ({ url: `/permohonan/${w.a.queuedApplicationId}/atestasi`, form: {} }),
  'POST /sanggahan/:id': (w) => ({ url: `/sanggahan/${w.a.appealId}`, form: {} }),
  'POST /reset-password': (w) => ({ url: `/reset-password`, form: {} }),
  'POST /sertifikat/:id/perpanjang': (w) => ({ url: `/sertifikat/${w.a.certificateId}/perpanjang`, form: {} }),
  'POST /sertifikat/:id/bekukan': (w) => ({ url: `/sertifikat/${w.a.certificateId}/bekukan`, form: {} }),
  'POST /sertifikat/:id/pulihkan': (w) => ({ url: `/sertifikat/${w.a.certificateId}/pulihkan`, form: {} }),
  'POST /sertifikat/:id/cabut': (w) => ({ url: `/sertifikat/${w.a.certificateId}/cabut`, form: {} }),
  'POST /sertifikat/:id/tinjau': (w) => ({ url: `/sertifikat/${w.a.certificateId}/tinjau`, form: {} }),
  'POST /undangan/:id/terima': (w) => ({ url: `/undangan/${w.a.invitationId}/terima`, form: {} }),
  'POST /undangan/:id/tolak': (w) => ({ url: `/undangan/${w.a.invitationId}/tolak`, form: {} }),
  'POST /admin/kebijakan/json': () => ({ url: '/admin/kebijakan/json', form: {} }),
  'POST /admin/kebijakan/paket': () => ({ url: '/admin/kebijakan/paket', form: {} }),
  'POST /periode/baru': () => ({ url: '/periode/baru', form: {} }),
  'POST /periode/penerimaan': () => ({ url: '/periode/penerimaan', form: {} }),
  'POST /periode/:id': (w) => ({ url: `/periode/${w.a.roundId}`, form: {} }),
  'POST /periode/:id/umumkan/:kind': (w) => ({ url: `/periode/${w.a.pastRoundId}/umumkan/akhir`, form: {} }),
  // A mail that gave up (parked), which is what an admin retries.
  'POST /api/admin/outbox/:id/retry': async (w, t) => {
    await t.dataSource.query(`UPDATE outbox SET status = 'parked', last_error = 'matrix: mailbox full' WHERE id = $1`, [w.a.outboxIds[0]]);
    return { url: `/api/admin/outbox/${w.a.outboxIds[0]}/retry` };
  },
};

/** Everything of agency A's side that B's staff and another applicant must never be shown. */
function sideAMarkers(w: World): string[] {
  const a = w.a;
  return [
    a.agency.id,
    a.outletId,
    a.queuedOutletId,
    a.applicationId,
    a.queuedApplicationId,
    a.certificateId,
    a.spareCertificateId,
    a.certificateNumber,
    a.verificationCode,
    a.owner.id,
    a.owner.email,
    a.agency.admin.email,
    a.agency.officer.email,
    ...a.journalistIds,
    ...a.documentIds,
    ...a.outboxIds,
    a.roundId,
    a.pastRoundId,
    a.rejectedApplicationId,
    a.appealId,
    a.attestationId,
  ];
}

describe('authorization matrix: every route x every role x own/other agency x own/other outlet', () => {
  let t: TestApp;
  let w: World;
  let routes: AppRoute[];
  const actors = (): Record<Caller, Actor | null> => ({
    none: null,
    owner: w.a.owner,
    other: w.b.owner,
    officer: w.a.agency.officer,
    approver: w.a.agency.approver,
    auditor: w.a.agency.auditor,
    admin: w.a.agency.admin,
    officerX: w.b.agency.officer,
    approverX: w.b.agency.approver,
    auditorX: w.b.agency.auditor,
    adminX: w.b.agency.admin,
  });

  beforeAll(async () => {
    t = await startTestApp();
    w = await buildWorld(t);
    routes = appRoutes(t.app);
  }, 120_000);
  afterAll(() => t?.close());

  it('has one row, and one request, for every route the app serves, pages included, and none for a route it does not', () => {
    const served = routes.map((r) => r.key).sort();
    expect(Object.keys(MATRIX).sort()).toEqual(served);
    expect(Object.keys(REQUESTS).sort()).toEqual(served);
    for (const row of Object.values(MATRIX)) expect(row).toHaveLength(CALLERS.length);
  });

  it('agrees with the permission map: no token 401, a role without the permission 403, public routes open', () => {
    const disagreements: string[] = [];
    for (const route of routes) {
      const row = MATRIX[route.key];
      if (!row || !route.rule) continue;
      CALLERS.forEach((caller, i) => {
        const role = ROLE_OF[caller];
        const expected = row[i];
        if (route.rule!.kind === 'public') {
          if (expected === 401 || expected === 403) disagreements.push(`${route.key} is public but ${caller} expects ${expected}`);
          return;
        }
        const allowed = role !== null && roleHas(role, route.rule!.permission);
        if (role === null && expected !== 401) disagreements.push(`${route.key}: no token should be 401, table says ${expected}`);
        if (role !== null && !allowed && expected !== 403) disagreements.push(`${route.key}: ${caller} (${role}) lacks ${route.rule!.permission}, table says ${expected}`);
        if (allowed && expected === 401) disagreements.push(`${route.key}: ${caller} holds ${route.rule!.permission}, table says 401`);
      });
    }
    expect(disagreements).toEqual([]);
  });

  it('never answers 2xx to another agency or another applicant on a route about one agency or outlet', () => {
    // Lists and the caller's own account answer everyone; what they may not do is show A's rows (checked below).
    const ownScoped = new Set([
      'GET /admin/kebijakan',
      'GET /admin/pengaturan',
      'GET /admin/pengaturan/pratinjau.pdf',
      'GET /admin/pengguna',
      'GET /admin/surel',
      'GET /akun',
      'GET /antrean',
      'GET /api/admin/outbox',
      'GET /api/applications',
      'GET /api/audit',
      'GET /api/audit/export',
      'GET /api/audit/verify',
      'GET /api/certificates',
      'GET /api/certificates/export',
      'GET /api/me',
      'GET /api/me/invitations',
      'GET /api/outlets',
      'GET /audit',
      'GET /audit/ekspor',
      'GET /audit/verifikasi',
      'GET /dasbor',
      'GET /media/baru',
      'GET /periode',
      'GET /periode/baru',
      'GET /persetujuan',
      'GET /sertifikat',
      'GET /statistik',
      'GET /sertifikat/ekspor',
      'GET /undangan',
      'PATCH /api/me',
      'POST /api/me/password',
      'POST /api/outlets',
      // The caller's own choice to be told about an agency's rounds.
      'DELETE /api/agencies/:agencyId/round-subscription',
      'GET /api/agencies/:agencyId/round-subscription',
      'POST /instansi/:code/pemberitahuan',
      'PUT /api/agencies/:agencyId/round-subscription',
    ]);
    const leaks: string[] = [];
    for (const route of routes) {
      if (route.rule?.kind !== 'permission' || ownScoped.has(route.key)) continue;
      CALLERS.forEach((caller, i) => {
        if (OTHER_SIDE.includes(caller) && MATRIX[route.key]?.[i] < 300) leaks.push(`${route.key} → ${caller}: ${MATRIX[route.key][i]}`);
      });
    }
    expect(leaks).toEqual([]);
  });

  it('answers each caller as the table says, and shows agency A rows to nobody from the other side', async () => {
    const who = actors();
    const markers = sideAMarkers(w);
    const wrong: string[] = [];
    const checkedLists = new Set<string>();
    const shownToOwnSide = new Set<string>();
    const byKey = new Map(routes.map((r) => [r.key, r]));
    for (const [key, row] of Object.entries(MATRIX)) {
      const route = byKey.get(key);
      const build = REQUESTS[key];
      if (!route || !build) continue;
      for (const [i, caller] of CALLERS.entries()) {
        const call = await build(w, t);
        const pattern = new RegExp(`^${route.path.replace(/:\w+/g, '[^/?]+')}(\\?.*)?$`);
        if (!pattern.test(call.url)) throw new Error(`${route.key}: request ${call.url} does not match the route`);
        let req = t.http()[route.method.toLowerCase() as 'get'](call.url);
        const actor = who[caller];
        // Pages authenticate by the session cookie only, the API by the bearer token only.
        const page = !route.documented && !route.path.startsWith('/api/');
        // A form post gets a session of its own: logging out or changing the password ends sessions.
        const session = actor && page ? await (call.form ? newSession(t, actor) : sessionOf(t, actor)) : undefined;
        if (actor) req = session ? req.set('Cookie', `${SESSION_COOKIE}=${session}`) : req.set(bearer(actor));
        if (call.form) {
          // A logged-in caller's token is its session's; without a session, the anonymous CSRF cookie's.
          const csrf = session ? (await t.app.get(WebSessionsService).find(session))!.csrfToken : 'anon-csrf-token-matrix';
          if (!actor) req = req.set('Cookie', `${ANON_CSRF_COOKIE}=${csrf}`);
          req = req.type('form').send({ ...call.form, [CSRF_FIELD]: csrf });
        } else if (call.upload) {
          for (const [k, v] of Object.entries(call.upload.fields)) req = req.field(k, v);
          req = req.attach('file', call.upload.file, { filename: call.upload.fileName, contentType: call.upload.contentType });
        } else if (call.body) req = req.send(call.body);
        const res = await req.buffer(true).parse(binary);
        const body = res.body as Buffer;
        if (res.status !== row[i]) {
          wrong.push(`${route.key} as ${caller}: expected ${row[i]}, got ${res.status} ${body.toString('utf8').slice(0, 160)}`);
          continue;
        }
        if (res.status >= 300 || route.rule?.kind !== 'permission') continue;
        // A 2xx to the other side: its content (a ZIP's files included) must not hold A's rows.
        const type = String(res.headers['content-type'] ?? '');
        let text = body.toString('utf8');
        if (type.includes('zip')) text = [...(await readZip(body)).entries()].map(([name, content]) => `${name}\n${content.toString('utf8')}`).join('\n');
        const seen = markers.filter((m) => text.includes(m));
        if (!OTHER_SIDE.includes(caller)) {
          if (seen.length) shownToOwnSide.add(key);
          continue;
        }
        if (seen.length) wrong.push(`${route.key} as ${caller} shows agency A's ${seen.join(', ')}`);
        checkedLists.add(route.key);
      }
    }
    expect(wrong).toEqual([]);
    // The lists and exports were answered to the other side, not refused, and the same answers
    // show A's rows to A's own side: so the search for A's rows above could have found them.
    const lists = ['GET /admin/pengguna', 'GET /api/admin/outbox', 'GET /api/applications', 'GET /api/audit', 'GET /api/audit/export', 'GET /api/certificates', 'GET /api/certificates/export', 'GET /api/outlets'];
    expect([...checkedLists].filter((k) => lists.includes(k)).sort()).toEqual(lists);
    expect([...shownToOwnSide].filter((k) => lists.includes(k)).sort()).toEqual(lists);
    // Some 2,500 requests, one after another: the staff console's pages took it past the default minute on a shared machine.
  }, 240_000);
});
