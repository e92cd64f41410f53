// When citizens answer: responses by hour of the day (0–23, Viet Nam time) and day of the week, one
// cell each, shaded in six steps and carrying its count, so the shade is never the only way to read
// it. Where counts are too long for a cell they move to the cell's tooltip and the data table.
import { GRID, HEAT_STEPS, INK } from './palette.ts';
import { chartRoot, el, join, text, textWidth, type ChartFrame, type Svg } from './svg.ts';

export interface HeatMapOptions extends ChartFrame {
  /** counts[weekday][hour]: weekday 0 = Monday … 6 = Sunday, hour 0–23; missing entries count 0. */
  counts: readonly (readonly number[])[];
  /** Seven labels, Monday first, e.g. ["T2", "T3", "T4", "T5", "T6", "T7", "CN"]. */
  weekdayLabels: readonly string[];
  /** Twenty-four labels for the hours; "0" … "23" by default. */
  hourLabels?: readonly string[];
  formatCount: (count: number) => string;
  /** Before the legend, e.g. "Số phiếu". */
  legendLabel: string;
  /** Each cell's tooltip; "<weekday> <hour>: <count>" by default. */
  cellTitle?: (weekday: string, hour: string, count: string) => string;
  /** viewBox width (default 720). */
  width?: number;
}

const TOP = 4;
const RIGHT = 4;
const CELL_HEIGHT = 28;
const CELL_FONT = 11;
const SWATCH = 18;
const LEGEND_ROW = 26;

/** 0 for no responses, else 1–5 by the count's fifth of the largest count. */
export function heatLevel(count: number, max: number): number {
  if (!(count > 0) || !(max > 0)) return 0;
  return Math.min(5, Math.max(1, Math.ceil((count / max) * 5)));
}

/** The counts each level covers, for the legend; levels too narrow to hold a whole number are left out. */
export function heatLegend(max: number): { level: number; low: number; high: number }[] {
  const out = [{ level: 0, low: 0, high: 0 }];
  for (let k = 1; k <= 5 && max > 0; k++) {
    const low = Math.floor(((k - 1) * max) / 5) + 1;
    const high = Math.floor((k * max) / 5);
    if (low <= high) out.push({ level: k, low, high });
  }
  return out;
}

export function heatMap(opts: HeatMapOptions): Svg {
  if (opts.weekdayLabels.length !== 7) throw new Error('heatMap needs seven weekday labels, Monday first');
  const hours = opts.hourLabels ?? Array.from({ length: 24 }, (_, h) => String(h));
  if (hours.length !== 24) throw new Error('heatMap needs twenty-four hour labels');
  const width = opts.width ?? 720;
  const count = (d: number, h: number) => {
    const c = opts.counts[d]?.[h];
    return typeof c === 'number' && Number.isFinite(c) && c > 0 ? c : 0;
  };
  const all = Array.from({ length: 7 }, (_, d) => Array.from({ length: 24 }, (_, h) => count(d, h)));
  const max = Math.max(0, ...all.flat());

  const left = Math.max(...opts.weekdayLabels.map((l) => textWidth(l))) + 10;
  const cellWidth = (width - left - RIGHT) / 24;
  const gridBottom = TOP + 7 * CELL_HEIGHT;
  const showCounts = all.flat().every((c) => textWidth(opts.formatCount(c), CELL_FONT) <= cellWidth - 4);
  const title = opts.cellTitle ?? ((w: string, h: string, c: string) => `${w} ${h}: ${c}`);

  const cells = all.flatMap((row, d) =>
    row.map((c, h) => {
      const step = HEAT_STEPS[heatLevel(c, max)]!;
      const x = left + h * cellWidth;
      const y = TOP + d * CELL_HEIGHT;
      return el(
        'g',
        { class: 'chart-cell' },
        el('title', {}, text(title(opts.weekdayLabels[d]!, hours[h]!, opts.formatCount(c)))),
        el('rect', { x, y, width: cellWidth, height: CELL_HEIGHT, fill: step.fill, stroke: GRID }),
        showCounts
          ? el(
              'text',
              {
                x: x + cellWidth / 2,
                y: y + CELL_HEIGHT / 2,
                dy: '0.35em',
                'text-anchor': 'middle',
                'font-size': CELL_FONT,
                fill: step.ink,
              },
              text(opts.formatCount(c)),
            )
          : ('' as Svg),
      );
    }),
  );
  const rowLabels = opts.weekdayLabels.map((l, d) =>
    el(
      'text',
      { class: 'chart-label', x: left - 8, y: TOP + (d + 0.5) * CELL_HEIGHT, dy: '0.35em', 'text-anchor': 'end', fill: INK },
      text(l),
    ),
  );
  // Every other hour when the labels would touch.
  const hourStep = Math.max(...hours.map((h) => textWidth(h))) + 4 > cellWidth ? 2 : 1;
  const hourLabels = hours.flatMap((l, h) =>
    h % hourStep === 0
      ? [
          el(
            'text',
            { class: 'chart-tick', x: left + (h + 0.5) * cellWidth, y: gridBottom + 18, 'text-anchor': 'middle', fill: INK },
            text(l),
          ),
        ]
      : [],
  );

  // The legend flows onto further lines when it does not fit the width.
  const legendTop = gridBottom + 32;
  const entries: Svg[] = [];
  let lx = textWidth(opts.legendLabel) + 12;
  let ly = legendTop;
  for (const { level, low, high } of heatLegend(max)) {
    const label = low === high ? opts.formatCount(low) : `${opts.formatCount(low)}–${opts.formatCount(high)}`;
    const w = SWATCH + 6 + textWidth(label) + 16;
    if (lx + w > width && entries.length > 0) ((lx = 0), (ly += LEGEND_ROW));
    entries.push(
      el(
        'g',
        { class: 'chart-legend-entry' },
        el('rect', { x: lx, y: ly, width: SWATCH, height: SWATCH, fill: HEAT_STEPS[level]!.fill, stroke: INK }),
        el('text', { x: lx + SWATCH + 6, y: ly + SWATCH / 2, dy: '0.35em', fill: INK }, text(label)),
      ),
    );
    lx += w;
  }
  const legend = el(
    'g',
    { class: 'chart-legend' },
    el('text', { x: 0, y: legendTop + SWATCH / 2, dy: '0.35em', fill: INK }, text(opts.legendLabel)),
    ...entries,
  );
  return chartRoot(opts, width, ly + SWATCH + 4, 'heat', join([...cells, ...rowLabels, ...hourLabels, legend]));
}
