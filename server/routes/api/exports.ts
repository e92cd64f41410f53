// GET /exports/{csv|xlsx|pdf}: the same exports as the staff pages, for other systems with a read
// token, scoped to the token's subtree; the parameters are those of GET /results.
import type { FastifyInstance } from 'fastify';
import { isFormat } from '../../exports/index.ts';
import { exportJob } from '../../exports/job.ts';
import { requireToken } from '../../plugins/api-auth.ts';
import { exportOptions, sendExport } from '../send-export.ts';
import { resolveApiResultsQuery } from './results.ts';

export default async function exportApiRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { format: string } }>('/exports/:format', { preHandler: requireToken('read') }, async (request, reply) => {
    const format = request.params.format;
    if (!isFormat(format)) {
      return reply.code(404).send({ error: { status: 404, code: 'HL_NOT_FOUND', message: request.t('exports.api.unknownFormat') } });
    }
    const resolved = await resolveApiResultsQuery(request, reply);
    if (!resolved) return reply;
    const token = request.apiToken!;
    const job = await exportJob(app.db, resolved.resolved, resolved.query, {
      locale: request.locale,
      madeBy: `api-token:${token.id}`,
      ...exportOptions(request),
    });
    return sendExport(request, reply, format, job, { label: `api-token:${token.id}`, ip: request.ip, via: 'api' });
  });
}
