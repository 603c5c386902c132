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

/**
 * Reads one multipart form (fields and at most one file) within the configured size limit.
 * Whatever is wrong with the form itself (no boundary, cut off, too many parts, over-long fields,
 * NUL characters) is the sender's 4xx; nothing is stored before the whole form was read.
 */
export async function readUpload(req: FastifyRequest, maxBytes: number): Promise<Upload> {
  if (!req.isMultipart()) {
    throw new AppError('unsupported_media', 'UPLOAD.NOT_MULTIPART', 'Send the document as multipart/form-data');
  }
  const fields: Record<string, string> = {};
  let file: Upload['file'] = null;
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        if (file) {
          await part.toBuffer();
          throw LIMIT_ERRORS.FST_FILES_LIMIT();
        }
        file = { fileName: part.filename, declaredType: part.mimetype, content: await part.toBuffer() };
      } else {
        if (part.fieldnameTruncated || part.valueTruncated) {
          throw new AppError('validation', 'UPLOAD.FIELD_TOO_LONG', 'A form field is longer than this upload takes', {
            [part.fieldname]: 'too long',
          });
        }
        fields[part.fieldname] = String(part.value);
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
    if (code && LIMIT_ERRORS[code]) throw LIMIT_ERRORS[code]();
    // busboy's own errors (no boundary, a part cut off, a malformed header) carry no code.
    throw malformed(err instanceof Error ? err.message : String(err));
  }
  assertCleanInput({ ...fields, ...(file ? { fileName: file.fileName, contentType: file.declaredType } : {}) }, 'form');
  return { fields, file };
}
