// The layout horizontal bar charts share: a column of wrapped labels on the left, the plot, and a
// column on the right for each bar's value. Rows grow to fit a label that wraps, so a long criterion
// name is shown whole rather than cut.
import { HALO, INK, MUTED } from './palette.ts';
import { textLines, textWidth, wrapText, type Svg } from './svg.ts';

export const BAR_HEIGHT = 22;
const ROW_GAP = 14;
const LINE_HEIGHT = 17;
const LABEL_GAP = 10;
/** Room between the end of a bar (or its whisker) and its value. */
export const VALUE_GAP = 8;

export interface ColumnWidths {
  width: number;
  labelWidth: number;
  valueWidth: number;
}

/** The label and value columns: the caller's if given, otherwise as wide as their longest text, within limits. */
export function columns(
  labels: string[],
  values: string[],
  opts: { width?: number | undefined; labelWidth?: number | undefined; valueWidth?: number | undefined },
): ColumnWidths {
  const width = opts.width ?? 640;
  const longest = (xs: string[]) => Math.max(0, ...xs.map((s) => textWidth(s)));
  const labelWidth = opts.labelWidth ?? Math.min(width * 0.4, Math.max(64, longest(labels) + LABEL_GAP + 8));
  const valueWidth = opts.valueWidth ?? Math.min(width * 0.3, Math.max(48, longest(values) + VALUE_GAP + 4));
  if (labelWidth + valueWidth >= width - 40) throw new Error('chart columns leave no room for the plot');
  return { width, labelWidth, valueWidth };
}

export interface Row {
  /** Top of the bar; the row's centre line is top + BAR_HEIGHT / 2. */
  barTop: number;
  centre: number;
  lines: string[];
}

export function layoutRows(labels: string[], top: number, labelWidth: number): { rows: Row[]; bottom: number } {
  let y = top;
  const rows = labels.map((label) => {
    const lines = wrapText(label, labelWidth - LABEL_GAP - 4);
    const height = Math.max(BAR_HEIGHT, lines.length * LINE_HEIGHT) + ROW_GAP;
    const centre = y + height / 2;
    y += height;
    return { barTop: centre - BAR_HEIGHT / 2, centre, lines };
  });
  return { rows, bottom: y };
}

export function rowLabel(row: Row, labelWidth: number): Svg {
  return textLines(row.lines, labelWidth - LABEL_GAP, row.centre, { class: 'chart-label', 'text-anchor': 'end', fill: INK }, LINE_HEIGHT);
}

export function valueText(x: number, row: Row, value: string): Svg {
  return textLines([value], x, row.centre, { class: 'chart-value', fill: INK }, LINE_HEIGHT);
}

/** In place of a bar: words, set apart from values by grey italics, so no one reads it as 0%; haloed where the target line crosses. */
export function noDataText(x: number, row: Row, label: string): Svg {
  return textLines(
    [label],
    x,
    row.centre,
    { class: 'chart-nodata', fill: MUTED, 'font-style': 'italic', stroke: HALO, 'stroke-width': 4, 'paint-order': 'stroke' },
    LINE_HEIGHT,
  );
}
