import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bearer, createAgency, createApplicant, type Actor, type TestAgency } from './support/factories';
import { pdfBytes, pngBytes, windowsExecutable } from './support/files';
import { completeOutletPayload, createCompleteOutlet, nik, uploadDocument } from './support/outlets';
import { startTestApp, type TestApp } from './support/test-app';

describe('outlets, rosters and documents', () => {
  let t: TestApp;
  let owner: Actor;
  let stranger: Actor;
  let agency: TestAgency;

  beforeAll(async () => {
    t = await startTestApp({ UPLOAD_MAX_BYTES: String(64 * 1024) }, { captureLogs: true });
    owner = await createApplicant(t);
    stranger = await createApplicant(t);
    agency = await createAgency(t);
  });
  afterAll(() => t.close());

  it('creates an outlet owned by its creator; another applicant and staff get 404', async () => {
    const res = await t.http().post('/api/outlets').set(bearer(owner)).send(completeOutletPayload()).expect(201);
    expect(res.body).toMatchObject({ legalName: 'PT Lensa Jatim Media', owned: true, pressCouncil: { status: 'factual' } });
    expect(res.body.owners.map((o: { id: string }) => o.id)).toEqual([owner.id]);
    await t.http().get(`/api/outlets/${res.body.id}`).set(bearer(stranger)).expect(404);
    await t.http().get(`/api/outlets/${res.body.id}`).set(bearer(agency.officer)).expect(404);
    await t.http().patch(`/api/outlets/${res.body.id}`).set(bearer(stranger)).send({ brandName: 'Hijacked' }).expect(404);
    const mine = await t.http().get('/api/outlets').set(bearer(owner)).expect(200);
    expect(mine.body.map((o: { id: string }) => o.id)).toContain(res.body.id);
    const theirs = await t.http().get('/api/outlets').set(bearer(stranger)).expect(200);
    expect(theirs.body.map((o: { id: string }) => o.id)).not.toContain(res.body.id);
  });

  it('validates fields with clear messages', async () => {
    const res = await t
      .http()
      .post('/api/outlets')
      .set(bearer(owner))
      .send(
        completeOutletPayload({
          taxId: '12345',
          businessId: '12',
          legalForm: 'firma',
          establishedOn: '2999-01-01',
          mediaType: 'podcast',
          office: { street: '', city: 'Surabaya' },
        }),
      )
      .expect(400);
    expect(res.body.code).toBe('REQUEST.VALIDATION');
    expect(res.body.errors).toMatchObject({
      taxId: expect.stringMatching(/15 or 16 digits/),
      businessId: expect.stringMatching(/13 digits/),
      legalForm: expect.any(String),
      establishedOn: expect.stringMatching(/future/),
      mediaType: expect.any(String),
      'office.street': expect.any(String),
      'office.province': expect.any(String),
    });
  });

  it('accepts NPWP typed with dots and dashes, and an outlet without an office', async () => {
    const res = await t
      .http()
      .post('/api/outlets')
      .set(bearer(owner))
      .send(completeOutletPayload({ taxId: '01.234.567.8-901.234', office: null }))
      .expect(201);
    expect(res.body.taxId).toBe('012345678901234');
    expect(res.body.office).toBeNull();
  });

  describe('roster', () => {
    let outletId: string;
    beforeAll(async () => {
      outletId = (await t.http().post('/api/outlets').set(bearer(owner)).send(completeOutletPayload()).expect(201)).body.id;
    });

    it('stores NIK encrypted, shows it to the owner, masks it for staff, and never logs it', async () => {
      const theNik = nik();
      const added = await t
        .http()
        .post(`/api/outlets/${outletId}/journalists`)
        .set(bearer(owner))
        .send({
          name: 'Dewi Lestari',
          nik: theNik,
          position: 'editor',
          competency: { level: 'madya', certificateNumber: '555-PWI/WM/2019', issuer: 'PWI', issuedOn: '2019-01-01' },
        })
        .expect(201);
      expect(added.body.nik).toBe(theNik);
      expect(added.body.nikMasked).toBe(`************${theNik.slice(-4)}`);
      const [row] = (await t.dataSource.query(`SELECT * FROM journalists WHERE id = $1`, [added.body.id])) as Record<string, string>[];
      expect(JSON.stringify(row)).not.toContain(theNik);
      expect(row.nik_encrypted).toMatch(/^v1:t1:/);

      // Staff see the roster only once the outlet has submitted to their agency; then masked.
      await t.dataSource.query(
        `INSERT INTO applications (reference, outlet_id, agency_id, status, outlet_name, created_by) VALUES ($1, $2, $3, 'submitted', 'x', $4)`,
        [`T-${Date.now()}`, outletId, agency.id, owner.id],
      );
      const staffView = await t.http().get(`/api/outlets/${outletId}/journalists`).set(bearer(agency.officer)).expect(200);
      const j = staffView.body.find((x: { id: string }) => x.id === added.body.id);
      expect(j.nik).toBe(`************${theNik.slice(-4)}`);
      expect(JSON.stringify(staffView.body)).not.toContain(theNik);
      const audit = await t.dataSource.query(`SELECT summary, data FROM audit_events`);
      expect(JSON.stringify(audit)).not.toContain(theNik);
      // The app logged these requests at trace level, and still nowhere the NIK.
      expect(t.logs()).toContain(`/api/outlets/${outletId}/journalists`);
      expect(t.logs()).not.toContain(theNik);
    });

    it('refuses a malformed NIK and a NIK already on the roster', async () => {
      const bad = await t.http().post(`/api/outlets/${outletId}/journalists`).set(bearer(owner)).send({ name: 'X Y', nik: '123', position: 'reporter' }).expect(400);
      expect(bad.body.errors.nik).toMatch(/16 digits/);
      const theNik = nik();
      await t.http().post(`/api/outlets/${outletId}/journalists`).set(bearer(owner)).send({ name: 'A B', nik: theNik, position: 'reporter' }).expect(201);
      const dup = await t.http().post(`/api/outlets/${outletId}/journalists`).set(bearer(owner)).send({ name: 'A C', nik: theNik, position: 'editor' }).expect(409);
      expect(dup.body.code).toBe('JOURNALIST.DUPLICATE_NIK');
    });

    it('updates and removes journalists; strangers cannot', async () => {
      const j = await t.http().post(`/api/outlets/${outletId}/journalists`).set(bearer(owner)).send({ name: 'Temp', nik: nik(), position: 'reporter' }).expect(201);
      const up = await t
        .http()
        .patch(`/api/outlets/${outletId}/journalists/${j.body.id}`)
        .set(bearer(owner))
        .send({ position: 'editor', competency: { level: 'madya', certificateNumber: 'C-1', issuer: 'PWI', issuedOn: '2021-01-01', revoked: true } })
        .expect(200);
      expect(up.body).toMatchObject({ position: 'editor', competency: { level: 'madya', revoked: true } });
      await t.http().delete(`/api/outlets/${outletId}/journalists/${j.body.id}`).set(bearer(stranger)).expect(404);
      await t.http().delete(`/api/outlets/${outletId}/journalists/${j.body.id}`).set(bearer(owner)).expect(204);
      await t.http().delete(`/api/outlets/${outletId}/journalists/${j.body.id}`).set(bearer(owner)).expect(404);
    });
  });

  describe('documents', () => {
    let outletId: string;
    beforeAll(async () => {
      outletId = (await t.http().post('/api/outlets').set(bearer(owner)).send(completeOutletPayload()).expect(201)).body.id;
    });

    it('accepts a PDF, keeps its SHA-256, and serves it back byte for byte with a safe name', async () => {
      const bytes = pdfBytes('akta');
      const res = await uploadDocument(t, owner, outletId, 'deed', bytes, '../../Akta Pendirian (PT)!.pdf').expect(201);
      expect(res.body).toMatchObject({ type: 'deed', mimeType: 'application/pdf', size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
      const dl = await t.http().get(`/api/documents/${res.body.id}/content`).set(bearer(owner)).buffer(true).parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      }).expect(200);
      expect(Buffer.compare(dl.body as Buffer, bytes)).toBe(0);
      expect(dl.headers['content-type']).toBe('application/pdf');
      expect(dl.headers['content-disposition']).toBe('attachment; filename="Akta-Pendirian-PT.pdf"');
      await t.http().get(`/api/documents/${res.body.id}/content`).set(bearer(stranger)).expect(404);
    });

    it('refuses a Windows executable renamed .pdf, naming the detected type', async () => {
      const res = await uploadDocument(t, owner, outletId, 'deed', windowsExecutable(), 'akta.pdf').expect(422);
      expect(res.body).toMatchObject({ code: 'DOCUMENT.UNSUPPORTED_TYPE', message: expect.stringContaining('application/x-msdownload') });
    });

    it('refuses a PNG declared as a PDF', async () => {
      const res = await uploadDocument(t, owner, outletId, 'office_photo', pngBytes(), 'kantor.pdf', 'application/pdf').expect(422);
      expect(res.body.code).toBe('DOCUMENT.TYPE_MISMATCH');
    });

    it('refuses an oversized file with 413 and an empty one with 422', async () => {
      const big = Buffer.concat([pdfBytes(), Buffer.alloc(65 * 1024, 0x20)]);
      const res = await uploadDocument(t, owner, outletId, 'deed', big).expect(413);
      expect(res.body.code).toBe('UPLOAD.TOO_LARGE');
      const empty = await uploadDocument(t, owner, outletId, 'deed', Buffer.alloc(0)).expect(422);
      expect(empty.body.code).toBe('DOCUMENT.EMPTY');
    });

    it('refuses an unknown document type and a stranger; writes nothing', async () => {
      const before = await t.http().get(`/api/outlets/${outletId}/documents`).set(bearer(owner)).expect(200);
      const bad = await uploadDocument(t, owner, outletId, 'selfie').expect(400);
      expect(bad.body.errors.type).toBeTruthy();
      await uploadDocument(t, stranger, outletId, 'deed').expect(404);
      const after = await t.http().get(`/api/outlets/${outletId}/documents`).set(bearer(owner)).expect(200);
      expect(after.body.length).toBe(before.body.length);
    });
  });

  describe('eligibility and policy versions', () => {
    it('explains each rule in both languages with citations, and changes with the Kaltim pack', async () => {
      const kaltimAgency = await createAgency(t, { province: 'Kalimantan Timur' });
      const { id } = await createCompleteOutlet(t, owner);
      const res = await t.http().get(`/api/outlets/${id}/eligibility`).query({ agencyId: kaltimAgency.id }).set(bearer(owner)).expect(200);
      expect(res.body.policyVersion).toBe(1);
      expect(res.body.verdict).not.toBe('ineligible');
      for (const r of res.body.results) {
        expect(r).toMatchObject({ outcome: expect.stringMatching(/pass|fail|manual/), citation: expect.any(String) });
        expect(r.message.id.length).toBeGreaterThan(5);
        expect(r.message.en.length).toBeGreaterThan(5);
      }

      const publish = await t.http().put(`/api/agencies/${kaltimAgency.id}/policy`).set(bearer(kaltimAgency.admin)).send({ shippedPack: 'kaltim', note: 'Pergub 49/2024' }).expect(200);
      expect(publish.body.current.version).toBe(2);
      expect(publish.body.history.map((v: { version: number }) => v.version)).toEqual([2, 1]);

      const after = await t.http().get(`/api/outlets/${id}/eligibility`).query({ agencyId: kaltimAgency.id }).set(bearer(owner)).expect(200);
      expect(after.body.policyVersion).toBe(2);
      expect(after.body.verdict).toBe('ineligible');
      expect(after.body.grade).toBe('A');
      const office = after.body.results.find((r: { family: string }) => r.family === 'office');
      expect(office.outcome).toBe('fail');
      expect(office.message.en).toMatch(/Kalimantan Timur/);

      const publicView = await t.http().get(`/api/agencies/${kaltimAgency.id}/policy`).expect(200);
      expect(publicView.body.history[1].pack.name).toBe(res.body.packName);
      const audit = await t.http().get('/api/audit').query({ action: 'policy.published' }).set(bearer(kaltimAgency.auditor)).expect(200);
      expect(audit.body.items).toHaveLength(1);
    });

    it('refuses an invalid pack with 422 naming the field, and non-admins with 403', async () => {
      const res = await t
        .http()
        .put(`/api/agencies/${agency.id}/policy`)
        .set(bearer(agency.admin))
        .send({ pack: { name: 'Broken', source: 'x', rules: [{ id: 'a', family: 'astrology', severity: 'blocking', params: {}, citation: 'x' }] } })
        .expect(422);
      expect(res.body.code).toBe('POLICY.INVALID');
      expect(Object.keys(res.body.errors).join()).toMatch(/rules\[0\]\.family/);
      await t.http().put(`/api/agencies/${agency.id}/policy`).set(bearer(agency.officer)).send({ shippedPack: 'kaltim' }).expect(403);
      const current = await t.http().get(`/api/agencies/${agency.id}/policy`).expect(200);
      expect(current.body.current.version).toBe(1);
    });
  });
});
