// The people-served CSV (`hailong served import`, the "Nhập số lượt phục vụ" page) and the rows of
// POST /api/v1/served: each row a service point's code, a day (YYYY-MM-DD) or a calendar month
// (YYYY-MM), and how many people it served. Checked here without the database, so that a bad file
// reports every problem at once with its line and column; the writer only sees a clean list.
import { AGENCY_CODE } from './agency-import.ts';
import { readCsvTable, type CsvShapeErrorCode } from './csv-table.ts';
import { isDay } from './period.ts';

const SERVED_CSV_COLUMNS = ['service_point_code', 'period', 'served'] as const;
export type ServedCsvColumn = (typeof SERVED_CSV_COLUMNS)[number];

/** The most a point can serve in a period, as the table's check says. */
export const MAX_SERVED = 10_000_000;
/** Service point codes follow the agency codes' alphabet (migrations/0001: ^[A-Za-z0-9._-]{1,64}$). */
export const SERVICE_POINT_CODE = AGENCY_CODE;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export type ServedImportErrorCode =
  | CsvShapeErrorCode
  | 'point.required'
  | 'point.format'
  | 'point.unknown'
  | 'period.format'
  | 'period.future'
  | 'served.format'
  | 'served.range'
  | 'duplicate';

export interface ServedImportError {
  /** Line in the file, the header being line 1. */
  line: number;
  column: ServedCsvColumn | null;
  code: ServedImportErrorCode;
  params?: Record<string, string | number>;
}

export interface ServedInput {
  line: number;
  servicePointCode: string;
  kind: 'day' | 'month';
  /** The day, or the first of the month. */
  start: string;
  served: number;
}

/** '2026-11-05' is a day, '2026-11' a month; anything else is not a period. */
export function parseServedPeriod(text: string): { kind: 'day' | 'month'; start: string } | null {
  if (isDay(text)) return { kind: 'day', start: text };
  const m = MONTH.exec(text);
  return m && Number(m[1]) >= 2000 ? { kind: 'month', start: `${text}-01` } : null;
}

/** A count as people write it: digits only (a '.' or ',' could be a thousands or a decimal mark). */
function parseServedCount(text: string): { ok: true; value: number } | { ok: false; reason: 'format' | 'range' } {
  if (!/^\d{1,9}$/.test(text)) return { ok: false, reason: 'format' };
  const value = Number(text);
  return value <= MAX_SERVED ? { ok: true, value } : { ok: false, reason: 'range' };
}

/**
 * Checks one row, wherever it came from. `today` (Viet Nam calendar) refuses a period that has not
 * started: a count of people served is a record of what happened.
 */
function checkServedRow(
  cells: Record<ServedCsvColumn, string>,
  line: number,
  today: string,
): { row?: ServedInput; errors: ServedImportError[] } {
  const errors: ServedImportError[] = [];
  const fail = (column: ServedCsvColumn, code: ServedImportErrorCode, params: Record<string, string | number> = {}) =>
    errors.push({ line, column, code, params: { value: cells[column], ...params } });
  if (cells.service_point_code === '') fail('service_point_code', 'point.required');
  else if (!SERVICE_POINT_CODE.test(cells.service_point_code)) fail('service_point_code', 'point.format');
  const period = parseServedPeriod(cells.period);
  if (!period) fail('period', 'period.format');
  else if (period.start > today) fail('period', 'period.future');
  const count = parseServedCount(cells.served);
  if (!count.ok) fail('served', `served.${count.reason}`, { max: MAX_SERVED });
  if (errors.length > 0 || !period || !count.ok) return { errors };
  return { errors, row: { line, servicePointCode: cells.service_point_code, kind: period.kind, start: period.start, served: count.value } };
}

/** Rows with the same point and period would overwrite each other in one import: the second is an error. */
export function checkServedRows(
  rows: { line: number; cells: Record<ServedCsvColumn, string> }[],
  today: string,
): { rows: ServedInput[]; errors: ServedImportError[] } {
  const errors: ServedImportError[] = [];
  const out: ServedInput[] = [];
  const seen = new Map<string, number>();
  for (const { line, cells } of rows) {
    const r = checkServedRow(cells, line, today);
    errors.push(...r.errors);
    if (!r.row) continue;
    const key = `${r.row.servicePointCode}\u0000${r.row.kind}\u0000${r.row.start}`;
    const first = seen.get(key);
    if (first !== undefined) {
      errors.push({ line, column: 'period', code: 'duplicate', params: { value: cells.period, firstLine: first } });
      continue;
    }
    seen.set(key, line);
    out.push(r.row);
  }
  return { rows: out, errors };
}

export function parseServedCsv(text: string, today: string): { rows: ServedInput[]; errors: ServedImportError[] } {
  const table = readCsvTable(text, SERVED_CSV_COLUMNS);
  const checked = checkServedRows(table.rows, today);
  return { rows: checked.rows, errors: [...table.errors, ...checked.errors] };
}

/** Every error by line, then by column in the file's order. */
export function sortServedErrors(errors: ServedImportError[]): ServedImportError[] {
  const col = (c: ServedCsvColumn | null) => (c === null ? -1 : SERVED_CSV_COLUMNS.indexOf(c));
  return [...errors].sort((a, b) => a.line - b.line || col(a.column) - col(b.column));
}
