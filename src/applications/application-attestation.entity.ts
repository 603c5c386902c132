import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An officer's evidence for a check with no API: the lookup, when it was made, what was seen and a screenshot. */
@Entity('application_attestations')
export class ApplicationAttestation {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'application_id' }) applicationId: string;
  @Column('uuid', { name: 'agency_id' }) agencyId: string;
  @Column('text', { name: 'rule_id' }) ruleId: string;
  @Column('text', { name: 'lookup_url' }) lookupUrl: string;
  @Column('timestamptz', { name: 'looked_up_at' }) lookedUpAt: Date;
  @Column('text') observed: string;
  @Column('text', { name: 'screenshot_file_name' }) screenshotFileName: string;
  @Column('text', { name: 'screenshot_mime_type' }) screenshotMimeType: 'image/png' | 'image/jpeg';
  @Column('integer', { name: 'screenshot_size' }) screenshotSize: number;
  @Column('text', { name: 'screenshot_sha256' }) screenshotSha256: string;
  @Column('text', { name: 'screenshot_storage_key' }) screenshotStorageKey: string;
  @Column('uuid', { name: 'recorded_by' }) recordedBy: string;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt: Date;
}
