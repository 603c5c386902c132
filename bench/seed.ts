import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS } from '../migrations';
import { PasswordHasher } from '../src/auth/password-hasher';
import { canonicalJson } from '../src/common/canonical-json';
import { dataSourceOptions } from '../src/database/data-source-options';
import { NikCipher } from '../src/outlets/nik-cipher';
import { SHIPPED_PACKS } from '../src/requirements/packs/shipped-packs';
import { evaluatePolicy } from '../src/requirements/rule-engine';
import type { OutletSnapshot } from '../src/requirements/outlet-snapshot';
import { LocalDiskStorage } from '../src/storage/file-storage';
import {
  adminUrl,
  agencyCode,
  agencyNo,
  BENCH_PASSWORD,
  BENCH_SECRETS,
  BIG_AGENCY,
  DATA_DIR,
  databaseName,
  DATASET_VERSION,
  ROSTER_APPLICANT_EMAIL,
  staffEmail,
  type Mode,
  type Scale,
} from './config';
import { AGENCY_REGIONS, BRAND_WORDS, CITIES, FIRST_NAMES, LAST_NAMES, NIK_PROVINCES, PLACE_WORDS, sqlTextArray, STREETS, UKW_ISSUERS } from './dataset-names';
import { seedAuditEvents, verifySeededChains } from './seed-audit';
import { renderCertificate, certificateDataFor, smallPdf } from './pdf';
import { agencyId, applicantId, DAY_MS, log, outletId, pick, prng, ROSTER_APPLICANT_ID, shuffle, staffId, verificationCode } from './util';

export interface SeedReport {
  database: string;
  reused: boolean;
  seconds: number;
  steps: { step: string; seconds: number }[];
  counts: Record<string, number>;
  migrationsApplied: string[];
  chainCheck: string;
  certificatePdf: { source: 'renderer' | 'fallback'; bytes: number };
}

const STAFF_SLOTS = ['admin', 'officer1', 'officer2', 'officer3', 'approver', 'auditor'] as const;
const roleOf = (slot: string) => slot.replace(/\d+$/, '');
const OPEN = ['draft', 'submitted', 'field_verification', 'awaiting_approval', 'revision_requested'];
const DOC_TYPES_REQUIRED = ['deed', 'ministry_decree', 'tax_id', 'business_id', 'press_council_certificate', 'office_photo', 'masthead'];

export const BENCH_META_TABLE = 'bench_meta';

async function storedFilesPresent(mode: Mode): Promise<boolean> {
  const client = await connect(mode.databaseUrl);
  try {
    const { rows } = await client.query<{ key: string }>(
      `(SELECT DISTINCT pdf_storage_key AS key FROM certificates LIMIT 100) UNION (SELECT DISTINCT storage_key FROM documents LIMIT 100)`,
    );
    return rows.every((r) => existsSync(join(DATA_DIR, 'files', r.key)));
  } finally {
    await client.end();
  }
}

/** Creates (or reuses) the bench database; returns what was done and how long it took. */
export async function ensureDataset(mode: Mode, opts: { reseed: boolean }): Promise<SeedReport> {
  const started = Date.now();
  const name = databaseName(mode.databaseUrl);
  if (!/bench/i.test(name)) throw new Error(`refusing to seed database "${name}": its name must contain "bench" (it may be dropped and recreated)`);

  let state = await databaseState(mode);
  // The stored PDFs live in bench/.data (not in git): a fresh clone or a cleaned folder reuses the
  // database but lacks the files its rows point at, so seed again.
  if (state === 'ready' && !opts.reseed && !(await storedFilesPresent(mode))) state = 'stored files missing';
  if (state === 'ready' && !opts.reseed) {
    const migrationsApplied = await runMigrations(mode.databaseUrl);
    const client = await connect(mode.databaseUrl);
    try {
      await refreshTimeBase(client);
      const meta = await readMeta(client);
      log(`dataset ${name}: reusing (${DATASET_VERSION}, seeded ${meta?.seededAt} in ${meta?.seconds}s)` + (migrationsApplied.length ? `; applied new migrations ${migrationsApplied.join(', ')}` : ''));
      return {
        database: name,
        reused: true,
        seconds: (Date.now() - started) / 1000,
        steps: [],
        counts: meta?.counts ?? {},
        migrationsApplied,
        chainCheck: meta?.chainCheck ?? 'unknown',
        certificatePdf: meta?.certificatePdf ?? { source: 'fallback', bytes: 0 },
      };
    } finally {
      await client.end();
    }
  }

  await recreateDatabase(mode, state === 'missing' ? 'created' : opts.reseed ? 'reseed requested' : `stale (${state})`);
  const migrationsApplied = await runMigrations(mode.databaseUrl);
  const client = await connect(mode.databaseUrl);
  const steps: SeedReport['steps'] = [];
  const step = async <T>(label: string, work: () => Promise<T>): Promise<T> => {
    const t0 = Date.now();
    log(`  seed: ${label}...`);
    const out = await work();
    steps.push({ step: label, seconds: (Date.now() - t0) / 1000 });
    log(`  seed: ${label} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return out;
  };
  try {
    await client.query(`SET synchronous_commit = off`);
    // Same ids as util.md5Uuid: md5 with the version and variant nibbles of a v4 uuid (the API validates uuids).
    await client.query(
      `CREATE FUNCTION pg_temp.bench_uuid(t text) RETURNS uuid LANGUAGE sql IMMUTABLE
       AS $$ SELECT (substr(md5(t), 1, 12) || '4' || substr(md5(t), 14, 3) || '8' || substr(md5(t), 18))::uuid $$`,
    );
    await client.query(`SET maintenance_work_mem = '512MB'`);
    await client.query(`SET work_mem = '64MB'`);
    const now = new Date();
    const ctx = new SeedContext(mode.scale, now);
    await step('files (one certificate PDF, one document PDF)', () => ctx.storeFiles());
    await step(`agencies, staff, policies (${mode.scale.agencies})`, () => ctx.agencies(client));
    await step(`applicants (${mode.scale.applicants + 1})`, () => ctx.applicants(client));
    await step(`outlets, owners, documents (${mode.scale.outlets})`, () => ctx.outlets(client));
    await step(`journalists (${mode.scale.journalists}, NIK encrypted)`, () => ctx.journalists(client));
    await step(`applications (${mode.scale.applications}) and decisions`, () => ctx.applications(client));
    await step(`certificates (${mode.scale.approved})`, () => ctx.certificates(client));
    await step(`audit events (${mode.scale.auditEvents}, hash-chained)`, () => seedAuditEvents(client, mode.scale, now));
    const chainCheck = await step('chain check (3 chains re-hashed)', () => verifySeededChains(client));
    await step('vacuum analyze', () => client.query(`VACUUM (ANALYZE)`).then(() => undefined));
    const counts = await countRows(client);
    const seconds = Math.round((Date.now() - started) / 100) / 10;
    await client.query(`CREATE TABLE ${BENCH_META_TABLE} (key text PRIMARY KEY, value jsonb NOT NULL)`);
    await client.query(`INSERT INTO ${BENCH_META_TABLE} (key, value) VALUES ('dataset', $1)`, [
      JSON.stringify({
        version: DATASET_VERSION,
        mode: mode.name,
        scale: mode.scale,
        seededAt: now.toISOString(),
        timeBase: now.toISOString(),
        seconds,
        steps,
        counts,
        chainCheck,
        certificatePdf: ctx.certificatePdf,
      }),
    ]);
    log(`dataset ${name}: seeded in ${seconds} s`);
    return { database: name, reused: false, seconds, steps, counts, migrationsApplied, chainCheck, certificatePdf: ctx.certificatePdf };
  } finally {
    await client.end();
  }
}

async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url });
  await client.connect();
  return client;
}

interface Meta {
  version: string;
  scale: Scale;
  seededAt: string;
  timeBase: string;
  seconds: number;
  counts: Record<string, number>;
  chainCheck: string;
  certificatePdf: SeedReport['certificatePdf'];
}

async function readMeta(client: Client): Promise<Meta | null> {
  const rows = await client.query<{ value: Meta }>(`SELECT value FROM ${BENCH_META_TABLE} WHERE key = 'dataset'`).catch(() => null);
  return rows?.rows[0]?.value ?? null;
}

async function databaseState(mode: Mode): Promise<'missing' | 'ready' | string> {
  const admin = await connect(adminUrl(mode.databaseUrl));
  try {
    const exists = await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [databaseName(mode.databaseUrl)]);
    if (exists.rowCount === 0) return 'missing';
  } finally {
    await admin.end();
  }
  const client = await connect(mode.databaseUrl);
  try {
    const meta = await readMeta(client);
    if (!meta) return 'no bench_meta marker: seeding never finished';
    if (meta.version !== DATASET_VERSION) return `dataset ${meta.version}, want ${DATASET_VERSION}`;
    // jsonb reorders keys: compare canonical forms.
    if (canonicalJson(meta.scale) !== canonicalJson(mode.scale)) return 'different scale';
    return 'ready';
  } finally {
    await client.end();
  }
}

async function recreateDatabase(mode: Mode, why: string): Promise<void> {
  const name = databaseName(mode.databaseUrl);
  log(`dataset ${name}: (re)creating: ${why}`);
  const admin = await connect(adminUrl(mode.databaseUrl));
  try {
    const quoted = `"${name.replace(/"/g, '""')}"`;
    await admin.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${quoted}`);
  } finally {
    await admin.end();
  }
}

/** The app's own migrations through TypeORM, as the service would run them. */
async function runMigrations(url: string): Promise<string[]> {
  const ds = new DataSource(dataSourceOptions(url, 4));
  await ds.initialize();
  try {
    const ran = await ds.runMigrations({ transaction: 'each' });
    if (MIGRATIONS.length === 0) throw new Error('migrations/index.ts lists no migration');
    return ran.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}

/**
 * Open stages are due relative to the seeding time. On reuse, due dates of open applications
 * move by the time elapsed, so "overdue" keeps the share it had when seeded.
 */
async function refreshTimeBase(client: Client): Promise<void> {
  const meta = await readMeta(client);
  if (!meta) return;
  const shiftMs = Date.now() - Date.parse(meta.timeBase);
  if (shiftMs < 60_000) return;
  await client.query(
    `UPDATE applications SET due_at = due_at + $1 * interval '1 millisecond', stage_started_at = stage_started_at + $1 * interval '1 millisecond'
     WHERE status IN ('submitted', 'field_verification', 'awaiting_approval', 'revision_requested') AND reference LIKE 'BENCH-%'`,
    [shiftMs],
  );
  await client.query(`UPDATE ${BENCH_META_TABLE} SET value = jsonb_set(value, '{timeBase}', to_jsonb($1::text)) WHERE key = 'dataset'`, [
    new Date().toISOString(),
  ]);
  // The shift rewrote every open application at once, which a live system never does: until
  // autovacuum comes round, their pages are not all-visible and the queue's index-only counts
  // visit the heap for each row (the staff queue page's counts took 3 ms instead of 1 ms).
  // Vacuumed, the table is as autovacuum keeps it in steady state.
  await client.query(`VACUUM (ANALYZE) applications`);
}

async function countRows(client: Client): Promise<Record<string, number>> {
  const tables = [
    'agencies',
    'users',
    'requirement_policies',
    'outlets',
    'outlet_owners',
    'journalists',
    'documents',
    'applications',
    'application_decisions',
    'certificates',
    'audit_events',
    'audit_chain_heads',
  ];
  const out: Record<string, number> = {};
  for (const t of tables) {
    const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t}`);
    out[t] = rows[0].n;
  }
  return out;
}

interface FileRef {
  key: string;
  sha256: string;
  size: number;
}

/** The seeding steps, in order; each is one or a few bulk statements. */
class SeedContext {
  private readonly rand = prng(20260107);
  private readonly storage = new LocalDiskStorage(join(DATA_DIR, 'files'));
  private certificatePdfFile!: FileRef;
  private documentPdf!: FileRef;
  certificatePdf: SeedReport['certificatePdf'] = { source: 'fallback', bytes: 0 };
  private passwordHash = '';
  private readonly policyIds = new Map<number, string>();
  private readonly regular: number;

  constructor(
    private readonly s: Scale,
    private readonly now: Date,
  ) {
    this.regular = s.outlets - s.rosterOutlets;
    if (s.bigAgencyApplications > this.regular) throw new Error('scale: agency 01 needs one outlet per application');
    if (s.bigAgencyCertificatesLastYear > s.approved) throw new Error('scale: more certificates last year than approvals');
  }

  async storeFiles(): Promise<void> {
    const sample = certificateDataFor({
      agencyName: 'Dinas Komunikasi dan Informatika',
      region: AGENCY_REGIONS[0][0],
      city: AGENCY_REGIONS[0][2],
      number: `001/MM/${agencyCode(1)}/${this.now.getUTCFullYear()}`,
      code: verificationCode(),
      validFrom: '2026-01-05',
      validUntil: '2027-01-04',
      issuedAt: '2026-01-05T03:00:00.000Z',
      legalName: 'PT Lensa Jatim Media',
      brandName: 'Lensa Jatim 1',
      website: 'https://lensajatim.bench.test',
      office: 'Jl. Pemuda No. 12, Kota Surabaya, Jawa Timur',
      pressCouncilStatus: 'factual',
      pressCouncilNumber: '1234/DP-Verifikasi/K/IX/2022',
      chiefEditor: { name: 'Budi Santoso', level: 'utama' },
    });
    const rendered = await renderCertificate(sample);
    const stored = await this.storage.put('certificates', rendered.pdf);
    this.certificatePdfFile = { ...stored, size: rendered.pdf.length };
    this.certificatePdf = { source: rendered.source, bytes: rendered.pdf.length };
    const doc = await smallPdf('Dokumen pendukung (bench)');
    this.documentPdf = { ...(await this.storage.put('documents', doc)), size: doc.length };
    this.passwordHash = await new PasswordHasher().hash(BENCH_PASSWORD);
  }

  async agencies(c: Client): Promise<void> {
    const rows = Array.from({ length: this.s.agencies }, (_, i) => {
      const n = i + 1;
      const [region, province, city] = AGENCY_REGIONS[i % AGENCY_REGIONS.length];
      return {
        id: agencyId(n),
        code: agencyCode(n),
        name: `Dinas Komunikasi dan Informatika ${region}`,
        province,
        city,
        address: `Jl. Kominfo No. ${n}, ${city}`,
        email: `humas@agency-${agencyNo(n)}.bench.test`,
        settings: {
          certificate: {
            numberPattern: '{seq}/MM/{code}/{year}',
            validityMonths: 12,
            signatoryName: `${FIRST_NAMES[n % FIRST_NAMES.length]} ${LAST_NAMES[n % LAST_NAMES.length]}, S.Sos., M.Si.`,
            signatoryTitle: `Kepala Dinas Komunikasi dan Informatika ${region}`,
            signatoryNip: `1975060219950310${String(n).padStart(2, '0')}`,
            publicBaseUrl: null,
          },
          sla: { administrative: 5, field: 10, approval: 5 },
          holidays: [],
        },
      };
    });
    const created = new Date(this.now.getTime() - 3 * 365 * DAY_MS);
    await c.query(
      `INSERT INTO agencies (id, code, name, province, city, address, email, phone, settings, created_at, updated_at)
       SELECT t.id, t.code, t.name, t.province, t.city, t.address, t.email, '021-' || (3000000 + t.ord), t.settings, $8, $8
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $9::jsonb[]) WITH ORDINALITY
         AS t(id, code, name, province, city, address, email, settings, ord)`,
      [
        rows.map((r) => r.id),
        rows.map((r) => r.code),
        rows.map((r) => r.name),
        rows.map((r) => r.province),
        rows.map((r) => r.city),
        rows.map((r) => r.address),
        rows.map((r) => r.email),
        created,
        rows.map((r) => JSON.stringify(r.settings)),
      ],
    );
    const staff = rows.flatMap((r, i) =>
      STAFF_SLOTS.map((slot) => ({
        id: staffId(i + 1, slot),
        email: staffEmail(slot, i + 1),
        name: `${pick(this.rand, FIRST_NAMES)} ${pick(this.rand, LAST_NAMES)}`,
        role: roleOf(slot),
        agency: r.id,
      })),
    );
    await c.query(
      `INSERT INTO users (id, email, password_hash, name, role, agency_id, created_at, updated_at, email_confirmed_at)
       SELECT t.id, t.email, $6, t.name, t.role, t.agency, $7, $7, $7
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[]) AS t(id, email, name, role, agency)`,
      [staff.map((u) => u.id), staff.map((u) => u.email), staff.map((u) => u.name), staff.map((u) => u.role), staff.map((u) => u.agency), this.passwordHash, created],
    );
    const { rows: policies } = await c.query<{ id: string; agency_id: string }>(
      `INSERT INTO requirement_policies (agency_id, version, pack, note, effective_from, created_at)
       SELECT id, 1, $1::jsonb, 'Shipped pack: default', $2, $2 FROM agencies RETURNING id, agency_id`,
      [JSON.stringify(SHIPPED_PACKS.default), created],
    );
    const byAgency = new Map(policies.map((p) => [p.agency_id, p.id]));
    for (let n = 1; n <= this.s.agencies; n++) this.policyIds.set(n, byAgency.get(agencyId(n))!);
  }

  async applicants(c: Client): Promise<void> {
    await c.query(
      `INSERT INTO users (id, email, password_hash, name, role, created_at, updated_at, email_confirmed_at)
       SELECT pg_temp.bench_uuid('bench-user:applicant:' || n), 'applicant' || lpad(n::text, 5, '0') || '@bench.test', $2,
              ($3::text[])[1 + n % 30] || ' ' || ($4::text[])[1 + (n / 30) % 25], 'applicant',
              now() - (1100 - (n * 7) % 1000) * interval '1 day', now() - (1100 - (n * 7) % 1000) * interval '1 day',
              now() - (1100 - (n * 7) % 1000) * interval '1 day'
       FROM generate_series(1, $1) AS n`,
      [this.s.applicants, this.passwordHash, FIRST_NAMES, LAST_NAMES],
    );
    await c.query(
      `INSERT INTO users (id, email, password_hash, name, role, created_at, updated_at, email_confirmed_at)
       VALUES ($1, $2, $3, 'Pemilik Roster Bench', 'applicant', now() - interval '400 days', now() - interval '400 days', now() - interval '400 days')`,
      [ROSTER_APPLICANT_ID, ROSTER_APPLICANT_EMAIL, this.passwordHash],
    );
  }

  /** Outlets 1..R are the roster outlets (the submit scenario); R+1..N the rest. */
  async outlets(c: Client): Promise<void> {
    const R = this.s.rosterOutlets;
    await c.query(
      `INSERT INTO outlets (id, legal_name, brand_name, legal_form, deed_number, ministry_decree_number, tax_id, tax_status, business_id,
         established_on, media_type, website, office, press_council_status, press_council_certificate_number, press_council_verified_on,
         memberships, created_by, created_at, updated_at)
       SELECT pg_temp.bench_uuid('bench-outlet:' || n),
              CASE form WHEN 'PT' THEN 'PT ' || brand || ' Media' WHEN 'CV' THEN 'CV ' || brand WHEN 'yayasan' THEN 'Yayasan ' || brand
                        ELSE 'Koperasi ' || brand END,
              brand, form,
              'AHU-' || lpad(n::text, 7, '0') || '.AH.01.01.Tahun ' || (2005 + n % 18),
              CASE WHEN n % 41 = 0 AND n > $1 THEN NULL ELSE 'AHU-' || lpad((n * 3)::text, 7, '0') || '.AH.01.07.Tahun ' || (2005 + n % 18) END,
              lpad((n % 100)::text, 2, '0') || '.' || lpad((n % 1000)::text, 3, '0') || '.' || lpad((n * 7 % 1000)::text, 3, '0') || '.' ||
                (n % 10) || '-' || lpad((n % 1000)::text, 3, '0') || '.000',
              CASE WHEN n % 3 = 0 THEN 'non_pkp' ELSE 'pkp' END,
              lpad((9120000000000 + n)::text, 13, '0'),
              date '2004-01-01' + (n * 37 % 6500),
              (ARRAY['online','online','online','online','online','online','online','print','radio','television'])[1 + n % 10],
              'https://' || lower(replace(brand, ' ', '')) || '.bench.test',
              CASE WHEN n % 50 = 0 AND n > $1 THEN NULL ELSE jsonb_build_object(
                'street', ($3::text[])[1 + n % 8] || ' No. ' || (1 + n % 200),
                'city', ($4::text[])[1 + n % 12], 'province', ($5::text[])[1 + n % 12], 'latitude', NULL, 'longitude', NULL) END,
              pc, CASE WHEN pc = 'none' THEN NULL ELSE lpad((n % 9000)::text, 4, '0') || '/DP-Verifikasi/K/' || (ARRAY['III','VI','IX','XII'])[1 + n % 4] || '/' || extract(year FROM pcd)::int END,
              CASE WHEN pc = 'none' THEN NULL ELSE pcd END,
              (ARRAY['["AMSI"]','["SMSI","PWI"]','[]','["AMSI","AJI"]','["IJTI"]'])[1 + n % 5]::jsonb,
              CASE WHEN n <= $1 THEN $6::uuid ELSE pg_temp.bench_uuid('bench-user:applicant:' || (1 + (n - $1 - 1) % $7)) END,
              now() - (1200 - (n * 11) % 1100) * interval '1 day', now() - (30 + n % 300) * interval '1 day'
       FROM generate_series(1, $2) AS n,
            LATERAL (SELECT ${sqlTextArray(BRAND_WORDS)}[1 + n % 20] || ' ' || ${sqlTextArray(PLACE_WORDS)}[1 + (n / 20) % 15] || ' ' || n AS brand,
                            CASE WHEN n <= $1 OR n % 20 < 17 THEN 'PT' WHEN n % 20 = 17 THEN 'CV' WHEN n % 20 = 18 THEN 'yayasan' ELSE 'koperasi' END AS form,
                            CASE WHEN n <= $1 OR n % 10 < 7 THEN 'factual' WHEN n % 10 < 9 THEN 'administrative' ELSE 'none' END AS pc,
                            CASE WHEN n <= $1 THEN current_date - 400 ELSE current_date - (n * 13 % 2300) END AS pcd) AS x`,
      [R, this.s.outlets, STREETS, CITIES.map((x) => x[0]), CITIES.map((x) => x[1]), ROSTER_APPLICANT_ID, this.s.applicants],
    );
    await c.query(`INSERT INTO outlet_owners (outlet_id, user_id, added_at) SELECT id, created_by, created_at FROM outlets`);
    // Every outlet has the default pack's documents; some also competency certificates and traffic evidence.
    await c.query(
      `INSERT INTO documents (outlet_id, type, file_name, mime_type, size, sha256, storage_key, uploaded_by, uploaded_at)
       SELECT o.id, t.type, t.type || '.pdf', 'application/pdf', $2, $3, $4, o.created_by, o.created_at + (t.ord * interval '1 hour')
       FROM outlets o
       CROSS JOIN LATERAL unnest($1::text[] || CASE WHEN get_byte(decode(md5(o.id::text), 'hex'), 0) % 2 = 0
                                                  THEN ARRAY['competency_certificate', 'traffic_evidence'] ELSE ARRAY[]::text[] END)
         WITH ORDINALITY AS t(type, ord)`,
      [DOC_TYPES_REQUIRED, this.documentPdf.size, this.documentPdf.sha256, this.documentPdf.key],
    );
  }

  /**
   * Rosters: roster outlets get `rosterSize` journalists, the rest share the remainder (3 to ~20
   * each). About 2% of people sit on a second outlet's masthead (same NIK, so same keyed hash).
   */
  async journalists(c: Client): Promise<void> {
    const { s } = this;
    const cipher = new NikCipher({
      NIK_ENCRYPTION_KEYS: [{ id: BENCH_SECRETS.NIK_KEY_ID, key: BENCH_SECRETS.NIK_KEY }],
      NIK_HASH_KEY: BENCH_SECRETS.NIK_HASH_KEY,
    });
    const rand = prng(777);
    const counts = new Array<number>(s.outlets + 1).fill(0);
    for (let n = 1; n <= s.rosterOutlets; n++) counts[n] = s.rosterSize;
    const rest = s.journalists - s.rosterOutlets * s.rosterSize;
    if (rest < this.regular * 3) throw new Error('scale: too few journalists for three per outlet');
    const base = rest / this.regular;
    let total = 0;
    for (let n = s.rosterOutlets + 1; n <= s.outlets; n++) {
      counts[n] = Math.max(3, Math.round(base + (rand() - 0.5) * base));
      total += counts[n];
    }
    while (total !== rest) {
      const n = s.rosterOutlets + 1 + Math.floor(rand() * this.regular);
      if (total > rest && counts[n] > 3) {
        counts[n]--;
        total--;
      } else if (total < rest) {
        counts[n]++;
        total++;
      }
    }

    const people: { nik: string; hash: string; name: string }[] = [];
    const newPerson = () => {
      const p = people.length;
      const group = Math.floor(p / 9999);
      const dd = 1 + (group % 28);
      const mm = 1 + (Math.floor(group / 28) % 12);
      const yy = 60 + Math.floor(rand() * 40);
      const region = `${pick(rand, NIK_PROVINCES)}${String(1 + Math.floor(rand() * 30)).padStart(2, '0')}${String(1 + Math.floor(rand() * 20)).padStart(2, '0')}`;
      const nik = `${region}${String(dd + (rand() < 0.5 ? 40 : 0)).padStart(2, '0')}${String(mm).padStart(2, '0')}${yy}${String((p % 9999) + 1).padStart(4, '0')}`;
      const person = { nik, hash: cipher.hash(nik), name: `${pick(rand, FIRST_NAMES)} ${pick(rand, LAST_NAMES)}` };
      people.push(person);
      return person;
    };

    const newColumns = () => ({
      outlet: [] as string[],
      name: [] as string[],
      enc: [] as string[],
      hash: [] as string[],
      last4: [] as string[],
      position: [] as string[],
      level: [] as (string | null)[],
      certNo: [] as (string | null)[],
      issuer: [] as (string | null)[],
      issuedOn: [] as (string | null)[],
      revoked: [] as boolean[],
      ord: [] as number[],
    });
    type Columns = ReturnType<typeof newColumns>;
    const insert = async (b: Columns): Promise<void> => {
      if (b.outlet.length === 0) return;
      await c.query(
        `INSERT INTO journalists (outlet_id, name, nik_encrypted, nik_hash, nik_last4, position, competency_level,
           competency_certificate_number, competency_issuer, competency_issued_on, competency_revoked, created_at, updated_at)
         SELECT t.outlet, t.name, t.enc, t.hash, t.last4, t.position, t.level, t.cert_no, t.issuer, t.issued_on, t.revoked,
                o.created_at + t.ord * interval '1 minute', o.created_at + t.ord * interval '1 minute'
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::date[],
                     $11::boolean[], $12::int[])
           AS t(outlet, name, enc, hash, last4, position, level, cert_no, issuer, issued_on, revoked, ord)
         JOIN outlets o ON o.id = t.outlet`,
        [b.outlet, b.name, b.enc, b.hash, b.last4, b.position, b.level, b.certNo, b.issuer, b.issuedOn, b.revoked, b.ord],
      );
    };
    let cols = newColumns();

    const levelFor = (position: string, roster: boolean): string | null => {
      const r = rand();
      switch (position) {
        case 'chief_editor':
          return roster || r < 0.75 ? 'utama' : r < 0.9 ? 'madya' : null;
        case 'person_in_charge':
          return roster || r < 0.6 ? 'utama' : r < 0.85 ? 'madya' : null;
        case 'editor':
          return r < 0.7 ? 'madya' : r < 0.85 ? 'utama' : null;
        case 'reporter':
          return r < 0.55 ? 'muda' : r < 0.65 ? 'madya' : null;
        default:
          return null;
      }
    };

    let pending: Promise<void> = Promise.resolve();
    for (let n = 1; n <= s.outlets; n++) {
      const count = counts[n];
      const roster = n <= s.rosterOutlets;
      const firstOfOutlet = people.length;
      const used = new Set<string>();
      for (let i = 0; i < count; i++) {
        const position =
          i === 0 ? 'chief_editor' : i === 1 && count >= 4 ? 'person_in_charge' : i < 2 + Math.floor(count * 0.15) ? 'editor' : i === count - 1 && count >= 6 ? 'other' : 'reporter';
        let person = !roster && firstOfOutlet > 100 && rand() < 0.02 ? people[Math.floor(rand() * firstOfOutlet)] : newPerson();
        if (used.has(person.hash)) person = newPerson();
        used.add(person.hash);
        const level = levelFor(position, roster);
        const issued = level ? new Date(this.now.getTime() - (60 + Math.floor(rand() * 3000)) * DAY_MS).toISOString().slice(0, 10) : null;
        cols.outlet.push(outletId(n));
        cols.name.push(person.name);
        cols.enc.push(cipher.encrypt(person.nik));
        cols.hash.push(person.hash);
        cols.last4.push(person.nik.slice(-4));
        cols.position.push(position);
        cols.level.push(level);
        cols.certNo.push(level ? `UKW-${level.toUpperCase()}-${String(people.length).padStart(6, '0')}` : null);
        cols.issuer.push(level ? pick(rand, UKW_ISSUERS) : null);
        cols.issuedOn.push(issued);
        cols.revoked.push(level !== null && !roster && rand() < 0.01);
        cols.ord.push(i);
      }
      if (cols.outlet.length >= 10_000) {
        // Encrypting the next batch overlaps with PostgreSQL inserting this one.
        await pending;
        pending = insert(cols);
        cols = newColumns();
      }
    }
    await pending;
    await insert(cols);
  }

  /** Planned in TypeScript (statuses with exact counts, times around now), inserted with unnest, snapshots joined in SQL. */
  async applications(c: Client): Promise<void> {
    const { s } = this;
    const rand = prng(4242);
    const now = this.now.getTime();
    const year = new Date(now + 7 * 3600_000).getUTCFullYear(); // WIB
    const wibYearStart = (y: number) => Date.UTC(y, 0, 1) - 7 * 3600_000;

    // Snapshots: one per outlet, built the way the service freezes them (profile, roster with masked NIKs, documents).
    await c.query(`
      CREATE TEMP TABLE outlet_snap AS
      SELECT o.id AS outlet_id, o.brand_name AS outlet_name, jsonb_build_object(
        'outlet', jsonb_build_object('id', o.id, 'legalName', o.legal_name, 'brandName', o.brand_name, 'legalForm', o.legal_form,
          'deedNumber', o.deed_number, 'ministryDecreeNumber', o.ministry_decree_number, 'taxId', o.tax_id, 'taxStatus', o.tax_status,
          'businessId', o.business_id, 'establishedOn', o.established_on, 'mediaType', o.media_type, 'website', o.website, 'office', o.office,
          'pressCouncil', jsonb_build_object('status', o.press_council_status, 'certificateNumber', o.press_council_certificate_number,
            'verifiedOn', o.press_council_verified_on), 'memberships', o.memberships),
        'journalists', coalesce(j.list, '[]'::jsonb),
        'documents', coalesce(d.list, '[]'::jsonb)) AS snap
      FROM outlets o
      LEFT JOIN LATERAL (
        SELECT jsonb_agg(jsonb_build_object('id', x.id, 'name', x.name, 'nikMasked', '************' || x.nik_last4, 'position', x.position,
          'competency', CASE WHEN x.competency_level IS NULL THEN NULL ELSE jsonb_build_object('level', x.competency_level,
            'certificateNumber', x.competency_certificate_number, 'issuer', x.competency_issuer, 'issuedOn', x.competency_issued_on,
            'revoked', x.competency_revoked) END,
          'otherOutletCount', 0, 'otherOutletsHeaded', 0) ORDER BY x.created_at, x.id) AS list
        FROM journalists x WHERE x.outlet_id = o.id) j ON true
      LEFT JOIN LATERAL (
        SELECT jsonb_agg(jsonb_build_object('id', y.id, 'type', y.type, 'fileName', y.file_name, 'mimeType', y.mime_type, 'size', y.size,
          'sha256', y.sha256, 'uploadedAt', y.uploaded_at) ORDER BY y.uploaded_at, y.id) AS list
        FROM documents y WHERE y.outlet_id = o.id) d ON true`);
    await c.query(`CREATE UNIQUE INDEX ON outlet_snap (outlet_id)`);
    const { rows: sample } = await c.query<{ snap: OutletSnapshot }>(`SELECT snap FROM outlet_snap WHERE outlet_id = $1`, [outletId(s.rosterOutlets + 1)]);
    const evaluation = evaluatePolicy(SHIPPED_PACKS.default, sample[0].snap, {
      on: new Date(now).toISOString().slice(0, 10),
      agency: { code: agencyCode(2), name: 'Dinas Komunikasi dan Informatika', province: AGENCY_REGIONS[1][1], city: AGENCY_REGIONS[1][2] },
    });

    // Who applies where: agency 01 gets one application from each of its outlets; the others
    // spread over agencies 02..N so that no outlet/agency pair repeats (one open per pair).
    type Plan = { outlet: number; agency: number; status: string };
    const big: Plan[] = [];
    const others: Plan[] = [];
    for (let i = 0; i < s.bigAgencyApplications; i++) big.push({ outlet: s.rosterOutlets + 1 + i, agency: BIG_AGENCY, status: '' });
    const otherCount = s.applications - s.bigAgencyApplications;
    for (let m = 0; m < otherCount; m++) {
      const n = s.rosterOutlets + 1 + (m % this.regular);
      const k = Math.floor(m / this.regular);
      if (k >= s.agencies - 1) throw new Error('scale: too many applications per outlet');
      others.push({ outlet: n, agency: 2 + ((n * 7 + k * 13) % (s.agencies - 1)), status: '' });
    }
    const bigApproved = s.bigAgencyCertificatesLastYear + Math.round(s.bigAgencyCertificatesLastYear * 0.05);
    const assign = (plans: Plan[], approved: number) => {
      const rest = plans.length - approved;
      const weights: [string, number][] = [
        ['draft', 0.14],
        ['submitted', 0.2],
        ['field_verification', 0.12],
        ['awaiting_approval', 0.1],
        ['revision_requested', 0.1],
        ['rejected', 0.18],
        ['withdrawn', 0.16],
      ];
      const statuses: string[] = Array(approved).fill('approved');
      let left = rest;
      weights.forEach(([st, w], i) => {
        const k = i === weights.length - 1 ? left : Math.round(rest * w);
        statuses.push(...Array(k).fill(st));
        left -= k;
      });
      shuffle(rand, statuses).forEach((st, i) => (plans[i].status = st));
    };
    assign(big, bigApproved);
    assign(others, s.approved - bigApproved);

    const rows = [...big, ...others];
    const cols: Record<string, unknown[]> = {
      ref: [], outlet: [], agency: [], status: [], version: [], policy: [], fieldVisit: [], submitted: [], stage: [], due: [], decided: [],
      createdBy: [], created: [], updated: [],
    };
    const perAgencyYear = new Map<string, number>();
    const sla = { submitted: 7, field_verification: 14, awaiting_approval: 7 } as Record<string, number>;
    const ms = (d: number) => d * DAY_MS;
    let bigYearCount = 0;
    const lastYearStart = wibYearStart(year - 1);
    const thisYearStart = wibYearStart(year);
    for (const p of rows) {
      let created: number, submitted: number | null = null, stage: number | null = null, due: number | null = null, decided: number | null = null;
      let version = 1;
      switch (p.status) {
        case 'draft':
          created = now - ms(rand() * 60);
          break;
        case 'submitted':
        case 'field_verification':
        case 'awaiting_approval': {
          const days = sla[p.status];
          stage = now - ms(rand() * (days / 0.7));
          due = stage + ms(days);
          submitted = p.status === 'submitted' ? stage : stage - ms(2 + rand() * 20);
          created = submitted - ms(rand() * 5);
          version = p.status === 'submitted' ? 2 : p.status === 'field_verification' ? 3 : 4;
          break;
        }
        case 'revision_requested':
          stage = now - ms(rand() * 30);
          submitted = stage - ms(1 + rand() * 10);
          created = submitted - ms(rand() * 5);
          version = 3;
          break;
        case 'approved': {
          if (p.agency === BIG_AGENCY) {
            // Exactly bigAgencyCertificatesLastYear fall in last calendar year (WIB), the rest this year.
            decided =
              bigYearCount++ < s.bigAgencyCertificatesLastYear
                ? lastYearStart + ms(1) + rand() * (thisYearStart - lastYearStart - ms(2))
                : thisYearStart + rand() * Math.max(0, now - thisYearStart - 3600_000);
          } else {
            decided = now - ms(1 + rand() * 700);
          }
          submitted = decided - ms(8 + rand() * 30);
          created = submitted - ms(rand() * 10);
          version = 5;
          break;
        }
        default: // rejected, withdrawn
          decided = now - ms(1 + rand() * 700);
          submitted = decided - ms(2 + rand() * 20);
          created = submitted - ms(rand() * 10);
          version = p.status === 'rejected' ? 4 : 3;
      }
      const y = new Date(created + 7 * 3600_000).getUTCFullYear();
      const key = `${p.agency}:${y}`;
      const seq = (perAgencyYear.get(key) ?? 0) + 1;
      perAgencyYear.set(key, seq);
      const visited = p.status === 'awaiting_approval' || p.status === 'approved' ? (decided ?? stage!) - ms(1) : null;
      cols.ref.push(`BENCH-${agencyNo(p.agency)}-${y}-${String(seq).padStart(6, '0')}`);
      cols.outlet.push(outletId(p.outlet));
      cols.agency.push(agencyId(p.agency));
      cols.status.push(p.status);
      cols.version.push(version);
      cols.policy.push(p.status === 'draft' ? null : this.policyIds.get(p.agency));
      cols.fieldVisit.push(
        visited === null
          ? null
          : JSON.stringify({ visitedOn: new Date(visited).toISOString().slice(0, 10), officeConfirmed: true, notes: 'Kantor redaksi ada dan aktif.' }),
      );
      const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
      cols.submitted.push(iso(submitted));
      cols.stage.push(iso(stage));
      cols.due.push(iso(due));
      cols.decided.push(iso(decided));
      cols.createdBy.push(p.outlet <= s.rosterOutlets ? ROSTER_APPLICANT_ID : applicantId(1 + ((p.outlet - s.rosterOutlets - 1) % s.applicants)));
      cols.created.push(iso(created));
      cols.updated.push(iso(Math.max(created, submitted ?? 0, stage ?? 0, decided ?? 0)));
    }
    const evaluationJson = JSON.stringify(evaluation);
    for (let from = 0; from < rows.length; from += 5000) {
      const slice = (a: unknown[]) => a.slice(from, from + 5000);
      await c.query(
        `INSERT INTO applications (reference, outlet_id, agency_id, status, version, policy_id, snapshot, evaluation, field_visit,
           submitted_at, stage_started_at, due_at, decided_at, outlet_name, created_by, created_at, updated_at)
         SELECT t.ref, t.outlet, t.agency, t.status, t.version, t.policy,
                CASE WHEN t.status = 'draft' THEN NULL ELSE s.snap END, CASE WHEN t.status = 'draft' THEN NULL ELSE $15::jsonb END,
                t.field_visit, t.submitted, t.stage, t.due, t.decided, s.outlet_name, t.created_by, t.created, t.updated
         FROM unnest($1::text[], $2::uuid[], $3::uuid[], $4::text[], $5::int[], $6::uuid[], $7::jsonb[], $8::timestamptz[], $9::timestamptz[],
                     $10::timestamptz[], $11::timestamptz[], $12::uuid[], $13::timestamptz[], $14::timestamptz[])
           AS t(ref, outlet, agency, status, version, policy, field_visit, submitted, stage, due, decided, created_by, created, updated)
         JOIN outlet_snap s ON s.outlet_id = t.outlet`,
        [
          slice(cols.ref), slice(cols.outlet), slice(cols.agency), slice(cols.status), slice(cols.version), slice(cols.policy), slice(cols.fieldVisit),
          slice(cols.submitted), slice(cols.stage), slice(cols.due), slice(cols.decided), slice(cols.createdBy), slice(cols.created), slice(cols.updated),
          evaluationJson,
        ],
      );
    }
    await c.query(`DROP TABLE outlet_snap`);
    await c.query(
      `INSERT INTO application_counters (agency_id, year, last)
       SELECT agency_id, split_part(reference, '-', 3)::int, max(split_part(reference, '-', 4)::int) FROM applications GROUP BY 1, 2`,
    );

    // The decision trail, in the transitions' order, by the agency's officers and approver.
    await c.query(`
      INSERT INTO application_decisions (application_id, actor_id, actor_role, action, from_status, to_status, reason, field_visit, created_at)
      SELECT a.id,
             CASE t.who WHEN 'applicant' THEN a.created_by
                        WHEN 'approver' THEN pg_temp.bench_uuid('bench-user:approver:' || substr(g.code, 9)::int)
                        ELSE pg_temp.bench_uuid('bench-user:officer' || (1 + (t.step + get_byte(decode(md5(a.id::text), 'hex'), 0)) % 3) || ':' || substr(g.code, 9)::int) END,
             t.who, t.action, t.from_status, t.to_status,
             CASE WHEN t.action IN ('reject', 'request_revision') THEN 'Dokumen akta belum sesuai; mohon dilengkapi.' END,
             CASE WHEN t.action = 'pass_field' THEN a.field_visit END,
             a.submitted_at + (coalesce(a.decided_at, a.stage_started_at) - a.submitted_at) * (t.step::float / t.steps)
      FROM applications a
      JOIN agencies g ON g.id = a.agency_id
      JOIN (VALUES
        ('submitted', 0, 1, 'submit', 'draft', 'submitted', 'applicant'),
        ('field_verification', 0, 1, 'submit', 'draft', 'submitted', 'applicant'),
        ('field_verification', 1, 1, 'pass_administrative', 'submitted', 'field_verification', 'officer'),
        ('awaiting_approval', 0, 2, 'submit', 'draft', 'submitted', 'applicant'),
        ('awaiting_approval', 1, 2, 'pass_administrative', 'submitted', 'field_verification', 'officer'),
        ('awaiting_approval', 2, 2, 'pass_field', 'field_verification', 'awaiting_approval', 'officer'),
        ('revision_requested', 0, 1, 'submit', 'draft', 'submitted', 'applicant'),
        ('revision_requested', 1, 1, 'request_revision', 'submitted', 'revision_requested', 'officer'),
        ('approved', 0, 3, 'submit', 'draft', 'submitted', 'applicant'),
        ('approved', 1, 3, 'pass_administrative', 'submitted', 'field_verification', 'officer'),
        ('approved', 2, 3, 'pass_field', 'field_verification', 'awaiting_approval', 'officer'),
        ('approved', 3, 3, 'approve', 'awaiting_approval', 'approved', 'approver'),
        ('rejected', 0, 2, 'submit', 'draft', 'submitted', 'applicant'),
        ('rejected', 1, 2, 'pass_administrative', 'submitted', 'field_verification', 'officer'),
        ('rejected', 2, 2, 'reject', 'field_verification', 'rejected', 'officer'),
        ('withdrawn', 0, 1, 'submit', 'draft', 'submitted', 'applicant'),
        ('withdrawn', 1, 1, 'withdraw', 'submitted', 'withdrawn', 'applicant')
      ) AS t(status, step, steps, action, from_status, to_status, who) ON t.status = a.status`);
  }

  async certificates(c: Client): Promise<void> {
    const codes = new Set<string>();
    while (codes.size < this.s.approved) codes.add(verificationCode());
    const f = this.certificatePdfFile;
    await c.query(
      `WITH appr AS (
         SELECT a.id, a.agency_id, a.outlet_id, a.decided_at, a.outlet_name, row_number() OVER (ORDER BY a.id) AS rn,
                extract(year FROM a.decided_at AT TIME ZONE 'Asia/Jakarta')::int AS yr
         FROM applications a WHERE a.status = 'approved'),
       numbered AS (SELECT appr.*, row_number() OVER (PARTITION BY agency_id, yr ORDER BY decided_at, id)::int AS seq FROM appr)
       INSERT INTO certificates (agency_id, application_id, outlet_id, number, year, seq, verification_code, status, status_reason, status_changed_at,
         valid_from, valid_until, issued_at, outlet_name, data, pdf_storage_key, pdf_sha256, pdf_size)
       SELECT n.agency_id, n.id, n.outlet_id, num.number, n.yr, n.seq, v.code, st.status,
              CASE st.status WHEN 'suspended' THEN 'Alamat kantor tidak dapat diverifikasi ulang.' WHEN 'revoked' THEN 'Izin usaha dicabut.' END,
              CASE WHEN st.status IN ('suspended', 'revoked') THEN n.decided_at + interval '30 days' END,
              d.vf, d.vu, n.decided_at, n.outlet_name,
              jsonb_build_object(
                'agency', jsonb_build_object('name', 'Dinas Komunikasi dan Informatika',
                  'region', regexp_replace(g.name, '^Dinas Komunikasi dan Informatika ', ''), 'address', g.address, 'city', g.city,
                  'timeZone', 'Asia/Jakarta', 'logoPng', NULL),
                'title', 'SERTIFIKAT KEMITRAAN MEDIA', 'subtitle', 'Media Partnership Certificate',
                'certificate', jsonb_build_object('number', num.number, 'verificationCode', v.code, 'validFrom', d.vf, 'validUntil', d.vu,
                  'issuedAt', to_char(n.decided_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
                'outlet', jsonb_build_object('legalName', o.legal_name, 'brandName', o.brand_name, 'mediaType', o.media_type, 'website', o.website,
                  'office', CASE WHEN o.office IS NULL THEN NULL ELSE concat_ws(', ', o.office->>'street', o.office->>'city', o.office->>'province') END),
                'pressCouncil', jsonb_build_object('status', o.press_council_status, 'certificateNumber', o.press_council_certificate_number),
                'chiefEditor', CASE WHEN ce.name IS NULL THEN NULL ELSE jsonb_build_object('name', ce.name, 'level', ce.competency_level) END,
                'signatory', jsonb_build_object('name', g.settings->'certificate'->>'signatoryName', 'title', g.settings->'certificate'->>'signatoryTitle',
                  'nip', g.settings->'certificate'->>'signatoryNip'),
                'verifyUrl', 'http://localhost:3000/verify/' || v.code,
                'grade', NULL),
              $2, $3, $4
       FROM numbered n
       JOIN agencies g ON g.id = n.agency_id
       JOIN outlets o ON o.id = n.outlet_id
       JOIN unnest($1::text[]) WITH ORDINALITY AS v(code, i) ON v.i = n.rn
       LEFT JOIN LATERAL (SELECT j.name, j.competency_level FROM journalists j WHERE j.outlet_id = o.id AND j.position = 'chief_editor'
                          ORDER BY j.created_at, j.id LIMIT 1) ce ON true
       CROSS JOIN LATERAL (SELECT (n.decided_at AT TIME ZONE 'Asia/Jakarta')::date AS vf,
                                  ((n.decided_at AT TIME ZONE 'Asia/Jakarta')::date + interval '12 months' - interval '1 day')::date AS vu) d
       CROSS JOIN LATERAL (SELECT lpad(n.seq::text, greatest(3, length(n.seq::text)), '0') || '/MM/' || g.code || '/' || n.yr AS number) num
       CROSS JOIN LATERAL (SELECT CASE WHEN n.rn % 97 = 0 THEN 'revoked' WHEN n.rn % 53 = 0 THEN 'suspended'
                                       WHEN d.vu < current_date THEN 'expired' ELSE 'active' END AS status) st`,
      [[...codes], f.key, f.sha256, f.size],
    );
    await c.query(`INSERT INTO certificate_counters (agency_id, year, last) SELECT agency_id, year, max(seq) FROM certificates GROUP BY 1, 2`);
    // Scanned before: most certificates, some of them lately.
    await c.query(
      `INSERT INTO certificate_scans (certificate_id, scan_count, last_scanned_at)
       SELECT id, (rn * 7) % 40, CASE WHEN rn % 3 = 0 THEN now() - (rn % 90) * interval '1 day' END
       FROM (SELECT id, row_number() OVER (ORDER BY application_id) AS rn FROM certificates) n WHERE (rn * 7) % 40 > 0`,
    );
  }
}

/** Applications the submit scenario opened in an earlier run are withdrawn, so the roster outlets can apply again. */
export async function resetRosterApplications(url: string, scale: Scale): Promise<number> {
  const client = await connect(url);
  try {
    const ids = Array.from({ length: scale.rosterOutlets }, (_, i) => outletId(i + 1));
    const res = await client.query(
      `UPDATE applications SET status = 'withdrawn', decided_at = now(), updated_at = now() WHERE outlet_id = ANY($1::uuid[]) AND status = ANY($2::text[])`,
      [ids, OPEN],
    );
    return res.rowCount ?? 0;
  } finally {
    await client.end();
  }
}
