import { AppError } from '../common/app-error';
import type { Upload } from '../common/multipart';
import { safeFileName } from '../outlets/documents.service';
import { contentProblem } from '../storage/file-content';
import type { FileStorage } from '../storage/file-storage';
import { declaredTypeContradicts, detectFileType } from '../storage/file-type';

export const EVIDENCE_IMAGE_TYPES = ['image/png', 'image/jpeg'] as const;
export type EvidenceImageType = (typeof EVIDENCE_IMAGE_TYPES)[number];
const isEvidenceImageType = (mime: string): mime is EvidenceImageType => (EVIDENCE_IMAGE_TYPES as readonly string[]).includes(mime);

/** How a kind of evidence names its refusals: `ATTESTATION.UNREADABLE_SCREENSHOT`, `FIELD_VISIT.UNREADABLE_PHOTO`. */
export interface EvidenceImageWords {
  codePrefix: string;
  /** Upper-case noun in codes (SCREENSHOT, PHOTO). */
  codeNoun: string;
  /** What the sender attached, in messages ("screenshot", "photo"). */
  noun: string;
}

/**
 * An officer's picture (an attestation's screenshot, a field-visit photo) passes the same checks
 * as an outlet's documents: present, within the size limit, PNG or JPEG by its content, not
 * declared as something else, and readable to the end. Returns the file with its detected type.
 */
export async function checkEvidenceImage(
  file: Upload['file'],
  maxBytes: number,
  words: EvidenceImageWords,
): Promise<{ file: NonNullable<Upload['file']>; mime: EvidenceImageType }> {
  const { codePrefix: p, codeNoun: N, noun } = words;
  if (!file) throw new AppError('validation', `${p}.NO_${N}`, `Attach the ${noun}`, { file: 'required' });
  if (file.content.length === 0) throw new AppError('unprocessable', `${p}.EMPTY_${N}`, `The ${noun} is empty`, { file: 'empty' });
  if (file.content.length > maxBytes) throw new AppError('payload_too_large', 'UPLOAD.TOO_LARGE', `The file is larger than ${maxBytes} bytes`);
  const detected = detectFileType(file.content.subarray(0, 16));
  if (!isEvidenceImageType(detected)) {
    throw new AppError('unprocessable', `${p}.UNSUPPORTED_TYPE`, `A ${noun} must be PNG or JPEG; this file is ${detected}`, { file: `detected ${detected}` });
  }
  const declared = file.declaredType.toLowerCase();
  if (declaredTypeContradicts(declared, detected)) {
    throw new AppError('unprocessable', `${p}.TYPE_MISMATCH`, `The file was sent as ${declared} but its content is ${detected}`, {
      file: `declared ${declared}, detected ${detected}`,
    });
  }
  const problem = await contentProblem(file.content, detected);
  if (problem) throw new AppError('unprocessable', `${p}.UNREADABLE_${N}`, `The ${noun} cannot be read: it ${problem}`, { file: `detected ${detected}; it ${problem}` });
  return { file, mime: detected };
}

/** A checked evidence image, stored: what its row keeps. */
export interface StoredEvidenceImage {
  fileName: string;
  mimeType: EvidenceImageType;
  size: number;
  sha256: string;
  storageKey: string;
}

/**
 * Checks an officer's picture (checkEvidenceImage) and stores it under `namespace`; its file name
 * is made safe, `fallbackName` when the sender gave none. Called before the transaction that keeps its row.
 */
export async function storeEvidenceImage(
  storage: FileStorage,
  file: Upload['file'],
  maxBytes: number,
  words: EvidenceImageWords,
  where: { namespace: string; fallbackName: string },
): Promise<StoredEvidenceImage> {
  const checked = await checkEvidenceImage(file, maxBytes, words);
  const stored = await storage.put(where.namespace, checked.file.content);
  return {
    fileName: safeFileName(checked.file.fileName || where.fallbackName, checked.mime),
    mimeType: checked.mime,
    size: checked.file.content.length,
    sha256: stored.sha256,
    storageKey: stored.key,
  };
}
