// The staff screens, once: the navigation and the staff home both list exactly the screens the
// signed-in role may open, from this table, so a menu never offers a page that answers 403 and no
// page exists that no menu reaches. Each entry's permission is the one its GET route declares.
import type { MessageKey } from '../i18n/index.ts';
import { can, type Action, type Role } from './roles.ts';

export interface StaffScreen {
  id: string;
  href: string;
  /** What the menu calls it. */
  nav: MessageKey;
  /** One line on the staff home: what the role does there. */
  description: MessageKey;
  permission: Action | 'staff';
}

export const STAFF_SCREENS: readonly StaffScreen[] = [
  { id: 'home', href: '/admin', nav: 'nav.dashboard', description: 'home.screen.home', permission: 'staff' },
  { id: 'results', href: '/admin/results', nav: 'dashboards.nav', description: 'dashboards.homeLink', permission: 'results.read' },
  { id: 'comments', href: '/admin/comments', nav: 'nav.comments', description: 'home.screen.comments', permission: 'comments.read' },
  { id: 'plans', href: '/admin/plans', nav: 'nav.plans', description: 'home.screen.plans', permission: 'results.read' },
  { id: 'flags', href: '/admin/flags', nav: 'nav.flags', description: 'home.screen.flags', permission: 'responses.review' },
  { id: 'targets', href: '/admin/targets', nav: 'targets.title', description: 'targets.homeLink', permission: 'results.read' },
  {
    id: 'publication',
    href: '/admin/results/publication',
    nav: 'publicResults.admin.title',
    description: 'publicResults.admin.dashboardLink',
    permission: 'agencies.manage',
  },
  {
    id: 'index-rule',
    href: '/admin/results/rule',
    nav: 'rules.settings.title',
    description: 'rules.settings.dashboardLink',
    permission: 'agencies.manage',
  },
  {
    id: 'closed-periods',
    href: '/admin/closed-periods',
    nav: 'periods.title',
    description: 'periods.dashboardLink',
    permission: 'agencies.manage',
  },
  { id: 'served', href: '/admin/served', nav: 'servedPage.nav', description: 'servedPage.homeLink', permission: 'served.manage' },
  { id: 'agencies', href: '/admin/agencies', nav: 'nav.agencies', description: 'agenciesPage.description', permission: 'agencies.manage' },
  // Issue 13 points 4–5: campaigns and questionnaires.
  {
    id: 'campaigns',
    href: '/admin/campaigns',
    nav: 'nav.campaigns',
    description: 'campaignsPage.description',
    permission: 'campaigns.manage',
  },
  {
    id: 'questionnaires',
    href: '/admin/questionnaires',
    nav: 'nav.questionnaires',
    description: 'questionnairesPage.description',
    permission: 'questionnaires.manage',
  },
  { id: 'users', href: '/admin/users', nav: 'nav.users', description: 'permission.users.manage', permission: 'users.manage' },
  { id: 'tokens', href: '/admin/tokens', nav: 'nav.tokens', description: 'permission.tokens.manage', permission: 'tokens.manage' },
  { id: 'audit', href: '/admin/audit', nav: 'nav.audit', description: 'permission.audit.read', permission: 'audit.read' },
  { id: 'paper', href: '/admin/paper', nav: 'nav.paper', description: 'permission.responses.enter', permission: 'responses.enter' },
  { id: 'kiosks', href: '/admin/kiosks', nav: 'nav.kiosks', description: 'permission.kiosks.manage', permission: 'kiosks.manage' },
  {
    id: 'service-points',
    href: '/admin/service-points',
    nav: 'nav.servicePoints',
    description: 'permission.posters.print',
    permission: 'posters.print',
  },
];

export function screensFor(role: Role): StaffScreen[] {
  return STAFF_SCREENS.filter((s) => s.permission === 'staff' || can(role, s.permission));
}

/**
 * Where a role lands after signing in: its everyday work. A manager or a viewer reads their own
 * unit's results, a clerk keys paper forms, a coordinator or an admin starts from the staff home and
 * its counts of what waits.
 */
export function landingFor(role: Role): string {
  if (role === 'admin' || role === 'coordinator') return '/admin';
  if (can(role, 'results.read')) return '/admin/results';
  if (can(role, 'responses.enter')) return '/admin/paper';
  return '/admin';
}
