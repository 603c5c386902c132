import { COMMA, joinLocalized, journalistLabel, OR, POSITION_LABELS, SEMICOLON } from '../labels';
import type { JournalistSnapshot } from '../outlet-snapshot';
import { normalizeIssuer, type ChiefEditorCompetencyParams } from '../policy-pack';
import { fail, pass, type LocalizedText } from '../rule-result';
import { competencyShortfall, shortfallText, type CompetencyShortfall } from './competency';
import type { RuleDefinition } from './rule-definition';

type Problem = CompetencyShortfall | 'issuer_not_accepted' | 'heads_too_many';

export const chiefEditorCompetencyRule: RuleDefinition<'chief_editor_competency'> = {
  family: 'chief_editor_competency',
  title: { id: 'Kompetensi pemimpin redaksi', en: 'Chief editor competency' },
  evaluate(snapshot, _context, params) {
    const roles = joinLocalized(params.positions.map((position) => POSITION_LABELS[position]), OR);
    const candidates = snapshot.journalists.filter((journalist) => params.positions.includes(journalist.position));
    if (candidates.length === 0) {
      return fail(
        { id: `Boks redaksi tidak mencantumkan ${roles.id}.`, en: `The masthead lists no ${roles.en}.` },
        { positions: [...params.positions], candidates: [] },
      );
    }
    const assessed = candidates.map((journalist) => ({ journalist, problems: problemsOf(journalist, params) }));
    const details = {
      positions: [...params.positions],
      candidates: assessed.map(({ journalist, problems }) => ({
        journalistId: journalist.id,
        name: journalist.name,
        position: journalist.position,
        problems,
      })),
    };
    // One qualified head is enough; the others may still be working towards utama.
    const qualified = assessed.find(({ problems }) => problems.length === 0);
    if (qualified) return pass(qualifiedText(qualified.journalist, params), details);
    const reasons = assessed.map(({ journalist, problems }) => {
      const who = journalistLabel(journalist);
      const why = joinLocalized(
        problems.map((problem) => problemText(journalist, problem, params)),
        COMMA,
      );
      return { id: `${who.id}: ${why.id}`, en: `${who.en}: ${why.en}` };
    });
    const list = joinLocalized(reasons, SEMICOLON);
    return fail(
      { id: `Tidak ada ${roles.id} yang memenuhi syarat. ${list.id}.`, en: `No ${roles.en} qualifies. ${list.en}.` },
      details,
    );
  },
};

function problemsOf(journalist: JournalistSnapshot, params: ChiefEditorCompetencyParams): Problem[] {
  const problems: Problem[] = [];
  const shortfall = competencyShortfall(journalist, params.minLevel);
  if (shortfall) problems.push(shortfall);
  if (journalist.competency && !issuerAccepted(journalist.competency.issuer, params.acceptedIssuers)) {
    problems.push('issuer_not_accepted');
  }
  if (params.maxOutletsHeaded !== null && outletsHeaded(journalist) > params.maxOutletsHeaded) {
    problems.push('heads_too_many');
  }
  return problems;
}

function issuerAccepted(issuer: string, acceptedIssuers: readonly string[] | null): boolean {
  if (acceptedIssuers === null) return true;
  const wanted = normalizeIssuer(issuer);
  return acceptedIssuers.some((accepted) => normalizeIssuer(accepted) === wanted);
}

/** This outlet plus the others the same person (by NIK) heads. */
const outletsHeaded = (journalist: JournalistSnapshot): number => journalist.otherOutletsHeaded + 1;

function problemText(journalist: JournalistSnapshot, problem: Problem, params: ChiefEditorCompetencyParams): LocalizedText {
  switch (problem) {
    case 'issuer_not_accepted':
      return {
        id: `penerbit sertifikat "${journalist.competency?.issuer ?? ''}" tidak diakui`,
        en: `certificate issuer "${journalist.competency?.issuer ?? ''}" is not accepted`,
      };
    case 'heads_too_many':
      return {
        id: `memimpin ${outletsHeaded(journalist)} media, maksimal ${params.maxOutletsHeaded ?? ''}`,
        en: `heads ${outletsHeaded(journalist)} outlets, at most ${params.maxOutletsHeaded ?? ''} allowed`,
      };
    default:
      return shortfallText(journalist, problem, params.minLevel);
  }
}

function qualifiedText(journalist: JournalistSnapshot, params: ChiefEditorCompetencyParams): LocalizedText {
  const who = journalistLabel(journalist);
  const { level = '', certificateNumber = '', issuer = '' } = journalist.competency ?? {};
  const heads =
    params.maxOutletsHeaded === null
      ? { id: '', en: '' }
      : {
          id: `, memimpin ${outletsHeaded(journalist)} dari maksimal ${params.maxOutletsHeaded} media`,
          en: `, heads ${outletsHeaded(journalist)} of at most ${params.maxOutletsHeaded} outlets`,
        };
  return {
    id: `${who.id} memegang sertifikat UKW ${level} No. ${certificateNumber} dari ${issuer}${heads.id}.`,
    en: `${who.en} holds UKW ${level} certificate No. ${certificateNumber} from ${issuer}${heads.en}.`,
  };
}
