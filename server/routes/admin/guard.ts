// Every staff route declares what it needs (`config.permission`): an action of the role table, or
// 'staff' for any signed-in user. A route that declares nothing stops the app at start, so no staff
// page can be added without a decision. Signed-out visitors are sent to sign in before anything
// else runs; a role without the permission gets 403. Scope (404 outside the subtree) is checked by
// each handler through the scoped queries.
import type { FastifyInstance } from 'fastify';
import { can, isAction, type Action } from '../../domain/roles.ts';
import { ForbiddenError, NotFoundError, NotSignedInError } from '../../plugins/http-error.ts';

// Outside the user's subtree, or not there at all: the two must look the same, so staff routes
// throw NotFoundError (imported from here) for both.
export { NotFoundError };

export type Permission = Action | 'staff';

declare module 'fastify' {
  interface FastifyContextConfig {
    permission?: Permission;
  }
}

export function installStaffGuard(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const p = (route.config as { permission?: unknown } | undefined)?.permission;
    if (p !== 'staff' && !isAction(p)) {
      throw new Error(`staff route ${String(route.method)} ${route.url} must declare config.permission`);
    }
  });

  // preValidation runs before the csrf check (a preHandler): a signed-out visitor is sent to sign
  // in rather than told their form expired.
  app.addHook('preValidation', async (request, reply) => {
    const user = request.user;
    if (!user) {
      if (request.method === 'GET' || request.method === 'HEAD') throw new NotSignedInError();
      // The address of a form action is no page to come back to.
      return reply.redirect('/sign-in', 303);
    }
    const p = request.routeOptions.config.permission;
    if (p !== 'staff' && !(p && can(user.role, p))) throw new ForbiddenError();
  });
}
