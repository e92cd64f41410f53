import t from 'tap';
import { ACTIONS, allowedActions, can, canGrant, grantableRoles, isRole, ROLES, rolesThatCan } from '../../server/domain/roles.ts';

t.test('the permission table', async (t) => {
  t.same(allowedActions('admin'), [...ACTIONS], 'admin may do everything');
  t.same(rolesThatCan('users.manage'), ['admin', 'coordinator']);
  for (const a of ['agencies.manage', 'campaigns.manage', 'targets.manage', 'kiosks.manage'] as const) {
    t.same(rolesThatCan(a), ['admin', 'coordinator'], `${a}: admin and coordinator`);
  }
  t.ok(can('manager', 'results.read') && can('manager', 'comments.read'), 'managers read results and comments');
  t.notOk(can('manager', 'users.manage'));
  t.same(allowedActions('clerk'), ['responses.enter'], 'clerks key in paper questionnaires, nothing else');
  t.same(rolesThatCan('responses.enter'), ['admin', 'coordinator', 'clerk'], 'coordinators may key paper questionnaires too');
  t.same(allowedActions('viewer'), ['results.read', 'posters.print'], 'viewers read results and print QR posters');
  t.same(
    rolesThatCan('posters.print'),
    ['admin', 'coordinator', 'manager', 'viewer'],
    'anyone who sees a subtree may print its posters; clerks only key',
  );
  t.notOk(can('viewer', 'comments.read'));
  t.same(rolesThatCan('questionnaires.manage'), ['admin'], 'questionnaires are shared by all provinces');
});

t.test('who may grant which role', async (t) => {
  t.same(grantableRoles('admin'), [...ROLES]);
  t.same(grantableRoles('coordinator'), ['coordinator', 'manager', 'clerk', 'viewer']);
  t.notOk(canGrant('coordinator', 'admin'), 'only admins make admins');
  for (const r of ['manager', 'clerk', 'viewer'] as const) t.same(grantableRoles(r), [], `${r} manages no users`);
  // Granting and managing users go together: anyone who can grant a role can manage users.
  for (const r of ROLES) t.equal(grantableRoles(r).length > 0, can(r, 'users.manage'), r);
  t.ok(isRole('clerk'));
  t.notOk(isRole('root'));
  t.notOk(isRole(undefined));
});
