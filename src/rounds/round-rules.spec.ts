import { appealWindowOpen, registrationClosedMessage, registrationOpen, roundDatesProblems, roundPhase, roundValidityEndedMessage, roundValidUntil, type RoundDates } from './round-rules';

const round: RoundDates = {
  registrationOpensOn: '2027-01-07',
  registrationClosesOn: '2027-01-11',
  verificationUntil: '2027-01-21',
  provisionalAnnouncementOn: '2027-01-25',
  appealOpensOn: '2027-01-26',
  appealClosesOn: '2027-01-27',
  finalAnnouncementOn: '2027-02-01',
};

describe('registration window at its WIB edges', () => {
  it.each([
    // 00:00 WIB on 7 January is 17:00 UTC on the 6th.
    ['16:59:59.999 UTC the day before opening (23:59 WIB on the 6th)', '2027-01-06T16:59:59.999Z', false],
    ['00:00 WIB on the opening day', '2027-01-06T17:00:00.000Z', true],
    ['23:59:59.999 WIB on the closing day', '2027-01-11T16:59:59.999Z', true],
    ['00:00 WIB the day after closing', '2027-01-11T17:00:00.000Z', false],
  ])('%s', (_, instant, open) => {
    expect(registrationOpen(round, new Date(instant))).toBe(open);
  });
});

describe('appeal window at its WIB edges', () => {
  it.each([
    ['23:59 WIB the evening before', '2027-01-25T16:59:59.999Z', false],
    ['00:00 WIB on the first appeal day', '2027-01-25T17:00:00.000Z', true],
    ['the last minute of the last appeal day', '2027-01-27T16:59:59.999Z', true],
    ['00:00 WIB after the last appeal day', '2027-01-27T17:00:00.000Z', false],
  ])('%s', (_, instant, open) => {
    expect(appealWindowOpen(round, new Date(instant))).toBe(open);
  });

  it('a round without an appeal window never has one open', () => {
    expect(appealWindowOpen({ ...round, appealOpensOn: null, appealClosesOn: null }, new Date('2027-01-26T05:00:00Z'))).toBe(false);
  });
});

describe('roundDatesProblems', () => {
  it('accepts dates in order, with or without an appeal window', () => {
    expect(roundDatesProblems(round, 2027)).toEqual({});
    expect(roundDatesProblems({ ...round, appealOpensOn: null, appealClosesOn: null, finalAnnouncementOn: '2027-01-25' }, 2027)).toEqual({});
  });

  it.each([
    ['registration closing before it opens', { registrationClosesOn: '2027-01-06' }, 'registrationClosesOn'],
    ['verification ending before registration closes', { verificationUntil: '2027-01-10' }, 'verificationUntil'],
    ['the provisional result before verification ends', { provisionalAnnouncementOn: '2027-01-20' }, 'provisionalAnnouncementOn'],
    ['appeals opening before the provisional result', { appealOpensOn: '2027-01-24' }, 'appealOpensOn'],
    ['appeals closing before they open', { appealClosesOn: '2027-01-25', appealOpensOn: '2027-01-26' }, 'appealClosesOn'],
    ['the final result on the last appeal day', { finalAnnouncementOn: '2027-01-27' }, 'finalAnnouncementOn'],
    ['one appeal date without the other', { appealClosesOn: null }, 'appealClosesOn'],
    ['registration after the budget year', { registrationOpensOn: '2028-01-02' }, 'budgetYear'],
  ] as [string, Partial<RoundDates>, string][])('refuses %s', (_, change, field) => {
    expect(Object.keys(roundDatesProblems({ ...round, ...change }, 2027))).toContain(field);
  });
});

describe('roundPhase', () => {
  const none = { provisional: false, final: false };
  it.each([
    ['2027-01-06T16:59:59Z', none, 'upcoming'],
    ['2027-01-06T17:00:00Z', none, 'registration'],
    ['2027-01-11T17:00:00Z', none, 'verification'],
    ['2027-01-25T05:00:00Z', { provisional: true, final: false }, 'announced'],
    ['2027-01-26T05:00:00Z', { provisional: true, final: false }, 'appeal'],
    ['2027-01-28T05:00:00Z', { provisional: true, final: false }, 'awaiting_final'],
    ['2027-02-01T05:00:00Z', { provisional: true, final: true }, 'closed'],
  ] as const)('%s is %s', (instant, published, phase) => {
    expect(roundPhase(round, new Date(instant), published)).toBe(phase);
  });
});

describe('round certificate validity', () => {
  const months = (from: string, n: number) => `${from}+${n}m`;
  it('runs to 31 December of the budget year, or the given months', () => {
    expect(roundValidUntil({ budgetYear: 2027, validityMonths: null }, '2027-02-03', months)).toBe('2027-12-31');
    expect(roundValidUntil({ budgetYear: 2027, validityMonths: 6 }, '2027-02-03', months)).toBe('2027-02-03+6m');
  });
});

it('the closed-registration message gives the dates in Indonesian and English', () => {
  expect(registrationClosedMessage('Periode 2027', round)).toBe(
    'Pendaftaran Periode 2027 hanya dibuka 7 Januari 2027 s.d. 11 Januari 2027 (WIB). / Registration for Periode 2027 is open only from 7 January 2027 to 11 January 2027 (WIB).',
  );
});

it('a round certificate may be issued up to its last valid day, not after it', () => {
  const v = { budgetYear: 2027, validityMonths: null };
  expect(roundValidityEndedMessage('Periode 2027', v, '2027-12-31', '2027-12-31')).toBeNull();
  const refused = roundValidityEndedMessage('Periode 2027', v, '2027-12-31', '2028-01-01');
  expect(refused).toContain('sampai 31 Desember 2027');
  expect(refused).toContain('persetujuan pada 1 Januari 2028');
  expect(refused).toContain('valid at most until 31 December 2027; approving on 1 January 2028');
});
