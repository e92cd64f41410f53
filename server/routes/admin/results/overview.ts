// GET /admin/results: the overview of a subtree. One row per agency directly under the selected
// one (the user's own by default; agency=CODE drills down within the scope), each pooling its own
// subtree, and the selected agency's total. At a glance first (glance.ts): the verdicts counted and
// a dot chart of the rows against their targets; the period presets above the folded filters.
// Sorted on the server by the column named in the URL, by default those who miss their target
// first (sort.ts); an htmx request to the same URL gets the results panel only.
// A user whose own agency has no units under it lands on that agency's page instead (decision 51).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ancestors, listChildren } from '../../../db/queries/agencies.ts';
import type { Agency } from '../../../db/schema.ts';
import { formatDate, formatNumber } from '../../../i18n/format.ts';
import { overview, type OverviewRow } from '../../../results/service.ts';
import {
  formatChange,
  formatInterval,
  formatTarget,
  indexShareText,
  periodLabel,
  verdictView,
  type VerdictView,
} from '../../../results/display.ts';
import { filterForm } from './filters.ts';
import { glanceChart, summary } from './glance.ts';
import { agencyPageHref, compareHref, overviewHref, withParams, type Query } from './links.ts';
import { presetLinks } from './presets.ts';
import { staffSelection } from './selection.ts';
import { FIRST_DIR, SORT_KEYS, sortingOf, sortRows, type Sorting } from './sort.ts';
import { inLocale, type MessageKey } from '../../../i18n/index.ts';
import { responseRates } from '../../../results/served.ts';
import { rateView } from '../../../results/served-display.ts';

export const PANEL = 'results-panel';

export interface RowView {
  code: string;
  name: string;
  overviewHref: string;
  agencyHref: string;
  /** "(đã kết thúc 30/06/2025)" for a unit that ended before the period's end. */
  ended: string | null;
  responses: string;
  /** Valid answers behind the overall index. */
  n: string;
  share: string;
  interval: string;
  target: string;
  verdict: VerdictView;
  change: string;
  rank: string;
}

export function agencyName(a: Pick<Agency, 'name_vi' | 'name_en'>, locale: string): string {
  return inLocale(locale, a.name_vi, a.name_en);
}

/** The agencies from the user's own down to this one: the breadcrumb, never above the scope. */
export async function breadcrumb(request: FastifyRequest, agency: Agency, query: Query): Promise<{ name: string; href: string }[]> {
  const scope = request.user!.agencyPath;
  const above = (await ancestors(request.server.db, agency)).filter((a) => a.path.startsWith(scope));
  return above.map((a) => ({ name: agencyName(a, request.locale), href: overviewHref(query, a.code) }));
}

export default async function overviewRoutes(app: FastifyInstance): Promise<void> {
  const config = { permission: 'results.read' as const };

  app.get('/results', { config }, async (request: FastifyRequest, reply: FastifyReply) => {
    const { t, locale } = request;
    const selection = await staffSelection(request);
    // "Kết quả" for a unit without sub-units would be an empty table: their own page is the answer.
    // Only when no agency was asked for, so that the overview stays reachable by its address.
    const raw = request.query as Record<string, unknown>;
    if (selection.ok && (raw['agency'] === undefined || raw['agency'] === '')) {
      const own = selection.resolved.agency;
      if ((await listChildren(app.db, own.id)).length === 0) {
        return reply.redirect(agencyPageHref(selection.query, own.code), 303);
      }
    }
    const sorting = sortingOf(request.query);
    const sortParams = sorting.explicit ? { sort: sorting.key, dir: sorting.dir } : {};
    const filters = await filterForm(request, selection, {
      action: '/admin/results',
      target: `#${PANEL}`,
      hidden: { agency: selection.query.agency, version: selection.query.version, ...sortParams },
    });

    const presets = presetLinks('/admin/results', selection.ok ? selection.query : {}, selection.ok ? selection.resolved.period : null, t, {
      ...sortParams,
      ...(selection.ok ? {} : { agency: typeof raw['agency'] === 'string' ? raw['agency'] : undefined }),
    });

    if (!selection.ok) {
      return reply.page(
        'admin/results/overview.eta',
        { panel: PANEL, filters, presets, result: null, crumbs: [] },
        { status: 422, title: t('dashboards.overview.title') },
      );
    }

    const { query, resolved } = selection;
    const result = await overview(app.db, resolved.agency, resolved.filter, resolved.previous);
    const rates = await responseRates(app.db, [result.root.agency, ...result.rows.map((r) => r.agency)], resolved.filter);
    const name = (r: OverviewRow) => agencyName(r.agency, locale);
    const view = (r: OverviewRow): RowView => ({
      code: r.agency.code,
      name: name(r),
      overviewHref: overviewHref(query, r.agency.code, sortParams),
      agencyHref: agencyPageHref(query, r.agency.code),
      ended: r.ended && r.agency.valid_to ? t('dashboards.overview.ended', { date: formatDate(r.agency.valid_to, locale) }) : null,
      responses: formatNumber(r.responses, locale),
      n: formatNumber(r.overall.n, locale),
      share: indexShareText(r.overall, t, locale),
      interval: formatInterval(r.overall.interval, locale),
      target: formatTarget(r.overall.target, locale),
      verdict: verdictView(r.overall.verdict, t),
      change: formatChange(r.change, t, locale),
      rank: r.rank === null ? '—' : formatNumber(r.rank, locale),
    });

    const columns = SORT_KEYS.map((key) => {
      const active = sorting.key === key;
      const dir = active ? (sorting.dir === 'asc' ? 'desc' : 'asc') : FIRST_DIR[key];
      return {
        key,
        label: key === 'n' ? t('overview.col.n') : t(`dashboards.overview.col.${key}` as MessageKey),
        href: withParams('/admin/results', query, {}, { sort: key, dir }),
        ariaSort: active ? (sorting.dir === 'asc' ? 'ascending' : 'descending') : null,
        next: t(dir === 'asc' ? 'dashboards.sort.asc' : 'dashboards.sort.desc'),
        numeric: key !== 'agency' && key !== 'verdict',
      };
    });

    const rows = sortRows(result.rows, sorting, { name, locale });
    return reply.page(
      'admin/results/overview.eta',
      {
        panel: PANEL,
        filters,
        presets,
        crumbs: await breadcrumb(request, resolved.agency, query),
        result: {
          agency: { code: resolved.agency.code, name: agencyName(resolved.agency, locale) },
          period: periodLabel(resolved.period, t, locale),
          previous: result.previous ? periodLabel(resolved.previous, t, locale) : null,
          questionnaire: inLocale(locale, result.questionnaire.titleVi, result.questionnaire.titleEn),
          minN: result.minN,
          columns,
          labels: Object.fromEntries(columns.map((c) => [c.key, c.label])),
          sorted: sorting.explicit ? sortedText(sorting, columns, t) : t('overview.order'),
          summary: summary(result.rows, t, locale),
          chart: glanceChart(rows, name, t, locale),
          rows: rows.map(view),
          total: view(result.root),
          // In the table's order, the unit of the page last (server/results/served-display.ts).
          rates: [...rows, result.root].map((r) => ({
            code: r.agency.code,
            name: name(r),
            ...rateView(rates.get(r.agency.id) ?? null, t, locale),
          })),
          agencyHref: agencyPageHref(query, resolved.agency.code),
          compareHref: compareHref(query, resolved.agency.code),
        },
      },
      { title: t('dashboards.overview.titleOf', { agency: agencyName(resolved.agency, locale) }) },
    );
  });
}

function sortedText(s: Sorting, columns: { key: string; label: string }[], t: FastifyRequest['t']): string {
  const label = columns.find((c) => c.key === s.key)!.label;
  return t(s.dir === 'asc' ? 'dashboards.sort.byAsc' : 'dashboards.sort.byDesc', { column: label });
}
