import { addYears, compareIsoDates, isIsoDate } from '../iso-date';
import { fail, pass } from '../rule-result';
import type { RuleDefinition } from './rule-definition';

/** Old enough on the `minYears` anniversary of `establishedOn` itself; a day before is too young. */
export const outletAgeRule: RuleDefinition<'outlet_age'> = {
  family: 'outlet_age',
  title: { id: 'Lama berdiri', en: 'Years in operation' },
  evaluate(snapshot, context, params) {
    const { establishedOn } = snapshot.outlet;
    if (!isIsoDate(establishedOn)) {
      return fail(
        {
          id: `Tanggal berdiri media tidak tercatat atau tidak valid; disyaratkan berdiri minimal ${params.minYears} tahun.`,
          en: `The outlet's founding date is missing or invalid; at least ${params.minYears} years in operation are required.`,
        },
        { establishedOn, minYears: params.minYears },
      );
    }
    const qualifiesOn = addYears(establishedOn, params.minYears);
    const details = { establishedOn, minYears: params.minYears, qualifiesOn };
    if (compareIsoDates(context.on, qualifiesOn) < 0) {
      return fail(
        {
          id: `Media berdiri ${establishedOn}; genap ${params.minYears} tahun baru pada ${qualifiesOn}, sedangkan penilaian tanggal ${context.on}.`,
          en: `The outlet was established on ${establishedOn} and reaches ${params.minYears} years only on ${qualifiesOn}; evaluated on ${context.on}.`,
        },
        details,
      );
    }
    return pass(
      {
        id: `Media berdiri ${establishedOn}, telah genap ${params.minYears} tahun sejak ${qualifiesOn}.`,
        en: `The outlet was established on ${establishedOn} and reached ${params.minYears} years on ${qualifiesOn}.`,
      },
      details,
    );
  },
};
