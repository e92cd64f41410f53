// The XLSX workbook "Báo cáo kết quả khảo sát sự hài lòng" of a selection: Summary (the agency and
// each unit directly under it), Response rate, Criteria, Expectations, Drop-off (the online survey), Hạn chế và
// khắc phục (the improvement plans), Comments, Methodology and, on request, the reportable responses
// with the CSV's columns. Written with exceljs' streaming writer: each row is committed as it is
// added and each sheet when it is complete, so only the rows of the current page are held; the zip
// goes to `out` through a sink that leaves `out` open for the caller.
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { translator } from '../i18n/index.ts';
import type { Exporter, ExportJob } from './export.ts';
import { commentsSheet, responsesSheets, type PageOptions } from './xlsx-responses.ts';
import { agencyName, criteriaSheet, dropOffSheet, expectationsSheet, loadContext, methodologySheet, summarySheet } from './xlsx-sheets.ts';
import { plansSheet } from './xlsx-plans.ts';
import { responseRateSheet } from './xlsx-served.ts';
import { rulesSheet } from './xlsx-rules.ts';
import { openSink } from './xlsx-stream.ts';

/** Writes the whole workbook to `out` without ending it; rows: the data rows of every sheet. */
export async function writeWorkbook(job: ExportJob, out: Writable, opts: PageOptions = {}): Promise<{ rows: number }> {
  const t = translator(job.locale);
  // Everything that can fail on bad data fails here, before a byte is written.
  const ctx = await loadContext(job, t);
  const sink = openSink(out);
  // Shared strings would keep every distinct text in memory until the end; inline strings do not.
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink.stream, useStyles: true, useSharedStrings: false });
  workbook.title = t('exportXlsx.title');
  workbook.subject = t('exportXlsx.subject', { agency: agencyName(job.agency, job), period: ctx.periodText });
  workbook.creator = 'Hài Lòng';
  workbook.lastModifiedBy = job.madeBy;
  workbook.created = job.madeAt;
  workbook.modified = job.madeAt;

  let rows = 0;
  rows += await summarySheet(workbook, ctx);
  rows += await responseRateSheet(workbook, ctx);
  rows += criteriaSheet(workbook, ctx);
  rows += rulesSheet(workbook, ctx);
  rows += await expectationsSheet(workbook, ctx);
  rows += await dropOffSheet(workbook, ctx);
  rows += await plansSheet(workbook, ctx);
  rows += await commentsSheet(workbook, sink, ctx, opts);
  rows += methodologySheet(workbook, ctx);
  if (job.includeResponses) rows += await responsesSheets(workbook, sink, ctx, opts);
  await Promise.race([workbook.commit(), sink.failed]);
  return { rows };
}

const xlsx: Exporter = {
  write: (job, out) => writeWorkbook(job, out),
};

export default xlsx;
