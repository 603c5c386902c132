import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export interface AgencySettings {
  certificate: {
    /** Tokens: {seq} (zero-padded to 3), {seq:N}, {year}, {code}, {month} (Roman numeral). */
    numberPattern: string;
    validityMonths: number;
    signatoryName: string;
    signatoryTitle: string;
    signatoryNip: string | null;
    /** Where certificate QR codes point; null uses the service's PUBLIC_BASE_URL. */
    publicBaseUrl: string | null;
    /** Storage key of the agency's PNG logo printed on certificates; null prints none. */
    logoKey: string | null;
  };
  /** Service levels per review stage, in working days. */
  sla: { administrative: number; field: number; approval: number };
  /** Public holidays (YYYY-MM-DD) skipped when counting working days. */
  holidays: string[];
  /** A name for some of the holidays, by date (each date is in `holidays`); absent when none is named. */
  holidayNames?: Record<string, string>;
}

export const DEFAULT_AGENCY_SETTINGS: AgencySettings = {
  certificate: {
    numberPattern: '{seq}/MM/{code}/{year}',
    validityMonths: 12,
    signatoryName: 'Kepala Dinas',
    signatoryTitle: 'Kepala Dinas Komunikasi dan Informatika',
    signatoryNip: null,
    publicBaseUrl: null,
    logoKey: null,
  },
  sla: { administrative: 5, field: 10, approval: 5 },
  holidays: [],
};

@Entity('agencies')
export class Agency {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') code: string;
  @Column('text') name: string;
  @Column('text') province: string;
  @Column('text', { nullable: true }) city: string | null;
  @Column('text', { nullable: true }) address: string | null;
  @Column('text', { nullable: true }) email: string | null;
  @Column('text', { nullable: true }) phone: string | null;
  @Column('jsonb') settings: AgencySettings;
  /** Demo data (seed): its certificates say on their face and on the verification page that they are not valid. */
  @Column('boolean', { name: 'is_demo', default: false }) isDemo: boolean;
  /** 'rounds': applications are taken only in a registration round's window; 'all_year': any day. */
  @Column('text', { default: 'all_year' }) intake: 'all_year' | 'rounds';
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
