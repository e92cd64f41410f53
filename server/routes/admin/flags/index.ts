// Flag review (issue 14, point 5). GET /admin/flags lists the responses of the user's subtree that
// were flagged — still flagged, included after review, or excluded — with their reasons in words,
// newest first, 50 a page; a coordinator includes or excludes the chosen ones (or all that match the
// filter) with a reason: POST /admin/flags/review. GET /admin/flags/:id shows one with its reviews,
// POST /admin/flags/:id decides it. Every decision is audited and changes the status through the
// one status-change function, so every figure follows. Outside the subtree is a 404.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { listSubtree } from '../../../db/queries/agencies.ts';
import { findFlaggedInScope, flaggedIds, listFlagged, reviewResponses, type FlaggedRow } from '../../../db/queries/flag-review.ts';
import type { ReviewDecision } from '../../../db/schema.ts';
import { treeOrder } from '../../../domain/agency-tree.ts';
import { DECISIONS, KNOWN_FLAGS, REVIEW_BATCH_MAX, REVIEW_REASON_MAX, REVIEW_STATES, reviewState } from '../../../domain/flags.ts';
import { cleanText } from '../../../domain/text.ts';
import { formatDateTime, formatNumber } from '../../../i18n/format.ts';
import { inLocale, type Locale, type Translate } from '../../../i18n/index.ts';
import { channelName, flagReasonText } from '../../../results/display.ts';
import { CHANNELS } from '../../../results/params.ts';
import { NotFoundError } from '../guard.ts';
import { FLAG_FIELDS, flagQueryString, flagSelection, PAGE_SIZE, type FlagSelection } from './flag-query.ts';

const PANEL = 'flags-panel';
const review = { permission: 'responses.review' as const };
const Params = z.object({ id: z.uuid() });
const text = z.string().catch('');
const ids = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : [v]))
  .catch([]);
const ReviewBody = z.object({ decision: text, reason: text, scope: text, ids });
const Notice = z.object({
  done: z.enum(['reviewed']).optional().catch(undefined),
  n: z.coerce.number().int().min(0).max(REVIEW_BATCH_MAX).optional().catch(undefined),
});
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type FormField = 'ids' | 'decision' | 'reason';
interface FormValues {
  decision: string;
  reason: string;
  scope: string;
  ids: string[];
}

function rowView(r: FlaggedRow, t: Translate, locale: Locale) {
  const pick = (vi: string, en: string | null) => inLocale(locale, vi, en);
  const state = reviewState(r.status);
  return {
    id: r.id,
    href: `/admin/flags/${r.id}`,
    submitted: formatDateTime(new Date(r.submittedAt), locale),
    received: formatDateTime(new Date(r.receivedAt), locale),
    channel: channelName(r.channel, t),
    agency: pick(r.agencyNameVi, r.agencyNameEn),
    agencyCode: r.agencyCode,
    servicePoint: r.servicePointNameVi ? pick(r.servicePointNameVi, r.servicePointNameEn) : null,
    questionnaire: r.questionnaireCode,
    reasons: flagReasonText(r.flags, t) ?? '',
    state,
    stateText: t(`flags.state.${state}`),
    last: r.lastDecision
      ? {
          decision: t(`flags.decision.${r.lastDecision}`),
          reason: r.lastReason ?? '',
          at: r.lastReviewedAt ? formatDateTime(new Date(r.lastReviewedAt), locale) : '',
          by: r.lastReviewerEmail ?? '',
        }
      : null,
  };
}

function readForm(body: unknown): FormValues {
  const parsed = ReviewBody.parse(body ?? {});
  return {
    decision: parsed.decision,
    reason: cleanText(parsed.reason),
    scope: parsed.scope === 'all' ? 'all' : 'selected',
    ids: parsed.ids
      .filter((x) => UUID.test(x))
      .map((x) => x.toLowerCase())
      .slice(0, REVIEW_BATCH_MAX + 1),
  };
}

function formProblems(v: FormValues, t: Translate, opts: { single: boolean }): { field: FormField; message: string }[] {
  const problems: { field: FormField; message: string }[] = [];
  if (!opts.single && v.scope === 'selected' && v.ids.length === 0) problems.push({ field: 'ids', message: t('flags.form.noneChosen') });
  if (v.ids.length > REVIEW_BATCH_MAX) problems.push({ field: 'ids', message: t('flags.form.tooMany', { max: REVIEW_BATCH_MAX }) });
  if (!(DECISIONS as readonly string[]).includes(v.decision))
    problems.push({ field: 'decision', message: t('flags.form.decisionRequired') });
  if (v.reason === '') problems.push({ field: 'reason', message: t('flags.form.reasonRequired') });
  else if (v.reason.length > REVIEW_REASON_MAX)
    problems.push({ field: 'reason', message: t('flags.form.reasonTooLong', { max: REVIEW_REASON_MAX }) });
  return problems;
}

export default async function flagRoutes(app: FastifyInstance): Promise<void> {
  async function renderList(
    request: FastifyRequest,
    reply: FastifyReply,
    selection: FlagSelection,
    opts: { status?: number; form?: FormValues; errors?: { field: FormField; message: string }[]; notice?: string | null } = {},
  ) {
    const { t, locale } = request;
    const agencies = await listSubtree(app.db, request.user!.agencyPath);
    const local = (vi: string, en: string | null) => inLocale(locale, vi, en);
    const options = {
      states: REVIEW_STATES.map((s) => ({ value: s, label: t(`flags.state.${s}`) })),
      reasons: KNOWN_FLAGS.map((r) => ({ value: r, label: t(`agencyResults.reason.${r}`) })),
      agencies: treeOrder(agencies).map(({ agency: a, level }) => ({
        value: a.code,
        label: `${'— '.repeat(level)}${local(a.name_vi, a.name_en)} (${a.code})`,
      })),
      channels: CHANNELS.map((c) => ({ value: c, label: channelName(c, t) })),
    };
    const title = t('flags.title');
    const common = { panel: PANEL, values: selection.values, options, action: '/admin/flags', notice: opts.notice ?? null };
    if (!selection.ok) {
      const errors = selection.problems.map((p) => ({ field: `filter-${p.field}`, message: t(p.message) }));
      const fieldErrors = Object.fromEntries(selection.problems.map((p) => [p.field, t(p.message)]));
      return reply.page('admin/flags/list.eta', { ...common, errors, fieldErrors, formErrors: {}, list: null }, { status: 422, title });
    }
    const { rows, total } = await listFlagged(app.db, selection.filter, { offset: (selection.page - 1) * PAGE_SIZE, limit: PAGE_SIZE });
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const href = (p: number) => `/admin/flags${flagQueryString(selection.values, { page: p === 1 ? undefined : String(p) })}`;
    const form = opts.form ?? { decision: '', reason: '', scope: 'selected', ids: [] };
    const errors = (opts.errors ?? []).map((e) => ({ field: e.field === 'ids' ? 'review-ids' : e.field, message: e.message }));
    return reply.page(
      'admin/flags/list.eta',
      {
        ...common,
        errors,
        fieldErrors: {},
        formErrors: Object.fromEntries((opts.errors ?? []).map((e) => [e.field, e.message])),
        form,
        chosen: new Set(form.ids),
        decisions: DECISIONS.map((d) => ({ value: d, label: t(`flags.decision.${d}`) })),
        hidden: FLAG_FIELDS.map((f) => ({ name: f, value: selection.values[f] })),
        list: {
          rows: rows.map((r) => rowView(r, t, locale)),
          total: formatNumber(total, locale),
          count: total,
          page: selection.page,
          pages,
          previous: selection.page > 1 ? href(selection.page - 1) : null,
          next: selection.page < pages ? href(selection.page + 1) : null,
          max: formatNumber(REVIEW_BATCH_MAX, locale),
        },
      },
      { status: opts.status, title: errors.length > 0 ? t('flags.errorTitle', { title }) : title },
    );
  }

  app.get('/flags', { config: review }, async (request, reply) => {
    const selection = await flagSelection(request, request.query);
    const notice = Notice.parse(request.query ?? {});
    return renderList(request, reply, selection, {
      notice: notice.done === 'reviewed' ? request.t('flags.reviewed', { n: formatNumber(notice.n ?? 0, request.locale) }) : null,
    });
  });

  app.post('/flags/review', { config: review }, async (request, reply) => {
    const user = request.user!;
    const body = (request.body ?? {}) as Record<string, unknown>;
    // The filter the list was showing travels with the form, so that the list comes back as it was.
    const selection = await flagSelection(request, Object.fromEntries(FLAG_FIELDS.map((f) => [f, body[f] ?? ''])));
    const form = readForm(body);
    const problems = formProblems(form, request.t, { single: false });
    if (!selection.ok || problems.length > 0) return renderList(request, reply, selection, { status: 422, form, errors: problems });
    const chosen = form.scope === 'all' ? await flaggedIds(app.db, selection.filter, REVIEW_BATCH_MAX) : form.ids;
    const outcome = await reviewResponses(app.db, {
      ids: chosen,
      decision: form.decision as ReviewDecision,
      reason: form.reason,
      scopePath: user.agencyPath,
      actorUserId: user.id,
      ip: request.ip || null,
    });
    if (!outcome.ok) throw new NotFoundError();
    return reply.redirect(`/admin/flags${flagQueryString(selection.values, { done: 'reviewed', n: String(chosen.length) })}`, 303);
  });

  async function renderOne(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    opts: { status?: number; form?: FormValues; errors?: { field: FormField; message: string }[]; notice?: string | null } = {},
  ) {
    const { t, locale } = request;
    const found = await findFlaggedInScope(app.db, id, request.user!.agencyPath);
    if (!found) throw new NotFoundError();
    const errors = opts.errors ?? [];
    return reply.page(
      'admin/flags/response.eta',
      {
        row: rowView(found, t, locale),
        answered: formatNumber(found.answered, locale),
        hasComment: found.hasComment,
        reviews: found.reviews.map((r) => ({
          decision: t(`flags.decision.${r.decision}`),
          reason: r.reason,
          before: t(`flags.state.${reviewState(r.statusBefore)}`),
          after: t(`flags.state.${reviewState(r.statusAfter)}`),
          at: formatDateTime(new Date(r.reviewedAt), locale),
          by: r.reviewerEmail ?? '',
        })),
        form: opts.form ?? { decision: '', reason: '', scope: 'selected', ids: [] },
        errors,
        formErrors: Object.fromEntries(errors.map((e) => [e.field, e.message])),
        decisions: DECISIONS.map((d) => ({ value: d, label: t(`flags.decision.${d}`) })),
        action: `/admin/flags/${found.id}`,
        notice: opts.notice ?? null,
      },
      { status: opts.status, title: t('flags.one.title') },
    );
  }

  const idOf = (request: FastifyRequest) => {
    const p = Params.safeParse(request.params);
    if (!p.success) throw new NotFoundError();
    return p.data.id.toLowerCase();
  };

  app.get('/flags/:id', { config: review }, async (request, reply) => {
    const notice = Notice.parse(request.query ?? {});
    return renderOne(request, reply, idOf(request), { notice: notice.done === 'reviewed' ? request.t('flags.one.reviewed') : null });
  });

  app.post('/flags/:id', { config: review }, async (request, reply) => {
    const user = request.user!;
    const id = idOf(request);
    // Scope first: a response outside the subtree is a 404 whatever the form says.
    if (!(await findFlaggedInScope(app.db, id, user.agencyPath))) throw new NotFoundError();
    const form = { ...readForm(request.body), ids: [id] };
    const problems = formProblems(form, request.t, { single: true });
    if (problems.length > 0) return renderOne(request, reply, id, { status: 422, form, errors: problems });
    const outcome = await reviewResponses(app.db, {
      ids: [id],
      decision: form.decision as ReviewDecision,
      reason: form.reason,
      scopePath: user.agencyPath,
      actorUserId: user.id,
      ip: request.ip || null,
    });
    if (!outcome.ok) throw new NotFoundError();
    return reply.redirect(`/admin/flags/${id}?done=reviewed`, 303);
  });
}
