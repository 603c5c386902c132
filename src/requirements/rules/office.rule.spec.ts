import type { OfficeSnapshot } from '../outlet-snapshot';
import type { OfficeParams } from '../policy-pack';
import { ALL_DEFAULT_DOCUMENTS, document, evaluationContext, outletSnapshot } from '../testing/outlet-snapshot.builder';
import { officeRule, sameProvince } from './office.rule';

const samarinda: OfficeSnapshot = {
  street: 'Jl. Basuki Rahmat 5',
  city: 'Samarinda',
  province: 'Kalimantan Timur',
  latitude: null,
  longitude: null,
};
const kaltim = evaluationContext({
  agency: { code: 'DEMO-KALTIM', name: 'Diskominfo Provinsi Kalimantan Timur', province: 'Kalimantan Timur', city: null },
});
const strict: OfficeParams = { requireInProvince: true, requireOfficePhoto: true, requireFieldConfirmation: true };
const withoutPhoto = ALL_DEFAULT_DOCUMENTS.filter((type) => type !== 'office_photo').map((type) => document(type));

describe('office', () => {
  it.each([
    {
      case: 'no office',
      office: null,
      documents: undefined,
      params: strict,
      outcome: 'fail',
      says: 'The outlet has no office address.',
    },
    {
      case: 'blank street counts as no address',
      office: { ...samarinda, street: '  ' },
      documents: undefined,
      params: strict,
      outcome: 'fail',
      says: 'The outlet has no office address.',
    },
    {
      case: 'office in another province',
      office: { ...samarinda, city: 'Surabaya', province: 'Jawa Timur' },
      documents: undefined,
      params: strict,
      outcome: 'fail',
      says: 'is outside the province of Kalimantan Timur',
    },
    {
      case: 'other province is fine when the region is not required',
      office: { ...samarinda, city: 'Surabaya', province: 'Jawa Timur' },
      documents: undefined,
      params: { ...strict, requireInProvince: false },
      outcome: 'manual',
      says: 'confirmed by officers during the field visit',
    },
    {
      case: 'province written with prefix and other case',
      office: { ...samarinda, province: '  PROVINSI  kalimantan timur ' },
      documents: undefined,
      params: strict,
      outcome: 'manual',
      says: 'Office at Jl. Basuki Rahmat 5, Samarinda, PROVINSI  kalimantan timur',
    },
    {
      case: 'office photo missing',
      office: samarinda,
      documents: withoutPhoto,
      params: strict,
      outcome: 'fail',
      says: 'No office photo has been uploaded.',
    },
    {
      case: 'photo not required',
      office: samarinda,
      documents: withoutPhoto,
      params: { ...strict, requireOfficePhoto: false, requireFieldConfirmation: false },
      outcome: 'pass',
      says: 'Office at Jl. Basuki Rahmat 5, Samarinda, Kalimantan Timur.',
    },
    {
      case: 'everything in order, field visit pending',
      office: samarinda,
      documents: undefined,
      params: strict,
      outcome: 'manual',
      says: 'its existence is confirmed by officers during the field visit',
    },
  ])('$case -> $outcome', ({ office, documents, params, outcome, says }) => {
    const finding = officeRule.evaluate(outletSnapshot({ outlet: { office }, documents }), kaltim, params);
    expect(finding.outcome).toBe(outcome);
    expect(finding.message.en).toContain(says);
  });

  it('reports province and photo problems together', () => {
    const office = { ...samarinda, city: 'Surabaya', province: 'Jawa Timur' };
    const finding = officeRule.evaluate(outletSnapshot({ outlet: { office }, documents: withoutPhoto }), kaltim, strict);
    expect(finding.message.id).toBe(
      'Kantor di Jl. Basuki Rahmat 5, Surabaya, Jawa Timur berada di luar Provinsi Kalimantan Timur; Foto kantor belum diunggah.',
    );
  });

  it('leaves the region to an officer when the agency has no province on record', () => {
    const context = evaluationContext({ agency: { code: 'X', name: 'X', province: '', city: null } });
    const finding = officeRule.evaluate(outletSnapshot({ outlet: { office: samarinda } }), context, {
      ...strict,
      requireFieldConfirmation: false,
    });
    expect(finding.outcome).toBe('manual');
  });

  it.each([
    ['Kalimantan Timur', 'Provinsi Kalimantan Timur', true],
    ['Prov. Kalimantan Timur', 'kalimantan timur', true],
    ['Kalimantan  Timur', 'KALIMANTAN TIMUR', true],
    ['Kalimantan Timur', 'Kalimantan Utara', false],
    ['Provence', 'ence', false],
  ])('sameProvince(%p, %p) = %p', (a, b, expected) => {
    expect(sameProvince(a, b)).toBe(expected);
  });
});
