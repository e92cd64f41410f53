// Targets (issue 13), beside the list, add and delete of targets.ts: changing a target's comparator
// and threshold (what it is for — agency, questionnaire, period, index — is its identity: a
// different one is a new target), and importing the targets CSV from the browser with the same
// line-numbered errors as `hailong targets import`, nothing written on any error (one use-case,
// server/use-cases/imports.ts). Both audited; agencies outside the subtree are unknown.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { audit } from '../../db/queries/audit.ts';
import { findTargetInScope, updateTargetThreshold, type TargetWithNames } from '../../db/queries/targets.ts';
import type { TargetImportError } from '../../domain/target-import.ts';
import { parseThreshold, thresholdDigits } from '../../domain/targets.ts';
import { formatDate } from '../../i18n/format.ts';
import type { MessageKey } from '../../i18n/index.ts';
import { auditedBy, staffActor } from '../../use-cases/actor.ts';
import { importTargets } from '../../use-cases/imports.ts';
import { NotFoundError } from './guard.ts';

const ID = /^[1-9][0-9]{0,15}$/;
const IdParams = z.object({ id: z.string().regex(ID).transform(Number) });
const text = z.string().catch('');
const EditBody = z.object({ comparator: text, threshold: text });
type EditValues = z.infer<typeof EditBody>;
/** The CSV may be at most the upload limit of server/app.ts (1 MB). */
const CSV_FIELD = 'file';

/** A percentage as typed back into the form: 82,5 in Vietnamese, 82.5 in English. */
function typedThreshold(share: number, locale: string): string {
  const pct = (share * 100).toFixed(thresholdDigits(share));
  return locale === 'vi' ? pct.replace('.', ',') : pct;
}

export default async function targetEditRoutes(app: FastifyInstance): Promise<void> {
  const config = { permission: 'targets.manage' as const };

  async function inScopeOr404(request: FastifyRequest): Promise<TargetWithNames> {
    const id = IdParams.safeParse(request.params);
    const target = id.success ? await findTargetInScope(app.db, id.data.id, request.user!.agencyPath) : undefined;
    if (!target) throw new NotFoundError();
    return target;
  }

  function renderEdit(
    request: FastifyRequest,
    reply: FastifyReply,
    target: TargetWithNames,
    opts: { status?: number; values?: EditValues; errors?: { field: string; message: string }[] } = {},
  ) {
    const local = (vi: string, en: string | null) => (request.locale === 'en' && en ? en : vi);
    const errors = opts.errors ?? [];
    return reply.page(
      'admin/targets/edit.eta',
      {
        target: {
          id: target.id,
          agency: `${local(target.agencyNameVi, target.agencyNameEn)} (${target.agencyCode})`,
          questionnaire:
            target.questionnaireCode === null
              ? request.t('targets.allQuestionnaires')
              : local(target.questionnaireTitleVi!, target.questionnaireTitleEn),
          period: `${formatDate(target.period_from, request.locale)} – ${formatDate(target.period_to, request.locale)}`,
          index: target.index_code,
        },
        values: opts.values ?? { comparator: target.comparator, threshold: typedThreshold(target.threshold, request.locale) },
        errors,
        fieldErrors: Object.fromEntries(errors.map((e) => [e.field, e.message])),
      },
      { status: opts.status, title: request.t('targetsPage.editTitle') },
    );
  }

  app.get('/targets/:id/edit', { config }, async (request, reply) => renderEdit(request, reply, await inScopeOr404(request)));

  app.post('/targets/:id/edit', { config }, async (request, reply) => {
    const target = await inScopeOr404(request);
    const body = EditBody.safeParse(request.body ?? {});
    const values = body.success ? body.data : EditBody.parse({});
    const errors: { field: string; message: string }[] = [];
    if (values.comparator !== '>' && values.comparator !== '>=')
      errors.push({ field: 'comparator', message: request.t('targets.comparatorInvalid' as MessageKey) });
    const threshold = parseThreshold(values.threshold);
    if (!threshold.ok) errors.push({ field: 'threshold', message: request.t(`targets.threshold.${threshold.reason}` as MessageKey) });
    if (errors.length > 0 || !threshold.ok) return renderEdit(request, reply, target, { status: 422, values, errors });

    const comparator = values.comparator as '>' | '>=';
    await app.db.transaction().execute(async (tx) => {
      // The same values again change nothing and record nothing.
      if (!(await updateTargetThreshold(tx, target.id, comparator, threshold.share))) return;
      await audit(tx, {
        action: 'target.update',
        ...auditedBy(staffActor(request)),
        agencyId: target.agency_id,
        details: {
          targetId: target.id,
          indexCode: target.index_code,
          periodFrom: target.period_from,
          periodTo: target.period_to,
          before: { comparator: target.comparator, threshold: target.threshold },
          after: { comparator, threshold: threshold.share },
        },
      });
    });
    return reply.redirect(`/admin/targets?done=edited&id=${target.id}`, 303);
  });

  function renderImport(
    request: FastifyRequest,
    reply: FastifyReply,
    opts: { status?: number; error?: string; rows?: TargetImportError[] } = {},
  ) {
    const rows = (opts.rows ?? []).map((e) => ({
      where: e.column
        ? request.t('targets.import.whereColumn', { line: e.line, column: e.column })
        : request.t('targets.import.where', { line: e.line }),
      message: request.t(`targets.import.error.${e.code}` as MessageKey, e.params),
    }));
    const summary = opts.error ?? (rows.length > 0 ? request.t('targetsPage.import.failed', { count: rows.length }) : null);
    return reply.page(
      'admin/targets/import.eta',
      { rows, errors: summary ? [{ field: CSV_FIELD, message: summary }] : [], fieldError: summary },
      { status: opts.status, title: request.t('targetsPage.import.title') },
    );
  }

  app.get('/targets/import', { config }, async (request, reply) => renderImport(request, reply));

  app.post('/targets/import', { config }, async (request, reply) => {
    // The multipart parser puts the file's bytes on the body (attachFieldsToBody: 'keyValues').
    const file = (request.body as Record<string, unknown> | undefined)?.[CSV_FIELD];
    const bytes = Buffer.isBuffer(file) ? file : null;
    if (!bytes || bytes.length === 0) return renderImport(request, reply, { status: 422, error: request.t('targetsPage.import.missing') });
    let csv: string;
    try {
      csv = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return renderImport(request, reply, { status: 422, error: request.t('targetsPage.import.notUtf8') });
    }
    const result = await importTargets(app.db, staffActor(request), csv);
    if (!result.ok) return renderImport(request, reply, { status: 422, rows: result.errors });
    const qs = new URLSearchParams({
      done: 'imported',
      ...Object.fromEntries(Object.entries(result.counts).map(([k, v]) => [k, String(v)])),
    });
    return reply.redirect(`/admin/targets?${qs}`, 303);
  });
}
