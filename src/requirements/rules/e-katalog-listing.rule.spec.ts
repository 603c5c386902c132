import { evaluationContext, outletSnapshot } from '../testing/outlet-snapshot.builder';
import { eKatalogListingRule } from './e-katalog-listing.rule';

const evaluate = (eKatalogUrl: string | null, acceptedHosts: string[] | null = ['lkpp.go.id', 'inaproc.id']) =>
  eKatalogListingRule.evaluate(outletSnapshot({ outlet: { eKatalogUrl } }), evaluationContext(), { acceptedHosts });

describe('e_katalog_listing', () => {
  it.each([
    { url: 'https://katalog.inaproc.id/lensa-jatim', outcome: 'pass' },
    { url: 'https://e-katalog.lkpp.go.id/katalog/produk/detail/123', outcome: 'pass' },
    { url: 'https://lkpp.go.id/x', outcome: 'pass' },
    { url: 'http://katalog.inaproc.id/lensa-jatim', outcome: 'fail' },
    { url: 'https://inaproc.id.example.com/lensa', outcome: 'fail' },
    { url: 'https://notlkpp.go.id/x', outcome: 'fail' },
    { url: 'katalog.inaproc.id/lensa', outcome: 'fail' },
    { url: '   ', outcome: 'fail' },
  ])('$url is $outcome', ({ url, outcome }) => {
    expect(evaluate(url).outcome).toBe(outcome);
  });

  it('fails without a link', () => {
    expect(evaluate(null).message.en).toBe('No link to an LKPP e-Katalog listing is given.');
  });

  it('accepts any https link when the pack names no host', () => {
    expect(evaluate('https://katalog.pemda.example/lensa', null).outcome).toBe('pass');
  });
});
