import { createHash } from 'node:crypto';
import { renderAnnouncementPdf, type AnnouncementPdfData } from './announcement-pdf.renderer';

const data: AnnouncementPdfData = {
  agencyName: 'Diskominfo Kabupaten Contoh',
  roundName: 'Periode 2027',
  budgetYear: 2027,
  kind: 'provisional',
  publishedAt: '2027-01-25T02:00:00.000Z',
  publishedOn: '2027-01-25',
  entries: [
    { reference: 'X-2027-00001', outletName: 'Warta Alpha', result: 'approved' },
    { reference: 'X-2027-00002', outletName: 'Kabar Bravo', result: 'rejected' },
  ],
};
const hash = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('renderAnnouncementPdf', () => {
  it('gives the same bytes (and so the same SHA-256) for the same list, and other bytes for another', async () => {
    const first = await renderAnnouncementPdf(data);
    expect(first.subarray(0, 5).toString()).toBe('%PDF-');
    expect(hash(await renderAnnouncementPdf(data))).toBe(hash(first));
    const changed = await renderAnnouncementPdf({ ...data, entries: [{ ...data.entries[0], result: 'rejected' }, data.entries[1]] });
    expect(hash(changed)).not.toBe(hash(first));
  });
});
