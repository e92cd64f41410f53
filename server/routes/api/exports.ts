// GET /exports/{csv|xlsx|pdf}: the same exports as the staff pages, for other systems with a read
// token, scoped to the token's subtree; the parameters are those of GET /results.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { isFormat } from '../../exports/index.ts';
import { exportJob } from '../../exports/job.ts';
import { requireToken } from '../../plugins/api-auth.ts';
import { exportOptions, sendExport } from '../send-export.ts';
import { errorReply, readErrors } from './replies.ts';
import { resolveApiResultsQuery } from './results.ts';
import { ExportParams, ExportQuery } from './schemas.ts';
import type { ZodTypeProvider } from './validation.ts';

const binary = z.string().meta({ format: 'binary' });

export default async function exportApiRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const schema = {
    summary: 'The results of an agency subtree for a period as a file: CSV of responses, XLSX workbook or PDF report',
    operationId: 'getExport',
    description:
      "Needs a token with the read scope; the agency must lie in the token’s subtree; the parameters select exactly what GET /results does. Streamed as an attachment; every export is recorded in the audit log (token, filters, rows). csv: one row per reportable response (status valid — the responses the figures count), UTF-8 with BOM, RFC 4180 with CRLF; columns id, agency_code, agency_name, service_point, campaign, questionnaire_version, channel, submitted_at (ISO 8601, +07:00), locale, one per question code in the questionnaire’s order (multiple choices joined with ;), comment, and dossier_hash, officer_name only when the province turned identifiers on. A text cell beginning with = + - @, tab or CR is prefixed with ', and so is such a character after a comma, semicolon, tab or line break inside a field (fields holding any of those are quoted). xlsx: the workbook “Báo cáo kết quả khảo sát sự hài lòng”. pdf: the report, A4. See docs/api.md.",
    params: ExportParams,
    querystring: ExportQuery,
    response: {
      200: {
        description: 'The file (Content-Disposition: attachment; filename="hai-long_<agency>_<from>_<to>.<format>").',
        content: {
          'text/csv': { schema: z.string() },
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: binary },
          'application/pdf': { schema: binary },
        },
      },
      ...readErrors,
      404: errorReply('An unknown format (code HL_NOT_FOUND).'),
    },
  };
  // attachValidation: an unknown format is a 404 and a bad parameter is told in the results' words.
  app.get('/exports/:format', { schema, attachValidation: true, preValidation: requireToken('read') }, async (request, reply) => {
    const format = request.params.format as string;
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
