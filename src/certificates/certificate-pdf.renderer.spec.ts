import { PNG } from 'pngjs';
import { CertificatePdfData, CertificatePdfRenderer } from './certificate-pdf.renderer';
import { countPdfPages, extractPdfText, readQrFromPdf } from './testing/pdf-inspect';

/** A small opaque-on-transparent emblem, like an agency logo. */
function logoPng(): Buffer {
  const size = 96;
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      const star = Math.abs(x - 48) + Math.abs(y - 44) < 16;
      png.data[i] = star ? 230 : 27;
      png.data[i + 1] = star ? 190 : 54;
      png.data[i + 2] = star ? 40 : 93;
      png.data[i + 3] = Math.abs(x - 48) < 38 && (y < 60 || Math.hypot(x - 48, y - 48) < 40) ? 255 : 0;
    }
  }
  return PNG.sync.write(png);
}

function certificateData(overrides: Partial<CertificatePdfData> = {}): CertificatePdfData {
  return {
    agency: {
      name: 'Dinas Komunikasi dan Informatika',
      region: 'Provinsi Jawa Timur',
      address: 'Jl. Ahmad Yani No. 242–244, Gayungan, Surabaya 60235',
      city: 'Surabaya',
      logoPng: logoPng(),
    },
    title: 'Sertifikat Kemitraan Media',
    subtitle: 'Media Partnership Certificate',
    certificate: {
      number: '007/MM/DISKOMINFO-JATIM/2026',
      verificationCode: '7KQ4-MX2P-9TAB-HC3D',
      validFrom: '2025-11-22',
      validUntil: '2026-11-21',
      issuedAt: '2025-11-22T03:15:00.000Z',
    },
    outlet: {
      legalName: 'PT Lensa Jatim Media',
      brandName: 'LensaJatim.com',
      mediaType: 'online',
      website: 'https://lensajatim.com',
      office: 'Jl. Pemuda No. 12, Kota Surabaya, Jawa Timur 60271',
    },
    pressCouncil: { status: 'factual', certificateNumber: '1234/DP-Verifikasi/K/IX/2024' },
    chiefEditor: { name: 'Budi Santoso', level: 'utama' },
    signatory: {
      name: 'Dr. Penandatangan Uji, M.T.',
      title: 'Kepala Dinas Komunikasi dan Informatika Provinsi Jawa Timur',
      nip: '00000000 000000 0 000',
    },
    verifyUrl: 'https://mitramedia.jatimprov.go.id/verifikasi/7KQ4-MX2P-9TAB-HC3D',
    grade: 'A',
    ...overrides,
  };
}

/** Text as extracted, with wrapped lines joined (after a hyphen, without a space) so values still match. */
const flat = (text: string) => text.replace(/-\n/g, '-').replace(/\s+/g, ' ');

/** 300 characters of words, like a legal name gone wrong. */
const long = (seed: string) => `${seed} ${'Media Nusantara Sejahtera Abadi Jaya Makmur '.repeat(8)}`.slice(0, 300);

describe('CertificatePdfRenderer', () => {
  const renderer = new CertificatePdfRenderer();

  it('prints the certificate, the outlet, its chief editor, validity and verification code', async () => {
    const text = flat(await extractPdfText(await renderer.render(certificateData())));

    expect(text).toContain('PEMERINTAH PROVINSI JAWA TIMUR');
    expect(text).toContain('SERTIFIKAT KEMITRAAN MEDIA');
    expect(text).toContain('Media Partnership Certificate');
    expect(text).toContain('007/MM/DISKOMINFO-JATIM/2026');
    expect(text).toContain('Diberikan kepada');
    expect(text).toContain('LensaJatim.com');
    expect(text).toContain('PT Lensa Jatim Media');
    expect(text).toContain('Media Siber (Daring)');
    expect(text).toContain('Jl. Pemuda No. 12, Kota Surabaya, Jawa Timur 60271');
    expect(text).toContain('Terverifikasi Faktual, Sertifikat No. 1234/DP-Verifikasi/K/IX/2024');
    expect(text).toContain('Budi Santoso (Wartawan Utama)');
    expect(text).toContain('22 November 2025 s.d. 21 November 2026');
    expect(text).toContain('7KQ4-MX2P-9TAB-HC3D');
    expect(text).toContain('Pindai untuk memverifikasi / Scan to verify');
    expect(text).toContain('Ditetapkan di Surabaya pada tanggal 22 November 2025');
    expect(text).toContain('Dr. Penandatangan Uji, M.T.');
    expect(text).toContain('NIP. 00000000 000000 0 000');
    expect(text).not.toContain('DEMO');
  });

  it('says on its face that a demo certificate is not valid, and stays one page', async () => {
    const pdf = await renderer.render(certificateData({ demo: true }));
    const text = flat(await extractPdfText(pdf));

    expect(text).toContain('DEMO — TIDAK BERLAKU / NOT VALID');
    expect(text.indexOf('DEMO — TIDAK BERLAKU')).toBeLessThan(text.indexOf('SERTIFIKAT KEMITRAAN MEDIA'));
    expect(await countPdfPages(pdf)).toBe(1);
  });

  it('puts the verification URL in a QR code that scans from the rendered page and is at least 35 mm wide', async () => {
    const qr = await readQrFromPdf(await renderer.render(certificateData()));

    expect(qr?.data).toBe('https://mitramedia.jatimprov.go.id/verifikasi/7KQ4-MX2P-9TAB-HC3D');
    expect(qr!.widthMm).toBeGreaterThanOrEqual(35);
  });

  it('is one A4 page', async () => {
    const pdf = await renderer.render(certificateData());

    expect(await countPdfPages(pdf)).toBe(1);
    expect(pdf.toString('latin1')).toContain('/MediaBox [0 0 595.28 841.89]');
  });

  it('stays on one page, with its QR code readable, when every name is 300 characters long', async () => {
    const base = certificateData();
    const data = certificateData({
      agency: { ...base.agency, name: long('Dinas'), region: long('Provinsi'), address: long('Jalan'), city: long('Kota') },
      title: long('Sertifikat'),
      subtitle: long('Certificate'),
      certificate: { ...base.certificate, number: long('Nomor'), verificationCode: long('KODE') },
      outlet: {
        ...base.outlet,
        legalName: long('PT Legal'),
        brandName: long('Merek'),
        website: `https://${'a'.repeat(290)}.id`,
        office: long('Kantor'),
      },
      pressCouncil: { status: 'administrative', certificateNumber: long('DP') },
      chiefEditor: { name: long('Redaktur'), level: 'madya' },
      signatory: { name: long('Kepala'), title: long('Jabatan'), nip: long('NIP') },
      grade: long('Kategori'),
      demo: true,
    });
    const pdf = await renderer.render(data);

    expect(await countPdfPages(pdf)).toBe(1);
    const text = flat(await extractPdfText(pdf));
    expect(text).toContain('DEMO — TIDAK BERLAKU / NOT VALID');
    expect(text).toContain('Merek Media Nusantara');
    expect(text).toContain('PT Legal Media Nusantara');
    expect(text).toContain('…');
    expect((await readQrFromPdf(pdf))?.data).toBe(data.verifyUrl);
  });

  it('stays on one page when a name is a single 300-character word', async () => {
    const base = certificateData();
    const pdf = await renderer.render(
      certificateData({ outlet: { ...base.outlet, brandName: 'X'.repeat(300), legalName: 'Y'.repeat(300), office: 'Z'.repeat(300) } }),
    );

    expect(await countPdfPages(pdf)).toBe(1);
  });

  it('gives the same bytes for the same data, whatever was rendered before', async () => {
    const data = certificateData();
    const first = await renderer.render(data);
    await renderer.render(certificateData({ outlet: { ...data.outlet, brandName: 'Kabar Madura', legalName: 'CV Kabar Madura' } }));
    const second = await new CertificatePdfRenderer().render(certificateData());

    expect(second.equals(first)).toBe(true);
  });

  it('dates the file by the issue time, not the clock', async () => {
    const pdf = (await renderer.render(certificateData())).toString('latin1');

    // CreationDate and ModDate, written by pdfkit as indirect string objects.
    expect(pdf.match(/\(D:\d{14}Z\)/g)).toEqual(['(D:20251122031500Z)', '(D:20251122031500Z)']);
  });

  it('is at most 60 KB', async () => {
    expect((await renderer.render(certificateData())).length).toBeLessThanOrEqual(60 * 1024);
  });

  it('prints the issue date as it was in Indonesia (WIB)', async () => {
    const data = certificateData();
    const text = flat(await extractPdfText(await renderer.render({ ...data, certificate: { ...data.certificate, issuedAt: '2025-11-21T18:30:00Z' } })));

    expect(text).toContain('pada tanggal 22 November 2025');
  });

  it('words missing details instead of leaving blanks', async () => {
    const base = certificateData();
    const text = flat(
      await extractPdfText(
        await renderer.render(
          certificateData({
            agency: { ...base.agency, logoPng: null, address: null, city: null },
            subtitle: null,
            outlet: { ...base.outlet, website: null, office: null, mediaType: 'radio' },
            pressCouncil: { status: 'none' },
            chiefEditor: null,
            grade: null,
          }),
        ),
      ),
    );

    expect(text).toContain('Jenis Media : Radio');
    expect(text).toContain('Alamat Kantor : —');
    expect(text).toContain('Status Dewan Pers : Belum Terverifikasi');
    expect(text).toContain('Pemimpin Redaksi : —');
    expect(text).toContain('Ditetapkan pada tanggal 22 November 2025');
    expect(text).not.toContain('Situs Web');
    expect(text).not.toContain('Kategori Kemitraan');
  });

  it('does not repeat the region when the agency name already has it', async () => {
    const base = certificateData();
    const text = flat(
      await extractPdfText(await renderer.render(certificateData({ agency: { ...base.agency, name: 'Diskominfo Provinsi Jawa Timur' } }))),
    );

    expect(text).toContain('sebagai Mitra Media Diskominfo Provinsi Jawa Timur, setelah');
  });

  it('refuses dates that are not ISO dates', async () => {
    const data = certificateData();

    await expect(renderer.render({ ...data, certificate: { ...data.certificate, validUntil: '21/11/2026' } })).rejects.toThrow('not an ISO date');
    await expect(renderer.render({ ...data, certificate: { ...data.certificate, issuedAt: 'yesterday' } })).rejects.toThrow('not an ISO timestamp');
  });
});
