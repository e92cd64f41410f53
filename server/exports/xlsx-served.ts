// The workbook's sheet "Tỷ lệ phản hồi": the agency and each unit directly under it (the Summary's
// rows), with the responses at the points whose people served are known, those people served, the
// response rate, the finite-population margin of error, and the marks and notes in words
// (server/results/served.ts; server/results/served-display.ts).
import type { Workbook } from 'exceljs';
import { rateView } from '../results/served-display.ts';
import { responseRates } from '../results/served.ts';
import { startTable } from './xlsx-cells.ts';
import { agencyName, type WorkbookContext } from './xlsx-sheets.ts';

export async function responseRateSheet(workbook: Workbook, ctx: WorkbookContext): Promise<number> {
  const { job, t, overview: view } = ctx;
  const rows = [view.root, ...view.rows];
  const rates = await responseRates(
    job.db,
    rows.map((r) => r.agency),
    job.filter,
  );
  const table = startTable(workbook, t('responseRate.sheet'), {
    caption: [t('responseRate.heading'), t('responseRate.explain')],
    frozenColumns: 2,
    columns: [
      { header: t('exportXlsx.col.code'), kind: 'text', width: 14 },
      { header: t('exportXlsx.col.agency'), kind: 'text', width: 40 },
      { header: t('responseRate.responses'), kind: 'count', width: 14 },
      { header: t('responseRate.servedColumn'), kind: 'count', width: 14 },
      { header: t('responseRate.column'), kind: 'percent', width: 14 },
      { header: t('responseRate.marginColumn'), kind: 'percent', width: 14 },
      { header: t('exportXlsx.col.note'), kind: 'longText', width: 60 },
    ],
  });
  for (const row of rows) {
    const r = rates.get(row.agency.id) ?? null;
    const words = rateView(r, t, job.locale);
    table.add(
      [
        row.agency.code,
        agencyName(row.agency, job),
        r?.responses,
        r?.served,
        r?.rate,
        r?.margin,
        r ? [words.mark, ...words.notes].filter(Boolean).join(' ') || null : words.rate,
      ],
      { bold: row === view.root },
    );
  }
  table.end();
  return table.rows;
}
