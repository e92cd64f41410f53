// The agency tree CSV: parsed and checked here without touching the database, so that a bad file
// reports every problem at once (with its line and column) and the writer only ever sees a clean plan.
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { AgencyKind } from '../db/schema.ts';
import { cleanText } from './text.ts';

export const AGENCY_KINDS = ['province', 'department', 'commune', 'centre', 'branch', 'unit'] as const satisfies readonly AgencyKind[];
export const AGENCY_CODE = /^[A-Za-z0-9._-]{1,64}$/;
export const AGENCY_CSV_COLUMNS = [
  'code',
  'parent_code',
  'name_vi',
  'name_en',
  'kind',
  'valid_from',
  'valid_to',
  'successor_code',
] as const;
export type AgencyCsvColumn = (typeof AGENCY_CSV_COLUMNS)[number];
const NAME_MAX = 300;

export type AgencyImportErrorCode =
  | 'csv'
  | 'empty'
  | 'header.missing'
  | 'header.unknown'
  | 'header.duplicate'
  | 'fields'
  | 'code.required'
  | 'code.format'
  | 'code.duplicate'
  | 'name.required'
  | 'name.tooLong'
  | 'kind.unknown'
  | 'date.format'
  | 'date.order'
  | 'parent.self'
  | 'parent.unknown'
  | 'parent.cycle'
  | 'successor.self'
  | 'successor.unknown'
  | 'code.outOfScope'
  | 'parent.root';

export interface AgencyImportError {
  /** Line in the file, the header being line 1. */
  line: number;
  column: AgencyCsvColumn | null;
  code: AgencyImportErrorCode;
  params?: Record<string, string | number>;
}

export interface AgencyImportRow {
  line: number;
  code: string;
  parentCode: string | null;
  nameVi: string;
  nameEn: string | null;
  kind: AgencyKind;
  validFrom: string | null;
  validTo: string | null;
  successorCode: string | null;
}

export interface ParsedAgencyCsv {
  /** Rows that passed the per-row checks, in file order. */
  rows: AgencyImportRow[];
  errors: AgencyImportError[];
  /** Every well-formed code in the file (even on a row with other errors) → its first line, so that a
   *  child of a bad row is not also reported as having an unknown parent. */
  codes: Map<string, number>;
}

const code = z.string().min(1, { error: 'code.required' }).regex(AGENCY_CODE, { error: 'code.format' });
const isoDate = z.iso.date();
const optionalCode = z
  .string()
  .refine((s) => s === '' || AGENCY_CODE.test(s), { error: 'code.format' })
  .transform((s) => (s === '' ? null : s));
// z.iso.date() checks the calendar too: 2023-02-29 is refused.
const optionalDate = z
  .string()
  .refine((s) => s === '' || isoDate.safeParse(s).success, { error: 'date.format' })
  .transform((s) => (s === '' ? null : s));

const RowSchema = z.object({
  code,
  parent_code: optionalCode,
  name_vi: z.string().min(1, { error: 'name.required' }).max(NAME_MAX, { error: 'name.tooLong' }),
  name_en: z
    .string()
    .max(NAME_MAX, { error: 'name.tooLong' })
    .transform((s) => (s === '' ? null : s)),
  kind: z.enum(AGENCY_KINDS, { error: 'kind.unknown' }),
  valid_from: optionalDate,
  valid_to: optionalDate,
  successor_code: optionalCode,
});

// Checks across columns, made on the raw cells so that they are reported even when another column
// of the row is also wrong (zod skips refinements of an object that already failed).
function crossChecks(raw: Record<AgencyCsvColumn, string>, line: number): AgencyImportError[] {
  const out: AgencyImportError[] = [];
  const from = isoDate.safeParse(raw.valid_from).success ? raw.valid_from : null;
  const to = isoDate.safeParse(raw.valid_to).success ? raw.valid_to : null;
  if (from && to && to < from) out.push({ line, column: 'valid_to', code: 'date.order', params: { value: to, validFrom: from } });
  if (raw.code !== '' && raw.parent_code === raw.code)
    out.push({ line, column: 'parent_code', code: 'parent.self', params: { value: raw.code } });
  if (raw.code !== '' && raw.successor_code === raw.code)
    out.push({ line, column: 'successor_code', code: 'successor.self', params: { value: raw.code } });
  return out;
}

// Names are one line of text: a newline inside a quoted cell is a slip, not content.
const cell = (column: AgencyCsvColumn, raw: string) => {
  const s = cleanText(raw);
  return column === 'name_vi' || column === 'name_en' ? s.replace(/\s+/g, ' ') : s;
};

export function parseAgencyCsv(text: string): ParsedAgencyCsv {
  const errors: AgencyImportError[] = [];
  const rows: AgencyImportRow[] = [];
  const codes = new Map<string, number>();
  // One line ending, so that csv-parse's line count matches what an editor shows.
  const input = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // csv-parse's types do not model `info: true` (each record comes with its line count).
    records = parse(input, { info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as typeof records;
  } catch (err) {
    const e = err as { lines?: number; message?: string };
    errors.push({ line: e.lines ?? 1, column: null, code: 'csv', params: { detail: String(e.message ?? err) } });
    return { rows, errors, codes };
  }
  // A record spanning several lines (a quoted newline) is reported at the line where it starts.
  const startLine = (r: { record: string[]; info: { lines: number } }) =>
    r.info.lines - r.record.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0);

  const [head, ...body] = records;
  if (!head) return { rows, errors: [{ line: 1, column: null, code: 'empty' }], codes };
  const columns = head.record.map((h) => cleanText(h).toLowerCase());
  const index = new Map<AgencyCsvColumn, number>();
  columns.forEach((name, i) => {
    if (!(AGENCY_CSV_COLUMNS as readonly string[]).includes(name)) {
      errors.push({ line: startLine(head), column: null, code: 'header.unknown', params: { column: name } });
    } else if (index.has(name as AgencyCsvColumn)) {
      errors.push({ line: startLine(head), column: name as AgencyCsvColumn, code: 'header.duplicate', params: { column: name } });
    } else index.set(name as AgencyCsvColumn, i);
  });
  // Every column is required, even if empty: a re-import overwrites what is in the database, so a
  // column left out would silently clear it.
  for (const c of AGENCY_CSV_COLUMNS) {
    if (!index.has(c)) errors.push({ line: startLine(head), column: c, code: 'header.missing', params: { column: c } });
  }
  if (errors.length > 0) return { rows, errors, codes };

  const data = body.filter((r) => r.record.some((f) => f.trim() !== ''));
  if (data.length === 0) return { rows, errors: [{ line: startLine(head) + 1, column: null, code: 'empty' }], codes };

  for (const r of data) {
    const line = startLine(r);
    if (r.record.length !== columns.length) {
      errors.push({ line, column: null, code: 'fields', params: { found: r.record.length, expected: columns.length } });
      continue;
    }
    const raw = Object.fromEntries(
      AGENCY_CSV_COLUMNS.map((c) => [c, index.has(c) ? cell(c, r.record[index.get(c)!] ?? '') : '']),
    ) as Record<AgencyCsvColumn, string>;
    if (AGENCY_CODE.test(raw.code)) {
      const first = codes.get(raw.code);
      if (first !== undefined) {
        errors.push({ line, column: 'code', code: 'code.duplicate', params: { value: raw.code, firstLine: first } });
        continue;
      }
      codes.set(raw.code, line);
    }
    const parsed = RowSchema.safeParse(raw);
    const rowErrors: AgencyImportError[] = [];
    for (const issue of parsed.error?.issues ?? []) {
      const column = issue.path[0] as AgencyCsvColumn;
      rowErrors.push({ line, column, code: issue.message as AgencyImportErrorCode, params: { value: raw[column] ?? '', max: NAME_MAX } });
    }
    rowErrors.push(...crossChecks(raw, line));
    if (!parsed.success || rowErrors.length > 0) {
      errors.push(...rowErrors);
      continue;
    }
    const v = parsed.data;
    rows.push({
      line,
      code: v.code,
      parentCode: v.parent_code,
      nameVi: v.name_vi,
      nameEn: v.name_en,
      kind: v.kind,
      validFrom: v.valid_from,
      validTo: v.valid_to,
      successorCode: v.successor_code,
    });
  }
  return { rows, errors, codes };
}

/** Codes the database must be asked about: every code, parent and successor named in the file. */
export function referencedCodes(parsed: ParsedAgencyCsv): string[] {
  const s = new Set(parsed.codes.keys());
  for (const r of parsed.rows) {
    if (r.parentCode) s.add(r.parentCode);
    if (r.successorCode) s.add(r.successorCode);
  }
  return [...s];
}

/** An agency already in the database, as the planner needs it. */
export interface ExistingAgencyRef {
  id: number;
  code: string;
  parentCode: string | null;
  path?: string;
}

/**
 * A staff member's import stays in their subtree (issue 13): a row may not take over a code of an
 * agency outside it, make a new root, or hang an agency under (or hand it to) one outside it — an
 * agency outside is reported as unknown, as if it did not exist. An agency's own parent outside the
 * subtree (the subtree's root) may stay as it is. `existing` comes from agencyRefs, with paths.
 */
export function scopeErrors(parsed: ParsedAgencyCsv, existing: readonly ExistingAgencyRef[], scopePath: string): AgencyImportError[] {
  const inDb = new Map(existing.map((e) => [e.code, e]));
  const outside = (c: string) => {
    const e = inDb.get(c);
    return e !== undefined && !parsed.codes.has(c) && !(e.path ?? '').startsWith(scopePath);
  };
  const errors: AgencyImportError[] = [];
  for (const r of parsed.rows) {
    const own = inDb.get(r.code);
    if (own && !(own.path ?? '').startsWith(scopePath)) {
      errors.push({ line: r.line, column: 'code', code: 'code.outOfScope', params: { value: r.code } });
      continue;
    }
    const keepsParent = own !== undefined && own.parentCode === r.parentCode;
    if (r.parentCode === null && !keepsParent) errors.push({ line: r.line, column: 'parent_code', code: 'parent.root' });
    if (r.parentCode !== null && !keepsParent && outside(r.parentCode))
      errors.push({ line: r.line, column: 'parent_code', code: 'parent.unknown', params: { value: r.parentCode } });
    if (r.successorCode !== null && outside(r.successorCode))
      errors.push({ line: r.line, column: 'successor_code', code: 'successor.unknown', params: { value: r.successorCode } });
  }
  return errors;
}

export interface AgencyImportStep {
  row: AgencyImportRow;
  /** Set when the code is already in the database: the row updates (and maybe moves) it. */
  existingId: number | null;
  /** Depth in the tree as it will be after the import. */
  depth: number;
}

export interface AgencyImportPlan {
  errors: AgencyImportError[];
  /** Parents before children in the resulting tree, so each insert or move finds its parent in place. */
  steps: AgencyImportStep[];
}

/**
 * Checks the references of the parsed rows against the file and the database, and orders the writes.
 * `existing` must hold every referenced agency and all its ancestors (see referencedCodes).
 */
export function planAgencyImport(parsed: ParsedAgencyCsv, existing: readonly ExistingAgencyRef[]): AgencyImportPlan {
  const errors: AgencyImportError[] = [...parsed.errors];
  const inDb = new Map(existing.map((e) => [e.code, e]));
  const fileRows = new Map(parsed.rows.map((r) => [r.code, r]));
  const known = (c: string) => parsed.codes.has(c) || inDb.has(c);

  const unresolved = new Set<string>();
  for (const r of parsed.rows) {
    if (r.parentCode && !known(r.parentCode)) {
      errors.push({ line: r.line, column: 'parent_code', code: 'parent.unknown', params: { value: r.parentCode } });
      unresolved.add(r.code);
    }
    if (r.successorCode && !known(r.successorCode)) {
      errors.push({ line: r.line, column: 'successor_code', code: 'successor.unknown', params: { value: r.successorCode } });
    }
  }

  // The parent each code will have after the import: the file wins over the database.
  // undefined = not determinable (a bad row or an unknown code); the error is reported elsewhere.
  const parentAfter = (c: string): string | null | undefined => {
    const r = fileRows.get(c);
    if (r) return unresolved.has(c) ? undefined : r.parentCode;
    if (parsed.codes.has(c)) return undefined;
    const e = inDb.get(c);
    return e ? e.parentCode : undefined;
  };

  // Depth by walking up with memoisation; a walk that meets itself is a cycle.
  const depth = new Map<string, number | null>();
  const inCycle = new Set<string>();
  for (const r of parsed.rows) {
    const path: string[] = [];
    const onPath = new Set<string>();
    let c: string | null | undefined = r.code;
    let base: number | null = null;
    while (true) {
      if (c === null) {
        base = -1;
        break;
      }
      if (c === undefined) break;
      const d = depth.get(c);
      if (d !== undefined) {
        base = d;
        break;
      }
      if (onPath.has(c)) {
        const cycle = path.slice(path.indexOf(c));
        for (const m of cycle) inCycle.add(m);
        break;
      }
      path.push(c);
      onPath.add(c);
      c = parentAfter(c);
    }
    for (let i = path.length - 1; i >= 0; i--) {
      const m = path[i]!;
      base = base === null || inCycle.has(m) ? null : base + 1;
      depth.set(m, base);
    }
  }
  for (const r of parsed.rows) {
    if (!inCycle.has(r.code)) continue;
    const chain = [r.code];
    for (let c = parentAfter(r.code); c && c !== r.code && chain.length <= inCycle.size; c = parentAfter(c)) chain.push(c);
    chain.push(r.code);
    errors.push({ line: r.line, column: 'parent_code', code: 'parent.cycle', params: { chain: chain.join(' → ') } });
  }

  errors.sort((a, b) => a.line - b.line || AGENCY_CSV_COLUMNS.indexOf(a.column ?? 'code') - AGENCY_CSV_COLUMNS.indexOf(b.column ?? 'code'));
  const steps = parsed.rows
    .filter((r) => typeof depth.get(r.code) === 'number')
    .map((row) => ({ row, existingId: inDb.get(row.code)?.id ?? null, depth: depth.get(row.code) as number }))
    .sort((a, b) => a.depth - b.depth || a.row.line - b.row.line);
  return { errors, steps };
}
