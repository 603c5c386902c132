import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A browser session: the cookie holds a random token, the row its SHA-256 (see the migration). */
@Entity('web_sessions')
export class WebSession {
  @PrimaryColumn('text', { name: 'token_hash' }) tokenHash: string;
  @Column('uuid', { name: 'user_id' }) userId: string;
  @Column('text', { name: 'csrf_token' }) csrfToken: string;
  /** The user's token_version at login; a password reset bumps the user's and so ends this session. */
  @Column('integer', { name: 'token_version' }) tokenVersion: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt: Date;
}
