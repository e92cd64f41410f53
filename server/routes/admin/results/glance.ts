// The overview at a glance (issue 14, point 1): how many of the listed units met their target
// clearly, met it without yet being certain, missed it, or had too few answers to say; and the
// dot-and-interval chart of the listed units in the table's order, each against its own target,
// on an axis that shows their differences (stated in words beside the chart).
import { dotChart, dotChartAxis, type DotItem, type Svg } from '../../../charts/index.ts';
import type { IndexTarget } from '../../../domain/indices.ts';
import { formatNumber, formatPercent } from '../../../i18n/format.ts';
import type { Locale, Translate } from '../../../i18n/index.ts';
import { formatTarget, verdictView } from '../../../results/display.ts';
import type { OverviewRow } from '../../../results/service.ts';

const SUMMARY_KEYS = ['metClear', 'metUncertain', 'notMet', 'insufficient', 'noTarget'] as const;
export type SummaryKey = (typeof SUMMARY_KEYS)[number];

export interface SummaryItem {
  key: SummaryKey;
  count: number;
  /** "3 đạt chỉ tiêu rõ ràng". */
  text: string;
  /** The verdict's shape, so the line reads without colour (hidden from screen readers). */
  icon: string;
  status: string;
}

function summaryKey(row: Pick<OverviewRow, 'overall'>): SummaryKey {
  const v = row.overall.verdict;
  switch (v.status) {
    case 'met':
      return v.clear ? 'metClear' : 'metUncertain';
    case 'not-met':
      return 'notMet';
    case 'insufficient':
      return 'insufficient';
    case 'no-target':
      return 'noTarget';
  }
}

const SHAPE: Record<SummaryKey, { icon: string; status: string }> = {
  metClear: { icon: '✔', status: 'met' },
  metUncertain: { icon: '✔', status: 'met' },
  notMet: { icon: '✖', status: 'not-met' },
  insufficient: { icon: '○', status: 'insufficient' },
  noTarget: { icon: '–', status: 'no-target' },
};

/** The counts of the listed units by verdict; "no target" only when some unit has none. */
export function summary(rows: readonly OverviewRow[], t: Translate, locale: Locale): { total: string; items: SummaryItem[] } {
  const counts = new Map<SummaryKey, number>(SUMMARY_KEYS.map((k) => [k, 0]));
  for (const r of rows) counts.set(summaryKey(r), counts.get(summaryKey(r))! + 1);
  const items = SUMMARY_KEYS.filter((k) => k !== 'noTarget' || counts.get(k)! > 0).map((key) => ({
    key,
    count: counts.get(key)!,
    text: t(`overview.summary.${key}`, { n: formatNumber(counts.get(key)!, locale) }),
    ...SHAPE[key],
  }));
  return { total: formatNumber(rows.length, locale), items };
}

const sameTarget = (a: IndexTarget | null, b: IndexTarget | null) => a?.comparator === b?.comparator && a?.threshold === b?.threshold;

export interface GlanceChart {
  svg: Svg;
  /** "Trục ngang từ 60% đến 100% (không bắt đầu từ 0%)." */
  axis: string;
}

/** The listed units as dots with their intervals and targets, in the order of the table. */
export function glanceChart(
  rows: readonly OverviewRow[],
  name: (r: OverviewRow) => string,
  t: Translate,
  locale: Locale,
): GlanceChart | null {
  if (rows.length === 0) return null;
  const pct = (s: number) => formatPercent(s, locale);
  const items: DotItem[] = rows.map((r) => ({
    label: name(r),
    share: r.overall.share,
    interval: r.overall.interval,
    target: r.overall.target?.threshold ?? null,
    tentative: r.overall.verdict.status === 'insufficient',
    // The verdict's shape beside the figure: who misses shows without colour.
    value: r.overall.share === null ? undefined : `${verdictView(r.overall.verdict, t).icon} ${pct(r.overall.share)}`,
  }));
  const targets = rows.map((r) => r.overall.target).filter((x): x is IndexTarget => x !== null);
  const one = targets.length > 0 && targets.every((x) => sameTarget(x, targets[0]!)) ? targets[0]! : null;
  const axis = dotChartAxis(items);
  const from = formatPercent(axis.lo, locale, 0);
  const to = formatPercent(axis.hi, locale, 0);
  return {
    svg: dotChart({
      id: 'chart-overview',
      title: t('overview.chart.title'),
      description: t('overview.chart.desc', { from, to }),
      items,
      axis,
      formatShare: pct,
      noDataLabel: t('results.noData'),
      targetLegend: one ? t('overview.chart.oneTarget', { target: formatTarget(one, locale) }) : t('overview.chart.ownTargets'),
    }),
    axis: t(axis.full ? 'overview.axis.full' : 'overview.axis.zoomed', { from, to }),
  };
}
