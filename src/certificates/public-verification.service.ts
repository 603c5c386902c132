import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { addDays, wibDate } from '../common/wib-calendar';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { SharedRateLimiter } from '../common/shared-rate-limiter';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ChangeEvents, type ChangeEvent } from '../database/change-events';
import { etagOf, keptBuffer, PublicCertificateCache, type CachedAnswer } from './public-certificate-cache';
import { certificateVerifyUrl, normalizeVerificationCode } from './certificate-number';
import { effectiveStatus, type CertificateStatus } from './certificates.service';

export interface PublicCertificate {
  verificationCode: string;
  number: string;
  status: CertificateStatus;
  statusText: { id: string; en: string };
  valid: boolean;
  statusReason: string | null;
  statusChangedAt: string | null;
  validFrom: string;
  validUntil: string;
  issuedAt: string;
  outlet: { legalName: string; brandName: string; mediaType: string; website: string | null };
  agency: { code: string; name: string };
  pdfSha256: string;
  verifyUrl: string;
  /** Issued from demo data: not a real partnership, whatever the status says. */
  demo: boolean;
}

const STATUS_TEXT: Record<CertificateStatus, { id: string; en: string }> = {
  active: { id: 'SAH — kemitraan aktif', en: 'VALID — partnership active' },
  expired: { id: 'KEDALUWARSA — masa berlaku telah habis', en: 'EXPIRED — validity period has ended' },
  suspended: { id: 'DIBEKUKAN SEMENTARA', en: 'SUSPENDED' },
  revoked: { id: 'DICABUT — tidak berlaku', en: 'REVOKED — no longer valid' },
  superseded: { id: 'DIGANTIKAN oleh sertifikat baru', en: 'SUPERSEDED by a newer certificate' },
};

const LOOKUP_SQL = `
  SELECT c.id, c.agency_id, c.number, c.status, c.status_reason, c.status_changed_at, c.valid_from, c.valid_until, c.issued_at,
         c.pdf_sha256, c.verification_code, c.data->'outlet' AS outlet, a.code AS agency_code, a.name AS agency_name,
         a.settings->'certificate'->>'publicBaseUrl' AS base_url,
         (a.is_demo OR coalesce((c.data->>'demo')::boolean, false)) AS demo
  FROM certificates c JOIN agencies a ON a.id = c.agency_id
  WHERE c.verification_code = $1`;

interface LookupRow {
  id: string;
  agency_id: string;
  number: string;
  status: CertificateStatus;
  status_reason: string | null;
  status_changed_at: Date | null;
  valid_from: string;
  valid_until: string;
  issued_at: Date;
  pdf_sha256: string;
  verification_code: string;
  outlet: { legalName: string; brandName: string; mediaType: string; website?: string | null };
  agency_code: string;
  agency_name: string;
  base_url: string | null;
  demo: boolean;
}

/** The first instant (epoch ms) at which a certificate valid until `validUntil` (a WIB date) reads as expired. */
export function expiryInstantMs(validUntil: string): number {
  return Date.parse(`${addDays(validUntil, 1)}T00:00:00+07:00`);
}

const notFound = () => new AppError('not_found', 'CERTIFICATE.NOT_FOUND', 'No certificate has this verification code');

/**
 * The hottest path: a printed QR code scanned by anyone. The answer comes from an in-process cache
 * (PublicCertificateCache) dropped on every status change of any process (LISTEN/NOTIFY through
 * ChangeEvents, and synchronously at commit on the writing process) and at the moment the
 * certificate expires by the clock; a miss is one indexed lookup through the pg pool with a prepared
 * statement (no ORM work). Scans are counted in memory, hits included, and added to the shared
 * counts in batches (every 5 s and at shutdown), so a scan costs no write and counts from several
 * processes add up. The rate limit is shared by all processes (SharedRateLimiter).
 */
@Injectable()
export class PublicVerificationService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('PublicVerification');
  private readonly limiter: SharedRateLimiter;
  private readonly pendingScans = new Map<string, number>();
  private flushTimer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private readonly cache: PublicCertificateCache;
  private unsubscribe: (() => void) | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly changes: ChangeEvents,
  ) {
    this.limiter = new SharedRateLimiter(dataSource, 'public', config.PUBLIC_RATE_LIMIT_PER_MINUTE, 60_000, this.logger);
    this.cache = new PublicCertificateCache(config.PUBLIC_VERIFICATION_CACHE_SIZE);
  }

  onModuleInit(): void {
    this.flushTimer = setInterval(() => void this.flushScans(), 5000);
    this.flushTimer.unref();
    this.limiter.start();
    this.unsubscribe = this.changes.subscribe((e) => this.onChange(e));
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.flushTimer);
    this.unsubscribe?.();
    await Promise.all([this.flushScans(), this.limiter.stop()]);
  }

  /** How many answers this process holds (tests: unknown codes never add one). */
  cachedCount(): number {
    return this.cache.size;
  }

  private onChange(e: ChangeEvent): void {
    if (e.type === 'certificate.status') this.cache.invalidateCode(e.verificationCode);
    else if (e.type === 'agency.settings') this.cache.invalidateAgency(e.agencyId);
    else if (e.type === 'resync') this.cache.clear();
  }

  async throttle(ip: string): Promise<void> {
    const wait = await this.limiter.take(ip);
    if (wait > 0) {
      throw new AppError('too_many_requests', 'PUBLIC.RATE_LIMITED', 'Too many verification requests; try again shortly', undefined, {
        'Retry-After': String(wait),
      });
    }
  }

  async lookup(rawCode: string): Promise<PublicCertificate> {
    return JSON.parse((await this.answer(rawCode)).body.toString('utf8')) as PublicCertificate;
  }

  /** The public answer as JSON with its ETag, from the cache or the database; counts the scan. */
  async answer(rawCode: string): Promise<CachedAnswer> {
    const code = normalizeVerificationCode(rawCode);
    if (!code) throw notFound();
    const cached = this.cache.get(code, this.clock.now().getTime());
    if (cached) {
      this.countScan(cached.certificateId);
      return cached;
    }
    const generation = this.cache.generation();
    const pool = (this.dataSource.driver as PostgresDriver).master as Pool;
    const { rows } = await pool.query<LookupRow>({ name: 'verify-certificate', text: LOOKUP_SQL, values: [code] });
    const r = rows[0];
    // No negative entry: an unknown code takes no room and a certificate issued later is found at once.
    if (!r) throw notFound();
    this.countScan(r.id);
    const now = this.clock.now();
    const body = this.represent(r, now);
    const json = keptBuffer(JSON.stringify(body));
    const answer: CachedAnswer = { certificateId: r.id, agencyId: r.agency_id, body: json, etag: etagOf(json), pages: new Map() };
    // Only an active certificate changes by itself (it expires); every other change comes as an event.
    const staleAt = body.status === 'active' ? expiryInstantMs(r.valid_until) : Number.POSITIVE_INFINITY;
    this.cache.set(code, answer, staleAt, generation, now.getTime());
    return answer;
  }

  private countScan(id: string): void {
    this.pendingScans.set(id, (this.pendingScans.get(id) ?? 0) + 1);
  }

  private represent(r: LookupRow, now: Date): PublicCertificate {
    const status = effectiveStatus(r.status, r.valid_until, wibDate(now));
    return {
      verificationCode: r.verification_code,
      number: r.number,
      status,
      statusText: STATUS_TEXT[status],
      valid: status === 'active',
      statusReason: status === 'suspended' || status === 'revoked' || status === 'superseded' ? r.status_reason : null,
      statusChangedAt: r.status_changed_at?.toISOString() ?? null,
      validFrom: r.valid_from,
      validUntil: r.valid_until,
      issuedAt: r.issued_at.toISOString(),
      outlet: { legalName: r.outlet.legalName, brandName: r.outlet.brandName, mediaType: r.outlet.mediaType, website: r.outlet.website ?? null },
      agency: { code: r.agency_code, name: r.agency_name },
      pdfSha256: r.pdf_sha256,
      verifyUrl: certificateVerifyUrl(r.base_url, this.config.PUBLIC_BASE_URL, r.verification_code),
      demo: r.demo,
    };
  }

  /** Adds the counts scanned here since the last flush; one flush at a time, so none is added twice. */
  async flushScans(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.pendingScans.size === 0) return;
    this.flushing = this.writeScans().finally(() => (this.flushing = undefined));
    await this.flushing;
  }

  private async writeScans(): Promise<void> {
    const batch = [...this.pendingScans];
    this.pendingScans.clear();
    try {
      // One narrow row per scanned certificate (certificate_scans), added to in certificate id order, so two
      // flushes (two processes) wait for each other instead of deadlocking. Only certificates that exist.
      await this.dataSource.query(
        `INSERT INTO certificate_scans AS t (certificate_id, scan_count, last_scanned_at)
         SELECT s.id, s.n, now() FROM unnest($1::uuid[], $2::int[]) AS s(id, n) JOIN certificates c ON c.id = s.id ORDER BY s.id
         ON CONFLICT (certificate_id) DO UPDATE SET scan_count = t.scan_count + excluded.scan_count, last_scanned_at = excluded.last_scanned_at`,
        [batch.map(([id]) => id), batch.map(([, n]) => n)],
      );
    } catch (err) {
      for (const [id, n] of batch) this.pendingScans.set(id, (this.pendingScans.get(id) ?? 0) + n);
      this.logger.warn(`scan counts not written yet: ${(err as Error).message}`);
    }
  }
}
