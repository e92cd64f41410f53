// POST /served: the one-stop system (hệ thống một cửa) sends how many people each service point
// served in a day or a month, with a token of the 'served' scope. All or nothing, like the CSV
// import, through the same use-case; sending the same counts again changes nothing (the point and
// period are the key), so a client that lost the answer simply resends.
import type { FastifyInstance } from 'fastify';
import { checkServedRows, type ServedImportError } from '../../domain/served-import.ts';
import { localDay } from '../../i18n/format.ts';
import { zodProblems } from '../../i18n/problems.ts';
import type { IntakeProblem } from '../../intake/intake.ts';
import { requireToken } from '../../plugins/api-auth.ts';
import { recordServed } from '../../use-cases/served.ts';
import { sendProblems } from './problems.ts';
import { ServedInput } from './served-schema.ts';

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

export default async function servedRoutes(app: FastifyInstance): Promise<void> {
  app.post('/served', { config: { csrf: false }, preHandler: requireToken('served'), bodyLimit: 1024 * 1024 }, async (request, reply) => {
    if (request.body === undefined) {
      return reply.code(415).send({ error: { status: 415, code: 'HL_JSON_ONLY', message: request.t('intake.api.jsonOnly') } });
    }
    const parsed = ServedInput.safeParse(request.body);
    if (!parsed.success) return sendProblems(request, reply, 422, zodProblems(parsed.error, request.body));
    const token = request.apiToken!;
    const checked = checkServedRows(
      parsed.data.served.map((item, i) => ({
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
