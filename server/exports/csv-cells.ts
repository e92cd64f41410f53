// One cell and one line of CSV (RFC 4180: comma-separated, CRLF line ends, quotes doubled inside a
// quoted field). Every value goes through `csvCell`, so nothing reaches the file without being
// neutralised: a spreadsheet evaluates a cell beginning with = + - @ (or a tab or carriage return
// before one) as a formula — citizens write the comments, so their text must arrive as text. The
// OWASP advice: prefix such a cell with a single quote.
//
// Our file is comma-separated, but a spreadsheet may be told (or may guess, where the decimal mark
// is a comma and the list separator a semicolon) to split on a semicolon or a tab instead, and it
// then ignores quotes that do not open its own fields: `ok;=1+1` becomes the cells `ok` and `=1+1`.
// So a field is quoted when it holds any separator a spreadsheet may use (comma, semicolon, tab)
// or a quote or line break, and a formula character after any of them (spaces between allowed)
// gets the same quote prefix as one at the start. Issue 11, finding 4.
import { VIET_NAM_OFFSET_MS } from '../i18n/format.ts';

const NEEDS_QUOTES = /[",;\t\r\n]/;
/** A separator or line break, optional spaces, then a formula character: where a cell may begin. */
const FORMULA_AFTER_SEPARATOR = /([,;\t\r\n] *)([=+\-@])/g;

/** A text value as it may sit in a spreadsheet cell: a would-be formula gets a leading `'`. */
export function neutralise(text: string): string {
  // = + - @ tab CR, by code: this runs for every text cell of a million-row file.
  const c = text.charCodeAt(0);
  return c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === 13 ? `'${text}` : text;
}

export type CellValue = string | number | null | undefined;

/**
 * A value as one CSV field. Numbers the export writes itself (answer values, version numbers) are
 * numbers, not text, and stay as they are; any other value is text and is neutralised.
 */
export function csvCell(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' && value >= 0 && value !== Infinity) return String(value);
  const text = neutralise(String(value));
  if (!NEEDS_QUOTES.test(text)) return text;
  return `"${neutraliseAfterSeparators(text).replace(/"/g, '""')}"`;
}

/** A formula that could start a cell after a separator inside the text gets a leading `'` too. */
function neutraliseAfterSeparators(text: string): string {
  return text.replace(FORMULA_AFTER_SEPARATOR, "$1'$2");
}

/** The fields of one record, with its CRLF. */
export function csvLine(values: readonly CellValue[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) line += (i === 0 ? '' : ',') + csvCell(values[i]);
  return `${line}\r\n`;
}

const DAY_MS = 86_400_000;
const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
// Rows come in time order, so consecutive ones share their day: its text is made once per day.
let lastDay = Number.NaN;
let lastDayText = '';

/**
 * An instant as Viet Nam's wall-clock time with its offset, to the second: 2026-11-20T10:00:00+07:00.
 * Viet Nam keeps +07:00 all year, so shifting by seven hours is exact.
 */
export function vietnamTime(d: Date): string {
  const local = d.getTime() + VIET_NAM_OFFSET_MS;
  const day = Math.floor(local / DAY_MS);
  if (day !== lastDay) {
    lastDay = day;
    lastDayText = new Date(day * DAY_MS).toISOString().slice(0, 11);
  }
  const s = Math.floor((local - day * DAY_MS) / 1000);
  return `${lastDayText}${TWO_DIGITS[Math.floor(s / 3600)]}:${TWO_DIGITS[Math.floor(s / 60) % 60]}:${TWO_DIGITS[s % 60]}+07:00`;
}
