import { COMPETENCY_LEVELS, type CompetencyLevel, type JournalistSnapshot } from '../outlet-snapshot';
import type { LocalizedText } from '../rule-result';

export type CompetencyShortfall = 'no_certificate' | 'revoked' | 'level_too_low';

export function meetsLevel(level: CompetencyLevel, minLevel: CompetencyLevel): boolean {
  return COMPETENCY_LEVELS.indexOf(level) >= COMPETENCY_LEVELS.indexOf(minLevel);
}

/** Why a journalist's UKW certificate does not count at `minLevel`, or null when it does. */
export function competencyShortfall(journalist: JournalistSnapshot, minLevel: CompetencyLevel): CompetencyShortfall | null {
  const { competency } = journalist;
  if (competency === null) return 'no_certificate';
  // A revoked certificate counts as none, whatever its level.
  if (competency.revoked) return 'revoked';
  return meetsLevel(competency.level, minLevel) ? null : 'level_too_low';
}

export function shortfallText(
  journalist: JournalistSnapshot,
  shortfall: CompetencyShortfall,
  minLevel: CompetencyLevel,
): LocalizedText {
  const { competency } = journalist;
  switch (shortfall) {
    case 'no_certificate':
      return { id: 'belum memiliki sertifikat UKW', en: 'holds no UKW certificate' };
    case 'revoked':
      return {
        id: `sertifikat UKW ${competency?.certificateNumber ?? ''} telah dicabut`,
        en: `UKW certificate ${competency?.certificateNumber ?? ''} has been revoked`,
      };
    case 'level_too_low':
      return {
        id: `jenjang ${competency?.level ?? ''}, minimal ${minLevel}`,
        en: `holds ${competency?.level ?? ''}, at least ${minLevel} is required`,
      };
  }
}
