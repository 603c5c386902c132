import { COMMA, joinLocalized, journalistLabel, OR, POSITION_LABELS, SEMICOLON } from '../labels';
import { POSITIONS, type CompetencyLevel, type JournalistSnapshot, type Position } from '../outlet-snapshot';
import type { JournalistCompetencyParams } from '../policy-pack';
import { fail, pass, type LocalizedText } from '../rule-result';
import { competencyShortfall, shortfallText, type CompetencyShortfall } from './competency';
import type { RuleDefinition } from './rule-definition';

interface PositionShortfall {
  position: Position;
  minLevel: CompetencyLevel;
  below: { journalist: JournalistSnapshot; reason: CompetencyShortfall }[];
}

export const journalistCompetencyRule: RuleDefinition<'journalist_competency'> = {
  family: 'journalist_competency',
  title: { id: 'Kompetensi wartawan', en: 'Journalist competency' },
  evaluate(snapshot, _context, params) {
    const pool =
      params.positions === null
        ? snapshot.journalists
        : snapshot.journalists.filter((journalist) => params.positions?.includes(journalist.position));
    const certified = pool.filter((journalist) => competencyShortfall(journalist, params.minLevel) === null).length;
    const who = poolLabel(params.positions);
    const positionShortfalls = perPositionShortfalls(snapshot.journalists, params);
    const problems = [
      countProblem(certified, who, params),
      shareProblem(certified, pool.length, who, params),
      ...positionShortfalls.map(positionShortfallText),
    ].filter((problem) => problem !== null);

    const details = {
      considered: pool.length,
      certified,
      minLevel: params.minLevel,
      requiredByShare: params.minShare === null ? null : requiredCount(params.minShare, pool.length),
      perPosition: positionShortfalls.map(({ position, minLevel, below }) => ({
        position,
        minLevel,
        journalists: below.map(({ journalist, reason }) => ({
          journalistId: journalist.id,
          name: journalist.name,
          reason,
        })),
      })),
    };
    if (problems.length > 0) {
      const text = joinLocalized(problems, SEMICOLON);
      return fail({ id: `${text.id}.`, en: `${text.en}.` }, details);
    }
    return pass(passText(pool.length, certified, who, params), details);
  },
};

function countProblem(certified: number, who: LocalizedText, params: JournalistCompetencyParams): LocalizedText | null {
  const { minCertified, minLevel } = params;
  if (minCertified === null || certified >= minCertified) return null;
  return {
    id: `${certified} ${who.id} bersertifikat UKW minimal ${minLevel}; disyaratkan minimal ${minCertified}`,
    en: `${certified} ${who.en} hold a UKW certificate of ${minLevel} or above; at least ${minCertified} required`,
  };
}

function shareProblem(
  certified: number,
  total: number,
  who: LocalizedText,
  params: JournalistCompetencyParams,
): LocalizedText | null {
  const { minShare, minLevel } = params;
  if (minShare === null) return null;
  // A share of nobody is undefined, not met.
  if (total === 0) return { id: `Boks redaksi tidak mencantumkan ${who.id}`, en: `The masthead lists no ${who.en}` };
  const required = requiredCount(minShare, total);
  if (certified >= required) return null;
  const has = `${certified}/${total} (${percent(certified / total)})`;
  return {
    id: `${has} ${who.id} bersertifikat UKW minimal ${minLevel}; disyaratkan minimal ${percent(minShare)} (${required} orang)`,
    en: `${has} ${who.en} hold a UKW certificate of ${minLevel} or above; at least ${percent(minShare)} (${required}) required`,
  };
}

/** The head count a share demands, rounded up; the epsilon keeps 0.07 × 100 at 7, not 8. */
export function requiredCount(share: number, total: number): number {
  return Math.ceil(share * total - 1e-9);
}

function poolLabel(positions: readonly Position[] | null): LocalizedText {
  if (positions === null) return { id: 'jurnalis', en: 'journalists' };
  const names = joinLocalized(
    positions.map((position) => POSITION_LABELS[position]),
    OR,
  );
  return { id: `jurnalis (${names.id})`, en: `journalists (${names.en})` };
}

// Every journalist in the position must hold the level; a position nobody holds has nothing to fail.
function perPositionShortfalls(
  journalists: readonly JournalistSnapshot[],
  params: JournalistCompetencyParams,
): PositionShortfall[] {
  const shortfalls: PositionShortfall[] = [];
  for (const position of POSITIONS) {
    const minLevel = params.perPosition?.[position];
    if (minLevel === undefined) continue;
    const below = journalists.flatMap((journalist) => {
      if (journalist.position !== position) return [];
      const reason = competencyShortfall(journalist, minLevel);
      return reason === null ? [] : [{ journalist, reason }];
    });
    if (below.length > 0) shortfalls.push({ position, minLevel, below });
  }
  return shortfalls;
}

function positionShortfallText(shortfall: PositionShortfall): LocalizedText {
  const label = POSITION_LABELS[shortfall.position];
  const reasons = shortfall.below.map(({ journalist, reason }) => {
    const why = shortfallText(journalist, reason, shortfall.minLevel);
    const name = journalistLabel(journalist);
    return { id: `${name.id}: ${why.id}`, en: `${name.en}: ${why.en}` };
  });
  const list = joinLocalized(reasons, COMMA);
  return {
    id: `Setiap ${label.id} wajib bersertifikat UKW minimal ${shortfall.minLevel}: ${list.id}`,
    en: `Every ${label.en} must hold a UKW certificate of ${shortfall.minLevel} or above: ${list.en}`,
  };
}

function passText(
  total: number,
  certified: number,
  who: LocalizedText,
  params: JournalistCompetencyParams,
): LocalizedText {
  const positions = POSITIONS.filter((position) => params.perPosition?.[position] !== undefined);
  const perPosition = joinLocalized(
    positions.map((position) => ({
      id: `${POSITION_LABELS[position].id} minimal ${params.perPosition?.[position]}`,
      en: `${POSITION_LABELS[position].en} at least ${params.perPosition?.[position]}`,
    })),
    COMMA,
  );
  const tail =
    positions.length === 0 ? { id: '', en: '' } : { id: `; ${perPosition.id} terpenuhi`, en: `; ${perPosition.en} met` };
  return {
    id: `${certified} dari ${total} ${who.id} bersertifikat UKW minimal ${params.minLevel}${tail.id}.`,
    en: `${certified} of ${total} ${who.en} hold a UKW certificate of ${params.minLevel} or above${tail.en}.`,
  };
}

const percent = (fraction: number): string => `${Math.round(fraction * 1000) / 10}%`;
