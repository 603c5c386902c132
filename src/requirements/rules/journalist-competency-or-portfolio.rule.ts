import { addYears, compareIsoDates, isIsoDate } from '../iso-date';
import { joinLocalized, journalistLabel, OR, POSITION_LABELS, SEMICOLON } from '../labels';
import type { EvaluationContext, JournalistSnapshot, Position } from '../outlet-snapshot';
import type { JournalistCompetencyOrPortfolioParams } from '../policy-pack';
import { fail, pass, type LocalizedText } from '../rule-result';
import { competencyShortfall, shortfallText } from './competency';
import type { RuleDefinition } from './rule-definition';

type Proof = 'certificate' | 'published_work';

interface Assessed {
  journalist: JournalistSnapshot;
  proof: Proof | null;
  /** The day the published work reaches the required years; null without a usable start date. */
  publishedYearsOn: string | null;
}

/**
 * Each journalist proves competence by a valid UKW certificate, or by published work since at
 * least `minPublishedYears` whole years (reached on the anniversary of the first publication, in
 * the WIB calendar of the judgement date) backed by links.
 */
export const journalistCompetencyOrPortfolioRule: RuleDefinition<'journalist_competency_or_portfolio'> = {
  family: 'journalist_competency_or_portfolio',
  title: { id: 'Kompetensi wartawan (UKW atau rekam jejak karya)', en: 'Journalist competency (UKW or a record of published work)' },
  evaluate(snapshot, context, params) {
    const pool =
      params.positions === null ? snapshot.journalists : snapshot.journalists.filter((journalist) => params.positions?.includes(journalist.position));
    const who = poolLabel(params.positions);
    const assessed = pool.map((journalist) => assess(journalist, context, params));
    const details = {
      minLevel: params.minLevel,
      minPublishedYears: params.minPublishedYears,
      minPublishedLinks: params.minPublishedLinks,
      journalists: assessed.map(({ journalist, proof, publishedYearsOn }) => ({
        journalistId: journalist.id,
        name: journalist.name,
        proof,
        publishedWorkSince: journalist.publishedWorkSince ?? null,
        publishedYearsOn,
        publishedWorkLinks: (journalist.publishedWorkLinks ?? []).length,
      })),
    };
    if (pool.length === 0) {
      return fail({ id: `Boks redaksi tidak mencantumkan ${who.id}.`, en: `The masthead lists no ${who.en}.` }, details);
    }
    const unproven = assessed.filter((item) => item.proof === null);
    if (unproven.length > 0) {
      const reasons = joinLocalized(
        unproven.map((item) => {
          const name = journalistLabel(item.journalist);
          const why = joinLocalized([shortfallText(item.journalist, competencyShortfall(item.journalist, params.minLevel) ?? 'no_certificate', params.minLevel), portfolioShortfall(item, context, params)], {
            id: ' dan ',
            en: ' and ',
          });
          return { id: `${name.id}: ${why.id}`, en: `${name.en}: ${why.en}` };
        }),
        SEMICOLON,
      );
      return fail(
        {
          id: `Setiap ${who.id} wajib bersertifikat UKW minimal ${params.minLevel} atau memiliki rekam jejak karya jurnalistik minimal ${params.minPublishedYears} tahun. ${reasons.id}.`,
          en: `Every ${who.en} must hold a UKW certificate of ${params.minLevel} or above or show at least ${params.minPublishedYears} years of published work. ${reasons.en}.`,
        },
        details,
      );
    }
    const byCertificate = assessed.filter((item) => item.proof === 'certificate').length;
    const byWork = assessed.length - byCertificate;
    return pass(
      {
        id: `${assessed.length} ${who.id} terbukti kompeten: ${byCertificate} dengan sertifikat UKW, ${byWork} dengan rekam jejak karya minimal ${params.minPublishedYears} tahun.`,
        en: `${assessed.length} ${who.en} proven competent: ${byCertificate} by UKW certificate, ${byWork} by at least ${params.minPublishedYears} years of published work.`,
      },
      details,
    );
  },
};

function assess(journalist: JournalistSnapshot, context: EvaluationContext, params: JournalistCompetencyOrPortfolioParams): Assessed {
  const since = journalist.publishedWorkSince ?? null;
  const publishedYearsOn = isIsoDate(since) ? addYears(since, params.minPublishedYears) : null;
  if (competencyShortfall(journalist, params.minLevel) === null) return { journalist, proof: 'certificate', publishedYearsOn };
  const enoughYears = publishedYearsOn !== null && compareIsoDates(publishedYearsOn, context.on) <= 0;
  const enoughLinks = (journalist.publishedWorkLinks ?? []).length >= params.minPublishedLinks;
  return { journalist, proof: enoughYears && enoughLinks ? 'published_work' : null, publishedYearsOn };
}

function portfolioShortfall(item: Assessed, context: EvaluationContext, params: JournalistCompetencyOrPortfolioParams): LocalizedText {
  const since = item.journalist.publishedWorkSince ?? null;
  const links = (item.journalist.publishedWorkLinks ?? []).length;
  if (item.publishedYearsOn === null || since === null) {
    return { id: 'tidak mencatat rekam jejak karya', en: 'records no published work' };
  }
  if (compareIsoDates(item.publishedYearsOn, context.on) > 0) {
    return {
      id: `karya sejak ${since} baru genap ${params.minPublishedYears} tahun pada ${item.publishedYearsOn}`,
      en: `published since ${since}, which reaches ${params.minPublishedYears} years only on ${item.publishedYearsOn}`,
    };
  }
  return {
    id: `rekam jejak karya memuat ${links} tautan, minimal ${params.minPublishedLinks}`,
    en: `the record of published work has ${links} links, at least ${params.minPublishedLinks} required`,
  };
}

function poolLabel(positions: readonly Position[] | null): LocalizedText {
  if (positions === null) return { id: 'jurnalis', en: 'journalist' };
  const names = joinLocalized(
    positions.map((position) => POSITION_LABELS[position]),
    OR,
  );
  return { id: `jurnalis (${names.id})`, en: `journalist (${names.en})` };
}
