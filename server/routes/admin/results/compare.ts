// GET /admin/results/compare: one agency in two periods side by side. Period A is the filters'
// period; period B is the one before it, or the days b_from–b_to. Every index shows share, n and
// interval in each period and the change A − B, called clear ("rõ rệt") only when the two
// intervals do not overlap.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { daysBetween, isDay } from '../../../domain/period.ts';
import { significantChange } from '../../../domain/change.ts';
import type { ScoredIndex } from '../../../results/service.ts';
import { agencyResults } from '../../../results/service.ts';
import { MAX_DAYS, type ParamProblem } from '../../../results/params.ts';
import { formatNumber } from '../../../i18n/format.ts';
import { resultsProblemKey } from '../../../i18n/messages/results.ts';
import { formatChange, formatInterval, indexName, indexShareText, periodLabel } from '../../../results/display.ts';
import { filterForm, filterId } from './filters.ts';
import { agencyPageHref, overviewHref, withParams } from './links.ts';
import { agencyName, breadcrumb, PANEL } from './overview.ts';
import { staffSelection } from './selection.ts';
import { inLocale } from '../../../i18n/index.ts';

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v);
const day = z.preprocess(blank, z.string().refine(isDay, 'hl:invalid-date').optional());
const PeriodB = z.object({ b_from: day, b_to: day });

/** Period B as the URL names it: nothing (the previous period), both days, or problems. */
function periodB(query: unknown): { from: string; to: string } | null | ParamProblem[] {
  const raw = (query ?? {}) as Record<string, unknown>;
  const parsed = PeriodB.safeParse({ b_from: raw['b_from'], b_to: raw['b_to'] });
  if (!parsed.success) return parsed.error.issues.map((i) => ({ field: String(i.path[0]), code: 'invalid-date' }));
  const { b_from: from, b_to: to } = parsed.data;
  if (!from && !to) return null;
  if (!from) return [{ field: 'b_from', code: 'missing-date' }];
  if (!to) return [{ field: 'b_to', code: 'missing-date' }];
  if (to < from) return [{ field: 'b_to', code: 'date-order' }];
  if (daysBetween(from, to) > MAX_DAYS) return [{ field: 'b_to', code: 'period-too-long' }];
  return { from, to };
}

export interface CompareCell {
  share: string;
  n: string;
  interval: string;
}

export interface CompareRow {
  code: string;
  kind: 'overall' | 'element' | 'criterion';
  name: string;
  a: CompareCell;
  b: CompareCell;
  change: string;
  clear: boolean;
}

export default async function compareRoutes(app: FastifyInstance): Promise<void> {
  const config = { permission: 'results.read' as const };

  app.get('/results/compare', { config }, async (request: FastifyRequest, reply: FastifyReply) => {
    const { t, locale } = request;
    const selection = await staffSelection(request);
    const b = periodB(request.query);
    const bProblems = Array.isArray(b) ? b : [];
    const raw = (request.query ?? {}) as Record<string, unknown>;
    const typed = (k: string) => (typeof raw[k] === 'string' ? (raw[k] as string).trim() : '');
    const filters = await filterForm(request, selection, {
      action: '/admin/results/compare',
      target: `#${PANEL}`,
      hidden: { agency: selection.query.agency, version: selection.query.version },
    });
    for (const p of bProblems) filters.errors.push({ field: filterId(p.field), message: t(resultsProblemKey(p.code)) });
    const bErrors = Object.fromEntries(bProblems.map((p) => [p.field, t(resultsProblemKey(p.code))]));
    const bValues = { b_from: typed('b_from'), b_to: typed('b_to') };

    if (!selection.ok || Array.isArray(b)) {
      return reply.page(
        'admin/results/compare.eta',
        { panel: PANEL, filters, bValues, bErrors, result: null, crumbs: [] },
        { status: 422, title: t('dashboards.compare.title') },
      );
    }

    const { query, resolved } = selection;
    const periodA = resolved.period;
    const pB = b ?? resolved.previous;
    const [ra, rb] = await Promise.all([
      agencyResults(app.db, resolved.agency, resolved.filter),
      agencyResults(app.db, resolved.agency, { ...resolved.filter, from: pB.from, to: pB.to }),
    ]);
    const minN = ra.minN;
    const def = ra.questionnaire.definition;
    const cell = (x: ScoredIndex): CompareCell => ({
      share: indexShareText(x, t, locale),
      n: formatNumber(x.n, locale),
      interval: formatInterval(x.interval, locale),
    });
    const row = (kind: CompareRow['kind'], x: ScoredIndex, y: ScoredIndex | undefined): CompareRow => {
      const comparable =
        y !== undefined && x.share !== null && y.share !== null && x.n >= minN && y.n >= minN && !x.belowMinimum && !y.belowMinimum;
      const change = comparable ? x.share! - y.share! : null;
      return {
        code: x.code,
        kind,
        name: indexName(def, x.code, t, locale),
        a: cell(x),
        b: y ? cell(y) : { share: '—', n: '0', interval: '—' },
        change: formatChange(change, t, locale),
        // Significant by a test with the respondent as the unit (domain/change.ts); an index whose
        // variance is not known (a mean without the respondents' moments) is never called clear.
        clear: comparable && significantChange(x, y!) === true,
      };
    };
    const bOf = (list: ScoredIndex[], code: string) => list.find((i) => i.code === code);
    const criteriaOf = (element: string) => ra.criteria.filter((c) => c.code.startsWith(`${element}.`));
    const groups = ra.elements.map((el) => ({
      element: row('element', el, bOf(rb.elements, el.code)),
      criteria: criteriaOf(el.code).map((c) => row('criterion', c, bOf(rb.criteria, c.code))),
    }));

    return reply.page(
      'admin/results/compare.eta',
      {
        panel: PANEL,
        filters,
        bValues: b ? { b_from: b.from, b_to: b.to } : bValues,
        bErrors,
        crumbs: [
          ...(await breadcrumb(request, resolved.agency, query)),
          { name: agencyName(resolved.agency, locale), href: overviewHref(query, resolved.agency.code) },
        ],
        result: {
          agency: { code: resolved.agency.code, name: agencyName(resolved.agency, locale) },
          periodA: periodLabel(periodA, t, locale),
          periodB: b ? periodLabel({ kind: 'custom', ...b }, t, locale) : periodLabel(resolved.previous, t, locale),
          bIsPrevious: !b,
          questionnaire: inLocale(locale, ra.questionnaire.titleVi, ra.questionnaire.titleEn),
          responsesA: formatNumber(ra.responses, locale),
          responsesB: formatNumber(rb.responses, locale),
          minN,
          overall: row('overall', ra.overall, rb.overall),
          groups,
          agencyHref: agencyPageHref(query, resolved.agency.code),
          overviewHref: withParams('/admin/results', query),
        },
      },
      { title: t('dashboards.compare.titleOf', { agency: agencyName(resolved.agency, locale) }) },
    );
  });
}
