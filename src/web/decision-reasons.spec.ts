import { composeReason, DECISION_REASON_CODES, DECISION_REASONS, isDecisionReasonCode } from './decision-reasons';

describe('standard decision reasons', () => {
  it('has both languages for every reason, each a full sentence', () => {
    for (const code of DECISION_REASON_CODES) {
      expect(DECISION_REASONS[code].id).toMatch(/^[A-Z].*\.$/);
      expect(DECISION_REASONS[code].en).toMatch(/^[A-Z].*\.$/);
    }
  });

  it('stores the Indonesian wording followed by the explanation, as one text for the applicant', () => {
    expect(composeReason('ukw_missing', 'Sertifikat Reporter 2 kedaluwarsa')).toBe('Sertifikat UKW wartawan belum dilampirkan atau tidak sesuai. Sertifikat Reporter 2 kedaluwarsa.');
    expect(composeReason('ukw_missing', '  ')).toBe('Sertifikat UKW wartawan belum dilampirkan atau tidak sesuai.');
    expect(composeReason('other', 'Alamat kantor berbeda dengan NIB!')).toBe('Alamat kantor berbeda dengan NIB!');
    expect(composeReason(null, 'Mohon lengkapi')).toBe('Mohon lengkapi.');
  });

  it('has nothing to say without a standard reason or an explanation', () => {
    expect(composeReason('other', '')).toBeNull();
    expect(composeReason(null, ' ')).toBeNull();
  });

  it('knows its own codes only', () => {
    expect(isDecisionReasonCode('office_not_confirmed')).toBe(true);
    expect(isDecisionReasonCode('toString')).toBe(false);
    expect(isDecisionReasonCode('')).toBe(false);
  });
});
