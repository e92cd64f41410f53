// The workbook's sheet "Hạn chế và khắc phục": the improvement plans for weaknesses found in the
// export's period, in the selected agency's subtree — each weakness with the figure it had when
// the plan was made, the measures, the agency responsible, the deadline, the status (overdue said
// in words as of the export's day) and the outcome. Text typed by staff is neutralised like any
// other cell (xlsx-cells.ts).
import type { Workbook } from 'exceljs';
import { plansForReport } from '../db/queries/improvement-plans.ts';
import { localDay } from '../i18n/format.ts';
import { planView } from '../results/plan-display.ts';
import { startTable } from './xlsx-cells.ts';
import { agencyName, type WorkbookContext } from './xlsx-sheets.ts';

export async function plansSheet(workbook: Workbook, ctx: WorkbookContext): Promise<number> {
  const { job, t } = ctx;
  const plans = await plansForReport(job.db, job.agency.path, job.period.from, job.period.to);
  const today = localDay(job.madeAt);
  const table = startTable(workbook, t('plans.export.heading'), {
    caption: [
      t('plans.export.heading'),
      t('exportXlsx.scope', { agency: agencyName(job.agency, job), code: job.agency.code, period: ctx.periodText }),
      plans.length === 0 ? t('plans.export.none') : t('plans.export.intro'),
    ],
    autoFilter: plans.length > 0,
    columns: [
      { header: t('plans.export.col.agencyCode'), kind: 'text', width: 14 },
      { header: t('plans.export.col.agency'), kind: 'text', width: 32 },
      { header: t('plans.export.col.index'), kind: 'text', width: 9 },
      { header: t('plans.export.col.period'), kind: 'text', width: 24 },
      { header: t('plans.export.col.share'), kind: 'percent', width: 12 },
      { header: t('plans.export.col.n'), kind: 'number', width: 9 },
      { header: t('plans.export.col.weakness'), kind: 'longText', width: 50 },
      { header: t('plans.export.col.measures'), kind: 'longText', width: 60 },
      { header: t('plans.export.col.responsible'), kind: 'text', width: 32 },
      { header: t('plans.export.col.due'), kind: 'text', width: 12 },
      { header: t('plans.export.col.status'), kind: 'text', width: 24 },
      { header: t('plans.export.col.outcome'), kind: 'longText', width: 50 },
    ],
  });
  for (const p of plans) {
    const v = planView(p, t, job.locale, today);
    table.add([
      v.agencyCode,
      v.agency,
      v.index,
      v.period,
      p.share,
      p.n,
      v.weakness,
      v.measures,
      v.responsible,
      v.due,
      v.overdue ? t('plans.export.overdue', { status: v.statusText }) : v.statusText,
      v.outcome,
    ]);
  }
  table.end();
  return table.rows;
}
