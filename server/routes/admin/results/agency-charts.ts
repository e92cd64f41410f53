// The agency page's charts, drawn on the server from the same figures as the tables that follow
// them: the elements as dots against their own targets, the monthly trend, the hour × weekday heat
// map and the expectation shares. The elements and the trend are on axes that show differences,
// stated in words beside them; a month not yet over is marked (issue 14, point 2; decision 50).
import {
  dotChart,
  dotChartAxis,
  heatMap,
  shareAxis,
  shareBars,
  trendChart,
  type DotItem,
  type Svg,
  type TargetLine,
} from '../../../charts/index.ts';
import type { IndexTarget } from '../../../domain/indices.ts';
import { inLocale, type Locale, type MessageKey, type Translate } from '../../../i18n/index.ts';
import { formatDate, formatNumber, formatPercent } from '../../../i18n/format.ts';
import type { AgencyPageData } from './agency-page.ts';
import { formatTarget } from '../../../results/display.ts';

export interface AgencyCharts {
  elements: Svg | null;
  /** "Trục ngang từ 60% đến 100%, …": the element chart's axis in words. */
  elementsAxis: string | null;
  trend: Svg;
  trendAxis: string;
  /** The trend's month that is not over yet ("12/2026, đến 07/12/2026"), if it shows one. */
  partialMonth: string | null;
  heat: Svg;
  expectations: Svg | null;
}

/** The trend spans at least 30 points: a two-point wobble must not look like a collapse. */
export const TREND_MIN_SPAN = 0.3;

/**
 * The index among the trend's months (YYYY-MM) of the one today falls in: it is not over (even on
 * its last day, today's responses are still coming), so its figure is partial. -1 when none is.
 */
export function partialMonthIndex(months: readonly string[], today: string): number {
  return months.indexOf(today.slice(0, 7));
}

/** The axis in words, as the overview says it. */
export function axisWords(axis: { lo: number; hi: number; full: boolean }, t: Translate, locale: Locale): string {
  const from = formatPercent(axis.lo, locale, 0);
  const to = formatPercent(axis.hi, locale, 0);
  return t(axis.full ? 'overview.axis.full' : 'overview.axis.zoomed', { from, to });
}

export function agencyCharts(
  data: AgencyPageData,
  ctx: {
    t: Translate;
    locale: Locale;
    elementText: Map<string, string>;
    heatCount: (weekday: number, hour: number) => number;
    today: string;
  },
): AgencyCharts {
  const { t, locale } = ctx;
  const pct = (s: number) => formatPercent(s, locale);
  const num = (n: number) => formatNumber(n, locale);
  const line = (
    target: IndexTarget | null,
    key: 'agencyResults.targetLine' | 'agencyResults.overallTargetLine' = 'agencyResults.targetLine',
  ): TargetLine | null => (target ? { threshold: target.threshold, label: t(key, { target: formatTarget(target, locale) }) } : null);
  const noData = t('results.noData');

  // Each element against its own target only: an element without one gets no line (the table says "—").
  const items: DotItem[] = data.results.elements.map((e) => ({
    label: `${e.code}. ${ctx.elementText.get(e.code) ?? ''}`.trim(),
    share: e.share,
    interval: e.interval,
    target: e.target?.threshold ?? null,
    tentative: e.verdict.status === 'insufficient' || e.belowMinimum === true,
    value: e.share === null ? undefined : `${pct(e.share)} ${t('agencyResults.nValue', { n: num(e.n) })}`,
  }));
  const elementAxis = dotChartAxis(items);
  const elementTargets = data.results.elements.map((e) => e.target).filter((x): x is IndexTarget => x !== null);
  const oneTarget = elementTargets.length > 0 && elementTargets.every((x) => sameTarget(x, elementTargets[0]!)) ? elementTargets[0]! : null;
  const elements =
    items.length === 0
      ? null
      : dotChart({
          id: 'chart-elements',
          title: t('agencyResults.elements.chartTitle'),
          description: `${t('overview.elements.desc')} ${axisWords(elementAxis, t, locale)}`,
          items,
          axis: elementAxis,
          formatShare: pct,
          noDataLabel: noData,
          targetLegend: oneTarget ? line(oneTarget)!.label : t('overview.elements.ownTargets'),
        });

  const months = data.trend.points.map((p) => p.month);
  const partialIndex = partialMonthIndex(months, ctx.today);
  const trendAxis = shareAxis(
    [...data.trend.points.map((p) => p.overall.share), data.results.overall.target?.threshold ?? null],
    TREND_MIN_SPAN,
  );
  const upTo = t('overview.partial.upTo', { date: formatDate(ctx.today, locale).slice(0, 5) });
  const trend = trendChart({
    id: 'chart-trend',
    title: t('agencyResults.trend.chartTitle'),
    description: t('agencyResults.trend.chartDesc'),
    points: data.trend.points.map((p) => ({
      label: t('agencyResults.trend.monthValue', { month: p.month.slice(5, 7), year: p.month.slice(0, 4) }),
      share: p.overall.share,
      interval: p.overall.interval,
      n: p.overall.n,
    })),
    formatShare: pct,
    noDataLabel: noData,
    target: line(data.results.overall.target),
    axis: trendAxis,
    partial: partialIndex >= 0 ? { index: partialIndex, label: upTo } : null,
  });

  const weekdays = [1, 2, 3, 4, 5, 6, 7] as const;
  const heat = heatMap({
    id: 'chart-heat',
    title: t('agencyResults.heat.chartTitle'),
    description: t('agencyResults.heat.chartDesc'),
    counts: weekdays.map((d) => Array.from({ length: 24 }, (_, h) => ctx.heatCount(d, h))),
    weekdayLabels: weekdays.map((d) => t(`agencyResults.weekdayShort.${d}`)),
    formatCount: num,
    legendLabel: t('agencyResults.heat.legend'),
    cellTitle: (weekday, hour, count) => t('agencyResults.heat.cell', { weekday, hour, count }),
  });

  const expectations =
    data.expectations.shares.length === 0
      ? null
      : shareBars({
          id: 'chart-expectations',
          title: t('agencyResults.expectations.chartTitle'),
          description: t('agencyResults.expectations.chartDesc'),
          items: data.expectations.shares.map((s) => ({
            label: inLocale(locale, s.label.vi, s.label.en),
            share: s.share,
            n: s.responses,
          })),
          formatShare: pct,
          formatN: (n) => `(${num(n)})`,
          noDataLabel: noData,
        });

  const partialMonth =
    partialIndex >= 0
      ? t('overview.partial.month', {
          month: t('agencyResults.trend.monthValue', { month: months[partialIndex]!.slice(5, 7), year: months[partialIndex]!.slice(0, 4) }),
          date: formatDate(ctx.today, locale),
        })
      : null;
  return {
    elements,
    elementsAxis: elements ? axisWords(elementAxis, t, locale) : null,
    trend,
    trendAxis: axisWords(trendAxis, t, locale),
    partialMonth,
    heat,
    expectations,
  };
}

function sameTarget(a: IndexTarget, b: IndexTarget): boolean {
  return a.comparator === b.comparator && a.threshold === b.threshold;
}
