import { COMMA, joinLocalized, journalistLabel } from '../labels';
import { fail, pass } from '../rule-result';
import type { RuleDefinition } from './rule-definition';

/** One journalist belongs to one outlet; the caller matched NIKs across outlets by keyed hash. */
export const exclusiveJournalistsRule: RuleDefinition<'exclusive_journalists'> = {
  family: 'exclusive_journalists',
  title: { id: 'Satu wartawan satu media', en: 'One journalist, one outlet' },
  evaluate(snapshot) {
    const shared = snapshot.journalists.filter((journalist) => journalist.otherOutletCount > 0);
    const details = {
      journalists: shared.map((journalist) => ({
        journalistId: journalist.id,
        name: journalist.name,
        otherOutletCount: journalist.otherOutletCount,
      })),
    };
    if (shared.length === 0) {
      return pass(
        {
          id: `Tidak ada dari ${snapshot.journalists.length} jurnalis yang juga terdaftar di media lain.`,
          en: `None of the ${snapshot.journalists.length} journalists is also listed by another outlet.`,
        },
        details,
      );
    }
    const names = joinLocalized(
      shared.map((journalist) => {
        const who = journalistLabel(journalist);
        return {
          id: `${who.id} di ${journalist.otherOutletCount} media lain`,
          en: `${who.en} at ${journalist.otherOutletCount} other ${journalist.otherOutletCount === 1 ? 'outlet' : 'outlets'}`,
        };
      }),
      COMMA,
    );
    return fail(
      {
        id: `Jurnalis juga terdaftar di media lain (satu wartawan hanya untuk satu media): ${names.id}.`,
        en: `Journalists also listed by other outlets (one journalist may belong to one outlet only): ${names.en}.`,
      },
      details,
    );
  },
};
