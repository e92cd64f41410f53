// The one export sender of the HTTP side: the staff pages' buttons (routes/admin/exports.ts) and the
// API (routes/api/exports.ts) differ in how they scope and resolve the selection and who they say
// exported; from the job on, the file is streamed and audited the same way (exports/index.ts).
import { PassThrough } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CONTENT_TYPES, exportFileName, runExport, type ExportActor, type ExportFormat, type ExportJob } from '../exports/index.ts';

/** The sheets a caller may add to a job: `responses=1`, `labels=1` in the query string. */
export function exportOptions(request: FastifyRequest): { includeResponses: boolean; includeLabels: boolean } {
  const raw = request.query as Record<string, unknown>;
  return { includeResponses: raw['responses'] === '1', includeLabels: raw['labels'] === '1' };
}

/** Streams the file as an attachment; the audit record is written by runExport when it is complete. */
export function sendExport(
  request: FastifyRequest,
  reply: FastifyReply,
  format: ExportFormat,
  job: ExportJob,
  actor: ExportActor,
): FastifyReply {
  const body = new PassThrough();
  reply
    .type(CONTENT_TYPES[format])
    .header('content-disposition', `attachment; filename="${exportFileName(job, format)}"`)
    .header('cache-control', 'no-store');
  runExport(format, job, body, actor).then(
    () => body.end(),
    (err: unknown) => {
      request.log.error({ err }, 'export failed');
      body.destroy(err as Error);
    },
  );
  return reply.send(body);
}
