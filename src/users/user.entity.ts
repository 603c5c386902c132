import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Role } from '../auth/permissions';

@Entity('users')
export class User {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') email: string;
  /** Null while an invited staff member has not chosen a password yet. */
  @Column('text', { name: 'password_hash', select: false, nullable: true }) passwordHash: string | null;
  @Column('text') name: string;
  @Column('text') role: Role;
  @Column('uuid', { name: 'agency_id', nullable: true }) agencyId: string | null;
  @Column('text') locale: 'id' | 'en';
  @Column('boolean') active: boolean;
  /** Null until the user opens the mailed confirmation link; staff and seeded accounts are created confirmed. */
  @Column('timestamptz', { name: 'email_confirmed_at', nullable: true }) emailConfirmedAt: Date | null;
  /** Access tokens carry it; raising it ends every session (password reset). */
  @Column('integer', { name: 'token_version', default: 0 }) tokenVersion: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
