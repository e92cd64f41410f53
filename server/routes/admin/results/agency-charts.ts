// The agency page's charts, drawn on the server from the same figures as the tables that follow
// them: element bars against the target, the monthly trend, the hour × weekday heat map and the
// expectation shares.
import { barChart, heatMap, shareBars, trendChart, type Svg, type TargetLine } from '../../../charts/index.ts';
import type { Target } from '../../../domain/indices.ts';
import { inLocale, type Locale, type Translate } from '../../../i18n/index.ts';
import { formatNumber, formatPercent } from '../../../i18n/format.ts';
import type { AgencyPageData } from './agency-page.ts';
import { formatTarget } from '../../../results/display.ts';

export interface AgencyCharts {
  elements: Svg | null;
  trend: Svg;
  heat: Svg;
  expectations: Svg | null;
}

const sameTarget = (a: Target, b: Target) => a.comparator === b.comparator && a.threshold === b.threshold;

/**
 * The line drawn across the element bars: the elements' own target when they all share one,
 * otherwise the overall target they are usually held to, labelled as such (per-element targets
 * are in the table).
 */
export function elementTargetLine(data: AgencyPageData): { target: Target; overall: boolean } | null {
  const own = data.results.elements.map((e) => e.target);
  const first = own[0];
  if (first && own.every((x) => x && sameTarget(x, first))) return { target: first, overall: false };
  const overall = data.results.overall.target;
  return overall ? { target: overall, overall: true } : null;
}

export function agencyCharts(
  data: AgencyPageData,
  ctx: { t: Translate; locale: Locale; elementText: Map<string, string>; heatCount: (weekday: number, hour: number) => number },
): AgencyCharts {
  const { t, locale } = ctx;
  const pct = (s: number) => formatPercent(s, locale);
  const num = (n: number) => formatNumber(n, locale);
  const line = (
    target: Target | null,
    key: 'agencyResults.targetLine' | 'agencyResults.overallTargetLine' = 'agencyResults.targetLine',
  ): TargetLine | null => (target ? { threshold: target.threshold, label: t(key, { target: formatTarget(target, locale) }) } : null);
  const elementLine = elementTargetLine(data);
  const noData = t('results.noData');

  const elements =
    data.results.elements.length === 0
      ? null
      : barChart({
          id: 'chart-elements',
          title: t('agencyResults.elements.chartTitle'),
          description: t('agencyResults.elements.chartDesc'),
          items: data.results.elements.map((e) => ({
            label: `${e.code}. ${ctx.elementText.get(e.code) ?? ''}`.trim(),
            share: e.share,
            interval: e.interval,
            n: e.n,
          })),
          formatShare: pct,
          formatN: (n) => t('agencyResults.nValue', { n: num(n) }),
          noDataLabel: noData,
          target: elementLine
            ? line(elementLine.target, elementLine.overall ? 'agencyResults.overallTargetLine' : 'agencyResults.targetLine')
            : null,
        });

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

  return { elements, trend, heat, expectations };
}
