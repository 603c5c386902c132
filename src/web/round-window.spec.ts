import type { RoundView } from '../rounds/rounds.service';
import { text } from './i18n';
import { roundWindow } from './round-window';

const t = (key: string, params?: Record<string, unknown>) => text('id', key, params);
const agency = { name: 'Diskominfo Contoh', code: 'CONTOH' };
const round = (phase: RoundView['phase']) =>
  ({ name: 'Periode 2027', phase, registrationOpensOn: '2027-01-07', registrationClosesOn: '2027-01-11' }) as RoundView;

describe('roundWindow', () => {
  it('is nothing for an agency taking applications all year', () => {
    expect(roundWindow({ intake: 'all_year', current: null, next: null }, agency, t, 'id')).toBeNull();
  });

  it('names the closing day while registration is open', () => {
    expect(roundWindow({ intake: 'rounds', current: round('registration'), next: null }, agency, t, 'id')).toEqual({
      open: true,
      text: 'Periode 2027: pendaftaran dibuka sampai 11 Januari 2027 pukul 23.59 WIB.',
      notifyHref: '/instansi/CONTOH#pemberitahuan',
    });
  });

  it('gives the next round before it opens, the last one after it closed, and says when none is scheduled', () => {
    expect(roundWindow({ intake: 'rounds', current: round('verification'), next: round('upcoming') }, agency, t, 'id')?.text).toContain('dibuka 7 Januari 2027 s.d. 11 Januari 2027');
    const closed = roundWindow({ intake: 'rounds', current: round('appeal'), next: null }, agency, t, 'id');
    expect(closed).toMatchObject({ open: false, text: expect.stringContaining('sudah ditutup') });
    expect(roundWindow({ intake: 'rounds', current: null, next: null }, agency, t, 'id')?.text).toBe(
      'Diskominfo Contoh menerima permohonan hanya pada periode pendaftaran, dan belum ada periode yang dijadwalkan.',
    );
  });
});
