import { randomInt } from 'node:crypto';
import { bearer, type Actor } from './factories';
import { pdfBytes, pngBytes } from './files';
import type { TestApp } from './test-app';

/** A 16-digit NIK unique enough for one test run. */
export const nik = (): string => `3578${String(randomInt(0, 1e6)).padStart(6, '0')}${String(randomInt(0, 1e6)).padStart(6, '0')}`;

const isoDaysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

export function completeOutletPayload(overrides: Record<string, unknown> = {}) {
  return {
    legalName: 'PT Lensa Jatim Media',
    brandName: 'Lensa Jatim',
    legalForm: 'PT',
    deedNumber: 'AHU-12 Tahun 2018',
    ministryDecreeNumber: 'AHU-0012345.AH.01.01.TAHUN 2018',
    taxId: '012345678901234',
    taxStatus: 'pkp',
    businessId: '9120301234567',
    establishedOn: '2018-03-01',
    mediaType: 'online',
    website: 'https://lensajatim.example',
    office: { street: 'Jl. Raya Darmo No. 12', city: 'Surabaya', province: 'Jawa Timur' },
    pressCouncil: { status: 'factual', certificateNumber: '123/DP-Verifikasi-K/III/2023', verifiedOn: isoDaysAgo(400) },
    memberships: ['AMSI'],
    ...overrides,
  };
}

export const REQUIRED_DOCUMENTS = ['deed', 'ministry_decree', 'tax_id', 'business_id', 'press_council_certificate', 'office_photo', 'masthead'];

export function uploadDocument(t: TestApp, owner: Actor, outletId: string, type: string, file = pdfBytes(type), name = `${type}.pdf`, contentType = 'application/pdf') {
  return t
    .http()
    .post(`/api/outlets/${outletId}/documents`)
    .set(bearer(owner))
    .field('type', type)
    .attach('file', file, { filename: name, contentType });
}

/** An outlet that meets the default pack: utama chief editor, factual Dewan Pers, PT, every document. */
export async function createCompleteOutlet(
  t: TestApp,
  owner: Actor,
  options: { overrides?: Record<string, unknown>; chiefEditorNik?: string; reporters?: number } = {},
): Promise<{ id: string; chiefEditorNik: string }> {
  const res = await t.http().post('/api/outlets').set(bearer(owner)).send(completeOutletPayload(options.overrides));
  if (res.status !== 201) throw new Error(`outlet: ${res.status} ${JSON.stringify(res.body)}`);
  const id = res.body.id as string;
  const chiefEditorNik = options.chiefEditorNik ?? nik();
  const roster = [
    {
      name: 'Bambang Sutrisno',
      nik: chiefEditorNik,
      position: 'chief_editor',
      competency: { level: 'utama', certificateNumber: '10001-PWI/WU/DP/2015', issuer: 'PWI', issuedOn: '2015-06-01' },
    },
    ...Array.from({ length: options.reporters ?? 2 }, (_, i) => ({
      name: `Reporter ${i + 1}`,
      nik: nik(),
      position: 'reporter',
      competency: { level: 'muda', certificateNumber: `2000${i}-AJI/WM/DP/2020`, issuer: 'AJI', issuedOn: '2020-02-01' },
    })),
  ];
  for (const j of roster) {
    const r = await t.http().post(`/api/outlets/${id}/journalists`).set(bearer(owner)).send(j);
    if (r.status !== 201) throw new Error(`journalist: ${r.status} ${JSON.stringify(r.body)}`);
  }
  for (const type of REQUIRED_DOCUMENTS) {
    const r = type === 'office_photo'
      ? await uploadDocument(t, owner, id, type, pngBytes(), 'kantor.png', 'image/png')
      : await uploadDocument(t, owner, id, type);
    if (r.status !== 201) throw new Error(`document ${type}: ${r.status} ${JSON.stringify(r.body)}`);
  }
  return { id, chiefEditorNik };
}
