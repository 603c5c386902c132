import { addYears, compareIsoDates, isIsoDate } from '../iso-date';
import { PRESS_COUNCIL_STATUS_LABELS } from '../labels';
import { PRESS_COUNCIL_STATUSES, type PressCouncilStatus } from '../outlet-snapshot';
import { fail, pass } from '../rule-result';
import type { RuleDefinition } from './rule-definition';

export const statusAtLeast = (status: PressCouncilStatus, minimum: PressCouncilStatus): boolean =>
  PRESS_COUNCIL_STATUSES.indexOf(status) >= PRESS_COUNCIL_STATUSES.indexOf(minimum);

/**
 * A verification of `verifiedOn` is valid through its `maxAgeYears` anniversary inclusive:
 * verified 2021-03-01 for 5 years still counts on 2026-03-01 and has lapsed on 2026-03-02.
 */
export const pressCouncilVerificationRule: RuleDefinition<'press_council_verification'> = {
  family: 'press_council_verification',
  title: { id: 'Verifikasi Dewan Pers', en: 'Press Council verification' },
  evaluate(snapshot, context, params) {
    const { status, certificateNumber, verifiedOn } = snapshot.outlet.pressCouncil;
    const has = PRESS_COUNCIL_STATUS_LABELS[status];
    const wanted = PRESS_COUNCIL_STATUS_LABELS[params.minStatus];
    const details: Record<string, unknown> = { status, minStatus: params.minStatus, certificateNumber, verifiedOn };
    if (!statusAtLeast(status, params.minStatus)) {
      return fail(
        {
          id: `Status Dewan Pers: ${has.id}; disyaratkan minimal ${wanted.id}.`,
          en: `Press Council status is ${has.en}; at least ${wanted.en} is required.`,
        },
        details,
      );
    }
    if (!isIsoDate(verifiedOn)) {
      return fail(
        {
          id: `Tanggal verifikasi Dewan Pers tidak tercatat atau tidak valid, sehingga masa berlakunya tidak dapat dihitung.`,
          en: `The Press Council verification date is missing or invalid, so its validity cannot be established.`,
        },
        details,
      );
    }
    if (compareIsoDates(verifiedOn, context.on) > 0) {
      return fail(
        {
          id: `Tanggal verifikasi Dewan Pers ${verifiedOn} jatuh setelah tanggal penilaian ${context.on}.`,
          en: `The Press Council verification date ${verifiedOn} is after the evaluation date ${context.on}.`,
        },
        details,
      );
    }
    const validUntil = addYears(verifiedOn, params.maxAgeYears);
    details.validUntil = validUntil;
    if (compareIsoDates(context.on, validUntil) > 0) {
      return fail(
        {
          id: `Verifikasi Dewan Pers tanggal ${verifiedOn} berlaku ${params.maxAgeYears} tahun sampai ${validUntil} dan telah kedaluwarsa pada ${context.on}.`,
          en: `The Press Council verification of ${verifiedOn} was valid for ${params.maxAgeYears} years until ${validUntil} and has lapsed as of ${context.on}.`,
        },
        details,
      );
    }
    return pass(
      {
        id: `${capitalize(has.id)} oleh Dewan Pers sejak ${verifiedOn}, berlaku sampai ${validUntil}.`,
        en: `${capitalize(has.en)} by the Press Council since ${verifiedOn}, valid until ${validUntil}.`,
      },
      details,
    );
  },
};

const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
