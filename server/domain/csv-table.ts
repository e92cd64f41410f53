// A CSV file with a header row of known column names, read into cells by column name, each row with
// the line an editor shows it on. Problems with the file's shape are reported, not thrown, so that an
// import can list every problem of a file at once.
import { parse } from 'csv-parse/sync';
import { cleanText } from './text.ts';

export type CsvShapeErrorCode = 'csv' | 'empty' | 'header.missing' | 'header.unknown' | 'header.duplicate' | 'fields';

export interface CsvShapeError<C extends string> {
  /** Line in the file, the header being line 1. */
  line: number;
  column: C | null;
  code: CsvShapeErrorCode;
  params?: Record<string, string | number>;
}

export interface CsvTable<C extends string> {
  rows: { line: number; cells: Record<C, string> }[];
  errors: CsvShapeError<C>[];
}

// Spreadsheets set to Vietnamese write ';' between fields, because ',' is their decimal mark.
function delimiterOf(input: string): ',' | ';' {
  const head = input.slice(0, input.indexOf('\n') === -1 ? undefined : input.indexOf('\n'));
  return head.includes(';') && !head.includes(',') ? ';' : ',';
}

/**
 * Reads the file against the expected columns: every column is required (in any order), no other
 * column is allowed, blank lines are skipped, cells are trimmed and NFC. Rows are only returned when
 * the header is right; a row with the wrong number of fields is reported and left out.
 */
export function readCsvTable<C extends string>(text: string, columns: readonly C[]): CsvTable<C> {
  const errors: CsvShapeError<C>[] = [];
  const rows: CsvTable<C>['rows'] = [];
  // One line ending, so that csv-parse's line count matches what an editor shows.
  const input = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // csv-parse's types do not model `info: true` (each record comes with its line count).
    records = parse(input, {
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      delimiter: delimiterOf(input),
    }) as unknown as typeof records;
  } catch (err) {
    const e = err as { lines?: number; message?: string };
    return { rows, errors: [{ line: e.lines ?? 1, column: null, code: 'csv', params: { detail: String(e.message ?? err) } }] };
  }
  // A record spanning several lines (a quoted newline) is reported at the line where it starts.
  const startLine = (r: { record: string[]; info: { lines: number } }) =>
    r.info.lines - r.record.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0);

  const [head, ...body] = records;
  if (!head) return { rows, errors: [{ line: 1, column: null, code: 'empty' }] };
  const headLine = startLine(head);
  const index = new Map<C, number>();
  head.record.forEach((raw, i) => {
    const name = cleanText(raw).toLowerCase();
    if (!(columns as readonly string[]).includes(name)) {
      errors.push({ line: headLine, column: null, code: 'header.unknown', params: { column: name, columns: columns.join(', ') } });
    } else if (index.has(name as C)) {
      errors.push({ line: headLine, column: name as C, code: 'header.duplicate', params: { column: name } });
    } else index.set(name as C, i);
  });
  for (const c of columns) if (!index.has(c)) errors.push({ line: headLine, column: c, code: 'header.missing', params: { column: c } });
  if (errors.length > 0) return { rows, errors };

  const data = body.filter((r) => r.record.some((f) => f.trim() !== ''));
  if (data.length === 0) return { rows, errors: [{ line: headLine + 1, column: null, code: 'empty' }] };
  for (const r of data) {
    const line = startLine(r);
    if (r.record.length !== head.record.length) {
      errors.push({ line, column: null, code: 'fields', params: { found: r.record.length, expected: head.record.length } });
      continue;
    }
    const cells = Object.fromEntries(columns.map((c) => [c, cleanText(r.record[index.get(c)!] ?? '')])) as Record<C, string>;
    rows.push({ line, cells });
  }
  return { rows, errors };
}
