import { COMMA, joinLocalized, journalistLabel } from '../labels';
import type { JournalistSnapshot } from '../outlet-snapshot';
import { fail, pass } from '../rule-result';
import type { RuleDefinition } from './rule-definition';

/**
 * One journalist belongs to one outlet, or with `scope: 'company'` to one company's outlets (same
 * NIB or NPWP); the caller matched NIKs across outlets by keyed hash.
 */
export const exclusiveJournalistsRule: RuleDefinition<'exclusive_journalists'> = {
  family: 'exclusive_journalists',
  title: { id: 'Satu wartawan satu media', en: 'One journalist, one outlet' },
  evaluate(snapshot, _context, params) {
    // Packs stored before `scope` existed judge per outlet, as they did then.
    const byCompany = params.scope === 'company';
    const elsewhere = (journalist: JournalistSnapshot): number =>
      byCompany ? (journalist.otherCompanyOutletCount ?? 0) : journalist.otherOutletCount;
    const shared = snapshot.journalists.filter((journalist) => elsewhere(journalist) > 0);
    const details = {
      scope: byCompany ? 'company' : 'outlet',
      journalists: shared.map((journalist) => ({
        journalistId: journalist.id,
        name: journalist.name,
        otherOutletCount: elsewhere(journalist),
      })),
    };
    const other = byCompany
      ? { id: 'media perusahaan lain', en: 'outlets of other companies', one: 'outlet of another company', many: 'outlets of other companies' }
      : { id: 'media lain', en: 'another outlet', one: 'other outlet', many: 'other outlets' };
    if (shared.length === 0) {
      return pass(
        {
          id: `Tidak ada dari ${snapshot.journalists.length} jurnalis yang juga terdaftar di ${other.id}.`,
          en: `None of the ${snapshot.journalists.length} journalists is also listed by ${byCompany ? other.en : 'another outlet'}.`,
        },
        details,
      );
    }
    const names = joinLocalized(
      shared.map((journalist) => {
        const who = journalistLabel(journalist);
        const count = elsewhere(journalist);
        return { id: `${who.id} di ${count} ${other.id}`, en: `${who.en} at ${count} ${count === 1 ? other.one : other.many}` };
      }),
      COMMA,
    );
    const rule = byCompany
      ? { id: 'satu wartawan hanya untuk satu perusahaan', en: "one journalist may be on one company's roster only" }
      : { id: 'satu wartawan hanya untuk satu media', en: 'one journalist may belong to one outlet only' };
    return fail(
      {
        id: `Jurnalis juga terdaftar di ${other.id} (${rule.id}): ${names.id}.`,
        en: `Journalists also listed by ${byCompany ? other.en : 'other outlets'} (${rule.en}): ${names.en}.`,
      },
      details,
    );
  },
};
