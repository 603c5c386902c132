import { joinLocalized, SEMICOLON, TAX_STATUS_LABELS } from '../labels';
import { TAX_STATUSES, type TaxStatus } from '../outlet-snapshot';
import { fail, pass, type LocalizedText } from '../rule-result';
import type { RuleDefinition } from './rule-definition';

export const taxStatusAtLeast = (status: TaxStatus, minimum: TaxStatus): boolean =>
  TAX_STATUSES.indexOf(status) >= TAX_STATUSES.indexOf(minimum);

export const legalEntityRule: RuleDefinition<'legal_entity'> = {
  family: 'legal_entity',
  title: { id: 'Badan hukum', en: 'Legal entity' },
  evaluate(snapshot, _context, params) {
    const { legalName, legalForm, deedNumber, ministryDecreeNumber, taxId, taxStatus } = snapshot.outlet;
    const problems: LocalizedText[] = [];
    if (!params.acceptedForms.includes(legalForm)) {
      const accepted = params.acceptedForms.join(', ');
      problems.push({
        id: `Bentuk badan usaha ${legalForm} tidak diterima (harus ${accepted})`,
        en: `Legal form ${legalForm} is not accepted (must be ${accepted})`,
      });
    }
    if (params.requireDeed && isBlank(deedNumber)) {
      problems.push({ id: 'Nomor akta pendirian belum diisi', en: 'The deed of establishment number is missing' });
    }
    if (params.requireMinistryDecree && isBlank(ministryDecreeNumber)) {
      problems.push({
        id: 'Nomor SK pengesahan Kemenkumham belum diisi',
        en: 'The Ministry of Law decree (SK Kemenkumham) number is missing',
      });
    }
    if (params.requireTaxStatus !== null && params.requireTaxStatus !== 'none') {
      // Any tax status above `none` presupposes a taxpayer number.
      if (isBlank(taxId)) problems.push({ id: 'NPWP belum diisi', en: 'The tax ID (NPWP) is missing' });
      if (!taxStatusAtLeast(taxStatus, params.requireTaxStatus)) {
        const has = TAX_STATUS_LABELS[taxStatus];
        const wanted = TAX_STATUS_LABELS[params.requireTaxStatus];
        problems.push({
          id: `Status pajak ${has.id}; disyaratkan ${wanted.id}`,
          en: `Tax status is ${has.en}; ${wanted.en} is required`,
        });
      }
    }
    const details = { legalName, legalForm, deedNumber, ministryDecreeNumber, taxStatus };
    if (problems.length > 0) {
      const text = joinLocalized(problems, SEMICOLON);
      return fail({ id: `${legalName}: ${text.id}.`, en: `${legalName}: ${text.en}.` }, details);
    }
    return pass(
      {
        id: `${legalName} berbentuk ${legalForm}${deedNumber ? `, akta No. ${deedNumber}` : ''}${ministryDecreeNumber ? `, SK Kemenkumham No. ${ministryDecreeNumber}` : ''}.`,
        en: `${legalName} is a ${legalForm}${deedNumber ? `, deed No. ${deedNumber}` : ''}${ministryDecreeNumber ? `, Ministry of Law decree No. ${ministryDecreeNumber}` : ''}.`,
      },
      details,
    );
  },
};

const isBlank = (value: string | null): boolean => value === null || value.trim() === '';
