import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SHIPPED_PACKS } from '../src/requirements/packs/shipped-packs';
import { createAgency, type TestAgency } from './support/factories';
import { startTestApp, type TestApp } from './support/test-app';
import { PageClient } from './support/page-client';
import { ROUND_2027 } from './support/rounds';

/** Text of the page without tags, for asserting what a reader sees. */
const visible = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/&gt;/g, '>')
    .replace(/\s+/g, ' ');

describe('staff pages: requirement policy and registration rounds', () => {
  let t: TestApp;
  let agency: TestAgency;
  let admin: PageClient;

  beforeAll(async () => {
    // 09:00 WIB on 25 January 2027: the provisional result of a January round is due today.
    t = await startTestApp({}, { clock: '2027-01-25T02:00:00Z' });
    agency = await createAgency(t);
    admin = await PageClient.as(t, agency.admin.email);
  });
  afterAll(() => t?.close());

  describe('/admin/kebijakan', () => {
    it('shows the pack in force in words, with its citations and the unverified ones marked', async () => {
      const res = await admin.get('/admin/kebijakan');
      expect(res.status).toBe(200);
      const text = visible(res.text);
      expect(text).toContain(SHIPPED_PACKS.default.name);
      expect(text).toContain('UU 40/1999 tentang Pers Pasal 9 ayat (2)');
      const unverified = SHIPPED_PACKS.default.rules.filter((r) => !r.citationVerified).length;
      expect(text).toContain(`${unverified} rujukan dalam paket ini belum diperiksa`);
      expect(text.match(/rujukan pasal belum diperiksa terhadap naskah resmi/g)).toHaveLength(unverified);
      // The paste box starts with the pack in force, to edit from.
      expect(res.text).toContain('&quot;chief-editor-competency&quot;');
    });

    it("is the admin's: an officer is refused, a visitor is sent to log in", async () => {
      const officer = await PageClient.as(t, agency.officer.email);
      expect((await officer.get('/admin/kebijakan')).status).toBe(403);
      const visitor = await new PageClient(t).get('/admin/kebijakan');
      expect([visitor.status, visitor.headers.location]).toEqual([303, '/masuk?next=%2Fadmin%2Fkebijakan']);
    });

    it('refuses a pasted pack with each error at its field path, keeps what was typed, and publishes nothing', async () => {
      const pack = JSON.parse(JSON.stringify(SHIPPED_PACKS.kaltim)) as { rules: { params: Record<string, unknown>; severity: string }[] };
      pack.rules[2].params.minYears = 'dua';
      pack.rules[0].severity = 'sometimes';
      const json = JSON.stringify(pack, null, 2);
      const res = await admin.submit('/admin/kebijakan', '/admin/kebijakan/json', { packJson: json, jsonNote: 'uji' });
      expect(res.status).toBe(422);
      const text = visible(res.text);
      expect(text).toContain('rules[2].params.minYears: must be an integer from 1 to 100');
      expect(text).toContain('rules[0].severity: must be one of blocking, review');
      expect(res.text).toContain('&quot;dua&quot;');
      expect(res.text).toMatch(/<textarea[^>]+aria-invalid="true"/);
      const [{ n }] = (await t.dataSource.query(`SELECT count(*)::int AS n FROM requirement_policies WHERE agency_id = $1`, [agency.id])) as { n: number }[];
      expect(n).toBe(1);
    });

    it('says when the pasted text is not JSON at all', async () => {
      const res = await admin.submit('/admin/kebijakan', '/admin/kebijakan/json', { packJson: '{ "name": ', jsonNote: '' });
      expect(res.status).toBe(400);
      expect(visible(res.text)).toContain('Bukan JSON yang sah');
    });

    it('asks for a shipped pack when none is chosen', async () => {
      const res = await admin.submit('/admin/kebijakan', '/admin/kebijakan/paket', { shippedPack: '', note: '' });
      expect(res.status).toBe(400);
      expect(visible(res.text)).toContain('Pilih salah satu paket bawaan.');
    });

    it('switches to a shipped pack, lists it in the history with who published it, and words the difference', async () => {
      const res = await admin.submit('/admin/kebijakan', '/admin/kebijakan/paket', { shippedPack: 'kaltim', note: 'SK Kepala Dinas 12/2027' });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/admin/kebijakan?flash=published');
      const page = visible((await admin.get('/admin/kebijakan?flash=published')).text);
      expect(page).toContain('Versi kebijakan baru diterbitkan');
      expect(page).toContain('Pergub Kaltim 49/2024 Pasal 8 ayat (1) huruf f');
      expect(page).toContain(`admin ${agency.code}`);
      // When it was published is the app's time (the clock), as every date the service decides.
      expect(page).toContain('25 Januari 2027 pukul 09.00 WIB');
      expect(page).toContain('SK Kepala Dinas 12/2027');
      const diff = visible((await admin.get('/admin/kebijakan?dari=1&ke=2')).text);
      expect(diff).toContain('Perbedaan versi 1 ke versi 2');
      expect(diff).toMatch(/Syarat yang ditambahkan.*Usia perusahaan \(wajib\): Perusahaan berdiri paling sedikit 2 tahun.*Syarat yang dihapus.*Syarat yang diubah/);
      expect(diff).toContain('params.minStatus : factual → administrative');
      expect(diff).toContain('Sifat syarat : wajib → dinilai petugas');
    });

    it('publishes a valid pasted pack as the next version', async () => {
      const pack = JSON.parse(JSON.stringify(SHIPPED_PACKS.kaltim)) as { name: string; rules: { id: string; params: Record<string, unknown> }[] };
      pack.name = 'Pergub Kaltim 49/2024 (usia media 3 tahun)';
      pack.rules.find((r) => r.id === 'outlet-age')!.params.minYears = 3;
      const res = await admin.submit('/admin/kebijakan', '/admin/kebijakan/json', { packJson: JSON.stringify(pack), jsonNote: '' });
      expect(res.status).toBe(303);
      const diff = visible((await admin.get('/admin/kebijakan?dari=2&ke=3')).text);
      expect(diff).toContain('params.minYears : 2 → 3');
      expect(diff).toContain('Nama paket : Pergub Kaltim 49/2024 → Pergub Kaltim 49/2024 (usia media 3 tahun)');
    });
  });

  describe('/periode', () => {
    // The form's fields: the same round, every value as the browser posts it.
    const dates = { ...ROUND_2027, budgetYear: '2027', name: 'Periode Pendaftaran 2027', validity: 'year_end', validityMonths: '' };
    let roundId: string;

    it('shows the intake, and the admin switches it to rounds', async () => {
      expect(visible((await admin.get('/periode')).text)).toContain('menerima permohonan sepanjang tahun');
      const res = await admin.submit('/periode', '/periode/penerimaan', { intake: 'rounds' });
      expect(res.status).toBe(303);
      expect(visible((await admin.get('/periode?flash=intakeChanged')).text)).toContain('hanya dalam periode pendaftaran');
    });

    it('refuses dates out of order with the message beside the field, keeping what was typed', async () => {
      const res = await admin.submit('/periode/baru', '/periode/baru', { ...dates, verificationUntil: '2027-01-10', appealClosesOn: '', validity: 'months', validityMonths: '99' });
      expect(res.status).toBe(400);
      const text = visible(res.text);
      expect(text).toContain('Jumlah bulan antara 1 dan 60');
      expect(res.text).toContain('value="2027-01-10"');
      const fixed = await admin.submit('/periode/baru', '/periode/baru', { ...dates, verificationUntil: '2027-01-10', appealClosesOn: '' });
      expect(fixed.status).toBe(400);
      expect(visible(fixed.text)).toContain('Verifikasi tidak boleh selesai sebelum pendaftaran ditutup');
      expect(visible(fixed.text)).toContain('Isi kedua tanggal sanggah atau kosongkan keduanya');
      expect(fixed.text).toMatch(/id="f-verificationUntil-error"/);
    });

    it('creates a round and lists it with its dates and state', async () => {
      const res = await admin.submit('/periode/baru', '/periode/baru', dates);
      expect(res.status).toBe(303);
      roundId = /\/periode\/([0-9a-f-]{36})\?flash=created/.exec(res.headers.location)![1];
      const list = visible((await admin.get('/periode')).text);
      expect(list).toContain('Periode Pendaftaran 2027');
      expect(list).toContain('7 Januari 2027 s.d. 11 Januari 2027');
      expect(list).toContain('Verifikasi');
      const page = visible((await admin.get(`/periode/${roundId}?flash=created`)).text);
      expect(page).toContain('sampai 31 Desember 2027');
      expect(page).toContain('Ubah tanggal periode');
      // The admin does not announce.
      expect(page).not.toContain('Terbitkan pengumuman sementara');
    });

    it('refuses an overlapping round beside its registration date', async () => {
      const res = await admin.submit('/periode/baru', '/periode/baru', { ...dates, name: 'Periode Tumpuk', registrationOpensOn: '2027-01-10' });
      expect(res.status).toBe(409);
      expect(visible(res.text)).toContain('bertumpuk dengan periode lain');
    });

    it('edits the dates, and a stale form says someone else changed the round', async () => {
      const page = (await admin.get(`/periode/${roundId}`)).text;
      const version = /name="version" value="(\d+)"/.exec(page)![1];
      const saved = await admin.submit(`/periode/${roundId}`, `/periode/${roundId}`, { ...dates, validity: 'months', validityMonths: '12', version });
      expect(saved.status).toBe(303);
      expect(visible((await admin.get(`/periode/${roundId}`)).text)).toContain('12 bulan sejak terbit');
      const stale = await admin.submit(`/periode/${roundId}`, `/periode/${roundId}`, { ...dates, version });
      expect(stale.status).toBe(409);
      expect(visible(stale.text)).toContain('baru saja diubah orang lain');
    });

    it('lets the approver publish the provisional result after a confirmation, then shows the PDF hash and the public links', async () => {
      const approver = await PageClient.as(t, agency.approver.email);
      const page = (await approver.get(`/periode/${roundId}`)).text;
      expect(page).toContain(`href="/periode/${roundId}/umumkan/sementara"`);
      expect(page).not.toContain('Ubah tanggal periode');
      const confirm = await approver.get(`/periode/${roundId}/umumkan/sementara`);
      expect(visible(confirm.text)).toContain('tidak dapat ditarik kembali');
      const res = await approver.submit(`/periode/${roundId}/umumkan/sementara`, `/periode/${roundId}/umumkan/sementara`, {});
      expect(res.status).toBe(303);
      const after = (await approver.get(res.headers.location)).text;
      expect(visible(after)).toContain('Pengumuman sementara diterbitkan');
      const sha = /data-sha256>([0-9a-f]{64})</.exec(after)![1];
      const pdf = await t.http().get(`/api/public/rounds/${roundId}/announcements/provisional.pdf`).buffer(true).expect(200);
      expect(createHash('sha256').update(pdf.body as Buffer).digest('hex')).toBe(sha);
      expect(after).toContain(`href="/instansi/${agency.code}"`);
      // Published once: the button is gone, and the final one waits for its date.
      expect(after).not.toContain('/umumkan/sementara"');
      const again = await approver.submit(`/periode/${roundId}`, `/periode/${roundId}/umumkan/akhir`, {});
      expect(again.status).toBe(422);
      expect(visible(again.text)).toContain('belum boleh diterbitkan sebelum tanggalnya');
    });

    it('reads in English after the language switch, the worded difference included', async () => {
      const english = await PageClient.as(t, agency.admin.email);
      expect((await english.submit('/periode', '/bahasa', { locale: 'en', next: '/periode' })).status).toBe(303);
      const rounds = visible((await english.get('/periode')).text);
      expect(rounds).toContain('This agency takes applications only in registration rounds.');
      expect(visible((await english.get(`/periode/${roundId}`)).text)).toContain("The PDF's SHA-256:");
      const policy = visible((await english.get('/admin/kebijakan?dari=1&ke=2')).text);
      expect(policy).toContain('Difference from version 1 to version 2');
      expect(policy).toContain('Kind of requirement : mandatory → judged by an officer');
      expect((await english.submit('/periode', '/bahasa', { locale: 'id', next: '/periode' })).status).toBe(303);
    });

    it("answers another agency's staff with the 404 page", async () => {
      const other = await createAgency(t);
      const stranger = await PageClient.as(t, other.admin.email);
      expect((await stranger.get(`/periode/${roundId}`)).status).toBe(404);
      expect(visible((await stranger.get('/periode')).text)).not.toContain('Periode Pendaftaran 2027');
    });
  });
});
