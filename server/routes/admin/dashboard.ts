// The staff home for roles without a management page yet: honest about what exists today.
import type { FastifyInstance } from 'fastify';
import { allowedActions, can } from '../../domain/roles.ts';

export default async function dashboardRoutes(app: FastifyInstance): Promise<void> {
  app.get('/', { config: { permission: 'staff' } }, async (request, reply) => {
    const user = request.user!;
    return reply.page(
      'admin/dashboard.eta',
      { actions: allowedActions(user.role), canManageUsers: can(user.role, 'users.manage') },
      { title: request.t('dashboard.title') },
    );
  });
}
