// "Nhập số lượt phục vụ" (issue 16 point 4): the coordinator uploads the people served per service
// point and day or month, with the same line-numbered errors as `hailong served import` and nothing
// written on any error (one use-case, server/use-cases/served.ts). Points outside the user's subtree
// are unknown. Below the form, the months already recorded in the subtree, to see what is missing.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { servedRowsUnder } from '../../db/queries/served.ts';
import { addDays, monthsOf } from '../../domain/period.ts';
import type { ServedImportError } from '../../domain/served-import.ts';
import { servedInPeriod } from '../../domain/served.ts';
import { formatNumber, localDay } from '../../i18n/format.ts';
import { inLocale } from '../../i18n/index.ts';
import { staffActor } from '../../use-cases/actor.ts';
import { importServed } from '../../use-cases/served.ts';

const CSV_FIELD = 'file';
const RECENT_MONTHS = 12;
const count = z.coerce.number().int().min(0).max(1e9).catch(0);
const DoneQuery = z.object({
  done: z.literal('imported').optional().catch(undefined),
  rows: count,
  created: count,
  replaced: count,
  unchanged: count,
});

const lastDayOf = (month: string) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10);

/** The last twelve months of the subtree: how many points have a known count, and their sum. */
async function recentMonths(request: FastifyRequest) {
  const today = localDay(new Date());
  const months = monthsOf(addDays(`${today.slice(0, 7)}-01`, -330), today).slice(-RECENT_MONTHS);
  const from = `${months[0]}-01`;
  const rows = await servedRowsUnder(request.server.db, [request.user!.agencyPath], from, today);
  return months
    .map((month) => {
      const last = month === today.slice(0, 7) ? today : lastDayOf(month);
      const served = servedInPeriod(
        rows.filter((r) => r.start.startsWith(month)),
        `${month}-01`,
        last,
      );
      const known = [...served.values()].filter((s) => s.known);
      return { month, points: known.length, served: known.reduce((n, s) => n + (s.known ? s.served : 0), 0) };
    })
    .filter((m) => m.points > 0)
    .reverse()
    .map((m) => ({ ...m, served: formatNumber(m.served, request.locale) }));
}

export default async function servedRoutes(app: FastifyInstance): Promise<void> {
  const config = { permission: 'served.manage' as const };

  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    opts: { status?: number; error?: string; rows?: ServedImportError[] } = {},
  ) {
    const rows = (opts.rows ?? []).map((e) => ({
      where: e.column
        ? request.t('served.import.whereColumn', { line: e.line, column: e.column })
        : request.t('served.import.where', { line: e.line }),
      message: request.t(`served.import.error.${e.code}`, e.params),
    }));
    const summary = opts.error ?? (rows.length > 0 ? request.t('servedPage.failed', { count: rows.length }) : null);
    const done = DoneQuery.parse(request.query ?? {});
    const user = request.user!;
    return reply.page(
      'admin/served/import.eta',
      {
        rows,
        errors: summary ? [{ field: CSV_FIELD, message: summary }] : [],
        fieldError: summary,
        notice: done.done && !summary ? request.t('servedPage.done', done) : null,
        scope: request.t('servedPage.scope', { agency: inLocale(request.locale, user.agencyNameVi, user.agencyNameEn) }),
        recent: await recentMonths(request),
      },
      { status: opts.status, title: request.t('servedPage.title') },
    );
  }

  app.get('/served', { config }, async (request, reply) => render(request, reply));

  app.post('/served', { config }, async (request, reply) => {
    // The multipart parser puts the file's bytes on the body (attachFieldsToBody: 'keyValues').
    const file = (request.body as Record<string, unknown> | undefined)?.[CSV_FIELD];
    const bytes = Buffer.isBuffer(file) ? file : null;
    if (!bytes || bytes.length === 0) return render(request, reply, { status: 422, error: request.t('servedPage.missing') });
    let csv: string;
    try {
      csv = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return render(request, reply, { status: 422, error: request.t('servedPage.notUtf8') });
    }
    const result = await importServed(app.db, staffActor(request), csv);
    if (!result.ok) return render(request, reply, { status: 422, rows: result.errors });
    const qs = new URLSearchParams({
      done: 'imported',
      ...Object.fromEntries(Object.entries(result.counts).map(([k, v]) => [k, String(v)])),
    });
    return reply.redirect(`/admin/served?${qs}`, 303);
  });
}
