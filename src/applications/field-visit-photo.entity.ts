import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A photo taken on a field visit; pending until the pass_field decision it is evidence for attaches it. */
@Entity('field_visit_photos')
export class FieldVisitPhoto {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'application_id' }) applicationId: string;
  @Column('uuid', { name: 'agency_id' }) agencyId: string;
  /** bigint comes back from PostgreSQL as a string. */
  @Column('bigint', { name: 'decision_id', nullable: true }) decisionId: string | null;
  @Column('text', { name: 'file_name' }) fileName: string;
  @Column('text', { name: 'mime_type' }) mimeType: 'image/png' | 'image/jpeg';
  @Column('integer') size: number;
  @Column('text') sha256: string;
  @Column('text', { name: 'storage_key' }) storageKey: string;
  @Column('uuid', { name: 'uploaded_by' }) uploadedBy: string;
  @Column('timestamptz', { name: 'uploaded_at' }) uploadedAt: Date;
}
