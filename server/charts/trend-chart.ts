// A monthly line of one index on a fixed 0–100% axis (a zoomed axis would make a two-point wobble
// look like a collapse), with its 95% interval as a shaded band. A month without data breaks the
// line instead of being drawn as 0% or bridged as if it had been measured.
import { GRID, HALO, INK, MARK, MUTED, BAND, TARGET } from './palette.ts';
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
  const plotLeft = Math.max(...PERCENT_TICKS.map((t) => textWidth(tick(t)))) + 12;
  const plotRight = width - RIGHT;
  const plotTop = TOP;
  const plotBottom = height - BOTTOM;
  const y = (share: number) => plotBottom - share * (plotBottom - plotTop);
  const count = opts.points.length;
  const band = (plotRight - plotLeft) / Math.max(1, count);
  const x = (i: number) => plotLeft + (i + 0.5) * band;

  const grid = PERCENT_TICKS.map((t) =>
    join([
      el('line', {
        class: t === 0 ? 'chart-axis' : 'chart-grid',
        x1: plotLeft,
        x2: plotRight,
        y1: y(t),
        y2: y(t),
        stroke: t === 0 ? INK : GRID,
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
  const markers = opts.points.flatMap((p, i) => {
    const s = shares[i];
    if (s === null || s === undefined) return [];
    return [
      el(
        'circle',
        { class: 'chart-marker', cx: x(i), cy: y(s), r: MARKER_RADIUS, fill: MARK, stroke: HALO, 'stroke-width': 1.5 },
        el('title', {}, text(`${p.label}: ${opts.formatShare(s)}`)),
      ),
    ];
  });

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
  return chartRoot(opts, width, height, 'trend', join([...grid, ...xLabels, ...bands, ...whiskers, ...lines, target, ...markers, empty]));
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
