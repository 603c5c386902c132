import { DEFAULT_PACK } from '../requirements/packs/default.pack';
import { evaluatePolicy } from '../requirements/rule-engine';
import { evaluationContext, journalist, outletSnapshot } from '../requirements/testing/outlet-snapshot.builder';
import { outletFactsHash, reassess } from './revalidation';

describe('re-validation', () => {
  const approved = outletSnapshot();
  const judge = (snapshot = approved, on = '2026-03-01') => evaluatePolicy(DEFAULT_PACK, snapshot, evaluationContext({ on }));

  it("ignores counts derived from other outlets and a document's upload time", () => {
    const same = outletSnapshot({
      outlet: { otherOutletsOfCompany: 3 },
      documents: approved.documents.map((d) => ({ ...d, uploadedAt: '2027-01-01T00:00:00.000Z' })),
      journalists: approved.journalists.map((j) => ({ ...j, otherOutletCount: 2, otherOutletsHeaded: 1 })),
    });
    expect(outletFactsHash(same)).toBe(outletFactsHash(approved));
    expect(reassess(approved, same, judge(same)).reasons).toEqual([]);
  });

  it('finds an edit to the profile, the roster or a document', () => {
    const edits = [
      outletSnapshot({ outlet: { website: 'https://lain.example' } }),
      outletSnapshot({ journalists: [...approved.journalists, journalist({ name: 'Baru', position: 'reporter' })] }),
      outletSnapshot({ documents: approved.documents.map((d, i) => (i === 0 ? { ...d, sha256: 'f'.repeat(64) } : d)) }),
    ];
    for (const edited of edits) expect(reassess(approved, edited, judge(edited)).reasons.map((r) => r.code)).toEqual(['outlet_changed']);
  });

  it('keeps the same fingerprint for the same findings on later days, though the messages name the day', () => {
    const first = reassess(approved, approved, judge(approved, '2028-03-11'));
    const later = reassess(approved, approved, judge(approved, '2028-04-20'));
    expect(first.reasons.map((r) => r.ruleId)).toEqual(['press-council-verification']);
    expect(first.reasons[0].message).not.toEqual(later.reasons[0].message);
    expect(later.fingerprint).toBe(first.fingerprint);
    // The verification of 2023-03-10 holds through its fifth anniversary.
    expect(reassess(approved, approved, judge(approved, '2028-03-10')).reasons).toEqual([]);
  });

  it('names a revoked chief editor certificate as a failed rule and a changed roster', () => {
    const revoked = outletSnapshot({
      journalists: approved.journalists.map((j) => (j.position === 'chief_editor' ? { ...j, competency: { ...j.competency!, revoked: true } } : j)),
    });
    const { reasons } = reassess(approved, revoked, judge(revoked));
    expect(reasons.map((r) => r.ruleId ?? r.code)).toEqual(['chief-editor-competency', 'outlet_changed']);
  });
});
