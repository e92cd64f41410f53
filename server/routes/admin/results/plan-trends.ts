// The agency page's "criterion's trend marked at the plan's date" (issue 14, point 4): for each
// index of this agency that has an improvement plan (not cancelled) for the questionnaire shown,
// that index month by month over the trend's twelve months, with a line at the month each plan was
// made, so a manager sees whether the figure moved after the measures. Read through the results
// service, one month at a time, and only when there is a plan: most agencies pay nothing for it.
import type { Kysely } from 'kysely';
import { listPlansInScope, type PlanRow } from '../../../db/queries/improvement-plans.ts';
import type { Database } from '../../../db/schema.ts';
import { trendChart, shareAxis, type Svg } from '../../../charts/index.ts';
import type { Index } from '../../../domain/indices.ts';
import { monthPeriod, monthsOf, trendStart } from '../../../domain/period.ts';
import { formatDate, formatNumber, formatPercent, localDay } from '../../../i18n/format.ts';
import type { Locale, MessageKey, Translate } from '../../../i18n/index.ts';
import type { Resolved } from '../../../results/params.ts';
import { formatInterval, formatTarget, indexName, shareText } from '../../../results/display.ts';
import { agencyResults, type AgencyResults } from '../../../results/service.ts';
import { axisWords, partialMonthIndex, TREND_MIN_SPAN } from './agency-charts.ts';

export interface PlanTrendData {
  code: string;
  months: string[];
  points: (Index | null)[];
  plans: PlanRow[];
}

function indexOf(r: AgencyResults, code: string): Index | null {
  if (code === 'overall') return r.overall;
  return r.elements.find((e) => e.code === code) ?? r.criteria.find((c) => c.code === code) ?? null;
}

export async function loadPlanTrends(db: Kysely<Database>, resolved: Extract<Resolved, { ok: true }>): Promise<PlanTrendData[]> {
  const { agency, filter } = resolved;
  const plans = (await listPlansInScope(db, agency.path, 'all', localDay(new Date()))).filter(
    (p) => p.agency_id === agency.id && p.questionnaire_id === filter.questionnaireId && p.status !== 'cancelled',
  );
  if (plans.length === 0) return [];
  const months = monthsOf(trendStart(filter.to), filter.to);
  const results = await Promise.all(
    months.map((m) => {
      const p = monthPeriod(Number(m.slice(0, 4)), Number(m.slice(5, 7)));
      return agencyResults(db, agency, { ...filter, from: p.from, to: p.to < filter.to ? p.to : filter.to });
    }),
  );
  const codes = [...new Set(plans.map((p) => p.index_code))];
  return codes.map((code) => ({
    code,
    months,
    points: results.map((r) => indexOf(r, code)),
    plans: plans.filter((p) => p.index_code === code).sort((a, b) => a.id - b.id),
  }));
}

export interface PlanTrendView {
  code: string;
  name: string;
  chart: Svg;
  axis: string;
  plans: { href: string; text: string }[];
  rows: { month: string; n: string; share: string; interval: string }[];
}

export function planTrendViews(
  data: PlanTrendData[],
  results: AgencyResults,
  ctx: { t: Translate; locale: Locale; today: string },
): PlanTrendView[] {
  const { t, locale } = ctx;
  const pct = (s: number) => formatPercent(s, locale);
  const monthLabel = (m: string) => t('agencyResults.trend.monthValue', { month: m.slice(5, 7), year: m.slice(0, 4) });
  return data.map((d, k) => {
    const name = indexName(results.questionnaire.definition, d.code, t, locale);
    const target = indexOf(results, d.code) ? scoredTarget(results, d.code) : null;
    const axis = shareAxis([...d.points.map((p) => p?.share ?? null), target?.threshold ?? null], TREND_MIN_SPAN);
    const partial = partialMonthIndex(d.months, ctx.today);
    const markers = d.plans
      .map((p) => ({
        index: d.months.indexOf(localDay(new Date(p.created_at)).slice(0, 7)),
        label: t('overview.plans.marker', { id: p.id }),
      }))
      .filter((m) => m.index >= 0);
    const chart = trendChart({
      id: `chart-plan-${k + 1}`,
      title: t('overview.plans.chartTitle', { index: name }),
      description: `${t('overview.plans.chartDesc')} ${axisWords(axis, t, locale)}`,
      points: d.points.map((p, i) => ({
        label: monthLabel(d.months[i]!),
        share: p?.share ?? null,
        interval: p?.interval ?? null,
        n: p?.n ?? 0,
      })),
      formatShare: pct,
      noDataLabel: t('results.noData'),
      target: target
        ? { threshold: target.threshold, label: t('agencyResults.targetLine', { target: formatTarget(target, locale) }) }
        : null,
      axis,
      partial:
        partial >= 0 ? { index: partial, label: t('overview.partial.upTo', { date: formatDate(ctx.today, locale).slice(0, 5) }) } : null,
      markers,
    });
    return {
      code: d.code,
      name,
      chart,
      axis: axisWords(axis, t, locale),
      plans: d.plans.map((p) => ({
        href: `/admin/plans/${p.id}`,
        text: t('overview.plans.item', {
          id: p.id,
          made: formatDate(new Date(p.created_at), locale),
          due: formatDate(p.due_on, locale),
          status: t(`plans.status.${p.status}` as MessageKey),
        }),
      })),
      rows: d.points.map((p, i) => ({
        month: monthLabel(d.months[i]!) + (i === partial ? ` ${t('overview.partial.row')}` : ''),
        n: formatNumber(p?.n ?? 0, locale),
        share: shareText(p?.share ?? null, locale),
        interval: formatInterval(p?.interval ?? null, locale),
      })),
    };
  });
}

function scoredTarget(r: AgencyResults, code: string) {
  if (code === 'overall') return r.overall.target;
  return (r.elements.find((e) => e.code === code) ?? r.criteria.find((c) => c.code === code))?.target ?? null;
}
