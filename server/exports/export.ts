// An export: one selection of results (the dashboards' filters, resolved and scoped) written in one
// format to a stream. The formats (csv.ts, xlsx.ts, pdf.ts) take their numbers from the results
// service and their rows from server/db/queries/exports.ts; none computes a figure a second way.
import type { Writable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { Agency, Database } from '../db/schema.ts';
import type { Period } from '../domain/period.ts';
import type { Locale } from '../i18n/index.ts';
import type { ResultsFilter } from '../results/selection.ts';

export const FORMATS = ['csv', 'xlsx', 'pdf'] as const;
export type ExportFormat = (typeof FORMATS)[number];

export function isFormat(v: unknown): v is ExportFormat {
  return typeof v === 'string' && (FORMATS as readonly string[]).includes(v);
}

export interface ExportJob {
  db: Kysely<Database>;
  agency: Agency;
  filter: ResultsFilter;
  period: Period;
  previous: Period;
  /** The filters as the user gave them, for the methodology sheet and the audit log. */
  filters: Record<string, string>;
  locale: Locale;
  /** The raw-responses sheet of the workbook (off by default: it can be large). */
  includeResponses: boolean;
  /** Dossier hashes and officer names: only when a coordinator turned them on for the province. */
  includeIdentifiers: boolean;
  /** A second line of column labels (the questions' texts) in `locale`, for the CSV (`labels=1`). */
  includeLabels?: boolean;
  /** Who asked, as shown in the report ("nguyen.van.a@…", "api-token:3", "cli"). */
  madeBy: string;
  madeAt: Date;
}

/** What a download of each format is sent as. */
export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

export interface Exporter {
  /** Writes the whole export to `out` (without ending it) and says how many rows it held. */
  write(job: ExportJob, out: Writable): Promise<{ rows: number }>;
}

/** A file name safe on every system: hai-long_KHA_2026-01-01_2026-12-31.csv */
export function exportFileName(job: Pick<ExportJob, 'agency' | 'period'>, format: ExportFormat): string {
  const code = job.agency.code.replace(/[^A-Za-z0-9._-]/g, '_');
  return `hai-long_${code}_${job.period.from}_${job.period.to}.${format}`;
}
