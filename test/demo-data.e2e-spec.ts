import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { countPdfPages, extractPdfText } from '../src/certificates/testing/pdf-inspect';
import { DEMO_APPLICANT, DEMO_PASSWORD, DemoSeed } from '../src/seed/demo.seed';
import { approveThrough, createDraft } from './support/applications';
import { bearer, createAgency, createApplicant, login, type Actor } from './support/factories';
import { createCompleteOutlet } from './support/outlets';
import { startTestApp, type TestApp } from './support/test-app';
import { binary } from './support/zip';

/** Issue 13, item 8: demo data names no real person or office, and its certificates say they are not valid. */
describe('demo data', () => {
  let t: TestApp;
  const as = async (email: string): Promise<Actor> => ({ id: '', email, role: 'applicant', token: await login(t, email, DEMO_PASSWORD) });

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.get(DemoSeed).run();
  });
  afterAll(() => t.close());

  it('prints DEMO — TIDAK BERLAKU and a fictional signatory on the demo certificate, and the verification page and JSON say demo', async () => {
    const applicant = await as(DEMO_APPLICANT.email);
    const [officer, officer2, approver] = await Promise.all(['officer@demo.test', 'officer2@demo.test', 'approver@demo.test'].map(as));
    const me = await t.http().get('/api/me').set(bearer(officer)).expect(200);
    const [outlet] = (await t.http().get('/api/outlets').set(bearer(applicant)).expect(200)).body as { id: string }[];

    const draft = await createDraft(t, applicant, outlet.id, me.body.agencyId as string);
    const { certificate } = await approveThrough(t, { owner: applicant, officer, officer2, approver }, draft.id);
    const pdf = (await t.http().get(`/api/certificates/${certificate.id}/pdf`).set(bearer(applicant)).buffer(true).parse(binary).expect(200)).body as Buffer;
    const text = (await extractPdfText(pdf)).replace(/\s+/g, ' ');

    expect(await countPdfPages(pdf)).toBe(1);
    expect(text).toContain('DEMO — TIDAK BERLAKU / NOT VALID');
    expect(text).toContain('Penandatangan Demo, S.Kom. (fiktif)');
    expect(text).toContain('NIP. 000000000000000001');
    expect(text).toContain('Jl. Contoh Fiktif No. 1, Surabaya (alamat demo)');
    expect(text).not.toMatch(/Sherlita|197608202006042013|A\. Yani|8294608/);

    const meta = await t.http().get(`/api/certificates/${certificate.id}`).set(bearer(applicant)).expect(200);
    const code = meta.body.verificationCode as string;
    const json = await t.http().get(`/api/public/certificates/${code}`).expect(200);
    expect(json.body).toMatchObject({ status: 'active', demo: true });
    const page = await t.http().get(`/verify/${code}`).expect(200);
    expect(page.text).toContain('DEMO — TIDAK BERLAKU');

    // The agency mail is signed with: fictional street and telephone.
    const [agency] = (await t.dataSource.query(`SELECT address, phone, is_demo FROM agencies WHERE code = 'DEMO'`)) as { address: string; phone: string; is_demo: boolean }[];
    expect(agency).toEqual({ address: 'Jl. Contoh Fiktif No. 1, Surabaya (alamat demo)', phone: '(000) 000-0001 (demo)', is_demo: true });
  });

  it('marks nothing as demo for a real agency', async () => {
    const agency = await createAgency(t);
    const owner = await createApplicant(t);
    const outlet = await createCompleteOutlet(t, owner);
    const draft = await createDraft(t, owner, outlet.id, agency.id);
    const { certificate } = await approveThrough(t, { owner, officer: agency.officer, officer2: agency.officer2, approver: agency.approver }, draft.id);
    const pdf = (await t.http().get(`/api/certificates/${certificate.id}/pdf`).set(bearer(owner)).buffer(true).parse(binary).expect(200)).body as Buffer;
    expect(await extractPdfText(pdf)).not.toContain('DEMO');
    const meta = await t.http().get(`/api/certificates/${certificate.id}`).set(bearer(owner)).expect(200);
    const json = await t.http().get(`/api/public/certificates/${meta.body.verificationCode as string}`).expect(200);
    expect(json.body.demo).toBe(false);
    expect((await t.http().get(`/verify/${meta.body.verificationCode as string}`).expect(200)).text).not.toContain('TIDAK BERLAKU.');
  });

  it('leaves a submitted application of a second demo outlet in the DEMO queue, so the staff console has work', async () => {
    const officer = await as('officer@demo.test');
    const queue = await t.http().get('/api/applications').query({ status: 'submitted' }).set(bearer(officer)).expect(200);
    const items = queue.body.items as { outletName: string; dueAt: string | null }[];
    expect(items.map((a) => a.outletName)).toEqual(['Suara Brawijaya']);
    expect(items[0].dueAt).not.toBeNull();
    // Its applicant logs in like the first one.
    const second = await as('applicant2@demo.test');
    expect((await t.http().get('/api/applications').set(bearer(second)).expect(200)).body.items).toHaveLength(1);
  });
});
