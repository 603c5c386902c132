import type { DocumentType } from '../outlet-snapshot';
import { document, evaluationContext, outletSnapshot } from '../testing/outlet-snapshot.builder';
import { requiredDocumentsRule } from './required-documents.rule';

const evaluate = (uploaded: DocumentType[], types: DocumentType[]) =>
  requiredDocumentsRule.evaluate(
    outletSnapshot({ documents: uploaded.map((type) => document(type)) }),
    evaluationContext(),
    { types },
  );

describe('required_documents', () => {
  it('passes when every configured type is uploaded', () => {
    const finding = evaluate(['deed', 'tax_id', 'other'], ['deed', 'tax_id']);
    expect(finding.outcome).toBe('pass');
    expect(finding.details).toEqual({ required: ['deed', 'tax_id'], missing: [] });
  });

  it('lists the missing types in pack order, in both languages', () => {
    const finding = evaluate(['deed'], ['deed', 'ministry_decree', 'office_photo', 'masthead']);
    expect(finding.outcome).toBe('fail');
    expect(finding.message).toEqual({
      id: 'Dokumen belum diunggah: SK Kemenkumham, foto kantor, boks redaksi.',
      en: 'Documents not yet uploaded: Ministry of Law decree, office photo, masthead.',
    });
    expect(finding.details).toEqual({
      required: ['deed', 'ministry_decree', 'office_photo', 'masthead'],
      missing: ['ministry_decree', 'office_photo', 'masthead'],
    });
  });

  it('fails with nothing uploaded', () => {
    expect(evaluate([], ['deed']).outcome).toBe('fail');
  });
});
