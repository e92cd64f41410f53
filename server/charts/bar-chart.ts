// Horizontal bars for indices (the five elements, or criteria) on a 0–100% scale, each with its 95%
// interval as a whisker and its value in a column to the right, and the target as a dashed, labelled line.
// An index without data says so in words instead of drawing a zero bar, which would read as 0%.
import { BAR_HEIGHT, columns, layoutRows, noDataText, rowLabel, VALUE_GAP, valueText } from './bar-rows.ts';
import { GRID, HALO, INK, MARK, TARGET } from './palette.ts';
import {
  chartRoot,
  clamp01,
  drawable,
  drawableInterval,
  el,
  join,
  num as n,
  PERCENT_TICKS,
  text,
  textWidth,
  wholePercent,
  type ChartFrame,
  type Svg,
  type TargetLine,
} from './svg.ts';

export interface BarItem {
  /** Already translated, e.g. "E1. Tiếp cận dịch vụ". */
  label: string;
  /** 0–1, or null when there is nothing to compute it from. */
  share: number | null;
  /** The 95% interval [low, high], 0–1. */
  interval?: readonly [number, number] | null;
  /** Valid answers behind the share; shown only when formatN is given. */
  n?: number;
}

export interface BarChartOptions extends ChartFrame {
  items: readonly BarItem[];
  /** The value after each bar, e.g. (s) => formatPercent(s, locale). */
  formatShare: (share: number) => string;
  /** Appended after the value with a space, e.g. (n) => `(n = ${formatNumber(n, locale)})`. */
  formatN?: (n: number) => string;
  /** Written where the bar would be for an item whose share is null, e.g. "chưa có dữ liệu". */
  noDataLabel: string;
  target?: TargetLine | null;
  /** Axis tick labels; whole percent by default. */
  formatTick?: (share: number) => string;
  /** viewBox width (default 640); label and value columns default to the width of their text. */
  width?: number;
  labelWidth?: number;
  valueWidth?: number;
}

const TOP_WITH_TARGET = 30;
const TOP_PLAIN = 8;
const AXIS_HEIGHT = 30;
const CAP = 7;

function valueLabel(item: BarItem, opts: BarChartOptions): string {
  const share = drawable(item.share);
  if (share === null) return opts.noDataLabel;
  const n = opts.formatN && item.n !== undefined ? ` ${opts.formatN(item.n)}` : '';
  return `${opts.formatShare(share)}${n}`;
}

export function barChart(opts: BarChartOptions): Svg {
  const labels = opts.items.map((i) => i.label);
  const { width, labelWidth, valueWidth } = columns(
    labels,
    opts.items.filter((i) => drawable(i.share) !== null).map((i) => valueLabel(i, opts)),
    opts,
  );
  const plotLeft = labelWidth;
  const plotWidth = width - labelWidth - valueWidth;
  const x = (share: number) => plotLeft + clamp01(share) * plotWidth;
  const top = opts.target ? TOP_WITH_TARGET : TOP_PLAIN;
  const { rows, bottom } = layoutRows(labels, top, labelWidth);
  const height = bottom + AXIS_HEIGHT;
  const tick = opts.formatTick ?? wholePercent;

  const grid = PERCENT_TICKS.map((t) =>
    join([
      el('line', { class: 'chart-grid', x1: x(t), x2: x(t), y1: top, y2: bottom, stroke: GRID }),
      el('text', { class: 'chart-tick', x: x(t), y: bottom + 18, 'text-anchor': 'middle', fill: INK }, text(tick(t))),
    ]),
  );
  const axis = el('line', { class: 'chart-axis', x1: plotLeft, x2: plotLeft, y1: top, y2: bottom, stroke: INK });

  const bars = opts.items.map((item, i) => {
    const row = rows[i]!;
    const share = drawable(item.share);
    if (share === null) {
      return el('g', { class: 'chart-row' }, rowLabel(row, labelWidth), noDataText(plotLeft + VALUE_GAP, row, opts.noDataLabel));
    }
    const interval = drawableInterval(item.interval);
    const parts: Svg[] = [
      rowLabel(row, labelWidth),
      el('rect', { class: 'chart-bar', x: plotLeft, y: row.barTop, width: x(share) - plotLeft, height: BAR_HEIGHT, fill: MARK }),
    ];
    if (interval) {
      const [lo, hi] = [x(interval[0]), x(interval[1])];
      const d = `M${n(lo)} ${n(row.centre)}H${n(hi)}M${n(lo)} ${n(row.centre - CAP)}V${n(row.centre + CAP)}M${n(hi)} ${n(row.centre - CAP)}V${n(row.centre + CAP)}`;
      parts.push(
        el('path', { class: 'chart-halo', d, stroke: HALO, 'stroke-width': 5, fill: 'none' }),
        el('path', { class: 'chart-whisker', d, stroke: INK, 'stroke-width': 2, fill: 'none' }),
      );
    }
    // Values in one column past 100%, where neither the target line nor a whisker can cross them.
    parts.push(valueText(x(1) + VALUE_GAP, row, valueLabel(item, opts)));
    return el('g', { class: 'chart-row' }, ...parts);
  });

  return chartRoot(
    opts,
    width,
    height,
    'bars',
    join([...grid, axis, ...bars, opts.target ? targetLine(opts.target, x, top, bottom, width) : ('' as Svg)]),
  );
}

/** A vertical target line over the bars, its label above the plot, kept inside the viewBox. */
function targetLine(target: TargetLine, x: (share: number) => number, top: number, bottom: number, width: number): Svg {
  const tx = x(target.threshold);
  const half = textWidth(target.label) / 2;
  const anchor = tx + half > width ? 'end' : tx - half < 0 ? 'start' : 'middle';
  const labelX = anchor === 'end' ? width : anchor === 'start' ? 0 : tx;
  return el(
    'g',
    { class: 'chart-target' },
    el('line', { class: 'chart-halo', x1: tx, x2: tx, y1: top - 8, y2: bottom, stroke: HALO, 'stroke-width': 5 }),
    el('line', {
      class: 'chart-target-line',
      x1: tx,
      x2: tx,
      y1: top - 8,
      y2: bottom,
      stroke: TARGET,
      'stroke-width': 2,
      'stroke-dasharray': '6 3',
    }),
    el('text', { class: 'chart-target-label', x: labelX, y: top - 14, 'text-anchor': anchor, fill: TARGET }, text(target.label)),
  );
}
