import { PassThrough, type Readable } from 'node:stream';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ZipFile } from 'yazl';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/permissions';
import { csvRow } from '../common/csv';
import { inTransaction } from '../database/transaction';
import { FILE_STORAGE, StoredFileUnavailable, type FileStorage } from '../storage/file-storage';
import { Clock } from '../common/clock';
import { wibDate } from '../common/wib-calendar';
import { effectiveStatus, type CertificateStatus } from './certificates.service';

const PAGE = 500;

interface AttestationRow {
  id: string;
  reference: string;
  rule_id: string;
  lookup_url: string;
  looked_up_at: Date;
  observed: string;
  screenshot_mime_type: string;
  screenshot_sha256: string;
  screenshot_storage_key: string;
  recorder: string;
  recorded_at: Date;
}

/**
 * Officers' evidence behind the year's decisions: attestations on the applications that led to the
 * year's certificates, and every attestation recorded during the year (WIB), rejected ones included.
 */
const ATTESTATIONS_SQL = `
  SELECT t.id, a.reference, t.rule_id, t.lookup_url, t.looked_up_at, t.observed, t.screenshot_mime_type, t.screenshot_sha256,
    t.screenshot_storage_key, u.name AS recorder, t.recorded_at
  FROM application_attestations t JOIN applications a ON a.id = t.application_id JOIN users u ON u.id = t.recorded_by
  WHERE t.agency_id = $1
    AND (t.application_id IN (SELECT application_id FROM certificates WHERE agency_id = $1 AND year = $2)
      OR (t.recorded_at >= $3 AND t.recorded_at < $4))
  ORDER BY t.recorded_at, t.id`;

interface FieldVisitPhotoRow {
  id: string;
  reference: string;
  visited_on: string;
  decided_by: string;
  decided_at: Date;
  mime_type: string;
  sha256: string;
  storage_key: string;
}

/** Field-visit photos attached to a pass_field decision, chosen by the same rule as the attestations. */
const FIELD_VISIT_PHOTOS_SQL = `
  SELECT p.id, a.reference, d.field_visit->>'visitedOn' AS visited_on, u.name AS decided_by, d.created_at AS decided_at,
    p.mime_type, p.sha256, p.storage_key
  FROM field_visit_photos p JOIN application_decisions d ON d.id = p.decision_id
    JOIN applications a ON a.id = p.application_id JOIN users u ON u.id = d.actor_id
  WHERE p.agency_id = $1
    AND (p.application_id IN (SELECT application_id FROM certificates WHERE agency_id = $1 AND year = $2)
      OR (d.created_at >= $3 AND d.created_at < $4))
  ORDER BY d.created_at, p.uploaded_at, p.id`;

const wibYearBounds = (year: number): [string, string] => [`${year}-01-01T00:00:00+07:00`, `${year + 1}-01-01T00:00:00+07:00`];
const attestationFile = (r: Pick<AttestationRow, 'id' | 'screenshot_mime_type'>) =>
  `attestations/${r.id}.${r.screenshot_mime_type === 'image/png' ? 'png' : 'jpg'}`;
const photoFile = (r: Pick<FieldVisitPhotoRow, 'id' | 'mime_type'>) => `field-visits/${r.id}.${r.mime_type === 'image/png' ? 'png' : 'jpg'}`;

/**
 * A year of certificates as a ZIP, streamed while it is built: rows are read a page at a time
 * and each PDF is opened only when the archive reaches it, so memory and open files stay bounded
 * however many certificates there are. manifest.csv closes the archive.
 */
@Injectable()
export class CertificateExportService {
  private readonly logger = new Logger('CertificateExport');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async exportYear(auth: AuthUser, year: number): Promise<{ stream: Readable; fileName: string }> {
    const agencyId = auth.agencyId!;
    const [agency] = (await this.dataSource.query(`SELECT code FROM agencies WHERE id = $1`, [agencyId])) as { code: string }[];
    const [{ n }] = (await this.dataSource.query(`SELECT count(*)::int AS n FROM certificates WHERE agency_id = $1 AND year = $2`, [agencyId, year])) as { n: number }[];
    await this.assertFilesReadable(agencyId, year);
    await inTransaction(this.dataSource, (m) =>
      this.audit.append(m, {
        agencyId,
        actor: auth,
        action: 'certificate.exported',
        entityType: 'agency',
        entityId: agencyId,
        summary: `Certificates of ${year} exported as ZIP (${n} certificates)`,
        data: { year, count: n },
      }),
    );
    const zip = new ZipFile();
    const out = new PassThrough();
    zip.outputStream.pipe(out);
    zip.outputStream.on('error', (err) => out.destroy(err));
    const fail = (err: Error) => {
      this.logger.error(`export ${year} failed: ${err.message}`);
      // A broken archive must not look complete: the download is cut off, never finished.
      out.destroy(err);
    };
    void this.fill(zip, agencyId, year, fail).catch(fail);
    return { stream: out, fileName: `sertifikat-${agency.code}-${year}.zip` };
  }

  /**
   * Every PDF of the year must be there before the archive starts: once the 200 and the first
   * bytes are out, a missing file can only cut the download off. One open per file, a page at a
   * time; a file lost after this check still cuts the archive off (see fill).
   */
  private async assertFilesReadable(agencyId: string, year: number): Promise<void> {
    let afterSeq = 0;
    for (;;) {
      const rows = (await this.dataSource.query(
        `SELECT seq, id, pdf_storage_key FROM certificates WHERE agency_id = $1 AND year = $2 AND seq > $3 ORDER BY seq LIMIT ${PAGE}`,
        [agencyId, year, afterSeq],
      )) as { seq: number; id: string; pdf_storage_key: string }[];
      for (const r of rows) {
        await this.storage.assertReadable(r.pdf_storage_key).catch((err: unknown) => {
          if (err instanceof StoredFileUnavailable) this.logger.error(`export ${year}: certificate ${r.id}: stored PDF ${err.key} unavailable (${err.reason})`);
          throw err;
        });
      }
      if (rows.length < PAGE) break;
      afterSeq = rows[rows.length - 1].seq;
    }
    const attestations = (await this.dataSource.query(ATTESTATIONS_SQL, [agencyId, year, ...wibYearBounds(year)])) as AttestationRow[];
    for (const a of attestations) {
      await this.storage.assertReadable(a.screenshot_storage_key).catch((err: unknown) => {
        if (err instanceof StoredFileUnavailable) this.logger.error(`export ${year}: attestation ${a.id}: stored screenshot ${err.key} unavailable (${err.reason})`);
        throw err;
      });
    }
    const photos = (await this.dataSource.query(FIELD_VISIT_PHOTOS_SQL, [agencyId, year, ...wibYearBounds(year)])) as FieldVisitPhotoRow[];
    for (const p of photos) {
      await this.storage.assertReadable(p.storage_key).catch((err: unknown) => {
        if (err instanceof StoredFileUnavailable) this.logger.error(`export ${year}: field visit photo ${p.id}: stored file ${err.key} unavailable (${err.reason})`);
        throw err;
      });
    }
  }

  private async fill(zip: ZipFile, agencyId: string, year: number, fail: (err: Error) => void): Promise<void> {
    const manifest: string[] = [csvRow(['number', 'outlet', 'status', 'valid_from', 'valid_until', 'sha256', 'file'])];
    const today = wibDate(this.clock.now());
    let afterSeq = 0;
    for (;;) {
      const rows = (await this.dataSource.query(
        `SELECT seq, number, outlet_name, status, valid_from, valid_until, pdf_sha256, pdf_storage_key
         FROM certificates WHERE agency_id = $1 AND year = $2 AND seq > $3 ORDER BY seq LIMIT ${PAGE}`,
        [agencyId, year, afterSeq],
      )) as {
        seq: number;
        number: string;
        outlet_name: string;
        status: CertificateStatus;
        valid_from: string;
        valid_until: string;
        pdf_sha256: string;
        pdf_storage_key: string;
      }[];
      for (const r of rows) {
        const file = `certificates/${r.number.replace(/[^\w.-]+/g, '-')}.pdf`;
        zip.addReadStreamLazy(file, { compress: false, mtime: new Date(`${r.valid_from}T00:00:00Z`) }, (cb) => {
          // An unreadable file fails this export, not the process.
          const pdf = this.storage.read(r.pdf_storage_key).once('error', fail);
          cb(null, pdf);
        });
        manifest.push(csvRow([r.number, r.outlet_name, effectiveStatus(r.status, r.valid_until, today), r.valid_from, r.valid_until, r.pdf_sha256, file]));
      }
      if (rows.length < PAGE) break;
      afterSeq = rows[rows.length - 1].seq;
      // Let the archive drain before queueing more, so the queue of pending entries stays small.
      await new Promise((resolve) => setImmediate(resolve));
    }
    // The round result lists of the budget year, each with its SHA-256, so an auditor can check
    // the list the applicants were sent.
    const announcements = (await this.dataSource.query(
      `SELECT a.kind, a.pdf, a.pdf_sha256, a.published_at, r.name, r.id AS round_id FROM round_announcements a
       JOIN registration_rounds r ON r.id = a.round_id
       WHERE a.agency_id = $1 AND r.budget_year = $2 ORDER BY a.published_at, a.kind`,
      [agencyId, year],
    )) as { kind: string; pdf: Buffer; pdf_sha256: string; published_at: Date; name: string; round_id: string }[];
    for (const a of announcements) {
      const file = `announcements/${a.round_id}-${a.kind}.pdf`;
      zip.addBuffer(a.pdf, file, { compress: false, mtime: a.published_at });
      manifest.push(csvRow([`announcement-${a.kind}`, a.name, `${a.kind} result`, wibDate(a.published_at), '', a.pdf_sha256, file]));
    }
    zip.addBuffer(Buffer.from(manifest.join('')), 'manifest.csv', { mtime: new Date(`${year}-01-01T00:00:00Z`) });
    const attestations = (await this.dataSource.query(ATTESTATIONS_SQL, [agencyId, year, ...wibYearBounds(year)])) as AttestationRow[];
    const evidence: string[] = [
      csvRow(['application', 'rule_id', 'lookup_url', 'looked_up_at', 'observed', 'recorded_by', 'recorded_at', 'screenshot_sha256', 'file']),
    ];
    for (const a of attestations) {
      const file = attestationFile(a);
      zip.addReadStreamLazy(file, { compress: false, mtime: a.recorded_at }, (cb) => {
        cb(null, this.storage.read(a.screenshot_storage_key).once('error', fail));
      });
      evidence.push(
        csvRow([a.reference, a.rule_id, a.lookup_url, a.looked_up_at.toISOString(), a.observed, a.recorder, a.recorded_at.toISOString(), a.screenshot_sha256, file]),
      );
    }
    zip.addBuffer(Buffer.from(evidence.join('')), 'attestations.csv', { mtime: new Date(`${year}-01-01T00:00:00Z`) });
    const photos = (await this.dataSource.query(FIELD_VISIT_PHOTOS_SQL, [agencyId, year, ...wibYearBounds(year)])) as FieldVisitPhotoRow[];
    const visits: string[] = [csvRow(['application', 'visited_on', 'decided_by', 'decided_at', 'sha256', 'file'])];
    for (const p of photos) {
      const file = photoFile(p);
      zip.addReadStreamLazy(file, { compress: false, mtime: p.decided_at }, (cb) => {
        cb(null, this.storage.read(p.storage_key).once('error', fail));
      });
      visits.push(csvRow([p.reference, p.visited_on, p.decided_by, p.decided_at.toISOString(), p.sha256, file]));
    }
    zip.addBuffer(Buffer.from(visits.join('')), 'field-visit-photos.csv', { mtime: new Date(`${year}-01-01T00:00:00Z`) });
    zip.end();
  }
}
