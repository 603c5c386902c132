import { DEFAULT_AGENCY_SETTINGS, type AgencySettings } from './agency.entity';
import { isCalendarDate, numberPatternProblem, publicBaseUrlProblem, settingsProblems } from './agency-settings';

const CODE = 'DISKOMINFO-JATIM';
const withCertificate = (certificate: Record<string, unknown>): AgencySettings =>
  ({ ...DEFAULT_AGENCY_SETTINGS, certificate: { ...DEFAULT_AGENCY_SETTINGS.certificate, ...certificate } }) as AgencySettings;

describe('agency settings rules', () => {
  it('accepts the defaults and the shipped demo patterns', () => {
    expect(settingsProblems(DEFAULT_AGENCY_SETTINGS, CODE)).toEqual({});
    expect(numberPatternProblem('{seq}/MM/DISKOMINFO-JATIM/{year}', CODE)).toBeNull();
    expect(numberPatternProblem('{seq}/KM/DISKOMINFO-KALTIM/{month}/{year}', CODE)).toBeNull();
    expect(numberPatternProblem('500/{seq:5}/{code}/{year}', CODE)).toBeNull();
  });

  it.each([
    ['no sequence', 'MM/{code}/{year}', /\{seq\}/],
    ['a zero-width sequence', '{seq:0}/{year}', /\{seq\}/],
    ['no year', '{seq}/{code}', /\{year\}/],
    ['a misspelt placeholder', '{seq}/{yaer}/{year}', /unknown placeholder \{yaer\}/],
    ['an unclosed brace', '{seq}/{year}/{code', /unknown placeholder/],
    ['a control character', '{seq}\n{year}', /control characters/],
    ['a leading space', ' {seq}/{year}', /space/],
    ['numbers too long to print', `${'{code}'.repeat(11)}{seq}{year}`, /too long/],
  ])('refuses a number pattern with %s', (_, pattern, says) => {
    expect(numberPatternProblem(pattern, CODE)).toMatch(says);
  });

  it('knows real calendar days', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    for (const bad of ['2026-02-31', '2027-02-29', '2026-13-01', '26-12-25', '1999-12-31', 20261225, null]) expect(isCalendarDate(bad)).toBe(false);
  });

  it('takes only an http(s) base URL that /verify/<code> can follow', () => {
    expect(publicBaseUrlProblem('https://mitra.jatimprov.go.id')).toBeNull();
    expect(publicBaseUrlProblem('http://10.0.0.5:8080/mitra/')).toBeNull();
    expect(publicBaseUrlProblem('javascript:alert(1)')).toMatch(/http/);
    expect(publicBaseUrlProblem('https://user:pw@mitra.example')).toMatch(/password/);
    expect(publicBaseUrlProblem('https://mitra.example/#x')).toMatch(/fragment/);
  });

  it('names each bad field of stored settings by its path', () => {
    const stored = {
      certificate: { ...DEFAULT_AGENCY_SETTINGS.certificate, numberPattern: null, validityMonths: null, signatoryName: '' },
      sla: { administrative: 5, field: 0, approval: '5' },
      holidays: ['2026-12-25', '2026-02-31', '2026-12-25'],
    } as unknown as AgencySettings;
    expect(Object.keys(settingsProblems(stored, CODE)).sort()).toEqual(
      ['certificate.numberPattern', 'certificate.signatoryName', 'certificate.validityMonths', 'holidays.1', 'holidays.2', 'sla.approval', 'sla.field'].sort(),
    );
    expect(settingsProblems(withCertificate({ validityMonths: 61 }), CODE)).toHaveProperty(['certificate.validityMonths']);
    expect(settingsProblems(withCertificate({ signatoryNip: '123' }), CODE)).toHaveProperty(['certificate.signatoryNip']);
  });
});
