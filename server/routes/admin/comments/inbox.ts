// GET /admin/comments: every citizen's comment in the user's subtree, newest first, with the
// agency, service point, channel, date and ratings given, and its follow-up; filtered by subtree,
// period, rating, element, status and assignee, searched with or without diacritics, 25 a page.
// An htmx request to the same URL gets the panel alone. GET /admin/comments/export.csv writes the
// whole filtered list (without contacts or internal notes), audited.
import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { listSubtree } from '../../../db/queries/agencies.ts';
import { audit } from '../../../db/queries/audit.ts';
import { eachComment, listComments } from '../../../db/queries/comments.ts';
import { treeOrder } from '../../../domain/agency-tree.ts';
import { ratingElements } from '../../../domain/comment-ratings.ts';
import { csvLine } from '../../../exports/csv-cells.ts';
import { formatNumber, localDay } from '../../../i18n/format.ts';
import { inLocale, type MessageKey } from '../../../i18n/index.ts';
import { commentView } from './comment-view.ts';
import { inboxQueryString, inboxSelection, INBOX_FIELDS, PAGE_SIZE, STATUS_FILTERS, type InboxSelection } from './inbox-query.ts';

const PANEL = 'comments-panel';

async function filterOptions(request: FastifyRequest, selection: InboxSelection) {
  const { t, locale } = request;
  const agencies = await listSubtree(request.server.db, request.user!.agencyPath);
  const local = (vi: string, en: string | null) => inLocale(locale, vi, en);
  return {
    agencies: treeOrder(agencies).map(({ agency: a, level }) => ({
      value: a.code,
      label: `${'— '.repeat(level)}${local(a.name_vi, a.name_en)} (${a.code})`,
    })),
    statuses: STATUS_FILTERS.map((s) => ({ value: s, label: t(`comments.filter.status.${s}`) })),
    ratings: [
      { value: 'satisfied', label: t('comments.filter.rating.satisfied') },
      { value: 'not-satisfied', label: t('comments.filter.rating.not-satisfied') },
    ],
    elements: ratingElements(selection.versions).map((e) => ({ value: e.code, label: `${e.code} — ${local(e.title.vi, e.title.en)}` })),
  };
}

export default async function inboxRoutes(app: FastifyInstance): Promise<void> {
  app.get('/comments', { config: { permission: 'comments.read' } }, async (request: FastifyRequest, reply: FastifyReply) => {
    const { t, locale } = request;
    const now = new Date();
    const selection = await inboxSelection(request, now);
    const options = await filterOptions(request, selection);
    const title = t('comments.title');
    const common = { panel: PANEL, values: selection.values, options, action: '/admin/comments' };
    if (!selection.ok) {
      const errors = selection.problems.map((p) => ({ field: `filter-${p.field}`, message: t(p.message) }));
      const fieldErrors = Object.fromEntries(selection.problems.map((p) => [p.field, t(p.message)]));
      return reply.page('admin/comments/inbox.eta', { ...common, errors, fieldErrors, list: null }, { status: 422, title });
    }
    const { filter, page } = selection;
    const { rows, total } = await listComments(app.db, filter, { offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE });
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const versions = new Map(selection.versions.map((v) => [v.id, v]));
    const today = localDay(now);
    const href = (p: number) => `/admin/comments${inboxQueryString(selection.values, { page: p === 1 ? undefined : String(p) })}`;
    return reply.page(
      'admin/comments/inbox.eta',
      {
        ...common,
        errors: [],
        fieldErrors: {},
        list: {
          comments: rows.map((r) => commentView(r, versions, { t, locale, today })),
          total: formatNumber(total, locale),
          count: total,
          page,
          pages,
          previous: page > 1 ? href(page - 1) : null,
          next: page < pages ? href(page + 1) : null,
          exportHref: `/admin/comments/export.csv${inboxQueryString(selection.values)}`,
          filtered: INBOX_FIELDS.some((f) => selection.values[f] !== ''),
        },
      },
      { title },
    );
  });

  app.get('/comments/export.csv', { config: { permission: 'comments.read' } }, async (request, reply) => {
    const { t, locale } = request;
    const user = request.user!;
    const now = new Date();
    const selection = await inboxSelection(request, now);
    if (!selection.ok) return reply.redirect(`/admin/comments${inboxQueryString(selection.values)}`, 303);
    const versions = new Map(selection.versions.map((v) => [v.id, v]));
    const today = localDay(now);
    const body = new PassThrough();
    reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="hai-long_gop-y_${today}.csv"`)
      .header('cache-control', 'no-store');
    const columns: MessageKey[] = [
      'comments.csv.date',
      'comments.csv.agencyCode',
      'comments.csv.agency',
      'comments.csv.servicePoint',
      'comments.csv.channel',
      'comments.csv.ratings',
      'comments.csv.comment',
      'comments.csv.status',
      'comments.csv.assignee',
      'comments.csv.due',
      'comments.csv.overdue',
      'comments.csv.reply',
    ];
    (async () => {
      // The byte order mark lets spreadsheet programs read the file as UTF-8 (Vietnamese letters).
      body.write(`\ufeff${csvLine(columns.map((c) => t(c)))}`);
      let rows = 0;
      for await (const row of eachComment(app.db, selection.filter)) {
        const v = commentView(row, versions, { t, locale, today });
        const line = csvLine([
          v.date,
          v.agencyCode,
          v.agency,
          v.servicePoint,
          v.channel,
          v.ratings.join('; '),
          v.body,
          v.statusText,
          v.assignee,
          v.due,
          v.overdue ? t('comments.csv.yes') : '',
          row.reply,
        ]);
        if (!body.write(line)) await new Promise((resolve) => body.once('drain', resolve));
        rows++;
      }
      await audit(app.db, {
        action: 'comments.export',
        actorUserId: user.id,
        agencyId: user.agencyId,
        ip: request.ip || null,
        details: { filters: Object.fromEntries(Object.entries(selection.values).filter(([, v]) => v !== '')), rows },
      });
    })().then(
      () => body.end(),
      (err: unknown) => {
        request.log.error({ err }, 'comments export failed');
        body.destroy(err as Error);
      },
    );
    return reply.send(body);
  });
}
