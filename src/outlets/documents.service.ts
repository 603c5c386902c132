import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { isStaff, type AuthUser } from '../auth/permissions';
import { AppError } from '../common/app-error';
import type { Upload } from '../common/multipart';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { inTransaction } from '../database/transaction';
import { DOCUMENT_TYPES, type DocumentType } from '../requirements/outlet-snapshot';
import { contentProblem } from '../storage/file-content';
import { declaredTypeContradicts, detectFileType, EXTENSION, isAccepted } from '../storage/file-type';
import { FILE_STORAGE, StoredFileUnavailable, type FileStorage } from '../storage/file-storage';
import { staffMayReadDocumentSql } from './outlet-access';
import { OutletsService } from './outlets.service';

export interface DocumentView {
  id: string;
  outletId: string;
  type: DocumentType;
  fileName: string;
  mimeType: string;
  size: number;
  sha256: string;
  uploadedAt: string;
}

interface DocumentRow {
  id: string;
  outlet_id: string;
  type: DocumentType;
  file_name: string;
  mime_type: string;
  size: number;
  sha256: string;
  storage_key: string;
  uploaded_at: Date;
}

const view = (r: DocumentRow): DocumentView => ({
  id: r.id,
  outletId: r.outlet_id,
  type: r.type,
  fileName: r.file_name,
  mimeType: r.mime_type,
  size: r.size,
  sha256: r.sha256,
  uploadedAt: r.uploaded_at.toISOString(),
});

/** A name safe in a Content-Disposition header and on any disk, with the extension of the real type. */
export function safeFileName(name: string, mime: keyof typeof EXTENSION): string {
  const base = name
    .replace(/\.[^.]*$/, '')
    .normalize('NFKD')
    .replace(/[^\w\- ]+/g, '')
    .trim()
    .replace(/\s+/g, '-')
    .slice(0, 80);
  return `${base || 'document'}.${EXTENSION[mime]}`;
}

const DOCUMENT_LABEL: Record<keyof typeof EXTENSION, string> = {
  'application/pdf': 'a PDF',
  'image/jpeg': 'a JPEG image',
  'image/png': 'a PNG image',
};

@Injectable()
export class DocumentsService {
  private readonly logger = new Logger('Documents');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outlets: OutletsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async upload(auth: AuthUser, outletId: string, upload: Upload): Promise<DocumentView> {
    const type = upload.fields.type;
    if (!type || !(DOCUMENT_TYPES as readonly string[]).includes(type)) {
      throw new AppError('validation', 'DOCUMENT.BAD_TYPE', 'Say which document this is', {
        type: `must be one of ${DOCUMENT_TYPES.join(', ')}`,
      });
    }
    // Ownership first: a stranger learns nothing about the file rules from the answer.
    await this.outlets.assertOwnedReadOnly(auth, outletId);
    const file = upload.file;
    if (!file) throw new AppError('validation', 'DOCUMENT.NO_FILE', 'Attach the file', { file: 'required' });
    if (file.content.length === 0) {
      throw new AppError('unprocessable', 'DOCUMENT.EMPTY', 'The file is empty', { file: 'empty' });
    }
    if (file.content.length > this.config.UPLOAD_MAX_BYTES) {
      throw new AppError('payload_too_large', 'UPLOAD.TOO_LARGE', `The file is larger than ${this.config.UPLOAD_MAX_BYTES} bytes`);
    }
    const detected = detectFileType(file.content.subarray(0, 16));
    if (!isAccepted(detected)) {
      throw new AppError('unprocessable', 'DOCUMENT.UNSUPPORTED_TYPE', `Only PDF, JPEG and PNG are accepted; this file is ${detected}`, {
        file: `detected ${detected}`,
      });
    }
    const declared = file.declaredType.toLowerCase();
    if (declaredTypeContradicts(declared, detected)) {
      throw new AppError('unprocessable', 'DOCUMENT.TYPE_MISMATCH', `The file was sent as ${declared} but its content is ${detected}`, {
        file: `declared ${declared}, detected ${detected}`,
      });
    }
    // The first bytes only say what the file claims to be; an officer must be able to open it.
    const problem = await contentProblem(file.content, detected);
    if (problem) {
      throw new AppError('unprocessable', 'DOCUMENT.UNREADABLE', `The file starts like ${DOCUMENT_LABEL[detected]} but cannot be read: it ${problem}`, {
        file: `detected ${detected}; it ${problem}`,
      });
    }
    const { key, sha256 } = await this.storage.put('documents', file.content);
    return inTransaction(this.dataSource, async (m) => {
      await this.outlets.lockOwned(m, auth, outletId);
      const [row] = (await m.query(
        `INSERT INTO documents (outlet_id, type, file_name, mime_type, size, sha256, storage_key, uploaded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
        [outletId, type, safeFileName(file.fileName, detected), detected, file.content.length, sha256, key, auth.id],
      )) as DocumentRow[];
      await this.audit.append(m, {
        agencyId: null,
        actor: auth,
        action: 'document.uploaded',
        entityType: 'outlet',
        entityId: outletId,
        summary: `Document ${type} uploaded (${detected}, ${file.content.length} bytes)`,
        data: { documentId: row.id, type, sha256, size: file.content.length },
      });
      return view(row);
    });
  }

  async list(auth: AuthUser, outletId: string): Promise<DocumentView[]> {
    const m = this.dataSource.manager;
    await this.outlets.assertReadable(m, auth, outletId);
    const rows = (await m.query(`SELECT * FROM documents WHERE outlet_id = $1 ORDER BY uploaded_at, id`, [outletId])) as DocumentRow[];
    return rows.map(view);
  }

  /** The document's bytes, opened before anything is audited or any header is sent. */
  async content(auth: AuthUser, documentId: string): Promise<{ document: DocumentView; stream: Readable; size: number }> {
    const m = this.dataSource.manager;
    const [row] = (await m.query(`SELECT * FROM documents WHERE id = $1`, [documentId])) as DocumentRow[];
    const notFound = new AppError('not_found', 'DOCUMENT.NOT_FOUND', 'Document not found');
    if (!row) throw notFound;
    if (isStaff(auth)) {
      // The outlet while the agency has it in hand, or a file its application's snapshot names (outlet-access.ts).
      const params: unknown[] = [row.id, row.outlet_id];
      const readable = (await m.query(`SELECT 1 WHERE ${staffMayReadDocumentSql('$1::uuid', '$2::uuid', auth.agencyId, params, this.clock.now())}`, params)) as unknown[];
      if (readable.length === 0) throw notFound;
    } else {
      try {
        await this.outlets.assertReadable(m, auth, row.outlet_id);
      } catch {
        throw notFound;
      }
    }
    const file = await this.storage.open(row.storage_key).catch((err: unknown) => {
      if (err instanceof StoredFileUnavailable) this.logger.error(`document ${row.id}: stored file ${err.key} unavailable (${err.reason})`);
      throw err;
    });
    if (isStaff(auth)) {
      await inTransaction(this.dataSource, (tx) =>
        this.audit.append(tx, {
          agencyId: auth.agencyId,
          actor: auth,
          action: 'document.downloaded',
          entityType: 'outlet',
          entityId: row.outlet_id,
          summary: `Document ${row.type} read by staff`,
          data: { documentId: row.id },
        }),
      ).catch((err: unknown) => {
        file.stream.destroy();
        throw err;
      });
    }
    return { document: view(row), ...file };
  }
}
