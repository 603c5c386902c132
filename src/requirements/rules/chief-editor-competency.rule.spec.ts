import type { ChiefEditorCompetencyParams } from '../policy-pack';
import { evaluationContext, journalist, outletSnapshot } from '../testing/outlet-snapshot.builder';
import { chiefEditorCompetencyRule } from './chief-editor-competency.rule';

const defaults: ChiefEditorCompetencyParams = {
  positions: ['chief_editor', 'person_in_charge'],
  minLevel: 'utama',
  acceptedIssuers: null,
  maxOutletsHeaded: null,
};

const evaluate = (journalists: ReturnType<typeof journalist>[], params: Partial<ChiefEditorCompetencyParams> = {}) =>
  chiefEditorCompetencyRule.evaluate(outletSnapshot({ journalists }), evaluationContext(), { ...defaults, ...params });

describe('chief_editor_competency', () => {
  it.each([
    {
      case: 'chief editor holds utama',
      roster: [journalist({ name: 'Budi Santoso', competency: { level: 'utama' } })],
      params: {},
      outcome: 'pass',
      says: 'Budi Santoso (pemimpin redaksi) memegang sertifikat UKW utama',
    },
    {
      case: 'chief editor holds only madya',
      roster: [journalist({ name: 'Budi Santoso', competency: { level: 'madya' } })],
      params: {},
      outcome: 'fail',
      says: 'Budi Santoso (pemimpin redaksi): jenjang madya, minimal utama',
    },
    {
      case: 'madya is enough when the pack asks for madya',
      roster: [journalist({ competency: { level: 'madya' } })],
      params: { minLevel: 'madya' as const },
      outcome: 'pass',
      says: 'UKW madya',
    },
    {
      case: 'utama certificate revoked',
      roster: [journalist({ name: 'Budi Santoso', competency: { revoked: true, certificateNumber: 'UT-77' } })],
      params: {},
      outcome: 'fail',
      says: 'sertifikat UKW UT-77 telah dicabut',
    },
    {
      case: 'issuer not accepted',
      roster: [journalist({ competency: { issuer: 'LSP Abal-Abal' } })],
      params: { acceptedIssuers: ['PWI', 'AJI', 'LSP Pers Indonesia'] },
      outcome: 'fail',
      says: 'penerbit sertifikat "LSP Abal-Abal" tidak diakui',
    },
    {
      case: 'issuer accepted regardless of case and spacing',
      roster: [journalist({ competency: { issuer: '  lsp  pers indonesia ' } })],
      params: { acceptedIssuers: ['LSP Pers Indonesia'] },
      outcome: 'pass',
      says: 'memegang sertifikat UKW utama',
    },
    {
      case: 'heads two outlets, two allowed',
      roster: [journalist({ otherOutletsHeaded: 1 })],
      params: { maxOutletsHeaded: 2 },
      outcome: 'pass',
      says: 'memimpin 2 dari maksimal 2 media',
    },
    {
      case: 'heads three outlets, two allowed',
      roster: [journalist({ name: 'Budi Santoso', otherOutletsHeaded: 2 })],
      params: { maxOutletsHeaded: 2 },
      outcome: 'fail',
      says: 'Budi Santoso (pemimpin redaksi): memimpin 3 media, maksimal 2',
    },
    {
      case: 'person in charge qualifies when the chief editor does not',
      roster: [
        journalist({ name: 'Budi Santoso', competency: { level: 'madya' } }),
        journalist({ name: 'Rina Wulan', position: 'person_in_charge' }),
      ],
      params: {},
      outcome: 'pass',
      says: 'Rina Wulan (penanggung jawab)',
    },
    {
      case: 'no chief editor or person in charge',
      roster: [journalist({ position: 'editor' })],
      params: {},
      outcome: 'fail',
      says: 'Boks redaksi tidak mencantumkan pemimpin redaksi atau penanggung jawab.',
    },
    {
      case: 'chief editor without any certificate',
      roster: [journalist({ name: 'Budi Santoso', competency: null })],
      params: {},
      outcome: 'fail',
      says: 'Budi Santoso (pemimpin redaksi): belum memiliki sertifikat UKW',
    },
  ])('$case -> $outcome', ({ roster, params, outcome, says }) => {
    const finding = evaluate(roster, params);
    expect(finding.outcome).toBe(outcome);
    expect(finding.message.id).toContain(says);
  });

  it('lists every reason for every candidate, in both languages', () => {
    const finding = evaluate(
      [
        journalist({ name: 'Budi Santoso', competency: { level: 'madya', issuer: 'LSP X' }, otherOutletsHeaded: 4 }),
        journalist({ name: 'Rina Wulan', position: 'person_in_charge', competency: { revoked: true, certificateNumber: 'R-1' } }),
      ],
      { acceptedIssuers: ['PWI'], maxOutletsHeaded: 2 },
    );
    expect(finding.outcome).toBe('fail');
    expect(finding.message.en).toBe(
      'No chief editor or person in charge qualifies. ' +
        'Budi Santoso (chief editor): holds madya, at least utama is required, certificate issuer "LSP X" is not accepted, ' +
        'heads 5 outlets, at most 2 allowed; Rina Wulan (person in charge): UKW certificate R-1 has been revoked.',
    );
    expect(finding.details).toEqual({
      positions: ['chief_editor', 'person_in_charge'],
      candidates: [
        {
          journalistId: 'j-budi-santoso',
          name: 'Budi Santoso',
          position: 'chief_editor',
          problems: ['level_too_low', 'issuer_not_accepted', 'heads_too_many'],
        },
        { journalistId: 'j-rina-wulan', name: 'Rina Wulan', position: 'person_in_charge', problems: ['revoked'] },
      ],
    });
  });

  it('never puts a NIK in the message or details', () => {
    const finding = evaluate([journalist({ nikMasked: '************9876', competency: { level: 'muda' } })]);
    expect(JSON.stringify(finding)).not.toContain('9876');
  });
});
