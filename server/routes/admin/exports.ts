// GET /admin/exports/{csv|xlsx|pdf}?<the dashboard's filters>: the export buttons of the results
// pages. Scoped like the pages (staffSelection: outside the subtree is a 404), streamed, audited.
import type { FastifyInstance } from 'fastify';
import { isFormat } from '../../exports/index.ts';
import { exportJob } from '../../exports/job.ts';
import { resultsProblemKey } from '../../i18n/messages/results.ts';
import { queryString, type ResultsQuery } from '../../results/params.ts';
import { exportOptions, sendExport } from '../send-export.ts';
import { NotFoundError } from './guard.ts';
import { staffSelection } from './results/selection.ts';

export default async function exportRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { format: string } }>('/exports/:format', { config: { permission: 'results.export' } }, async (request, reply) => {
    const format = request.params.format;
    if (!isFormat(format)) throw new NotFoundError();
    const selection = await staffSelection(request);
    if (!selection.ok) {
      return reply.page(
        'admin/exports/problems.eta',
        {
          problems: selection.problems,
          problemKey: resultsProblemKey,
          back: `/admin/results${queryString(selection.query as ResultsQuery)}`,
        },
        { status: 422, title: request.t('exports.problemsTitle') },
      );
    }
    const user = request.user!;
    const job = await exportJob(app.db, selection.resolved, selection.query, {
      locale: request.locale,
      madeBy: user.email,
      ...exportOptions(request),
    });
    return sendExport(request, reply, format, job, { userId: user.id, ip: request.ip, via: 'web' });
  });
}
