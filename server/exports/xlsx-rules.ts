// The workbook's part of the province's index rule (issue 16): a sheet with the overall index by
// each rule beside the official one, and the methodology sheet's rows naming the official rule and
// the minimum sample of each part. Figures are the results service's (rulesSideBySide).
import type { Workbook } from 'exceljs';
import { minimumsText, ruleNotes, tooFewNote } from '../results/display.ts';
import type { RuleFigure } from '../results/service.ts';
import { startTable, type Value } from './xlsx-cells.ts';
import type { WorkbookContext } from './xlsx-sheets.ts';

/** One row per rule: the official first, then the others, with n, interval and what each counts. */
export function rulesSheet(workbook: Workbook, ctx: WorkbookContext): number {
  const { t, job } = ctx;
  const table = startTable(workbook, t('rules.sheet'), {
    caption: [t('rules.side.caption'), t('rules.side.intro')],
    columns: [
      { header: t('rules.side.col.rule'), kind: 'text', width: 40 },
      { header: t('rules.side.official'), kind: 'text', width: 12 },
      { header: t('rules.side.col.share'), kind: 'percent', width: 13 },
      { header: t('exportXlsx.col.low'), kind: 'percent', width: 13 },
      { header: t('exportXlsx.col.high'), kind: 'percent', width: 13 },
      { header: t('rules.side.col.n'), kind: 'count', width: 11 },
      { header: t('rules.side.col.note'), kind: 'longText', width: 80 },
    ],
  });
  for (const f of ctx.rules) {
    const o = f.overall;
    table.add([
      t(`rules.name.${f.rule}`),
      f.official ? '✔' : null,
      o.belowMinimum ? null : o.share,
      o.interval?.[0],
      o.interval?.[1],
      o.n,
      (o.belowMinimum ? `${t('rules.belowMinimum')}. ` : '') + ruleNotes(f, t, job.locale).join(' '),
    ]);
  }
  table.end();
  return table.rows;
}

/** The methodology sheet's rows: the official rule and where it comes from, the minimums, what left. */
export function ruleMethodologyRows(ctx: WorkbookContext): [string, Value][] {
  const { t, root } = ctx;
  const left = tooFewNote(root.overall, t);
  return [
    [t('rules.settings.rule'), `${t(`rules.name.${root.questionnaire.rule}`)} (${root.questionnaire.rule})`],
    [t('rules.settings.title'), minimumsText(root.minimums, t) ?? t('rules.minimums', { ...root.minimums })],
    ...(left ? [[t('rules.side.col.note'), left] as [string, Value]] : []),
  ];
}
