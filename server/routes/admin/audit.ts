// The audit log page (issue 13): every administrative action and export of the user's subtree —
// who, what, which agency, when, and before and after where the entry records them — filtered by
// actor, action, agency and date, newest first, 200 at a time with a link to older entries. A GET
// form: filtering changes nothing, so it needs no CSRF token and its address can be shared.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { findAgencyInScope, listSubtree } from '../../db/queries/agencies.ts';
import { listAuditActions, listAuditInScope, type AuditRow } from '../../db/queries/audit.ts';
import { addDays, parseTypedDay } from '../../domain/period.ts';
import { startOfLocalDay } from '../../i18n/format.ts';
import { NotFoundError } from './guard.ts';

const AUDIT_PATH = '/audit';
const PAGE = 200;

const text = (max: number) => z.string().max(max).catch('').optional().catch(undefined);
const Query = z.object({
  actor: text(200),
  action: text(100),
  agency: text(64),
  from: text(40),
  to: text(40),
  before: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional().catch(undefined),
});

/** An entry's details as lines to show: what it recorded before and after, and everything else. */
function describe(details: Record<string, unknown>) {
  const show = (v: unknown) => (v === null || v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  const pairs = (o: unknown) =>
    o && typeof o === 'object' ? Object.entries(o as Record<string, unknown>).map(([k, v]) => ({ key: k, value: show(v) })) : [];
  const { before, after, ...rest } = details;
  return { before: pairs(before), after: pairs(after), other: pairs(rest) };
}

export default async function auditRoutes(app: FastifyInstance): Promise<void> {
  app.get(AUDIT_PATH, { config: { permission: 'audit.read' } }, async (request, reply) => {
    const me = request.user!;
    const q = Query.parse(request.query ?? {});
    const values = { actor: q.actor ?? '', action: q.action ?? '', agency: q.agency ?? '', from: q.from ?? '', to: q.to ?? '' };
    const errors: { field: string; message: string }[] = [];
    const day = (field: 'from' | 'to') => {
      if (!values[field].trim()) return undefined;
      const d = parseTypedDay(values[field]);
      if (!d) errors.push({ field, message: request.t('auditPage.error.date') });
      return d ?? undefined;
    };
    const from = day('from');
    const to = day('to');
    if (from && to && to < from) errors.push({ field: 'to', message: request.t('auditPage.error.order') });
    // An agency outside the subtree is as unknown as one that does not exist.
    const agency = values.agency ? await findAgencyInScope(app.db, values.agency, me.agencyPath) : undefined;
    if (values.agency && !agency) throw new NotFoundError();

    const name = (vi: string | null, en: string | null) => (request.locale === 'en' && en ? en : vi);
    const [rows, actions, agencies] = await Promise.all([
      errors.length > 0
        ? Promise.resolve([] as AuditRow[])
        : listAuditInScope(app.db, {
            scopePath: me.agencyPath,
            includeUnscoped: me.role === 'admin',
            actor: values.actor.trim() || undefined,
            action: values.action || undefined,
            agencyId: agency?.id,
            from: from ? startOfLocalDay(from) : undefined,
            to: to ? startOfLocalDay(addDays(to, 1)) : undefined,
            beforeId: q.before,
            limit: PAGE,
          }),
      listAuditActions(app.db),
      listSubtree(app.db, me.agencyPath),
    ]);
    const rootDepth = agencies[0]?.depth ?? 0;
    const last = rows.length === PAGE ? rows[rows.length - 1] : undefined;
    const older = last ? `?${new URLSearchParams({ ...values, before: String(last.id) })}` : null;
    return reply.page(
      'admin/audit/index.eta',
      {
        agencyName: name(me.agencyNameVi, me.agencyNameEn),
        values,
        errors,
        fieldErrors: Object.fromEntries(errors.map((e) => [e.field, e.message])),
        actionOptions: actions.map((a) => ({ value: a, label: a })),
        agencyOptions: agencies.map((a) => ({
          value: a.code,
          label: `${'— '.repeat(a.depth - rootDepth)}${name(a.name_vi, a.name_en)} (${a.code})`,
        })),
        rows: rows.map((r) => ({
          ...r,
          who: r.actorEmail ?? (r.actorLabel === 'cli' ? request.t('auditPage.cli') : (r.actorLabel ?? request.t('auditPage.system'))),
          agencyName: r.agencyCode ? `${name(r.agencyNameVi, r.agencyNameEn)} (${r.agencyCode})` : '—',
          ...describe(r.details),
        })),
        older,
      },
      { status: errors.length > 0 ? 422 : undefined, title: request.t('auditPage.title') },
    );
  });
}
