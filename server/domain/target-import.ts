// The targets CSV (`hailong targets import`): parsed and checked here without touching the database,
// so that a bad file reports every problem at once with its line and column, and the writer only
// ever sees a clean list. Thresholds are per cent as people write them (80, "82,5"); a target holds
// for a year or for a period given by both dates; an empty questionnaire_code means any questionnaire.
import { z } from 'zod';
import { AGENCY_CODE } from './agency-import.ts';
import { readCsvTable, type CsvShapeErrorCode } from './csv-table.ts';
import { QUESTIONNAIRE_CODE } from './questionnaire-schema.ts';
import { parseThreshold, yearPeriod, type Comparator } from './targets.ts';

const TARGET_CSV_COLUMNS = [
  'agency_code',
  'questionnaire_code',
  'year',
  'period_from',
  'period_to',
  'index_code',
  'comparator',
  'threshold',
] as const;
export type TargetCsvColumn = (typeof TARGET_CSV_COLUMNS)[number];

export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;
const INDEX_CODE = /^[A-Za-z0-9._-]{1,64}$/;

export type TargetImportErrorCode =
  | CsvShapeErrorCode
  | 'agency.required'
  | 'agency.format'
  | 'agency.unknown'
  | 'questionnaire.format'
  | 'questionnaire.unknown'
  | 'year.format'
  | 'period.missing'
  | 'period.both'
  | 'period.incomplete'
  | 'date.format'
  | 'date.order'
  | 'index.required'
  | 'index.format'
  | 'index.unknown'
  | 'index.unknownAny'
  | 'comparator.invalid'
  | 'threshold.format'
  | 'threshold.range'
  | 'threshold.fraction'
  | 'duplicate';

export interface TargetImportError {
  /** Line in the file, the header being line 1. */
  line: number;
  column: TargetCsvColumn | null;
  code: TargetImportErrorCode;
  params?: Record<string, string | number>;
}

export interface TargetImportRow {
  line: number;
  agencyCode: string;
  questionnaireCode: string | null;
  periodFrom: string;
  periodTo: string;
  indexCode: string;
  comparator: Comparator;
  threshold: number;
}

export interface ParsedTargetCsv {
  rows: TargetImportRow[];
  errors: TargetImportError[];
}

const isoDate = z.iso.date();
// '≥' is how the target is written on paper; the file may say so too.
const COMPARATOR_SPELLINGS: Record<string, Comparator> = { '>': '>', '>=': '>=', '≥': '>=' };

function checkRow(cells: Record<TargetCsvColumn, string>, line: number): { row?: TargetImportRow; errors: TargetImportError[] } {
  const errors: TargetImportError[] = [];
  const fail = (column: TargetCsvColumn, code: TargetImportErrorCode, params: Record<string, string | number> = {}) =>
    errors.push({ line, column, code, params: { value: cells[column], ...params } });

  if (cells.agency_code === '') fail('agency_code', 'agency.required');
  else if (!AGENCY_CODE.test(cells.agency_code)) fail('agency_code', 'agency.format');
  if (cells.questionnaire_code !== '' && !QUESTIONNAIRE_CODE.test(cells.questionnaire_code))
    fail('questionnaire_code', 'questionnaire.format');

  let period: { from: string; to: string } | null = null;
  const hasYear = cells.year !== '';
  const hasFrom = cells.period_from !== '';
  const hasTo = cells.period_to !== '';
  if (hasYear && (hasFrom || hasTo)) fail('year', 'period.both');
  else if (hasYear) {
    const y = /^\d{4}$/.test(cells.year) ? Number(cells.year) : NaN;
    if (!(y >= MIN_YEAR && y <= MAX_YEAR)) fail('year', 'year.format', { min: MIN_YEAR, max: MAX_YEAR });
    else period = yearPeriod(y);
  } else if (!hasFrom && !hasTo) fail('year', 'period.missing');
  else if (!hasFrom || !hasTo) fail(hasFrom ? 'period_to' : 'period_from', 'period.incomplete');
  else {
    // z.iso.date() checks the calendar too: 2026-02-29 is refused.
    const fromOk = isoDate.safeParse(cells.period_from).success;
    const toOk = isoDate.safeParse(cells.period_to).success;
    if (!fromOk) fail('period_from', 'date.format');
    if (!toOk) fail('period_to', 'date.format');
    if (fromOk && toOk) {
      if (cells.period_to < cells.period_from) fail('period_to', 'date.order', { from: cells.period_from });
      else period = { from: cells.period_from, to: cells.period_to };
    }
  }

  if (cells.index_code === '') fail('index_code', 'index.required');
  else if (!INDEX_CODE.test(cells.index_code)) fail('index_code', 'index.format');
  // Own keys only: '__proto__' or 'constructor' in a file must not find Object's (the fuzz run did).
  const spelled = cells.comparator.replace(/\s+/g, '');
  const comparator = Object.hasOwn(COMPARATOR_SPELLINGS, spelled) ? COMPARATOR_SPELLINGS[spelled] : undefined;
  if (!comparator) fail('comparator', 'comparator.invalid');
  const threshold = parseThreshold(cells.threshold);
  if (!threshold.ok) fail('threshold', `threshold.${threshold.reason}`);

  if (errors.length > 0 || !period || !comparator || !threshold.ok) return { errors };
  return {
    errors,
    row: {
      line,
      agencyCode: cells.agency_code,
      questionnaireCode: cells.questionnaire_code || null,
      periodFrom: period.from,
      periodTo: period.to,
      indexCode: cells.index_code,
      comparator,
      threshold: threshold.share,
    },
  };
}

export function parseTargetCsv(text: string): ParsedTargetCsv {
  const table = readCsvTable(text, TARGET_CSV_COLUMNS);
  const errors: TargetImportError[] = [...table.errors];
  const rows: TargetImportRow[] = [];
  const seen = new Map<string, number>();
  for (const { line, cells } of table.rows) {
    const r = checkRow(cells, line);
    errors.push(...r.errors);
    if (!r.row) continue;
    // Two rows for the same agency, questionnaire, period and index: one would silently shadow the other.
    const key = [r.row.agencyCode, r.row.questionnaireCode ?? '', r.row.periodFrom, r.row.periodTo, r.row.indexCode.toLowerCase()].join(
      '\u0000',
    );
    const first = seen.get(key);
    if (first !== undefined) {
      errors.push({ line, column: 'index_code', code: 'duplicate', params: { value: r.row.indexCode, firstLine: first } });
      continue;
    }
    seen.set(key, line);
    rows.push(r.row);
  }
  return { rows, errors };
}

/** What the database knows about the codes a file names. */
export interface TargetRefs {
  agencies: ReadonlyMap<string, number>;
  questionnaires: ReadonlyMap<string, { id: number; indexCodes: ReadonlySet<string> }>;
}

export interface ResolvedTarget extends TargetImportRow {
  agencyId: number;
  questionnaireId: number | null;
}

/** Checks the parsed rows against the database's agencies, questionnaires and their index codes. */
export function resolveTargetRows(parsed: ParsedTargetCsv, refs: TargetRefs): { errors: TargetImportError[]; targets: ResolvedTarget[] } {
  const errors = [...parsed.errors];
  const targets: ResolvedTarget[] = [];
  // 'Overall', 'e1.1': a code differing only in case is the code a person meant.
  const lookup = (codes: Iterable<string>) => new Map([...codes].map((c) => [c.toLowerCase(), c]));
  const anyIndex = lookup([...refs.questionnaires.values()].flatMap((q) => [...q.indexCodes]));
  const byQuestionnaire = new Map([...refs.questionnaires].map(([code, q]) => [code, lookup(q.indexCodes)]));
  for (const r of parsed.rows) {
    const agencyId = refs.agencies.get(r.agencyCode);
    const questionnaire = r.questionnaireCode === null ? null : refs.questionnaires.get(r.questionnaireCode);
    const before = errors.length;
    if (agencyId === undefined)
      errors.push({ line: r.line, column: 'agency_code', code: 'agency.unknown', params: { value: r.agencyCode } });
    const indexCode = (r.questionnaireCode === null ? anyIndex : byQuestionnaire.get(r.questionnaireCode))?.get(r.indexCode.toLowerCase());
    if (questionnaire === undefined) {
      errors.push({
        line: r.line,
        column: 'questionnaire_code',
        code: 'questionnaire.unknown',
        params: { value: r.questionnaireCode ?? '' },
      });
    } else if (indexCode === undefined) {
      errors.push({
        line: r.line,
        column: 'index_code',
        code: r.questionnaireCode === null ? 'index.unknownAny' : 'index.unknown',
        params: { value: r.indexCode, questionnaire: r.questionnaireCode ?? '' },
      });
    }
    if (errors.length > before || agencyId === undefined || questionnaire === undefined || indexCode === undefined) continue;
    targets.push({ ...r, indexCode, agencyId, questionnaireId: questionnaire ? questionnaire.id : null });
  }
  errors.sort(
    (a, b) =>
      a.line - b.line || TARGET_CSV_COLUMNS.indexOf(a.column ?? 'agency_code') - TARGET_CSV_COLUMNS.indexOf(b.column ?? 'agency_code'),
  );
  return { errors, targets };
}
