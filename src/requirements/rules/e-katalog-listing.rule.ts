import { fail, pass } from '../rule-result';
import type { RuleDefinition } from './rule-definition';

/** The outlet gives a link to its LKPP e-Katalog listing; the officer opens it. */
export const eKatalogListingRule: RuleDefinition<'e_katalog_listing'> = {
  family: 'e_katalog_listing',
  title: { id: 'Terdaftar di e-Katalog LKPP', en: 'Listed in the LKPP e-Katalog' },
  evaluate(snapshot, _context, params) {
    const url = snapshot.outlet.eKatalogUrl ?? null;
    const details = { eKatalogUrl: url, acceptedHosts: params.acceptedHosts === null ? null : [...params.acceptedHosts] };
    if (url === null || url.trim() === '') {
      return fail(
        { id: 'Tautan e-Katalog LKPP belum diisi.', en: 'No link to an LKPP e-Katalog listing is given.' },
        details,
      );
    }
    const host = httpsHost(url);
    if (host === null) {
      return fail({ id: `Tautan e-Katalog ${url} bukan alamat https.`, en: `The e-Katalog link ${url} is not an https address.` }, details);
    }
    if (params.acceptedHosts !== null && !params.acceptedHosts.some((accepted) => host === accepted || host.endsWith(`.${accepted}`))) {
      const accepted = params.acceptedHosts.join(', ');
      return fail(
        {
          id: `Tautan e-Katalog mengarah ke ${host}, bukan ke e-Katalog (${accepted}).`,
          en: `The e-Katalog link points to ${host}, not to the e-Katalog (${accepted}).`,
        },
        details,
      );
    }
    return pass({ id: `Tautan e-Katalog: ${url}.`, en: `e-Katalog link: ${url}.` }, details);
  },
};

function httpsHost(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' ? parsed.hostname.toLowerCase() : null;
  } catch {
    return null;
  }
}
