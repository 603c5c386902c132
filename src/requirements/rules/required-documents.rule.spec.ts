import type { DocumentType } from '../outlet-snapshot';
import { document, evaluationContext, outletSnapshot } from '../testing/outlet-snapshot.builder';
import { requiredDocumentsRule } from './required-documents.rule';

const evaluate = (uploaded: DocumentType[], types: DocumentType[], anyOf: DocumentType[][] = []) =>
  requiredDocumentsRule.evaluate(
    outletSnapshot({ documents: uploaded.map((type) => document(type)) }),
    evaluationContext(),
    { types, anyOf },
  );
const TAX_PROOF: DocumentType[][] = [['annual_tax_return', 'tax_clearance_letter']];

describe('required_documents', () => {
  it('passes when every configured type is uploaded', () => {
    const finding = evaluate(['deed', 'tax_id', 'other'], ['deed', 'tax_id']);
    expect(finding.outcome).toBe('pass');
    expect(finding.details).toEqual({ required: ['deed', 'tax_id'], missing: [], anyOf: [], missingAnyOf: [] });
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
      anyOf: [],
      missingAnyOf: [],
    });
  });

  it.each([
    { uploaded: ['deed', 'annual_tax_return'], outcome: 'pass' },
    { uploaded: ['deed', 'tax_clearance_letter'], outcome: 'pass' },
    { uploaded: ['deed', 'annual_tax_return', 'tax_clearance_letter'], outcome: 'pass' },
    { uploaded: ['deed', 'tax_id'], outcome: 'fail' },
  ] as { uploaded: DocumentType[]; outcome: string }[])('one of a group is enough: $uploaded is $outcome', ({ uploaded, outcome }) => {
    expect(evaluate(uploaded, ['deed'], TAX_PROOF).outcome).toBe(outcome);
  });

  it('names the alternatives of a group with none uploaded', () => {
    const finding = evaluate(['tax_id'], ['deed'], TAX_PROOF);
    expect(finding.message.id).toBe('Dokumen belum diunggah: akta pendirian, SPT Tahunan terakhir atau surat keterangan fiskal.');
    expect(finding.details).toMatchObject({ missing: ['deed'], missingAnyOf: [['annual_tax_return', 'tax_clearance_letter']] });
  });

  it('fails with nothing uploaded', () => {
    expect(evaluate([], ['deed']).outcome).toBe('fail');
  });
});
