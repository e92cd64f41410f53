// GET /results: the indices of one agency's subtree for a period, for other systems (the ministry,
// portals). Read tokens only, scoped to the token's subtree. The figures are the dashboards' own:
// the same service, the same engine.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { resultsProblemKey } from '../../i18n/messages/results.ts';
import { requireToken } from '../../plugins/api-auth.ts';
import { resultsJson } from '../../results/json.ts';
import { resolveQuery, ResultsQuery, type ParamProblem, type Resolved } from '../../results/params.ts';
import { agencyResults, rulesSideBySide } from '../../results/service.ts';

const REQUIRED = ['agency', 'from', 'to', 'questionnaire'] as const;

/**
 * Parses and resolves the results parameters of an API request within the token's scope; on a
 * problem, sends the 403/422 answer and returns null.
 */
export async function resolveApiResultsQuery(
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<{ resolved: Extract<Resolved, { ok: true }>; query: ResultsQuery } | null> {
  const raw = (request.query ?? {}) as Record<string, unknown>;
  const problems: ParamProblem[] = REQUIRED.filter((k) => typeof raw[k] !== 'string' || (raw[k] as string).trim() === '').map((field) => ({
    field,
    code: 'missing-field',
  }));
  const parsed = ResultsQuery.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path.map(String).join('.');
      if (!problems.some((p) => p.field === field))
        problems.push({ field, code: issue.message.startsWith('hl:') ? issue.message.slice(3) : 'invalid' });
    }
  }
  const send = async (status: 403 | 422, list: ParamProblem[], message: string) => {
    await reply.code(status).send({
      error: { status, code: status === 403 ? 'HL_OUT_OF_SCOPE' : 'HL_INVALID', message },
      errors: list.map((p) => ({ path: p.field, code: p.code, message: request.t(resultsProblemKey(p.code)) })),
    });
    return null;
  };
  if (problems.length > 0 || !parsed.success) return send(422, problems, request.t('results.api.invalid', { count: problems.length }));
  const token = request.apiToken!;
  // An API period is always the days asked for.
  const query = { ...parsed.data, period: 'custom' as const };
  const resolved = await resolveQuery(request.server.db, { agencyId: token.agencyId, path: token.agencyPath }, query);
  if (!resolved.ok) {
    if (resolved.problems.some((p) => p.code === 'out-of-scope')) return send(403, resolved.problems, request.t('results.api.outOfScope'));
    return send(422, resolved.problems, request.t('results.api.invalid', { count: resolved.problems.length }));
  }
  return { resolved, query };
}

export default async function resultsRoutes(app: FastifyInstance): Promise<void> {
  app.get('/results', { preHandler: requireToken('read') }, async (request, reply) => {
    const r = await resolveApiResultsQuery(request, reply);
    if (!r) return reply;
    const results = await agencyResults(app.db, r.resolved.agency, r.resolved.filter);
    const rules = await rulesSideBySide(app.db, results, r.resolved.filter);
    return reply.header('cache-control', 'no-store').send(resultsJson(results, request.locale, rules));
  });
}
