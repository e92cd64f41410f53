// GET /results: the indices of one agency's subtree for a period, for other systems (the ministry,
// portals). Read tokens only, scoped to the token's subtree. The figures are the dashboards' own:
// the same service, the same engine.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { resultsProblemKey } from '../../i18n/messages/results.ts';
import { requireToken } from '../../plugins/api-auth.ts';
import { resultsJson } from '../../results/json.ts';
import { resolveQuery, ResultsQuery, type ParamProblem, type Resolved } from '../../results/params.ts';
import { agencyResults, rulesSideBySide } from '../../results/service.ts';
import { readErrors, Results } from './replies.ts';
import { ApiResultsQuery } from './schemas.ts';
import { isRequestInvalid, type ZodTypeProvider } from './validation.ts';
import { rateJson, responseRateOf } from '../../results/served.ts';

const REQUIRED = ['agency', 'from', 'to', 'questionnaire'] as const;
const requiredFirst = (p: ParamProblem) => {
  const i = (REQUIRED as readonly string[]).indexOf(p.field);
  return p.code === 'missing-field' && i >= 0 ? i : REQUIRED.length;
};

/** The problems of a query that failed its schema: the missing parameters first, then the rest. */
function queryProblems(error: unknown): ParamProblem[] {
  if (!isRequestInvalid(error)) throw error;
  const problems: ParamProblem[] = [];
  for (const issue of error.issues.issues) {
    const field = issue.path.map(String).join('.');
    if (!problems.some((p) => p.field === field))
      problems.push({ field, code: issue.message.startsWith('hl:') ? issue.message.slice(3) : 'invalid' });
  }
  // Stable: the rest keep the schema's order.
  return problems.sort((a, b) => requiredFirst(a) - requiredFirst(b));
}

/**
 * The results parameters of an API request (checked by the route's ApiResultsQuery schema, with
 * attachValidation), resolved within the token's scope; on a problem, sends the 403/422 answer in
 * the results vocabulary and returns null.
 */
export async function resolveApiResultsQuery(
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<{ resolved: Extract<Resolved, { ok: true }>; query: ResultsQuery } | null> {
  const send = async (status: 403 | 422, list: ParamProblem[], message: string) => {
    await reply.code(status).send({
      error: { status, code: status === 403 ? 'HL_OUT_OF_SCOPE' : 'HL_INVALID', message },
      errors: list.map((p) => ({ path: p.field, code: p.code, message: request.t(resultsProblemKey(p.code)) })),
    });
    return null;
  };
  if (request.validationError) {
    const problems = queryProblems(request.validationError);
    return send(422, problems, request.t('results.api.invalid', { count: problems.length }));
  }
  const token = request.apiToken!;
  // The selection only (an export's file options are not filters), and an API period is always
  // the days asked for.
  const parsed = request.query as Record<string, unknown>;
  const selection = Object.fromEntries(Object.keys(ResultsQuery.shape).map((k) => [k, parsed[k]])) as ResultsQuery;
  const query = { ...selection, period: 'custom' as const };
  const resolved = await resolveQuery(request.server.db, { agencyId: token.agencyId, path: token.agencyPath }, query);
  if (!resolved.ok) {
    if (resolved.problems.some((p) => p.code === 'out-of-scope')) return send(403, resolved.problems, request.t('results.api.outOfScope'));
    return send(422, resolved.problems, request.t('results.api.invalid', { count: resolved.problems.length }));
  }
  return { resolved, query };
}

export default async function resultsRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const schema = {
    summary: 'Satisfaction indices of an agency subtree for a period',
    operationId: 'getResults',
    description:
      'Needs a token with the read scope (`hailong token add --scope read`); the agency must lie in the token’s subtree. Pools every reportable response (status valid) of the agency and the units below it. Days are calendar days in Asia/Ho_Chi_Minh, both ends included. Without version, every version of the questionnaire is pooled by question code and read with the latest definition and its rule. The figures equal the staff dashboards’ (same service). See docs/methodology.md.',
    querystring: ApiResultsQuery,
    response: { 200: { description: 'The indices.', content: { 'application/json': { schema: Results } } }, ...readErrors },
  };
  // attachValidation: a bad parameter is told in the results' words (resolveApiResultsQuery).
  app.get('/results', { schema, attachValidation: true, preValidation: requireToken('read') }, async (request, reply) => {
    const r = await resolveApiResultsQuery(request, reply);
    if (!r) return reply;
    const [results, rate] = await Promise.all([
      agencyResults(app.db, r.resolved.agency, r.resolved.filter),
      responseRateOf(app.db, r.resolved.agency, r.resolved.filter),
    ]);
    const rules = await rulesSideBySide(app.db, results, r.resolved.filter);
    // responseRate and rules are additive (issue 16): clients of version 1 that do not know them ignore them.
    return reply.header('cache-control', 'no-store').send({ ...resultsJson(results, request.locale, rules), responseRate: rateJson(rate) });
  });
}
