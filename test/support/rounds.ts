/**
 * A registration round of budget year 2027 as the API takes it: every date in order, registration
 * 7 to 11 January, an appeal window, the final announcement on 1 February. Tests override the name
 * or a date where they need another.
 */
export const ROUND_2027 = {
  budgetYear: 2027,
  name: 'Periode 2027',
  registrationOpensOn: '2027-01-07',
  registrationClosesOn: '2027-01-11',
  verificationUntil: '2027-01-21',
  provisionalAnnouncementOn: '2027-01-25',
  appealOpensOn: '2027-01-26',
  appealClosesOn: '2027-01-27',
  finalAnnouncementOn: '2027-02-01',
};
