// A dot-and-interval chart: one row per unit (or element), the share as a dot, its 95% interval as a
// whisker, and the row's own target as a short dashed red tick, drawn only on the rows that have one.
// The axis is the range the shares and targets occupy (axis.ts), not always 0–100%, so that 78% and
// 86% look different; there are no bars, whose length would have to start at 0 to be honest. An
// interval wider than the axis is cut at its edge and left without a cap there, so it reads as going
// on. A dot is hollow where there are too few answers for a verdict.
// Labels sit on a line of their own above each dot, with the value at the right, so that the chart
// stays readable when a 360 px phone scales it down: it never needs to scroll sideways.
import { axisPosition, shareAxis, type ShareAxis } from './axis.ts';
import { GRID, HALO, INK, MARK, MUTED, TARGET } from './palette.ts';
import {
  chartRoot,
  drawable,
  drawableInterval,
  el,
  join,
  num as n,
  text,
  textWidth,
  wholePercent,
  wrapText,
  type ChartFrame,
  type Svg,
} from './svg.ts';

export interface DotItem {
  /** Already translated, e.g. "Sở Xây dựng" or "E1. Tiếp cận dịch vụ". */
  label: string;
  /** 0–1, or null when there is nothing to compute it from. */
  share: number | null;
  interval?: readonly [number, number] | null;
  /** The row's own target threshold, 0–1; null or absent: none applies, none is drawn. */
  target?: number | null;
  /** Written at the right of the label line, e.g. "81,04% · n = 120"; the share alone by default. */
  value?: string;
  /** Too few answers to judge: the dot is drawn hollow. */
  tentative?: boolean;
}

export interface DotChartOptions extends ChartFrame {
  items: readonly DotItem[];
  formatShare: (share: number) => string;
  /** Written where the dot would be for an item whose share is null, e.g. "chưa có dữ liệu". */
  noDataLabel: string;
  /** The legend beside a dashed sample, e.g. "Chỉ tiêu của đơn vị"; shown only when a row has a target. */
  targetLegend: string;
  /** The axis; by default the range of the shares, intervals and targets (shareAxis). */
  axis?: ShareAxis;
  formatTick?: (share: number) => string;
  /** viewBox width (default 380: readable when a 360 px phone scales it down). */
  width?: number;
}

const PAD = 22;
const LINE_HEIGHT = 17;
const DOT_ROW = 24;
const ROW_GAP = 10;
const LEGEND_HEIGHT = 26;
const AXIS_HEIGHT = 28;
const DOT_RADIUS = 6;
const CAP = 6;
const TICK_HALF = 11;

/** The axis the chart would choose for these items: the caller states it in words beside the chart. */
export function dotChartAxis(items: readonly DotItem[]): ShareAxis {
  return shareAxis(items.flatMap((i) => [i.share, i.target ?? null]));
}

export function dotChart(opts: DotChartOptions): Svg {
  const width = opts.width ?? 380;
  const axis = opts.axis ?? dotChartAxis(opts.items);
  const tick = opts.formatTick ?? wholePercent;
  const plotLeft = PAD;
  const plotRight = width - PAD;
  const x = (share: number) => plotLeft + axisPosition(axis, share) * (plotRight - plotLeft);
  const hasTarget = opts.items.some((i) => drawable(i.target) !== null);
  const top = hasTarget ? LEGEND_HEIGHT : 4;

  let y = top;
  const rows = opts.items.map((item) => {
    const share = drawable(item.share);
    const value = share === null ? '' : (item.value ?? opts.formatShare(share));
    const room = width - 8 - (value ? textWidth(value) + 12 : 0);
    const lines = wrapText(item.label, Math.max(80, room));
    const labelTop = y;
    const centre = labelTop + lines.length * LINE_HEIGHT + DOT_ROW / 2;
    y = centre + DOT_ROW / 2 + ROW_GAP;
    return { item, share, value, lines, labelTop, centre };
  });
  const bottom = y;
  const height = bottom + AXIS_HEIGHT;

  const grid = axis.ticks.map((t) =>
    join([
      el('line', { class: 'chart-grid', x1: x(t), x2: x(t), y1: top, y2: bottom, stroke: GRID }),
      el('text', { class: 'chart-tick', x: x(t), y: bottom + 18, 'text-anchor': 'middle', fill: INK }, text(tick(t))),
    ]),
  );

  const legend = hasTarget
    ? el(
        'g',
        { class: 'chart-legend' },
        el('line', { x1: 4, x2: 4, y1: 4, y2: 20, stroke: TARGET, 'stroke-width': 2, 'stroke-dasharray': '4 2' }),
        el('text', { class: 'chart-legend-label', x: 12, y: 12, dy: '0.35em', fill: INK }, text(opts.targetLegend)),
      )
    : ('' as Svg);

  const body = rows.map(({ item, share, value, lines, labelTop, centre }) => {
    const parts: Svg[] = [
      el(
        'text',
        { class: 'chart-label', x: 4, y: labelTop, fill: INK },
        ...lines.map((l, i) => el('tspan', { x: 4, y: labelTop + i * LINE_HEIGHT + LINE_HEIGHT / 2, dy: '0.35em' }, text(l))),
      ),
    ];
    if (value) {
      parts.push(
        el(
          'text',
          { class: 'chart-value', x: width - 4, y: labelTop + LINE_HEIGHT / 2, dy: '0.35em', 'text-anchor': 'end', fill: INK },
          text(value),
        ),
      );
    }
    const target = drawable(item.target);
    if (target !== null) {
      const tx = x(target);
      const along = { x1: tx, x2: tx, y1: centre - TICK_HALF, y2: centre + TICK_HALF };
      parts.push(
        el('line', { ...along, class: 'chart-halo', stroke: HALO, 'stroke-width': 5 }),
        el('line', { ...along, class: 'chart-target-line', stroke: TARGET, 'stroke-width': 2, 'stroke-dasharray': '4 2' }),
      );
    }
    if (share === null) {
      parts.push(
        el(
          'text',
          {
            class: 'chart-nodata',
            x: plotLeft,
            y: centre,
            dy: '0.35em',
            fill: MUTED,
            'font-style': 'italic',
            stroke: HALO,
            'stroke-width': 4,
            'paint-order': 'stroke',
          },
          text(opts.noDataLabel),
        ),
      );
      return el('g', { class: 'chart-row' }, ...parts);
    }
    const interval = drawableInterval(item.interval);
    if (interval) {
      const [lo, hi] = [x(interval[0]), x(interval[1])];
      const cap = (at: number) => `M${n(at)} ${n(centre - CAP)}V${n(centre + CAP)}`;
      // A cap only where the interval ends inside the axis.
      const d = `M${n(lo)} ${n(centre)}H${n(hi)}${interval[0] >= axis.lo ? cap(lo) : ''}${interval[1] <= axis.hi ? cap(hi) : ''}`;
      parts.push(
        el('path', { class: 'chart-halo', d, stroke: HALO, 'stroke-width': 5, fill: 'none' }),
        el('path', { class: 'chart-whisker', d, stroke: INK, 'stroke-width': 2, fill: 'none' }),
      );
    }
    parts.push(
      el(
        'circle',
        item.tentative
          ? {
              class: 'chart-marker chart-marker--tentative',
              cx: x(share),
              cy: centre,
              r: DOT_RADIUS - 1,
              fill: HALO,
              stroke: MARK,
              'stroke-width': 2.5,
            }
          : { class: 'chart-marker', cx: x(share), cy: centre, r: DOT_RADIUS, fill: MARK, stroke: HALO, 'stroke-width': 1.5 },
        el('title', {}, text(`${item.label}: ${opts.formatShare(share)}`)),
      ),
    );
    return el('g', { class: 'chart-row' }, ...parts);
  });

  return chartRoot(opts, width, height, 'dots', join([legend, ...grid, ...body]));
}
