import type { FastifyRequest } from 'fastify';
import { AppError } from './app-error';
import { assertCleanInput } from './input-guard';

export interface Upload {
  fields: Record<string, string>;
  file: { fileName: string; declaredType: string; content: Buffer } | null;
}

const malformed = (detail: string) =>
  new AppError('validation', 'UPLOAD.MALFORMED', 'The multipart form could not be read', { form: detail });

/** What @fastify/multipart's limit errors mean to the sender; all are the sender's to fix. */
const LIMIT_ERRORS: Record<string, () => AppError> = {
  FST_FILES_LIMIT: () => new AppError('validation', 'UPLOAD.ONE_FILE', 'Send one file per upload', { file: 'only one file allowed' }),
  FST_FIELDS_LIMIT: () => new AppError('validation', 'UPLOAD.TOO_MANY_FIELDS', 'The form has more fields than this upload takes', { form: 'too many fields' }),
  FST_PARTS_LIMIT: () => new AppError('validation', 'UPLOAD.TOO_MANY_FIELDS', 'The form has more parts than this upload takes', { form: 'too many parts' }),
};

export type UploadedFile = NonNullable<Upload['file']>;

/** A form with several files (a field visit's photos) and fields that may repeat (hidden ids). */
export interface MultiUpload {
  fields: Record<string, string>;
  /** Every value of each field, in order: a repeated field keeps them all. */
  lists: Record<string, string[]>;
  files: UploadedFile[];
}

/**
 * Reads one multipart form (fields and at most one file) within the configured size limit.
 * Whatever is wrong with the form itself (no boundary, cut off, too many parts, over-long fields,
 * NUL characters) is the sender's 4xx; nothing is stored before the whole form was read.
 */
export async function readUpload(req: FastifyRequest, maxBytes: number): Promise<Upload> {
  const { fields, files } = await readForm(req, maxBytes, 1);
  return { fields, file: files[0] ?? null };
}

/** Like readUpload, with up to `maxFiles` files, each within the size limit. */
export function readMultiUpload(req: FastifyRequest, maxBytes: number, maxFiles: number): Promise<MultiUpload> {
  return readForm(req, maxBytes, maxFiles);
}

async function readForm(req: FastifyRequest, maxBytes: number, maxFiles: number): Promise<MultiUpload> {
  if (!req.isMultipart()) {
    throw new AppError('unsupported_media', 'UPLOAD.NOT_MULTIPART', 'Send the document as multipart/form-data');
  }
  const fields: Record<string, string> = {};
  const lists: Record<string, string[]> = {};
  const files: UploadedFile[] = [];
  const tooMany = () =>
    maxFiles === 1 ? LIMIT_ERRORS.FST_FILES_LIMIT() : new AppError('validation', 'UPLOAD.TOO_MANY_FILES', `Send at most ${maxFiles} files at once`, { file: `at most ${maxFiles}` });
  try {
    // More files than one form takes are refused by busboy's own limit (FST_FILES_LIMIT).
    for await (const part of req.parts(maxFiles === 1 ? undefined : { limits: { files: maxFiles, fields: 10 + maxFiles } })) {
      if (part.type === 'file') {
        if (files.length >= maxFiles) {
          await part.toBuffer();
          throw tooMany();
        }
        files.push({ fileName: part.filename, declaredType: part.mimetype, content: await part.toBuffer() });
      } else {
        if (part.fieldnameTruncated || part.valueTruncated) {
          throw new AppError('validation', 'UPLOAD.FIELD_TOO_LONG', 'A form field is longer than this upload takes', {
            [part.fieldname]: 'too long',
          });
        }
        fields[part.fieldname] = String(part.value);
        (lists[part.fieldname] ??= []).push(String(part.value));
      }
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    const code = (err as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new AppError('payload_too_large', 'UPLOAD.TOO_LARGE', `The file is larger than ${maxBytes} bytes`, {
        file: `at most ${maxBytes} bytes`,
      });
    }
    if (code === 'FST_FILES_LIMIT') throw tooMany();
    if (code && LIMIT_ERRORS[code]) throw LIMIT_ERRORS[code]();
    // busboy's own errors (no boundary, a part cut off, a malformed header) carry no code.
    throw malformed(err instanceof Error ? err.message : String(err));
  }
  const suffix = (i: number) => (i === 0 ? '' : String(i));
  assertCleanInput(
    {
      ...Object.fromEntries(Object.entries(lists).flatMap(([k, vs]) => vs.map((v, i) => [`${k}${suffix(i)}`, v]))),
      ...Object.fromEntries(files.flatMap((f, i) => [[`fileName${suffix(i)}`, f.fileName], [`contentType${suffix(i)}`, f.declaredType]])),
    },
    'form',
  );
  return { fields, lists, files };
}
