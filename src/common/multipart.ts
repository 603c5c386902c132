import type { FastifyRequest } from 'fastify';
import { AppError } from './app-error';

export interface Upload {
  fields: Record<string, string>;
  file: { fileName: string; declaredType: string; content: Buffer } | null;
}

/** Reads one multipart form (fields and at most one file) within the configured size limit. */
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
          throw new AppError('validation', 'UPLOAD.ONE_FILE', 'Send one file per upload', { file: 'only one file allowed' });
        }
        file = { fileName: part.filename, declaredType: part.mimetype, content: await part.toBuffer() };
      } else {
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
    if (code?.startsWith('FST_')) {
      throw new AppError('validation', 'UPLOAD.MALFORMED', 'The multipart form could not be read', { file: String((err as Error).message) });
    }
    throw err;
  }
  return { fields, file };
}
