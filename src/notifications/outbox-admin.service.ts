import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/permissions';
import { AppError, notFound } from '../common/app-error';
import { Clock } from '../common/clock';
import { inTransaction } from '../database/transaction';
import type { OutboxEntryView, OutboxQueryDto, OutboxStatus } from './dto/outbox.dto';

interface Row {
  id: string;
  template: string;
  recipient_email: string;
  status: OutboxStatus;
  attempts: number;
  last_error: string | null;
  next_attempt_at: Date;
  created_at: Date;
  sent_at: Date | null;
}

const COLUMNS = 'id, template, recipient_email, status, attempts, last_error, next_attempt_at, created_at, sent_at';

/** An agency admin's view of its mail: what went out, what is waiting, what needs a hand. */
@Injectable()
export class OutboxAdminService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(auth: AuthUser, query: OutboxQueryDto): Promise<{ items: OutboxEntryView[] }> {
    const agencyId = this.agencyOf(auth);
    const rows = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM outbox
       WHERE agency_id = $1 AND ($2::text IS NULL OR status = $2)
       ORDER BY created_at DESC, id DESC LIMIT $3`,
      [agencyId, query.status ?? null, query.limit ?? 50],
    )) as Row[];
    return { items: rows.map(view) };
  }

  /** A parked mail goes back in the queue with a fresh set of attempts and its original Message-ID. */
  async retry(auth: AuthUser, id: string): Promise<OutboxEntryView> {
    const agencyId = this.agencyOf(auth);
    return inTransaction(this.dataSource, async (m) => {
      const [row] = (await m.query(`SELECT ${COLUMNS} FROM outbox WHERE id = $1 AND agency_id = $2 FOR UPDATE`, [
        id,
        agencyId,
      ])) as Row[];
      if (!row) throw notFound('notification', 'OUTBOX.NOT_FOUND');
      if (row.status !== 'parked') {
        throw new AppError('conflict', 'OUTBOX.NOT_PARKED', `Only a parked notification can be retried; this one is ${row.status}`);
      }
      const result = (await m.query(
        `UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = $2, locked_until = NULL
         WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, this.clock.now()],
      )) as [Row[], number];
      await this.audit.append(m, {
        agencyId,
        actor: auth,
        action: 'outbox.retried',
        entityType: 'outbox',
        entityId: id,
        summary: `Parked ${row.template} notification queued again after ${row.attempts} attempt(s)`,
        data: { template: row.template, attempts: row.attempts },
      });
      return view(result[0][0]);
    });
  }

  private agencyOf(auth: AuthUser): string {
    if (!auth.agencyId) throw new AppError('forbidden', 'OUTBOX.FORBIDDEN', 'Only staff of an agency manage its outbox');
    return auth.agencyId;
  }
}

function view(r: Row): OutboxEntryView {
  return {
    id: r.id,
    template: r.template,
    recipientEmail: r.recipient_email,
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
    nextAttemptAt: r.next_attempt_at.toISOString(),
    createdAt: r.created_at.toISOString(),
    sentAt: r.sent_at ? r.sent_at.toISOString() : null,
  };
}
