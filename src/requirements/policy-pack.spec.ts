import { SHIPPED_PACKS } from './packs/shipped-packs';
import { validatePolicyPack } from './policy-pack';

const rule = (overrides: Record<string, unknown> = {}) => ({
  id: 'docs',
  family: 'required_documents',
  severity: 'blocking',
  params: { types: ['deed'], anyOf: [] },
  citation: 'UU 40/1999 Pasal 9 ayat (2)',
  citationVerified: false,
  ...overrides,
});
const pack = (rules: unknown[], overrides: Record<string, unknown> = {}) => ({
  name: 'Test pack',
  source: 'Test regulation',
  rules,
  ...overrides,
});
const errorsOf = (input: unknown) => {
  const result = validatePolicyPack(input);
  if (result.ok) throw new Error('expected the pack to be rejected');
  return result.errors;
};

describe('validatePolicyPack', () => {
  it.each(Object.entries(SHIPPED_PACKS))('accepts the shipped %s pack unchanged', (_key, shipped) => {
    expect(validatePolicyPack(shipped)).toEqual({ ok: true, pack: shipped });
  });

  it('survives a JSON round trip (how packs are stored)', () => {
    const stored = JSON.parse(JSON.stringify(SHIPPED_PACKS.kaltim)) as unknown;
    expect(validatePolicyPack(stored)).toEqual({ ok: true, pack: SHIPPED_PACKS.kaltim });
  });

  it('fills parameter defaults and trims text', () => {
    const result = validatePolicyPack(
      pack([
        rule({ id: 'chief', family: 'chief_editor_competency', params: {}, citation: '  SKW  ' }),
        rule({ id: 'dp', family: 'press_council_verification', params: {} }),
        rule({ id: 'office', family: 'office', params: {} }),
        rule({ id: 'legal', family: 'legal_entity', params: {} }),
        rule({ id: 'crew', family: 'journalist_competency', params: { minShare: 0.5 } }),
        rule({ id: 'one-outlet', family: 'exclusive_journalists', params: {}, title: null }),
        rule({ id: 'company', family: 'company_outlets', params: {} }),
        rule({ id: 'kbli', family: 'business_classification', params: { codes: ['63122'] } }),
        rule({ id: 'katalog', family: 'e_katalog_listing', params: {} }),
        rule({ id: 'work', family: 'journalist_competency_or_portfolio', params: {} }),
        rule({ id: 'docs', family: 'required_documents', params: { types: ['deed'] }, citationVerified: undefined }),
      ]),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.pack.rules.map((r) => [r.id, r.params])).toEqual([
      ['chief', { positions: ['chief_editor', 'person_in_charge'], minLevel: 'utama', acceptedIssuers: null, maxOutletsHeaded: null }],
      ['dp', { minStatus: 'factual', maxAgeYears: 5 }],
      ['office', { requireInProvince: false, requireOfficePhoto: true, requireFieldConfirmation: true }],
      ['legal', { acceptedForms: ['PT'], requireDeed: true, requireMinistryDecree: true, requireTaxStatus: null }],
      ['crew', { minCertified: null, minShare: 0.5, minLevel: 'muda', positions: null }],
      ['one-outlet', { scope: 'outlet' }],
      ['company', { maxOutlets: 1 }],
      ['kbli', { codes: ['63122'], requireBusinessId: true, confirmOnDeed: false }],
      ['katalog', { acceptedHosts: null }],
      ['work', { positions: ['chief_editor', 'person_in_charge', 'editor', 'reporter'], minLevel: 'muda', minPublishedYears: 5, minPublishedLinks: 1 }],
      ['docs', { types: ['deed'], anyOf: [] }],
    ]);
    // A citation nobody marked as checked is unverified.
    expect(result.pack.rules[10].citationVerified).toBe(false);
    expect(result.pack.rules[0].citation).toBe('SKW');
    expect(result.pack.rules[5]).not.toHaveProperty('title');
  });

  it('does not share arrays with its input', () => {
    const input = pack([rule()]);
    const result = validatePolicyPack(input);
    if (!result.ok) throw new Error('expected ok');
    (input.rules[0] as { params: { types: string[] } }).params.types.push('masthead');
    expect(result.pack.rules[0].params).toEqual({ types: ['deed'], anyOf: [] });
  });

  it.each([
    { case: 'not an object', input: [], errors: { pack: 'must be an object' } },
    {
      case: 'missing top-level fields',
      input: {},
      errors: { name: 'is required', source: 'is required', rules: 'is required' },
    },
    { case: 'unknown top-level key', input: pack([rule()], { version: 3 }), errors: { version: 'is not allowed' } },
    { case: 'no rules', input: pack([]), errors: { rules: 'must not be empty' } },
    {
      case: 'unknown family',
      input: pack([rule(), rule({ id: 'x', family: 'astrology', params: { sign: 'leo' } })]),
      errors: {
        'rules[1].family':
          'must be one of chief_editor_competency, press_council_verification, office, journalist_competency, legal_entity, required_documents, outlet_age, exclusive_journalists, company_outlets, office_coordinates, business_classification, e_katalog_listing, journalist_competency_or_portfolio',
      },
    },
    {
      case: 'bad level',
      input: pack([rule({ id: 'chief', family: 'chief_editor_competency', params: { minLevel: 'senior' } })]),
      errors: { 'rules[0].params.minLevel': 'must be one of muda, madya, utama' },
    },
    {
      case: 'duplicate ids',
      input: pack([rule(), rule({ id: 'other' }), rule()]),
      errors: { 'rules[2].id': 'duplicates rules[0].id' },
    },
    {
      case: 'duplicate id on a rule that is also invalid',
      input: pack([rule(), rule({ severity: 'fatal' })]),
      errors: { 'rules[1].id': 'duplicates rules[0].id', 'rules[1].severity': 'must be one of blocking, review' },
    },
    {
      case: 'unknown param key',
      input: pack([rule({ params: { types: ['deed'], optional: ['masthead'] } })]),
      errors: { 'rules[0].params.optional': 'is not allowed' },
    },
    {
      case: 'unknown rule key',
      input: pack([rule({ weight: 2 })]),
      errors: { 'rules[0].weight': 'is not allowed' },
    },
    {
      case: 'missing params',
      input: pack([rule({ params: undefined })]),
      errors: { 'rules[0].params': 'is required' },
    },
    {
      case: 'unknown and duplicate document types',
      input: pack([rule({ params: { types: ['deed', 'selfie', 'deed'] } })]),
      errors: {
        'rules[0].params.types[1]':
          'must be one of deed, ministry_decree, tax_id, business_id, press_council_certificate, competency_certificate, office_photo, domicile_letter, masthead, traffic_evidence, office_sign_photo, annual_tax_return, tax_clearance_letter, other',
        'rules[0].params.types[2]': 'duplicates rules[0].params.types[0]',
      },
    },
    {
      case: 'wrong param types',
      input: pack([
        rule({ id: 'age', family: 'outlet_age', params: { minYears: '2' } }),
        rule({ id: 'office', family: 'office', params: { requireInProvince: 'yes' } }),
        rule({ id: 'dp', family: 'press_council_verification', params: { minStatus: 'none', maxAgeYears: 2.5 } }),
      ]),
      errors: {
        'rules[0].params.minYears': 'must be an integer from 1 to 100',
        'rules[1].params.requireInProvince': 'must be true or false',
        'rules[2].params.minStatus': 'must be one of administrative, factual',
        'rules[2].params.maxAgeYears': 'must be an integer from 1 to 50',
      },
    },
    {
      case: 'share out of range',
      input: pack([rule({ family: 'journalist_competency', params: { minShare: 1.5 } })]),
      errors: { 'rules[0].params.minShare': 'must be a number greater than 0 and at most 1' },
    },
    {
      case: 'journalist competency without any criterion',
      input: pack([rule({ family: 'journalist_competency', params: { minLevel: 'madya' } })]),
      errors: { 'rules[0].params': 'must set minCertified, minShare or perPosition' },
    },
    {
      case: 'perPosition with an unknown position and a bad level',
      input: pack([rule({ family: 'journalist_competency', params: { perPosition: { editor: 'senior', intern: 'muda' } } })]),
      errors: {
        'rules[0].params.perPosition.intern': 'is not allowed (positions: chief_editor, person_in_charge, editor, reporter, other)',
        'rules[0].params.perPosition.editor': 'must be one of muda, madya, utama',
      },
    },
    {
      case: 'empty issuer list (null means any)',
      input: pack([rule({ family: 'chief_editor_competency', params: { acceptedIssuers: [] } })]),
      errors: { 'rules[0].params.acceptedIssuers': 'must not be empty' },
    },
    {
      case: 'issuers duplicated up to case',
      input: pack([rule({ family: 'chief_editor_competency', params: { acceptedIssuers: ['PWI', ' pwi '] } })]),
      errors: { 'rules[0].params.acceptedIssuers[1]': 'duplicates rules[0].params.acceptedIssuers[0]' },
    },
    {
      case: 'bad rule id, blank citation, half a title',
      input: pack([rule({ id: 'Has Spaces', citation: ' ', title: { id: 'Dokumen' } })]),
      errors: {
        'rules[0].id': "must be 1-64 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit",
        'rules[0].citation': 'must be a non-empty string',
        'rules[0].title.en': 'is required',
      },
    },
    {
      case: 'grading with a duplicate grade and status',
      input: pack([rule()], {
        grading: {
          basis: 'press_council',
          grades: [
            { grade: 'A', minStatus: 'factual' },
            { grade: 'A', minStatus: 'factual' },
          ],
        },
      }),
      errors: {
        'grading.grades[1].grade': 'duplicates grading.grades[0].grade',
        'grading.grades[1].minStatus': 'duplicates grading.grades[0].minStatus',
      },
    },
    {
      case: 'grading on an unknown basis',
      input: pack([rule()], { grading: { basis: 'traffic', grades: [{ grade: 'A', minStatus: 'top' }] } }),
      errors: {
        'grading.basis': 'must be one of press_council',
        'grading.grades[0].minStatus': 'must be one of none, administrative, factual',
      },
    },
    {
      case: 'a GPS box upside down, and a coordinate off the globe',
      input: pack([rule({ family: 'office_coordinates', params: { region: 'Kabupaten Uji', box: { south: -5, west: 105, north: -6, east: 181 } } })]),
      errors: { 'rules[0].params.box.east': 'must be a number from -180 to 180' },
    },
    {
      case: 'a GPS box with south above north',
      input: pack([rule({ family: 'office_coordinates', params: { region: 'Kabupaten Uji', box: { south: -5, west: 105, north: -6, east: 106 } } })]),
      errors: { 'rules[0].params.box': 'must have south < north and west < east' },
    },
    {
      case: 'KBLI codes that are not five digits, and a host with a scheme',
      input: pack([
        rule({ family: 'business_classification', params: { codes: ['6312', '63122', '63122'] } }),
        rule({ id: 'katalog', family: 'e_katalog_listing', params: { acceptedHosts: ['https://lkpp.go.id'] } }),
      ]),
      errors: {
        'rules[0].params.codes[0]': 'must be a 5-digit KBLI code',
        'rules[0].params.codes[2]': 'duplicates rules[0].params.codes[1]',
        'rules[1].params.acceptedHosts[0]': 'must be a lower-case host name such as katalog.inaproc.id',
      },
    },
    {
      case: 'a citation flag that is not a boolean',
      input: pack([rule({ citationVerified: 'yes' })]),
      errors: { 'rules[0].citationVerified': 'must be true or false' },
    },
  ])('rejects $case', ({ input, errors }) => {
    expect(errorsOf(input)).toEqual(errors);
  });

  it('accepts grading: null as no grading', () => {
    const result = validatePolicyPack(pack([rule()], { grading: null }));
    expect(result.ok && result.pack).toEqual(pack([rule()]));
  });
});
