// What each staff role may do, as one table. Scope (which agencies) is a separate question answered
// by the user's subtree (invariant 5): a permission here is always "within your subtree".
import type { Role } from '../db/schema.ts';

export type { Role };

export const ROLES: readonly Role[] = ['admin', 'coordinator', 'manager', 'clerk', 'viewer'];

export const ACTIONS = [
  'users.manage',
  'agencies.manage',
  'questionnaires.manage',
  'campaigns.manage',
  'targets.manage',
  'kiosks.manage',
  'tokens.manage',
  'results.read',
  'results.export',
  'comments.read',
  'comments.manage',
  'plans.manage',
  'responses.review',
  'responses.enter',
  'audit.read',
  'posters.print',
  'served.manage',
] as const;
export type Action = (typeof ACTIONS)[number];

// Questionnaires are shared by every province, so only an admin publishes them. Comments are
// citizens' own words: managers and coordinators read and follow them up, a read-only viewer sees
// the figures. Managers and coordinators plan improvements; reviewing a flag changes what counts,
// so it is the coordinator's (issue 14). The people served set every unit's response rate, so they
// are recorded by the coordinator (or the one-stop system's token), not by the unit they judge.
const TABLE: Record<Role, readonly Action[]> = {
  admin: ACTIONS,
  coordinator: [
    'users.manage',
    'agencies.manage',
    'campaigns.manage',
    'targets.manage',
    'kiosks.manage',
    'tokens.manage',
    'results.read',
    'results.export',
    'comments.read',
    'comments.manage',
    'plans.manage',
    'responses.review',
    'audit.read',
    'posters.print',
    'responses.enter',
    'served.manage',
  ],
  manager: ['results.read', 'results.export', 'comments.read', 'comments.manage', 'plans.manage', 'posters.print'],
  clerk: ['responses.enter'],
  viewer: ['results.read', 'posters.print'],
};

export function can(role: Role, action: Action): boolean {
  return TABLE[role].includes(action);
}

export function allowedActions(role: Role): Action[] {
  return ACTIONS.filter((a) => can(role, a));
}

/** The roles that may do an action: the inverse of the table, for route guards and tests. */
export function rolesThatCan(action: Action): Role[] {
  return ROLES.filter((r) => can(r, action));
}

// Only admins make admins; a coordinator hands out any role below admin, inside their own subtree.
const GRANTS: Record<Role, readonly Role[]> = {
  admin: ROLES,
  coordinator: ['coordinator', 'manager', 'clerk', 'viewer'],
  manager: [],
  clerk: [],
  viewer: [],
};

/** Whether `actor` may give `target` to someone (and so create, disable or enable a holder of it). */
export function canGrant(actor: Role, target: Role): boolean {
  return GRANTS[actor].includes(target);
}

export function grantableRoles(actor: Role): Role[] {
  return ROLES.filter((r) => canGrant(actor, r));
}

export function isRole(v: unknown): v is Role {
  return typeof v === 'string' && (ROLES as readonly string[]).includes(v);
}

export function isAction(v: unknown): v is Action {
  return typeof v === 'string' && (ACTIONS as readonly string[]).includes(v);
}
