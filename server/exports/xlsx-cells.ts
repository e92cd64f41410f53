// Sheets of the workbook as tables: caption lines, one header row (frozen with the lines above it),
// then rows whose cells are typed by their column — shares are numbers with a percent format, never
// text, so that Excel and LibreOffice compute with them; instants are dates in Viet Nam time.
//
// Text typed by people (citizens' comments, agency and service point names, questionnaire texts)
// could begin with = + - @ or a tab or carriage return. exceljs writes every string as a string
// cell (t="str" with a <v>, never an <f>), so Excel and LibreOffice do not evaluate it; we add the
// CSV's leading apostrophe as well (neutralise, server/exports/csv-cells.ts), because a workbook is
// often saved again as CSV, where only the apostrophe keeps such text inert. The price is an
// apostrophe visible on those rare cells, the same text the CSV file shows.
import type { Style, Workbook, Worksheet } from 'exceljs';
import { neutralise } from './csv-cells.ts';
import { VIET_NAM_OFFSET_MS } from '../i18n/format.ts';

export type Kind = 'text' | 'longText' | 'count' | 'number' | 'percent' | 'points' | 'datetime';

export interface Column {
  header: string;
  kind: Kind;
  /** In characters, as Excel counts them. */
  width: number;
}

export type Value = string | number | Date | null | undefined;

const NUMBER_FORMAT: Partial<Record<Kind, string>> = {
  count: '#,##0',
  percent: '0.00%',
  // A difference of two shares, in percentage points: +1.20% / −0.50%.
  points: '+0.00%;-0.00%;0.00%',
  datetime: 'dd/mm/yyyy hh:mm',
};

/** Excel refuses a workbook with a cell over 32,767 characters. */
const MAX_CELL_TEXT = 32_767;

function cellText(text: string): string {
  const safe = neutralise(text);
  return safe.length > MAX_CELL_TEXT ? `${safe.slice(0, MAX_CELL_TEXT - 1)}…` : safe;
}

/**
 * Spreadsheet dates have no time zone: exceljs stores a Date's UTC fields, so the instant is
 * shifted to Viet Nam's wall clock (UTC+7 all year) to show the time the citizen saw.
 */
function vietnamWallClock(d: Date): Date {
  return new Date(d.getTime() + VIET_NAM_OFFSET_MS);
}

function cellValue(v: Value): string | number | Date | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return vietnamWallClock(v);
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  return cellText(v);
}

export interface Table {
  sheet: Worksheet;
  /** Data rows written so far (captions and the header not counted). */
  rows: number;
  add(values: readonly Value[], opts?: { bold?: boolean }): void;
  /** Commits the sheet: its rows are written and it can take no more. */
  end(): void;
}

export interface TableOptions {
  /** Lines above the header; the first is the sheet's title, bold. */
  caption: string[];
  columns: Column[];
  /** Columns kept in view when scrolling sideways (the unit's code and name). */
  frozenColumns?: number;
  /** A bigger title: the workbook's first sheet. */
  mainTitle?: boolean;
  /** A filter button on each header cell. */
  autoFilter?: boolean;
  /** A second header line (the responses sheet: the question texts under their codes). */
  subHeader?: string[];
}

const HEADER_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF4' } } as const;

function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** A new sheet with its caption and header written; rows are committed as they are added. */
export function startTable(workbook: Workbook, name: string, opts: TableOptions): Table {
  const headerRow = opts.caption.length + 1;
  const sheet = workbook.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: headerRow + (opts.subHeader ? 1 : 0), xSplit: opts.frozenColumns ?? 0 }],
  });
  sheet.columns = opts.columns.map((c) => ({ width: c.width }));
  if (opts.autoFilter && opts.columns.length > 0) sheet.autoFilter = `A${headerRow}:${columnLetter(opts.columns.length)}${headerRow}`;

  opts.caption.forEach((line, i) => {
    const row = sheet.addRow([line]);
    if (i === 0) row.getCell(1).font = { bold: true, size: opts.mainTitle ? 14 : 12 };
    row.commit();
  });

  const header = sheet.addRow(opts.columns.map((c) => cellText(c.header)));
  // Rows with wrapped text keep the height they are given; enough lines for the longest header.
  const lines = Math.max(1, ...opts.columns.map((c) => Math.ceil(c.header.length / Math.max(4, c.width - 1))));
  header.height = 15 * Math.min(lines, 6);
  header.eachCell((cell) => {
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.alignment = { wrapText: true, vertical: 'top' };
    cell.border = { bottom: { style: 'thin' } };
  });
  header.commit();
  if (opts.subHeader) {
    const sub = sheet.addRow(opts.subHeader.map(cellText));
    sub.font = { italic: true };
    sub.commit();
  }

  // One style object per column, shared by all its cells: exceljs recognises a style object it has
  // seen (a WeakMap) and skips rendering it again, which is most of its cost per cell otherwise.
  // Shared, so never changed through a cell (cell.font = … would change the whole column).
  const styles = opts.columns.map((c): Partial<Style> => {
    const style: Partial<Style> = {};
    const format = NUMBER_FORMAT[c.kind];
    if (format) style.numFmt = format;
    if (c.kind === 'longText') style.alignment = { wrapText: true, vertical: 'top' };
    return style;
  });
  const boldStyles = styles.map((s): Partial<Style> => ({ ...s, font: { bold: true } }));
  const table: Table = {
    sheet,
    rows: 0,
    add(values, rowOpts) {
      const row = sheet.addRow([]);
      const rowStyles = rowOpts?.bold ? boldStyles : styles;
      for (let i = 0; i < opts.columns.length; i++) {
        const v = cellValue(values[i]);
        if (v === null) continue;
        const cell = row.getCell(i + 1);
        cell.value = v;
        cell.style = rowStyles[i]!;
      }
      row.commit();
      table.rows++;
    },
    end() {
      sheet.commit();
    },
  };
  return table;
}
