import {
  afterFailure,
  certificateFileName,
  DEFAULT_RETRY_POLICY,
  emailDomain,
  errorText,
  redactEmails,
  retryDelayMs,
} from './outbox.policy';

describe('retry policy', () => {
  it('doubles the wait after each failure from 30 s, capped at an hour', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8, 20, 2000].map((n) => retryDelayMs(n, DEFAULT_RETRY_POLICY));
    expect(delays).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000, 3_600_000, 3_600_000]);
  });

  it('retries the first seven failures and parks on the eighth', () => {
    expect(afterFailure(1, DEFAULT_RETRY_POLICY)).toEqual({ status: 'pending', retryInMs: 30_000 });
    expect(afterFailure(7, DEFAULT_RETRY_POLICY)).toEqual({ status: 'pending', retryInMs: 1_920_000 });
    expect(afterFailure(8, DEFAULT_RETRY_POLICY)).toEqual({ status: 'parked' });
  });

  it('honours a test-sized base and attempt limit', () => {
    const policy = { backoffBaseMs: 5, backoffMaxMs: 100, maxAttempts: 2 };
    expect(afterFailure(1, policy)).toEqual({ status: 'pending', retryInMs: 5 });
    expect(afterFailure(2, policy)).toEqual({ status: 'parked' });
  });
});

describe('log-safe text', () => {
  it('keeps only the domain of an address', () => {
    expect(emailDomain('Rina.Kusuma@LensaJatim.id')).toBe('lensajatim.id');
  });

  it('masks addresses a server reply echoes', () => {
    expect(redactEmails('550 5.1.1 <rina@lensa.id>: Recipient address rejected; cc budi.s@x.co.id')).toBe(
      '550 5.1.1 <***@lensa.id>: Recipient address rejected; cc ***@x.co.id',
    );
  });

  it('turns an error into one bounded line with its code', () => {
    const err = Object.assign(new Error('connect refused\n  at 127.0.0.1:25'), { code: 'ECONNECTION' });
    expect(errorText(err)).toBe('ECONNECTION: connect refused at 127.0.0.1:25');
    expect(errorText('x'.repeat(600))).toHaveLength(500);
  });
});

it('names the certificate attachment after its number', () => {
  expect(certificateFileName('007/MM/DISKOMINFO-JATIM/2026')).toBe('007-MM-DISKOMINFO-JATIM-2026.pdf');
});
