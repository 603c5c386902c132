import type { Role } from '../auth/permissions';

export interface NavItem {
  href: string;
  /** A catalogue key. */
  label: string;
}

/**
 * The staff console's menu, role by role, in the order a person in that role works (PAGES.md).
 * Each entry is a page that role may open; the route's own permission still decides.
 */
export const STAFF_NAV: Record<Exclude<Role, 'applicant'>, readonly NavItem[]> = {
  officer: [
    { href: '/antrean', label: 'nav.queue' },
    { href: '/sertifikat', label: 'nav.certificates' },
    { href: '/statistik', label: 'nav.statistics' },
  ],
  approver: [
    { href: '/persetujuan', label: 'nav.approvals' },
    { href: '/sertifikat', label: 'nav.certificates' },
    { href: '/periode', label: 'nav.rounds' },
    { href: '/statistik', label: 'nav.statistics' },
  ],
  auditor: [
    { href: '/sertifikat', label: 'nav.certificates' },
    { href: '/audit', label: 'nav.audit' },
    { href: '/statistik', label: 'nav.statistics' },
  ],
  admin: [
    { href: '/admin/pengguna', label: 'nav.users' },
    { href: '/admin/pengaturan', label: 'nav.settings' },
    { href: '/admin/kebijakan', label: 'nav.policy' },
    { href: '/periode', label: 'nav.rounds' },
    { href: '/admin/surel', label: 'nav.parkedMail' },
    { href: '/audit', label: 'nav.audit' },
    { href: '/statistik', label: 'nav.statistics' },
  ],
};

/** The menu for `role`, with the entry for the page being shown marked current. */
export function staffNav(role: Role, path: string): (NavItem & { current: boolean })[] {
  if (role === 'applicant') return [];
  return STAFF_NAV[role].map((item) => ({ ...item, current: path === item.href || path.startsWith(`${item.href}/`) }));
}
