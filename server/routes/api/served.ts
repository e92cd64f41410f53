// POST /served: the one-stop system (hệ thống một cửa) sends how many people each service point
// served in a day or a month, with a token of the 'served' scope. All or nothing, like the CSV
// import, through the same use-case; sending the same counts again changes nothing (the point and
// period are the key), so a client that lost the answer simply resends. The body is checked by the
// route's schema (served-schema.ts), which is also its OpenAPI description.
import type { FastifyInstance } from 'fastify';
import { checkServedRows, type ServedImportError } from '../../domain/served-import.ts';
import { localDay } from '../../i18n/format.ts';
import type { IntakeProblem } from '../../intake/intake.ts';
import { requireToken } from '../../plugins/api-auth.ts';
import { recordServed } from '../../use-cases/served.ts';
import { sendProblems } from './problems.ts';
import { bodyErrors, errorReply } from './replies.ts';
import { ServedInput, ServedOutput } from './served-schema.ts';
import type { ZodTypeProvider } from './validation.ts';

const FIELD = { service_point_code: 'service_point', period: 'period', served: 'served' } as const;

/** A row's problem as an API problem: the item's index is its "line". */
function apiProblem(e: ServedImportError): IntakeProblem {
  const field = `served.${e.line}${e.column ? `.${FIELD[e.column]}` : ''}`;
  switch (e.code) {
    case 'point.unknown':
    case 'point.format':
      return { field, code: 'unknown-service-point' };
    case 'period.future':
      return { field, code: 'period-in-future' };
    case 'duplicate':
      return { field, code: 'duplicate-period', params: { first: Number(e.params?.['firstLine'] ?? 0) } };
    default:
      return { field, code: 'invalid-period' };
  }
}

export default async function servedRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const schema = {
    summary: 'Record the people served at service points (per day or month)',
    operationId: 'recordServed',
    description:
      'Needs a token with the served scope (`hailong token add --scope served`); every service point must lie in the token’s subtree. All or nothing: on any problem nothing is written and errors lists each item’s problems (path served.<index>.<field>). A point and period already recorded is replaced, never added to; sending the same body again answers 200 with every row unchanged.',
    body: ServedInput,
    response: {
      200: { description: 'Every item was stored.', content: { 'application/json': { schema: ServedOutput } } },
      ...bodyErrors,
      403: errorReply('The token lacks the served scope.'),
    },
  };
  const options = { schema, config: { csrf: false as const }, preValidation: requireToken('served'), bodyLimit: 1024 * 1024 };
  app.post('/served', options, async (request, reply) => {
    const token = request.apiToken!;
    const checked = checkServedRows(
      request.body.served.map((item, i) => ({
        line: i,
        cells: { service_point_code: item.service_point, period: item.period, served: String(item.served) },
      })),
      localDay(new Date()),
    );
    const result = await recordServed(
      app.db,
      { userId: null, label: `token:${token.id}`, ip: request.ip || null, scopePath: token.agencyPath },
      checked,
      { source: 'api', tokenId: token.id },
    );
    if (!result.ok) return sendProblems(request, reply, 422, result.errors.map(apiProblem));
    return reply.code(200).header('cache-control', 'no-store').send(result.counts);
  });
}
