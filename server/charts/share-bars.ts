// Shares of the options of one question (what citizens expect, or a breakdown by channel): one bar
// per option on a pale 100% track, its share written after it. No axis or target: these are parts
// of a whole, not indices measured against a threshold.
import { BAR_HEIGHT, columns, layoutRows, noDataText, rowLabel, VALUE_GAP, valueText } from './bar-rows.ts';
import { MARK, TRACK } from './palette.ts';
import { chartRoot, drawable, el, join, type ChartFrame, type Svg } from './svg.ts';

export interface ShareItem {
  /** Already translated, e.g. "Rút ngắn thời gian giải quyết". */
  label: string;
  /** 0–1, or null when nobody was asked. */
  share: number | null;
  /** How many chose it (or the base); shown only when formatN is given. */
  n?: number;
}

export interface ShareBarsOptions extends ChartFrame {
  items: readonly ShareItem[];
  formatShare: (share: number) => string;
  /** Appended after the value with a space, e.g. (n) => `(${formatNumber(n, locale)})`. */
  formatN?: (n: number) => string;
  noDataLabel: string;
  /** viewBox width (default 640); label and value columns default to the width of their text. */
  width?: number;
  labelWidth?: number;
  valueWidth?: number;
}

const TOP = 4;
const BOTTOM = 4;

export function shareBars(opts: ShareBarsOptions): Svg {
  const labels = opts.items.map((i) => i.label);
  const value = (item: ShareItem, share: number) =>
    `${opts.formatShare(share)}${opts.formatN && item.n !== undefined ? ` ${opts.formatN(item.n)}` : ''}`;
  const { width, labelWidth, valueWidth } = columns(
    labels,
    opts.items.flatMap((i) => {
      const s = drawable(i.share);
      return s === null ? [] : [value(i, s)];
    }),
    opts,
  );
  const plotWidth = width - labelWidth - valueWidth;
  const { rows, bottom } = layoutRows(labels, TOP, labelWidth);

  const bars = opts.items.map((item, i) => {
    const row = rows[i]!;
    const share = drawable(item.share);
    if (share === null)
      return el('g', { class: 'chart-row' }, rowLabel(row, labelWidth), noDataText(labelWidth + VALUE_GAP, row, opts.noDataLabel));
    return el(
      'g',
      { class: 'chart-row' },
      rowLabel(row, labelWidth),
      el('rect', { class: 'chart-track', x: labelWidth, y: row.barTop, width: plotWidth, height: BAR_HEIGHT, fill: TRACK }),
      el('rect', { class: 'chart-bar', x: labelWidth, y: row.barTop, width: share * plotWidth, height: BAR_HEIGHT, fill: MARK }),
      valueText(labelWidth + plotWidth + VALUE_GAP, row, value(item, share)),
    );
  });
  return chartRoot(opts, width, bottom + BOTTOM, 'shares', join(bars));
}
