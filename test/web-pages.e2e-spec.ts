import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bearer, createAgency, createApplicant, mailedToken, TEST_PASSWORD, type Actor, type TestAgency } from './support/factories';
import { pdfBytes, windowsExecutable } from './support/files';
import { completeOutletPayload, createCompleteOutlet } from './support/outlets';
import { startTestApp, type TestApp } from './support/test-app';
import { PageClient } from './support/page-client';

describe('web pages: sessions, CSRF, access, errors, language', () => {
  let t: TestApp;
  let agency: TestAgency;
  let owner: Actor;
  let stranger: Actor;
  let outletId: string;

  beforeAll(async () => {
    t = await startTestApp();
    agency = await createAgency(t);
    owner = await createApplicant(t);
    stranger = await createApplicant(t);
    outletId = (await createCompleteOutlet(t, owner)).id;
  });
  afterAll(() => t.close());

  it('serves the home page in Indonesian with a hashed, long-cached stylesheet and a strict CSP', async () => {
    const res = await new PageClient(t).get('/').then((r) => r);
    expect(res.status).toBe(200);
    expect(res.text).toContain('<html lang="id">');
    expect(res.text).toContain('Daftar sebagai media');
    const css = /href="(\/assets\/site\.[0-9a-f]{12}\.css)"/.exec(res.text)![1];
    const asset = await t.http().get(css).expect(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    await t.http().get('/api/agencies').expect(200);
  });

  it('logs in with an HttpOnly, SameSite=Lax session cookie and logs out by deleting the session', async () => {
    const c = new PageClient(t);
    const res = await c.login(owner.email);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/dasbor');
    const cookie = ([] as string[]).concat(res.headers['set-cookie']).find((x) => x.startsWith('mm_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const dash = await c.get('/dasbor');
    expect(dash.status).toBe(200);
    expect(dash.text).toContain('Lensa Jatim');
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM web_sessions s JOIN users u ON u.id = s.user_id WHERE u.email = $1`, [owner.email]);
    expect(n).toBeGreaterThan(0);
    await c.post('/keluar', { _csrf: PageClient.csrf(dash.text) }).then((r) => expect(r.status).toBe(303));
    const after = await c.get('/dasbor');
    expect(after.status).toBe(303);
    expect(after.headers.location).toBe('/masuk?next=%2Fdasbor');
  });

  it('refuses a form posted without its CSRF token, or with another session\'s token', async () => {
    const c = new PageClient(t);
    await c.login(owner.email);
    const res = await c.post('/akun', { name: 'Diganti Tanpa Token', locale: 'id' });
    expect(res.status).toBe(403);
    expect(res.text).toContain('Formulir kedaluwarsa');
    const other = new PageClient(t);
    await other.login(stranger.email);
    const foreign = PageClient.csrf((await other.get('/akun')).text);
    expect((await c.post('/akun', { _csrf: foreign, name: 'Diganti', locale: 'id' })).status).toBe(403);
    const [{ name }] = await t.dataSource.query(`SELECT name FROM users WHERE email = $1`, [owner.email]);
    expect(name).not.toMatch(/Diganti/);
    const crossSite = await t.http().post('/akun').type('form').set('cookie', c.cookieHeader()).set('origin', 'https://evil.example')
      .send({ _csrf: PageClient.csrf((await c.get('/akun')).text), name: 'Evil', locale: 'id' });
    expect(crossSite.status).toBe(403);
  });

  it('answers the 404 page for another outlet\'s pages and an unknown address', async () => {
    const c = new PageClient(t);
    await c.login(stranger.email);
    for (const path of [`/media/${outletId}`, `/media/${outletId}/redaksi`, `/media/${outletId}/dokumen`, `/media/${outletId}/cek`, '/permohonan/00000000-0000-0000-0000-000000000000', '/tidak-ada']) {
      const res = await c.get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(res.text).toContain('Halaman tidak ditemukan');
    }
  });

  it('keeps entered values and shows each error beside its field and in the summary, in the chosen language', async () => {
    const c = new PageClient(t);
    await c.login(owner.email);
    const page = await c.get('/media/baru');
    const res = await c.post('/media/baru', {
      _csrf: PageClient.csrf(page.text),
      legalName: 'PT Uji Halaman',
      brandName: 'U',
      legalForm: 'PT',
      mediaType: 'online',
      taxId: '12-34',
      taxStatus: 'none',
      'pressCouncil.status': 'none',
      'office.street': 'Jl. Pahlawan 1',
      kbliCodes: '63122, 5813',
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Ada yang perlu diperbaiki');
    expect(res.text).toContain('value="PT Uji Halaman"');
    expect(res.text).toContain('href="#f-brandName"');
    expect(res.text).toContain('NPWP harus 15 atau 16 angka');
    expect(res.text).toContain('Isi kota atau kabupaten');
    expect(res.text).toContain('Kode KBLI harus 5 angka masing-masing');
    expect(res.text).toContain('value="63122, 5813"');
    const switched = await c.post('/bahasa', { _csrf: PageClient.csrf(res.text), locale: 'en', next: '/media/baru' });
    expect(switched.headers.location).toBe('/media/baru');
    const [{ locale }] = await t.dataSource.query(`SELECT locale FROM users WHERE email = $1`, [owner.email]);
    expect(locale).toBe('en');
    const english = await c.get('/media/baru');
    expect(english.text).toContain('<html lang="en">');
    expect(english.text).toContain('New outlet profile');
    await c.post('/bahasa', { _csrf: PageClient.csrf(english.text), locale: 'id', next: '/' });
  });

  it('a deactivated user\'s session stops working on the next request', async () => {
    const someone = await createApplicant(t);
    const c = new PageClient(t);
    await c.login(someone.email);
    expect((await c.get('/akun')).status).toBe(200);
    await t.dataSource.query(`UPDATE users SET active = false WHERE id = $1`, [someone.id]);
    expect((await c.get('/akun')).status).toBe(303);
  });

  it('a mailed application link asks for login, then shows the application', async () => {
    const created = await t.http().post('/api/applications').set('Authorization', `Bearer ${owner.token}`).send({ outletId, agencyId: agency.id }).expect(201);
    const c = new PageClient(t);
    const first = await c.get(`/permohonan/${created.body.id}`);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe(`/masuk?next=%2Fpermohonan%2F${created.body.id}`);
    const form = await c.get(first.headers.location);
    expect(form.text).toContain(`name="next" value="/permohonan/${created.body.id}"`);
    const login = await c.post('/masuk', { _csrf: PageClient.csrf(form.text), email: owner.email, password: TEST_PASSWORD, next: `/permohonan/${created.body.id}` });
    expect(login.headers.location).toBe(`/permohonan/${created.body.id}`);
    const page = await c.get(login.headers.location);
    expect(page.status).toBe(200);
    expect(page.text).toContain(created.body.reference);
    const fresh = new PageClient(t);
    const again = await fresh.get('/masuk');
    const offsite = await fresh.post('/masuk', { _csrf: PageClient.csrf(again.text), email: owner.email, password: TEST_PASSWORD, next: '//evil.example/x' });
    expect(offsite.headers.location).toBe('/dasbor');
  });

  it('edits and removes a journalist through the roster pages, with confirmation', async () => {
    const c = new PageClient(t);
    await c.login(owner.email);
    const roster = await c.get(`/media/${outletId}/redaksi`);
    const editHref = /href="(\/media\/[^"]+\/redaksi\/[0-9a-f-]+\/ubah)"/.exec(roster.text)![1];
    const form = await c.get(editHref);
    expect(form.text).toMatch(/name="nik" type="text" value="\d{16}"/);
    const saved = await c.post(editHref, {
      _csrf: PageClient.csrf(form.text),
      name: 'Bambang Sutrisno, S.Sos.',
      nik: /name="nik" type="text" value="(\d{16})"/.exec(form.text)![1],
      position: 'chief_editor',
      'competency.level': 'utama',
      'competency.certificateNumber': '10001-PWI/WU/DP/2015',
      'competency.issuer': 'PWI',
      'competency.issuedOn': '2015-06-01',
    });
    expect(saved.headers.location).toBe(`/media/${outletId}/redaksi?flash=journalistSaved`);
    const after = await c.get(saved.headers.location);
    expect(after.text).toContain('Bambang Sutrisno, S.Sos.');
    expect(after.text).toContain('Data wartawan disimpan.');
    const removeHref = [...after.text.matchAll(/href="(\/media\/[^"]+\/redaksi\/[0-9a-f-]+\/hapus)"/g)].map((m) => m[1]).pop()!;
    const confirm = await c.get(removeHref);
    expect(confirm.text).toContain('Ya, hapus');
    const removed = await c.post(removeHref, { _csrf: PageClient.csrf(confirm.text) });
    expect(removed.headers.location).toBe(`/media/${outletId}/redaksi?flash=journalistRemoved`);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM journalists WHERE outlet_id = $1`, [outletId]);
    expect(n).toBe(2);
  });

  it("shows on the pre-check the outlet's application already open at that agency, and nothing of another owner's outlet", async () => {
    const outlet = await createCompleteOutlet(t, owner);
    const c = new PageClient(t);
    await c.login(owner.email);
    const check = `/media/${outlet.id}/cek?instansi=${encodeURIComponent(agency.code)}`;
    expect((await c.get(check)).text).not.toContain('Sudah ada permohonan yang berjalan');
    const draft = await t.http().post('/api/applications').set('Authorization', `Bearer ${owner.token}`).send({ outletId: outlet.id, agencyId: agency.id }).expect(201);
    const page = (await c.get(check)).text;
    expect(page).toContain('Sudah ada permohonan yang berjalan ke instansi ini:');
    expect(page).toContain(`<a href="/permohonan/${draft.body.id}">${draft.body.reference}</a>`);
    const stranger = await createApplicant(t);
    const other = new PageClient(t);
    await other.login(stranger.email);
    expect((await other.get(check)).status).toBe(404);
  });

  it('when someone else acted first, says so and shows the current state; withdraws after confirmation', async () => {
    const second = await createCompleteOutlet(t, owner);
    const draft = await t.http().post('/api/applications').set('Authorization', `Bearer ${owner.token}`).send({ outletId: second.id, agencyId: agency.id }).expect(201);
    const c = new PageClient(t);
    await c.login(owner.email);
    const review = await c.get(`/permohonan/${draft.body.id}/ajukan`);
    expect(review.text).toContain('Ajukan permohonan');
    // A co-owner (here: the API) submits first; the page still holds version 1.
    await t.http().post(`/api/applications/${draft.body.id}/actions`).set('Authorization', `Bearer ${owner.token}`).send({ action: 'submit', version: 1 }).expect(200);
    const stale = await c.post(`/permohonan/${draft.body.id}/ajukan`, { _csrf: PageClient.csrf(review.text), version: '1' });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('baru saja diubah oleh orang lain');
    expect(stale.text).toContain('Diajukan');
    const confirm = await c.get(`/permohonan/${draft.body.id}/tarik`);
    expect(confirm.text).toContain('Ya, tarik permohonan');
    const withdrawn = await c.post(`/permohonan/${draft.body.id}/tarik`, { _csrf: PageClient.csrf(confirm.text), version: /name="version" value="(\d+)"/.exec(confirm.text)![1] });
    expect(withdrawn.headers.location).toBe(`/permohonan/${draft.body.id}?flash=withdrawn`);
    const api = await t.http().get(`/api/applications/${draft.body.id}`).set('Authorization', `Bearer ${owner.token}`).expect(200);
    expect(api.body.status).toBe('withdrawn');
  });

  it('downloads a document through the page session with the stored bytes', async () => {
    const c = new PageClient(t);
    await c.login(owner.email);
    const docs = await c.get(`/media/${outletId}/dokumen`);
    const href = /href="(\/dokumen\/[0-9a-f-]+)"/.exec(docs.text)![1];
    const file = await t.http().get(href).set('cookie', c.cookieHeader()).buffer(true).expect(200);
    expect(file.headers['x-content-sha256']).toMatch(/^[0-9a-f]{64}$/);
    expect(docs.text).toContain(file.headers['x-content-sha256']);
    const strangerClient = new PageClient(t);
    await strangerClient.login(stranger.email);
    expect((await strangerClient.get(href)).status).toBe(404);
  });

  it('changes the password on the account page and ends the other browsers\' sessions', async () => {
    const someone = await createApplicant(t);
    const here = new PageClient(t);
    const elsewhere = new PageClient(t);
    await here.login(someone.email);
    await elsewhere.login(someone.email);
    const account = await here.get('/akun');
    const wrong = await here.post('/akun/sandi', { _csrf: PageClient.csrf(account.text), currentPassword: 'not-my-password', newPassword: 'a-new-password-1', newPasswordConfirm: 'a-new-password-1' });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('Kata sandi sekarang salah');
    const ok = await here.post('/akun/sandi', { _csrf: PageClient.csrf(account.text), currentPassword: TEST_PASSWORD, newPassword: 'a-new-password-1', newPasswordConfirm: 'a-new-password-1' });
    expect(ok.headers.location).toBe('/akun?flash=passwordChanged');
    expect((await here.get('/akun')).status).toBe(200);
    expect((await elsewhere.get('/akun')).status).toBe(303);
    await t.http().post('/api/auth/login').send({ email: someone.email, password: 'a-new-password-1' }).expect(200);
  });

  it('invites a co-owner from the outlet\'s page; the invitee accepts on theirs and only then sees the outlet', async () => {
    const own = await createCompleteOutlet(t, owner);
    const invitee = await createApplicant(t);
    const o = new PageClient(t);
    await o.login(owner.email);
    const page = await o.get(`/media/${own.id}/pemilik`);
    const bad = await o.post(`/media/${own.id}/pemilik`, { _csrf: PageClient.csrf(page.text), email: 'not-an-address' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('value="not-an-address"');
    const sent = await o.post(`/media/${own.id}/pemilik`, { _csrf: PageClient.csrf(page.text), email: invitee.email });
    expect(sent.headers.location).toBe(`/media/${own.id}/pemilik?flash=invited`);
    expect((await o.get(sent.headers.location)).text).toContain(invitee.email);

    const i = new PageClient(t);
    await i.login(invitee.email);
    expect((await i.get(`/media/${own.id}`)).status).toBe(404);
    const dash = await i.get('/dasbor');
    expect(dash.text).toContain('mengundang Anda menjadi pemilik bersama');
    const list = await i.get('/undangan');
    const accept = /action="(\/undangan\/[0-9a-f-]+\/terima)"/.exec(list.text)![1];
    const accepted = await i.post(accept, { _csrf: PageClient.csrf(list.text) });
    expect(accepted.headers.location).toBe(`/media/${own.id}?flash=invitationAccepted`);
    expect((await i.get(`/media/${own.id}`)).status).toBe(200);
  });

  it('forgot password: the same answer for any address; the mailed link sets a new password and ends every session', async () => {
    const someone = await createApplicant(t);
    const browser = new PageClient(t);
    await browser.login(someone.email);
    expect((await browser.get('/akun')).status).toBe(200);
    const c = new PageClient(t);
    const form = await c.get('/lupa-sandi');
    const known = await c.post('/lupa-sandi', { _csrf: PageClient.csrf(form.text), email: someone.email });
    const unknown = await c.post('/lupa-sandi', { _csrf: PageClient.csrf(form.text), email: 'nobody-here@factory.test' });
    expect(known.status).toBe(200);
    expect(unknown.text.replace('nobody-here@factory.test', someone.email)).toBe(known.text);
    const token = await mailedToken(t, someone.email, 'password_reset');
    expect((await c.get('/reset-password?token=made-up')).text).toContain('Tautan tidak berlaku');
    const page = await c.get(`/reset-password?token=${token}`);
    const short = await c.post('/reset-password', { _csrf: PageClient.csrf(page.text), token, password: 'short', passwordConfirm: 'short' });
    expect(short.status).toBe(400);
    expect(short.text).toContain('Kata sandi paling sedikit 10 karakter');
    const done = await c.post('/reset-password', { _csrf: PageClient.csrf(page.text), token, password: 'brand-new-password', passwordConfirm: 'brand-new-password' });
    expect(done.headers.location).toBe('/masuk?flash=passwordReset');
    expect((await browser.get('/akun')).status).toBe(303);
    expect((await c.login(someone.email, 'brand-new-password')).headers.location).toBe('/dasbor');
    expect((await c.get(`/reset-password?token=${token}`)).text).toContain('Tautan tidak berlaku');
  });

  it('an unconfirmed address cannot submit: the page says why and offers the link again; the mailed link confirms', async () => {
    const fresh = await createApplicant(t, 'id', { confirmEmail: false });
    const { id } = await createCompleteOutlet(t, fresh);
    const draft = await t.http().post('/api/applications').set('Authorization', `Bearer ${fresh.token}`).send({ outletId: id, agencyId: agency.id }).expect(201);
    const c = new PageClient(t);
    await c.login(fresh.email);
    expect((await c.get('/dasbor')).text).toContain('Konfirmasi alamat surel Anda');
    const review = await c.get(`/permohonan/${draft.body.id}/ajukan`);
    const refused = await c.post(`/permohonan/${draft.body.id}/ajukan`, { _csrf: PageClient.csrf(review.text), version: '1' });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('Kirim ulang tautan konfirmasi');
    const resent = await c.post('/akun/kirim-konfirmasi', { _csrf: PageClient.csrf(refused.text), next: `/permohonan/${draft.body.id}` });
    expect(resent.headers.location).toMatch(new RegExp(`^/permohonan/${draft.body.id}\\?flash=confirmation(Sent|TooSoon)$`));
    const token = await mailedToken(t, fresh.email, 'email_confirmation');
    const confirmPage = await c.get(`/confirm-email?token=${token}`);
    expect(confirmPage.status).toBe(200);
    const confirmed = await c.post('/confirm-email', { _csrf: PageClient.csrf(confirmPage.text), token });
    expect(confirmed.text).toContain('Alamat surel terkonfirmasi');
    const submitted = await c.post(`/permohonan/${draft.body.id}/ajukan`, { _csrf: PageClient.csrf(confirmed.text), version: '1' });
    expect(submitted.headers.location).toBe(`/permohonan/${draft.body.id}?flash=submitted`);
  });

  it('lists the documents a chosen agency still needs, each linking to the upload form with its type chosen', async () => {
    // Lampung Selatan's pack asks for six documents and one of two tax papers.
    const selatan = await createAgency(t, { province: 'Lampung' });
    await t.http().put(`/api/agencies/${selatan.id}/policy`).set(bearer(selatan.admin)).send({ shippedPack: 'lampung-selatan' }).expect(200);
    const bare = (await t.http().post('/api/outlets').set(bearer(owner)).send(completeOutletPayload()).expect(201)).body.id as string;
    const c = new PageClient(t);
    await c.login(owner.email);
    const unescape = (s: string) => s.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
    const missing = (html: string) => {
      const list = /<ul class="missing-documents">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '';
      return [...list.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => [...m[1].matchAll(/href="([^"]+)"/g)].map((h) => unescape(h[1])));
    };
    const linkFor = (type: string) => `/media/${bare}/dokumen?jenis=${type}&instansi=${selatan.code}#f-file`;

    const chooser = await c.get(`/media/${bare}/dokumen`);
    expect(chooser.text).toContain('<label for="f-instansi">Instansi tujuan</label>');
    expect(missing(chooser.text)).toEqual([]);

    const page = await c.get(`/media/${bare}/dokumen?instansi=${selatan.code}`);
    expect(page.status).toBe(200);
    expect(missing(page.text)).toEqual([
      ...['deed', 'ministry_decree', 'tax_id', 'business_id', 'office_sign_photo', 'masthead'].map((type) => [linkFor(type)]),
      [linkFor('annual_tax_return'), linkFor('tax_clearance_letter')],
    ]);
    expect(page.text).toContain('Salah satu dari:');

    const form = await c.get(`/media/${bare}/dokumen?jenis=deed&instansi=${selatan.code}`);
    expect(form.text).toMatch(/<option value="deed" selected>/);
    expect(form.text).toContain(`<input type="hidden" name="instansi" value="${selatan.code}">`);
    const upload = (type: string) =>
      t.http().post(`/media/${bare}/dokumen`).set('accept', 'text/html').set('cookie', c.cookieHeader())
        .field('_csrf', PageClient.csrf(form.text)).field('instansi', selatan.code).field('type', type)
        .attach('file', pdfBytes(), { filename: `${type}.pdf`, contentType: 'application/pdf' });
    const done = await upload('deed');
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe(`/media/${bare}/dokumen?flash=documentUploaded&instansi=${encodeURIComponent(selatan.code)}`);
    await upload('tax_clearance_letter').expect(303);

    const after = await c.get(done.headers.location);
    expect(missing(after.text)).toEqual(['ministry_decree', 'tax_id', 'business_id', 'office_sign_photo', 'masthead'].map((type) => [linkFor(type)]));
    expect(after.text).not.toContain('Salah satu dari:');
    for (const type of ['ministry_decree', 'tax_id', 'business_id', 'office_sign_photo', 'masthead']) await upload(type).expect(303);
    const complete = await c.get(`/media/${bare}/dokumen?instansi=${selatan.code}`);
    expect(missing(complete.text)).toEqual([]);
    expect(complete.text).toContain(`Semua dokumen yang diminta Diskominfo Uji ${selatan.code} sudah diunggah.`);
  });

  it('shows public agency requirements in words with citations', async () => {
    const res = await new PageClient(t).get(`/instansi/${agency.code}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('UU 40/1999');
    expect(res.text).toContain('Kompetensi pemimpin redaksi');
  });
});

describe('web pages: document upload limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ UPLOAD_MAX_BYTES: '2000' });
  });
  afterAll(() => t.close());

  it('shows a too-large file and a wrong type beside the file field, and without the CSRF field refuses the upload', async () => {
    const owner = await createApplicant(t);
    const outletId = (await t.http().post('/api/outlets').set('Authorization', `Bearer ${owner.token}`).send(completeOutletPayload()).expect(201)).body.id as string;
    const c = new PageClient(t);
    await c.login(owner.email);
    const page = await c.get(`/media/${outletId}/dokumen`);
    const csrf = PageClient.csrf(page.text);
    const upload = (fields: Record<string, string>, file: Buffer, name: string, type: string) => {
      let req = t.http().post(`/media/${outletId}/dokumen`).set('accept', 'text/html').set('cookie', c.cookieHeader());
      for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
      return req.attach('file', file, { filename: name, contentType: type });
    };
    const big = await upload({ _csrf: csrf, type: 'deed' }, Buffer.concat([pdfBytes(), Buffer.alloc(5000, 32)]), 'akta.pdf', 'application/pdf');
    expect(big.status).toBe(400);
    expect(big.text).toContain('id="f-file-error"');
    expect(big.text).toContain('Berkas terlalu besar');
    const exe = await upload({ _csrf: csrf, type: 'deed' }, windowsExecutable(), 'akta.pdf', 'application/pdf');
    expect(exe.status).toBe(400);
    expect(exe.text).toContain('Berkas harus PDF, JPEG atau PNG');
    const noToken = await upload({ type: 'deed' }, pdfBytes(), 'akta.pdf', 'application/pdf');
    expect(noToken.status).toBe(403);
    const ok = await upload({ _csrf: csrf, type: 'deed' }, pdfBytes(), 'akta.pdf', 'application/pdf');
    expect(ok.status).toBe(303);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM documents WHERE outlet_id = $1`, [outletId]);
    expect(n).toBe(1);
  });
});
