import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One failed (or pending) login under one throttle key; shared by every process. See PgFailureStore. */
@Entity('login_failures')
export class LoginFailure {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: number;
  @Column('text') key: string;
  /** Milliseconds since the epoch, from the login throttle's clock. */
  @Column('bigint') at: number;
}
