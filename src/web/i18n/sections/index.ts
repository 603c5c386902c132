import { auditTexts } from './audit';
import { policyTexts } from './policy';
import { roundsTexts } from './rounds';
import { officerTexts } from './officer';
import { certsTexts } from './certs';
import { applicantRoundTexts } from './applicant-rounds';
import { adminTexts } from './admin';
import { evidenceTexts } from './evidence';
import { staffNavTexts } from './staff-nav';
import { statisticsTexts } from './statistics';

/**
 * The catalogue in parts, one file per area of the portal, each with both languages side by side;
 * `en` is typed against its own `id`, so a key missing in either language does not compile.
 * Add a part here with one line in each list.
 */
export const sectionsId = {
  ...staffNavTexts.id,
  ...auditTexts.id,
  ...statisticsTexts.id,
  ...policyTexts.id,
  ...roundsTexts.id,
  ...officerTexts.id,
  ...certsTexts.id,
  ...applicantRoundTexts.id,
  ...adminTexts.id,
  ...evidenceTexts.id,
};

export const sectionsEn: Record<keyof typeof sectionsId, string> = {
  ...staffNavTexts.en,
  ...auditTexts.en,
  ...statisticsTexts.en,
  ...policyTexts.en,
  ...roundsTexts.en,
  ...officerTexts.en,
  ...certsTexts.en,
  ...applicantRoundTexts.en,
  ...adminTexts.en,
  ...evidenceTexts.en,
};
