import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AgenciesService, type NewAgency } from '../agencies/agencies.service';
import { PasswordHasher } from '../auth/password-hasher';
import type { AuthUser, Role } from '../auth/permissions';
import { ApplicationsService } from '../applications/applications.service';
import { inTransaction } from '../database/transaction';
import { UsersService } from '../users/users.service';
import { DemoOutletSeed, SUARA_BRAWIJAYA } from './demo-outlet.seed';

export const DEMO_PASSWORD = 'mitra-demo-2026';

interface DemoAgency extends NewAgency {
  staff: { email: string; name: string; role: Exclude<Role, 'applicant'> }[];
}

const DEMO_AGENCIES: DemoAgency[] = [
  {
    code: 'DEMO',
    name: 'Diskominfo Provinsi Jawa Timur (demo)',
    province: 'Jawa Timur',
    city: 'Surabaya',
    address: 'Jl. Contoh Fiktif No. 1, Surabaya (alamat demo)',
    email: 'humas@demo.test',
    phone: '(000) 000-0001 (demo)',
    pack: 'default',
    isDemo: true,
    settings: {
      certificate: {
        numberPattern: '{seq}/MM/DISKOMINFO-JATIM/{year}',
        validityMonths: 12,
        signatoryName: 'Penandatangan Demo, S.Kom. (fiktif)',
        signatoryTitle: 'Kepala Dinas (contoh untuk demo)',
        signatoryNip: '000000000000000001',
        publicBaseUrl: null,
        logoKey: null,
      },
    },
    staff: [
      { email: 'admin@demo.test', name: 'Admin Diskominfo Jatim', role: 'admin' },
      { email: 'officer@demo.test', name: 'Budi Santoso', role: 'officer' },
      { email: 'officer2@demo.test', name: 'Siti Aminah', role: 'officer' },
      { email: 'approver@demo.test', name: 'Hendro Wibowo', role: 'approver' },
      { email: 'auditor@demo.test', name: 'Inspektorat Jatim', role: 'auditor' },
    ],
  },
  {
    code: 'DEMO-KALTIM',
    name: 'Diskominfo Provinsi Kalimantan Timur (demo)',
    province: 'Kalimantan Timur',
    city: 'Samarinda',
    address: 'Jl. Contoh Fiktif No. 2, Samarinda (alamat demo)',
    email: 'humas@kaltim.demo.test',
    phone: '(000) 000-0002 (demo)',
    pack: 'kaltim',
    isDemo: true,
    settings: {
      certificate: {
        numberPattern: '{seq}/KM/DISKOMINFO-KALTIM/{month}/{year}',
        validityMonths: 12,
        signatoryName: 'Penandatangan Demo Kaltim, S.Sos. (fiktif)',
        signatoryTitle: 'Kepala Dinas (contoh untuk demo)',
        signatoryNip: '000000000000000002',
        publicBaseUrl: null,
        logoKey: null,
      },
    },
    staff: [
      { email: 'admin@kaltim.demo.test', name: 'Admin Diskominfo Kaltim', role: 'admin' },
      { email: 'officer@kaltim.demo.test', name: 'Rahmat Hidayat', role: 'officer' },
      { email: 'approver@kaltim.demo.test', name: 'Yuliana Sari', role: 'approver' },
      { email: 'auditor@kaltim.demo.test', name: 'Inspektorat Kaltim', role: 'auditor' },
    ],
  },
];

export const DEMO_APPLICANT = { email: 'applicant@demo.test', name: 'Rina Wulandari' };
/** A second applicant, whose submitted application waits in the DEMO queue for the staff console. */
export const DEMO_APPLICANT_2 = { email: 'applicant2@demo.test', name: 'Andi Pratama' };

export interface DemoLogin {
  email: string;
  role: Role;
  agency: string | null;
}

@Injectable()
export class DemoSeed {
  private readonly logger = new Logger('DemoSeed');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly agencies: AgenciesService,
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly outlet: DemoOutletSeed,
    private readonly applications: ApplicationsService,
  ) {}

  async isEmpty(): Promise<boolean> {
    const [{ n }] = (await this.dataSource.query(`SELECT count(*)::int AS n FROM agencies`)) as { n: number }[];
    return n === 0;
  }

  /** Idempotent by agency code: an existing DEMO agency means the demo is there already. */
  async run(): Promise<{ created: boolean; logins: DemoLogin[] }> {
    const logins: DemoLogin[] = [
      ...DEMO_AGENCIES.flatMap((a) => a.staff.map((s) => ({ email: s.email, role: s.role as Role, agency: a.code }))),
      { email: DEMO_APPLICANT.email, role: 'applicant', agency: null },
      { email: DEMO_APPLICANT_2.email, role: 'applicant', agency: null },
    ];
    const [exists] = (await this.dataSource.query(`SELECT 1 FROM agencies WHERE code = 'DEMO'`)) as unknown[];
    if (exists) return { created: false, logins };
    const passwordHash = await this.hasher.hash(DEMO_PASSWORD);
    const made = await inTransaction(this.dataSource, async (m) => {
      for (const { staff, ...input } of DEMO_AGENCIES) {
        const agency = await this.agencies.create(m, input);
        for (const s of staff) {
          await this.users.insert(m, { ...s, passwordHash, agencyId: agency.id, locale: 'id', emailConfirmed: true });
        }
      }
      const applicant = await this.users.insert(m, {
        ...DEMO_APPLICANT,
        role: 'applicant',
        passwordHash,
        agencyId: null,
        locale: 'id',
        emailConfirmed: true,
      });
      await this.outlet.seed(m, applicant.id);
      const second = await this.users.insert(m, { ...DEMO_APPLICANT_2, role: 'applicant', passwordHash, agencyId: null, locale: 'id', emailConfirmed: true });
      return { second, outletId: await this.outlet.seed(m, second.id, SUARA_BRAWIJAYA) };
    });
    // Through the workflow itself, so the queue entry is what a real submission leaves: snapshot,
    // judgement, due date, decision row, audit and mail.
    const auth: AuthUser = { id: made.second.id, email: made.second.email, name: DEMO_APPLICANT_2.name, role: 'applicant', agencyId: null, locale: 'id' };
    const demoAgency = await this.agencies.list().then((all) => all.find((a) => a.code === 'DEMO')!);
    const draft = await this.applications.create(auth, { outletId: made.outletId, agencyId: demoAgency.id });
    await this.applications.act(auth, draft.id, { action: 'submit', version: draft.version });
    this.logger.log('Demo data created');
    return { created: true, logins };
  }
}
