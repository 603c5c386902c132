import { SHIPPED_PACKS } from './packs/shipped-packs';
import { diffPacks, diffValueText } from './policy-diff';
import type { PolicyPack, RuleConfig } from './policy-pack';

const clone = (pack: PolicyPack): PolicyPack => JSON.parse(JSON.stringify(pack)) as PolicyPack;
const ids = (rules: readonly RuleConfig[]) => rules.map((r) => r.id).sort();

describe('diffPacks', () => {
  it('finds nothing between a pack and its stored copy (key order and JSON round trip do not matter)', () => {
    const stored = clone(SHIPPED_PACKS.kaltim);
    const reordered = { ...stored, rules: stored.rules.map((r) => Object.fromEntries(Object.entries(r).reverse())) } as unknown as PolicyPack;
    expect(diffPacks(SHIPPED_PACKS.kaltim, reordered)).toEqual({ pack: [], added: [], removed: [], changed: [] });
  });

  it('lists rules added and removed by id, and the pack name and grading that changed', () => {
    const d = diffPacks(SHIPPED_PACKS.default, SHIPPED_PACKS.kaltim);
    expect(ids(d.added)).toEqual(['exclusive-journalists', 'newsroom-competency', 'office-in-province', 'outlet-age']);
    expect(ids(d.removed)).toEqual(['journalist-competency', 'office']);
    expect(d.pack.map((c) => c.path)).toEqual(['name', 'source', 'grading']);
    expect(d.pack[2]).toEqual({ path: 'grading', from: undefined, to: SHIPPED_PACKS.kaltim.grading });
    expect(ids(d.changed.map((c) => c.after))).toEqual(['chief-editor-competency', 'legal-entity', 'press-council-verification', 'required-documents']);
  });

  it('gives each changed value by its path, old and new', () => {
    const d = diffPacks(SHIPPED_PACKS.default, SHIPPED_PACKS.kaltim);
    const press = d.changed.find((c) => c.id === 'press-council-verification')!;
    expect(press.changes).toEqual(
      expect.arrayContaining([
        { path: 'severity', from: 'blocking', to: 'review' },
        { path: 'params.minStatus', from: 'factual', to: 'administrative' },
      ]),
    );
    expect(press.changes.map((c) => c.path)).not.toContain('params.maxAgeYears');
    const chief = d.changed.find((c) => c.id === 'chief-editor-competency')!;
    expect(chief.changes).toEqual(
      expect.arrayContaining([
        { path: 'params.positions', from: ['chief_editor', 'person_in_charge'], to: ['chief_editor'] },
        { path: 'params.maxOutletsHeaded', from: null, to: 2 },
      ]),
    );
  });

  it('reports a key present on one side only (a title added) with the absent side undefined', () => {
    const before = clone(SHIPPED_PACKS.default);
    const after = clone(before);
    (after.rules[0] as { title?: unknown }).title = { id: 'Pemred', en: 'Chief editor' };
    (after.rules[1].params as { maxAgeYears: number }).maxAgeYears = 4;
    const d = diffPacks(before, after);
    expect(d.changed.map((c) => [c.id, c.changes])).toEqual([
      ['chief-editor-competency', [{ path: 'title', from: undefined, to: { id: 'Pemred', en: 'Chief editor' } }]],
      ['press-council-verification', [{ path: 'params.maxAgeYears', from: 5, to: 4 }]],
    ]);
  });

  it('treats a rule whose family changed under the same id as removed and added', () => {
    const before = clone(SHIPPED_PACKS.default);
    const after = clone(before);
    after.rules = after.rules.map((r) => (r.id === 'office' ? ({ ...r, family: 'outlet_age', params: { minYears: 2 } } as RuleConfig) : r));
    const d = diffPacks(before, after);
    expect([ids(d.removed), ids(d.added), d.changed]).toEqual([['office'], ['office'], []]);
  });

  it('words an absent value as a dash and others as JSON', () => {
    expect([diffValueText(undefined), diffValueText(null), diffValueText(['a', 'b']), diffValueText(3)]).toEqual(['—', 'null', '["a","b"]', '3']);
  });
});
