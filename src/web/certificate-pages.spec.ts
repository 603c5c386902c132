import { CERTIFICATE_STATUSES, LIFECYCLE } from '../certificates/certificates.service';
import { OPEN_REVIEW_STATUSES } from '../certificates/certificate-review.entity';
import { CERT_FLASHES, REVIEW_FILTERS, STATUS_ACTIONS } from './certificate-pages.controller';
import { CATALOGUES } from './i18n';

/** The keys the certificate pages build from values (the catalogue spec only sees literal ones). */
describe('certificate pages: texts for every value they name', () => {
  const needed = [
    ...Object.keys(STATUS_ACTIONS).flatMap((path) =>
      ['button', 'title', 'heading', 'effect', 'confirmTitle', 'confirm', 'confirmButton', 'notNow'].map((part) => `certs.action.${part}.${path}`),
    ),
    ...CERT_FLASHES.map((f) => `certs.flash.${f}`),
    ...Object.keys(REVIEW_FILTERS).map((k) => `certs.filter.review.${k}`),
    ...OPEN_REVIEW_STATUSES.map((s) => `certs.flag.${s}`),
    ...['issued', 'review_needed', 'review_kept', 'suspension_requested', 'suspend', 'reinstate', 'revoke', 'superseded', 'expired'].map((a) => `certs.history.${a}`),
    ...CERTIFICATE_STATUSES.map((s) => `certStatus.${s}`),
  ];

  it.each(['id', 'en'] as const)('has each of them in %s', (locale) => {
    expect(needed.filter((k) => !(k in CATALOGUES[locale]))).toEqual([]);
  });

  it('names each of the service\'s status changes once', () => {
    expect(Object.values(STATUS_ACTIONS).map((a) => a.action).sort()).toEqual(Object.keys(LIFECYCLE).sort());
  });
});
