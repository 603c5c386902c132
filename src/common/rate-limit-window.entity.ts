import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One fixed window of a shared rate limit; see SharedRateLimiter. */
@Entity('rate_limit_windows')
export class RateLimitWindow {
  @PrimaryColumn('text') key: string;
  @Column('timestamptz', { name: 'window_start' }) windowStart: Date;
  @Column('integer') count: number;
}
