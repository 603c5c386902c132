import { joinLocalized, SEMICOLON } from '../labels';
import type { OfficeSnapshot } from '../outlet-snapshot';
import { fail, manual, pass, type LocalizedText } from '../rule-result';
import type { RuleDefinition } from './rule-definition';

export const officeRule: RuleDefinition<'office'> = {
  family: 'office',
  title: { id: 'Kantor redaksi', en: 'Newsroom office' },
  evaluate(snapshot, context, params) {
    const { office } = snapshot.outlet;
    if (!hasAddress(office)) {
      return fail(
        { id: 'Media tidak memiliki alamat kantor.', en: 'The outlet has no office address.' },
        { office: null },
      );
    }
    const address = formatAddress(office);
    const hasPhoto = snapshot.documents.some((document) => document.type === 'office_photo');
    const agencyProvince = context.agency.province;
    const details = { address, province: office.province, agencyProvince, hasOfficePhoto: hasPhoto };

    const problems: LocalizedText[] = [];
    if (params.requireInProvince && agencyProvince.trim() !== '' && !sameProvince(office.province, agencyProvince)) {
      problems.push({
        id: `Kantor di ${address} berada di luar Provinsi ${bareProvince(agencyProvince)}`,
        en: `The office at ${address} is outside the province of ${bareProvince(agencyProvince)}`,
      });
    }
    if (params.requireOfficePhoto && !hasPhoto) {
      problems.push({ id: 'Foto kantor belum diunggah', en: 'No office photo has been uploaded' });
    }
    if (problems.length > 0) return fail(sentence(joinLocalized(problems, SEMICOLON)), details);

    // Without a province on the agency the region cannot be compared: an officer has to look.
    if (params.requireInProvince && agencyProvince.trim() === '') {
      return manual(
        {
          id: `Kantor di ${address}; provinsi instansi tidak tercatat, petugas memastikan kantor berada di wilayahnya.`,
          en: `Office at ${address}; the agency has no province on record, so an officer confirms the office is in its region.`,
        },
        details,
      );
    }
    if (params.requireFieldConfirmation) {
      return manual(
        {
          id: `Kantor di ${address}; keberadaannya dikonfirmasi petugas saat verifikasi lapangan.`,
          en: `Office at ${address}; its existence is confirmed by officers during the field visit.`,
        },
        details,
      );
    }
    return pass({ id: `Kantor di ${address}.`, en: `Office at ${address}.` }, details);
  },
};

/** "An outlet without an office address has no office": blank fields count as no address. */
function hasAddress(office: OfficeSnapshot | null): office is OfficeSnapshot {
  return office !== null && [office.street, office.city, office.province].every((part) => part.trim() !== '');
}

function formatAddress(office: OfficeSnapshot): string {
  return [office.street, office.city, office.province].map((part) => part.trim()).join(', ');
}

/** "Provinsi Kalimantan Timur", "prov. kalimantan  timur" and "Kalimantan Timur" name one province. */
export function sameProvince(a: string, b: string): boolean {
  return normalizeProvince(a) === normalizeProvince(b);
}

function normalizeProvince(name: string): string {
  return bareProvince(name).toLowerCase();
}

function bareProvince(name: string): string {
  return name
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/^(?:provinsi\s+|prov\.\s*|prov\s+)/i, '');
}

const sentence = (text: LocalizedText): LocalizedText => ({ id: `${text.id}.`, en: `${text.en}.` });
