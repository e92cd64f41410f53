// The workbook's sheets read from raw responses a page at a time (responsePages): the citizens'
// comments, and on request one row per reportable response with the CSV file's columns. After each
// page the writer waits for the zip to take what the page produced (paced), so a million
// responses stream through in bounded memory.
import type { Workbook } from 'exceljs';
import { responsePages, type ExportResponse } from '../db/queries/exports.ts';
import { bucketOf, countFilter, linksFor } from '../results/selection.ts';
import { csvColumns } from './csv.ts';
import type { ExportJob } from './export.ts';
import { startTable, type Column, type Table, type Value } from './xlsx-cells.ts';
import { agencyName, type WorkbookContext } from './xlsx-sheets.ts';
import { paced, type Sink } from './xlsx-stream.ts';

export interface PageOptions {
  /** Uncompressed bytes a sheet may hold back before the next page is read. */
  backlogLimit?: number;
  /** Data rows per responses sheet before a new one begins (Excel's limit by default). */
  sheetRows?: number;
  /** Responses read per page (responsePages' default: 1000). */
  pageSize?: number;
  /** After each page: the sheet being written and the responses read for it so far. */
  progress?: (p: { sheet: 'comments' | 'responses'; responses: number }) => void;
}

/** Excel's 1,048,576 rows per sheet, less the two header lines. */
const SHEET_ROWS = 1_048_576 - 2;

async function* reportablePages(
  job: ExportJob,
  ctx: WorkbookContext,
  identifiers: boolean,
  opts: PageOptions,
): AsyncGenerator<ExportResponse[]> {
  const bucket = bucketOf(job.agency, await linksFor(job.db, job.filter));
  const cf = countFilter(job.filter, ctx.root.questionnaire.versionIds);
  yield* responsePages(job.db, bucket, cf, { reportableOnly: true, identifiers, ...(opts.pageSize ? { pageSize: opts.pageSize } : {}) });
}

/**
 * Every comment of the reportable responses of the selection, in the order they were sent (the
 * dashboards' latestComments shows only the latest few and includes flagged ones, marked).
 */
export async function commentsSheet(workbook: Workbook, sink: Sink, ctx: WorkbookContext, opts: PageOptions = {}): Promise<number> {
  const { job, t } = ctx;
  const table = startTable(workbook, t('exportXlsx.sheet.comments'), {
    caption: [t('exportXlsx.comments.caption')],
    autoFilter: true,
    columns: [
      { header: t('exportXlsx.col.submittedAt'), kind: 'datetime', width: 17 },
      { header: t('exportXlsx.col.agencyCode'), kind: 'text', width: 16 },
      { header: t('exportXlsx.col.agency'), kind: 'text', width: 36 },
      { header: t('exportXlsx.col.channel'), kind: 'text', width: 22 },
      { header: t('exportXlsx.col.comment'), kind: 'longText', width: 90 },
    ],
  });
  let read = 0;
  for await (const page of reportablePages(job, ctx, false, opts)) {
    for (const r of page) {
      if (r.comment === null || r.comment.trim() === '') continue;
      table.add([
        r.submittedAt,
        r.agencyCode,
        agencyName({ name_vi: r.agencyNameVi, name_en: null }, job),
        t(`results.channel.${r.channel}`),
        r.comment,
      ]);
    }
    read += page.length;
    opts.progress?.({ sheet: 'comments', responses: read });
    await paced(table.sheet, sink, opts.backlogLimit);
  }
  table.end();
  return table.rows;
}

const WIDTHS: Record<string, number> = { id: 38, agency_name: 36, submitted_at: 17, comment: 50, dossier_hash: 20, officer_name: 24 };

/**
 * One row per reportable response with the CSV's columns (csvColumns: the same names, the same
 * question codes, identifiers only when allowed) and its question texts as a second header line;
 * the instant it was sent is a date cell rather than the CSV's ISO text. A selection larger than
 * a sheet can hold continues on "Phiếu khảo sát (2)", and so on.
 */
export async function responsesSheets(workbook: Workbook, sink: Sink, ctx: WorkbookContext, opts: PageOptions = {}): Promise<number> {
  const { job, t } = ctx;
  const columns = await csvColumns(job, ctx.root.questionnaire);
  const layout: Column[] = columns.map((c) => ({
    header: c.name,
    kind: c.name === 'submitted_at' ? 'datetime' : 'text',
    width: WIDTHS[c.name] ?? Math.max(8, c.name.length + 2),
  }));
  const at = columns.findIndex((c) => c.name === 'submitted_at');
  const perSheet = opts.sheetRows ?? SHEET_ROWS;
  let sheets = 0;
  let total = 0;
  const open = (): Table =>
    startTable(workbook, ++sheets === 1 ? t('exportXlsx.sheet.responses') : t('exportXlsx.sheet.responsesMore', { n: sheets }), {
      caption: [],
      columns: layout,
      subHeader: columns.map((c) => c.label),
      autoFilter: true,
    });
  let table = open();
  const cells: Value[] = new Array<Value>(columns.length);
  for await (const page of reportablePages(job, ctx, job.includeIdentifiers, opts)) {
    for (const r of page) {
      if (table.rows === perSheet) {
        total += table.rows;
        table.end();
        table = open();
      }
      for (let i = 0; i < columns.length; i++) cells[i] = i === at ? r.submittedAt : columns[i]!.value(r);
      table.add(cells);
    }
    opts.progress?.({ sheet: 'responses', responses: total + table.rows });
    await paced(table.sheet, sink, opts.backlogLimit);
  }
  table.end();
  return total + table.rows;
}
