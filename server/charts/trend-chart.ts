// A monthly line of one index with its 95% interval as a shaded band. A month without data breaks the
// line instead of being drawn as 0% or bridged as if it had been measured. The axis is 0–100% unless
// the caller gives one (axis.ts): the agency page zooms to a span of at least 30 points, so that a
// two-point wobble does not look like a collapse, and says so in words (decision 50). A month not yet
// over is shaded and labelled, its marker hollow; a dated event (an improvement plan) is a labelled
// vertical line at its month.
import { axisPosition, FULL_AXIS, type ShareAxis } from './axis.ts';
import { GRID, HALO, INK, MARK, MUTED, BAND, TARGET, TRACK } from './palette.ts';
import {
  chartRoot,
  drawable,
  drawableInterval,
  el,
  join,
  num,
  PERCENT_TICKS,
  text,
  textWidth,
  wholePercent,
  type ChartFrame,
  type Svg,
  type TargetLine,
} from './svg.ts';

export interface TrendPoint {
  /** Already formatted, e.g. "01/2026". */
  label: string;
  share: number | null;
  interval?: readonly [number, number] | null;
  n?: number;
}

export interface TrendChartOptions extends ChartFrame {
  points: readonly TrendPoint[];
  /** For each point's tooltip, e.g. (s) => formatPercent(s, locale). */
  formatShare: (share: number) => string;
  /** Shown across the plot when no month has data. */
  noDataLabel: string;
  target?: TargetLine | null;
  /** "band" (default) shades the interval between points; "whiskers" draws a bar at each point. */
  intervalStyle?: 'band' | 'whiskers';
  formatTick?: (share: number) => string;
  /** viewBox size (default 640 × 280). */
  width?: number;
  height?: number;
  /** The share axis; 0–100% by default. */
  axis?: ShareAxis;
  /** A point whose month is not over yet, and the words that say so ("đến 07/12"). */
  partial?: { index: number; label: string } | null;
  /** Dated events at a month: a dashed vertical line labelled at the top, e.g. "KH 3". */
  markers?: readonly { index: number; label: string }[];
}

const TOP = 20;
const RIGHT = 12;
const BOTTOM = 36;
const CAP = 4;
const MARKER_RADIUS = 4;

/** Consecutive indexes for which keep() holds: the pieces of a line broken by missing months. */
function runs<T>(xs: readonly T[], keep: (x: T) => boolean): number[][] {
  const out: number[][] = [];
  let run: number[] = [];
  xs.forEach((x, i) => {
    if (keep(x)) run.push(i);
    else if (run.length > 0) (out.push(run), (run = []));
  });
  if (run.length > 0) out.push(run);
  return out;
}

export function trendChart(opts: TrendChartOptions): Svg {
  const width = opts.width ?? 640;
  const height = opts.height ?? 280;
  const tick = opts.formatTick ?? wholePercent;
  const axis = opts.axis ?? FULL_AXIS;
  const ticks = opts.axis ? axis.ticks : PERCENT_TICKS;
  const plotLeft = Math.max(...ticks.map((t) => textWidth(tick(t)))) + 12;
  const plotRight = width - RIGHT;
  const markers = opts.markers ?? [];
  // Room above the plot for the labels of the partial month and the markers.
  const plotTop = TOP + (opts.partial || markers.length > 0 ? 18 : 0);
  const plotBottom = height - BOTTOM;
  const y = (share: number) => plotBottom - axisPosition(axis, share) * (plotBottom - plotTop);
  const count = opts.points.length;
  const band = (plotRight - plotLeft) / Math.max(1, count);
  const x = (i: number) => plotLeft + (i + 0.5) * band;

  const grid = ticks.map((t, k) =>
    join([
      el('line', {
        class: k === 0 ? 'chart-axis' : 'chart-grid',
        x1: plotLeft,
        x2: plotRight,
        y1: y(t),
        y2: y(t),
        stroke: k === 0 ? INK : GRID,
      }),
      el('text', { class: 'chart-tick', x: plotLeft - 6, y: y(t), dy: '0.35em', 'text-anchor': 'end', fill: INK }, text(tick(t))),
    ]),
  );
  // Every k-th month label, so that 24 or 36 months do not print on top of each other.
  const labelStep = Math.max(1, Math.ceil((Math.max(0, ...opts.points.map((p) => textWidth(p.label))) + 8) / band));
  const xLabels = opts.points.flatMap((p, i) =>
    i % labelStep === 0
      ? [el('text', { class: 'chart-tick', x: x(i), y: plotBottom + 20, 'text-anchor': 'middle', fill: INK }, text(p.label))]
      : [],
  );

  const shares = opts.points.map((p) => drawable(p.share));
  const intervals = opts.points.map((p, i) => (shares[i] === null ? null : drawableInterval(p.interval)));
  const style = opts.intervalStyle ?? 'band';

  const bands: Svg[] = [];
  const whiskers: Svg[] = [];
  for (const run of runs(intervals, (iv) => iv !== null)) {
    if (style === 'band' && run.length > 1) {
      const upper = run.map((i) => `${num(x(i))},${num(y(intervals[i]![1]))}`);
      const lower = [...run].reverse().map((i) => `${num(x(i))},${num(y(intervals[i]![0]))}`);
      bands.push(el('polygon', { class: 'chart-band', points: [...upper, ...lower].join(' '), fill: BAND }));
    } else {
      // A month between two gaps has no neighbour to shade towards: its interval is a whisker.
      for (const i of run) {
        const [lo, hi] = intervals[i]!;
        const d = `M${num(x(i))} ${num(y(lo))}V${num(y(hi))}M${num(x(i) - CAP)} ${num(y(lo))}H${num(x(i) + CAP)}M${num(x(i) - CAP)} ${num(y(hi))}H${num(x(i) + CAP)}`;
        whiskers.push(el('path', { class: 'chart-whisker', d, stroke: INK, 'stroke-width': 1.5, fill: 'none' }));
      }
    }
  }

  const lines = runs(shares, (s) => s !== null)
    .filter((run) => run.length > 1)
    .map((run) =>
      el('path', {
        class: 'chart-line',
        d: run.map((i, k) => `${k === 0 ? 'M' : 'L'}${num(x(i))} ${num(y(shares[i]!))}`).join(''),
        stroke: MARK,
        'stroke-width': 2.5,
        fill: 'none',
        'stroke-linejoin': 'round',
      }),
    );
  const partial = opts.partial && opts.partial.index >= 0 && opts.partial.index < count ? opts.partial : null;
  const dots = opts.points.flatMap((p, i) => {
    const s = shares[i];
    if (s === null || s === undefined) return [];
    const open = partial?.index === i;
    return [
      el(
        'circle',
        open
          ? {
              class: 'chart-marker chart-marker--partial',
              cx: x(i),
              cy: y(s),
              r: MARKER_RADIUS,
              fill: HALO,
              stroke: MARK,
              'stroke-width': 2,
            }
          : { class: 'chart-marker', cx: x(i), cy: y(s), r: MARKER_RADIUS, fill: MARK, stroke: HALO, 'stroke-width': 1.5 },
        el('title', {}, text(`${p.label}: ${opts.formatShare(s)}`)),
      ),
    ];
  });
  // A label above the plot, kept inside the viewBox.
  const topLabel = (cx: number, label: string, cls: string, fill: string) => {
    const half = textWidth(label) / 2;
    const anchor = cx + half > width ? 'end' : cx - half < 0 ? 'start' : 'middle';
    return el(
      'text',
      { class: cls, x: anchor === 'end' ? width : anchor === 'start' ? 0 : cx, y: TOP + 4, 'text-anchor': anchor, fill },
      text(label),
    );
  };
  const partialMark = partial
    ? el(
        'g',
        { class: 'chart-partial' },
        el('rect', { x: x(partial.index) - band / 2, y: plotTop, width: band, height: plotBottom - plotTop, fill: TRACK }),
        // An event in the same month shares the label, so the two do not print over each other.
        topLabel(
          x(partial.index),
          [partial.label, ...markers.filter((m) => m.index === partial.index).map((m) => m.label)].join(' · '),
          'chart-partial-label',
          INK,
        ),
      )
    : ('' as Svg);
  const events = markers
    .filter((m) => m.index >= 0 && m.index < count)
    .map((m) =>
      el(
        'g',
        { class: 'chart-event' },
        el('line', {
          x1: x(m.index),
          x2: x(m.index),
          y1: plotTop - 4,
          y2: plotBottom,
          stroke: INK,
          'stroke-width': 1.5,
          'stroke-dasharray': '2 3',
        }),
        m.index === partial?.index ? ('' as Svg) : topLabel(x(m.index), m.label, 'chart-event-label', INK),
      ),
    );

  const empty = shares.every((s) => s === null)
    ? el(
        'text',
        {
          class: 'chart-nodata',
          x: (plotLeft + plotRight) / 2,
          y: (plotTop + plotBottom) / 2,
          'text-anchor': 'middle',
          fill: MUTED,
          'font-style': 'italic',
        },
        text(opts.noDataLabel),
      )
    : ('' as Svg);

  const target = opts.target ? horizontalTarget(opts.target, y, plotLeft, plotRight) : ('' as Svg);
  return chartRoot(
    opts,
    width,
    height,
    'trend',
    join([partialMark, ...grid, ...xLabels, ...bands, ...whiskers, ...lines, target, ...events, ...dots, empty]),
  );
}

function horizontalTarget(target: TargetLine, y: (share: number) => number, left: number, right: number): Svg {
  const ty = y(Math.min(1, Math.max(0, target.threshold)));
  return el(
    'g',
    { class: 'chart-target' },
    el('line', { class: 'chart-halo', x1: left, x2: right, y1: ty, y2: ty, stroke: HALO, 'stroke-width': 5 }),
    el('line', {
      class: 'chart-target-line',
      x1: left,
      x2: right,
      y1: ty,
      y2: ty,
      stroke: TARGET,
      'stroke-width': 2,
      'stroke-dasharray': '6 3',
    }),
    el(
      'text',
      {
        class: 'chart-target-label',
        x: right,
        y: ty - 7,
        'text-anchor': 'end',
        fill: TARGET,
        stroke: HALO,
        'stroke-width': 4,
        'paint-order': 'stroke',
      },
      text(target.label),
    ),
  );
}
