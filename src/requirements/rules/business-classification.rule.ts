import { joinLocalized, SEMICOLON } from '../labels';
import { fail, manual, pass, type LocalizedText } from '../rule-result';
import type { RuleDefinition } from './rule-definition';

/** The company's NIB carries at least one of the press KBLI codes the pack accepts. */
export const businessClassificationRule: RuleDefinition<'business_classification'> = {
  family: 'business_classification',
  title: { id: 'NIB dengan KBLI pers', en: 'Business ID with a press KBLI code' },
  evaluate(snapshot, _context, params) {
    const { legalName, businessId, kbliCodes } = snapshot.outlet;
    const held = kbliCodes ?? [];
    const matching = held.filter((code) => params.codes.includes(code));
    const accepted = params.codes.join(', ');
    const details = { businessId, kbliCodes: [...held], accepted: [...params.codes], matching };
    const problems: LocalizedText[] = [];
    if (params.requireBusinessId && (businessId === null || businessId.trim() === '')) {
      problems.push({ id: 'NIB belum diisi', en: 'The business ID (NIB) is missing' });
    }
    if (matching.length === 0) {
      const has = held.length === 0 ? { id: 'belum ada KBLI tercatat', en: 'no KBLI code is recorded' } : { id: `KBLI tercatat ${held.join(', ')}`, en: `recorded KBLI codes ${held.join(', ')}` };
      problems.push({
        id: `${has.id}; disyaratkan salah satu KBLI pers: ${accepted}`,
        en: `${has.en}; one of the press KBLI codes is required: ${accepted}`,
      });
    }
    if (problems.length > 0) {
      const text = joinLocalized(problems, SEMICOLON);
      return fail({ id: `${legalName}: ${text.id}.`, en: `${legalName}: ${text.en}.` }, details);
    }
    const codes = matching.join(', ');
    if (params.confirmOnDeed) {
      return manual(
        {
          id: `${legalName} memegang KBLI ${codes}; petugas memastikan KBLI tersebut tercantum dalam akta pendirian.`,
          en: `${legalName} holds KBLI ${codes}; an officer confirms the deed of establishment lists it.`,
        },
        details,
      );
    }
    return pass({ id: `${legalName} memegang KBLI pers ${codes}.`, en: `${legalName} holds press KBLI ${codes}.` }, details);
  },
};
