import type { OfficeSnapshot } from '../outlet-snapshot';
import type { OfficeCoordinatesParams } from '../policy-pack';
import { evaluationContext, outletSnapshot } from '../testing/outlet-snapshot.builder';
import { officeCoordinatesRule } from './office-coordinates.rule';

const params: OfficeCoordinatesParams = { region: 'Kabupaten Lampung Selatan', box: { south: -6.05, west: 105.18, north: -5.2, east: 105.8 } };
const kalianda: OfficeSnapshot = { street: 'Jl. Contoh No. 1', city: 'Kalianda', province: 'Lampung', latitude: -5.7265, longitude: 105.5947 };
const at = (latitude: number | null, longitude: number | null) =>
  officeCoordinatesRule.evaluate(outletSnapshot({ outlet: { office: { ...kalianda, latitude, longitude } } }), evaluationContext(), params);

describe('office_coordinates', () => {
  it.each([
    { case: 'inside', latitude: -5.7265, longitude: 105.5947, outcome: 'pass' },
    { case: 'on the south edge', latitude: -6.05, longitude: 105.5, outcome: 'pass' },
    { case: 'on the north edge', latitude: -5.2, longitude: 105.5, outcome: 'pass' },
    { case: 'on the west edge', latitude: -5.7, longitude: 105.18, outcome: 'pass' },
    { case: 'on the east edge', latitude: -5.7, longitude: 105.8, outcome: 'pass' },
    { case: 'on a corner', latitude: -6.05, longitude: 105.8, outcome: 'pass' },
    { case: 'just south', latitude: -6.0500001, longitude: 105.5, outcome: 'fail' },
    { case: 'just north', latitude: -5.1999999, longitude: 105.5, outcome: 'fail' },
    { case: 'just west', latitude: -5.7, longitude: 105.1799999, outcome: 'fail' },
    { case: 'just east', latitude: -5.7, longitude: 105.8000001, outcome: 'fail' },
    { case: 'in Jakarta', latitude: -6.2, longitude: 106.8166, outcome: 'fail' },
    { case: 'with latitude and longitude swapped', latitude: 105.5947, longitude: -5.7265, outcome: 'fail' },
  ])('an office $case is $outcome', ({ latitude, longitude, outcome }) => {
    expect(at(latitude, longitude).outcome).toBe(outcome);
  });

  it('names the region and the position when outside', () => {
    expect(at(-6.2, 106.8166).message).toEqual({
      id: 'Titik koordinat kantor (-6.2, 106.8166) berada di luar Kabupaten Lampung Selatan.',
      en: 'The office position (-6.2, 106.8166) is outside Kabupaten Lampung Selatan.',
    });
  });

  it.each([
    { case: 'no latitude', latitude: null, longitude: 105.5 },
    { case: 'no longitude', latitude: -5.7, longitude: null },
  ])('fails with $case', ({ latitude, longitude }) => {
    const finding = at(latitude, longitude);
    expect(finding.outcome).toBe('fail');
    expect(finding.message.en).toBe("The office's GPS position is not recorded; the office must be in Kabupaten Lampung Selatan.");
  });

  it('fails without an office at all', () => {
    const finding = officeCoordinatesRule.evaluate(outletSnapshot({ outlet: { office: null } }), evaluationContext(), params);
    expect(finding.outcome).toBe('fail');
  });
});
