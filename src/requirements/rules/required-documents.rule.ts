import { COMMA, DOCUMENT_TYPE_LABELS, joinLocalized, OR } from '../labels';
import type { DocumentType } from '../outlet-snapshot';
import { fail, pass, type LocalizedText } from '../rule-result';
import type { RuleDefinition } from './rule-definition';

export const requiredDocumentsRule: RuleDefinition<'required_documents'> = {
  family: 'required_documents',
  title: { id: 'Kelengkapan dokumen', en: 'Required documents' },
  evaluate(snapshot, _context, params) {
    const uploaded = new Set(snapshot.documents.map((document) => document.type));
    const missing = params.types.filter((type) => !uploaded.has(type));
    // Packs stored before `anyOf` existed have no alternatives.
    const groups = params.anyOf ?? [];
    const missingAnyOf = groups.filter((group) => !group.some((type) => uploaded.has(type))).map((group) => [...group]);
    const details = { required: [...params.types], missing, anyOf: groups.map((group) => [...group]), missingAnyOf };
    const names = (types: readonly DocumentType[], separator: LocalizedText) =>
      joinLocalized(
        types.map((type) => DOCUMENT_TYPE_LABELS[type]),
        separator,
      );
    if (missing.length > 0 || missingAnyOf.length > 0) {
      const parts = joinLocalized([...missing.map((type) => DOCUMENT_TYPE_LABELS[type]), ...missingAnyOf.map((group) => names(group, OR))], COMMA);
      return fail(
        { id: `Dokumen belum diunggah: ${parts.id}.`, en: `Documents not yet uploaded: ${parts.en}.` },
        details,
      );
    }
    const all = joinLocalized([...params.types.map((type) => DOCUMENT_TYPE_LABELS[type]), ...groups.map((group) => names(group, OR))], COMMA);
    return pass(
      { id: `Semua dokumen wajib telah diunggah: ${all.id}.`, en: `All required documents are uploaded: ${all.en}.` },
      details,
    );
  },
};
