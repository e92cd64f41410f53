// The staff home for roles without a management page yet: honest about what exists today.
import type { FastifyInstance } from 'fastify';
import { allowedActions, can } from '../../domain/roles.ts';
import { formatNumber, localDay } from '../../i18n/format.ts';
import { followUpCounts } from './follow-up-counts.ts';

export default async function dashboardRoutes(app: FastifyInstance): Promise<void> {
  app.get('/', { config: { permission: 'staff' } }, async (request, reply) => {
    const user = request.user!;
    const counts = await followUpCounts(app.db, user, localDay(new Date()));
    const n = (x: number) => formatNumber(x, request.locale);
    return reply.page(
      'admin/dashboard.eta',
      {
        actions: allowedActions(user.role),
        canManageUsers: can(user.role, 'users.manage'),
        todo: {
          comments: counts.comments && { new: n(counts.comments.new), open: n(counts.comments.open), overdue: n(counts.comments.overdue) },
          plans: counts.plans && { open: n(counts.plans.open), overdue: n(counts.plans.overdue) },
          flagged: counts.flagged === null ? null : n(counts.flagged),
        },
      },
      { title: request.t('dashboard.title') },
    );
  });
}
