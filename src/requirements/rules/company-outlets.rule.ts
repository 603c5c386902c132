import { fail, pass } from '../rule-result';
import type { RuleDefinition } from './rule-definition';

/**
 * One company, one outlet: the caller counted the other outlets with the same NIB or NPWP that
 * the judging agency has in hand (an open application or a current certificate).
 */
export const companyOutletsRule: RuleDefinition<'company_outlets'> = {
  family: 'company_outlets',
  title: { id: 'Satu perusahaan satu media', en: 'One company, one outlet' },
  evaluate(snapshot, _context, params) {
    const { legalName, businessId, taxId, otherOutletsOfCompany } = snapshot.outlet;
    const outlets = otherOutletsOfCompany + 1;
    const details = { businessId, taxId, otherOutletsOfCompany, maxOutlets: params.maxOutlets };
    if (isBlank(businessId) && isBlank(taxId)) {
      return fail(
        {
          id: `${legalName}: NIB dan NPWP belum diisi, sehingga perusahaan tidak dapat dikenali untuk aturan satu perusahaan satu media.`,
          en: `${legalName}: neither NIB nor NPWP is recorded, so the company cannot be identified for the one-company-one-outlet rule.`,
        },
        details,
      );
    }
    if (outlets > params.maxOutlets) {
      return fail(
        {
          id: `${legalName} (NIB/NPWP yang sama) mengajukan atau bermitra dengan ${outlets} media di instansi ini; maksimal ${params.maxOutlets}.`,
          en: `${legalName} (same NIB/NPWP) has ${outlets} outlets applying or partnered at this agency; at most ${params.maxOutlets} allowed.`,
        },
        details,
      );
    }
    return pass(
      {
        id: `${legalName} mengajukan atau bermitra dengan ${outlets} dari maksimal ${params.maxOutlets} media di instansi ini.`,
        en: `${legalName} has ${outlets} of at most ${params.maxOutlets} outlets applying or partnered at this agency.`,
      },
      details,
    );
  },
};

const isBlank = (value: string | null): boolean => value === null || value.trim() === '';
