import { COMMA, DOCUMENT_TYPE_LABELS, joinLocalized } from '../labels';
import { fail, pass } from '../rule-result';
import type { RuleDefinition } from './rule-definition';

export const requiredDocumentsRule: RuleDefinition<'required_documents'> = {
  family: 'required_documents',
  title: { id: 'Kelengkapan dokumen', en: 'Required documents' },
  evaluate(snapshot, _context, params) {
    const uploaded = new Set(snapshot.documents.map((document) => document.type));
    const missing = params.types.filter((type) => !uploaded.has(type));
    const details = { required: [...params.types], missing };
    if (missing.length > 0) {
      const names = joinLocalized(
        missing.map((type) => DOCUMENT_TYPE_LABELS[type]),
        COMMA,
      );
      return fail(
        { id: `Dokumen belum diunggah: ${names.id}.`, en: `Documents not yet uploaded: ${names.en}.` },
        details,
      );
    }
    const names = joinLocalized(
      params.types.map((type) => DOCUMENT_TYPE_LABELS[type]),
      COMMA,
    );
    return pass(
      { id: `Semua dokumen wajib telah diunggah: ${names.id}.`, en: `All required documents are uploaded: ${names.en}.` },
      details,
    );
  },
};
