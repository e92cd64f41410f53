// The workbook's sheets of figures: the summary (the agency and each unit directly under it), its
// criteria, the expectations, where citizens stop the online survey, and the methodology. Every figure is the results service's
// (overview, agencyResults, expectations): written as it comes, only formatted as a cell.
import type { Workbook } from 'exceljs';
import type { Agency } from '../db/schema.ts';
import type { Verdict } from '../domain/indices.ts';
import { questionList } from '../domain/questionnaire.ts';
import { formatDate, formatDateTime, formatNumber } from '../i18n/format.ts';
import { inLocale, isMessageKey, type Locale, type MessageKey, type Translate } from '../i18n/index.ts';
import type { Period } from '../domain/period.ts';
import { indexName, periodLabel, tooFewNote, verdictView, weakestFirst } from '../results/display.ts';
import { ruleMethodologyRows } from './xlsx-rules.ts';
import { dropOff, pageSection, stepName } from '../results/drop-off.ts';
import {
  agencyResults,
  expectations,
  overview,
  rulesSideBySide,
  type AgencyResults,
  type Overview,
  type RuleFigure,
  type ScoredIndex,
} from '../results/service.ts';
import type { ExportJob } from './export.ts';
import { startTable, type Column, type Value } from './xlsx-cells.ts';

/** What every sheet needs to know about the job, loaded once. */
export interface WorkbookContext {
  job: ExportJob;
  t: Translate;
  /** The selected agency's own results (its criteria, its elements). */
  root: AgencyResults;
  overview: Overview;
  /** The overall by the official rule and by the others beside it (issue 16). */
  rules: RuleFigure[];
  /** "năm 2026 (01/01/2026 – 31/12/2026)", "01/01/2026 – 15/02/2026". */
  periodText: string;
}

export async function loadContext(job: ExportJob, t: Translate): Promise<WorkbookContext> {
  const root = await agencyResults(job.db, job.agency, job.filter);
  const view = await overview(job.db, job.agency, job.filter, job.previous);
  const rules = await rulesSideBySide(job.db, root, job.filter);
  return { job, t, root, overview: view, rules, periodText: periodWithDates(job.period, t, job.locale) };
}

/** "năm 2026 (01/01/2026 – 31/12/2026)"; a custom period is its dates already. */
function periodWithDates(p: Period, t: Translate, locale: Locale): string {
  const label = periodLabel(p, t, locale);
  return p.kind === 'custom' ? label : `${label} (${formatDate(p.from, locale)} – ${formatDate(p.to, locale)})`;
}

export const agencyName = (a: Pick<Agency, 'name_vi' | 'name_en'>, job: ExportJob) => inLocale(job.locale, a.name_vi, a.name_en);

function versionText(ctx: WorkbookContext): string {
  const q = ctx.root.questionnaire;
  return q.version === null
    ? ctx.t('exportXlsx.versionsPooled', { version: q.definitionVersion })
    : ctx.t('exportXlsx.version', { version: q.version });
}

/** The two lines under each sheet's title: whose figures, which period, which questionnaire. */
function scopeLines(ctx: WorkbookContext): string[] {
  const { job, t, root } = ctx;
  const q = root.questionnaire;
  return [
    t('exportXlsx.scope', { agency: agencyName(job.agency, job), code: job.agency.code, period: ctx.periodText }),
    t('exportXlsx.questionnaire', {
      title: inLocale(job.locale, q.titleVi, q.titleEn),
      code: q.code,
      version: versionText(ctx),
      responses: formatNumber(root.responses, job.locale),
    }),
  ];
}

function verdictWords(v: Verdict, t: Translate): string {
  const view = verdictView(v, t);
  return view.detail && (v.status === 'met' || v.status === 'not-met')
    ? t('exportXlsx.verdict', { verdict: view.text, detail: view.detail })
    : view.text;
}

/**
 * share, low, high, comparator, threshold, verdict: the same six cells wherever an index is shown.
 * Below its part's minimum the share cell is empty and the verdict reads "Chưa đủ mẫu", as on the pages.
 */
function indexCells(i: ScoredIndex, t: Translate): Value[] {
  return [
    i.belowMinimum ? null : i.share,
    i.interval?.[0],
    i.interval?.[1],
    i.target ? (i.target.comparator === '>' ? '>' : '≥') : null,
    i.target?.threshold,
    verdictWords(i.verdict, t),
  ];
}

function indexColumns(t: Translate, share: MessageKey): Column[] {
  return [
    { header: t(share), kind: 'percent', width: 13 },
    { header: t('exportXlsx.col.low'), kind: 'percent', width: 13 },
    { header: t('exportXlsx.col.high'), kind: 'percent', width: 13 },
    { header: t('exportXlsx.col.comparator'), kind: 'text', width: 11 },
    { header: t('exportXlsx.col.target'), kind: 'percent', width: 10 },
    { header: t('exportXlsx.col.verdict'), kind: 'text', width: 26 },
  ];
}

/**
 * The agency (first row, bold) and every unit directly under it, from overview(); the element
 * shares of each row from agencyResults() of that row's agency. That is one more set of count
 * queries per row — fine for the tens of units a level holds (a province's departments and
 * districts), and it keeps the elements the same figures the agency page shows.
 */
export async function summarySheet(workbook: Workbook, ctx: WorkbookContext): Promise<number> {
  const { job, t, root, overview: view } = ctx;
  const def = root.questionnaire.definition;
  const elementCodes = root.elements.map((e) => e.code);
  const previous = job.previous;
  const table = startTable(workbook, t('exportXlsx.sheet.summary'), {
    caption: [
      t('exportXlsx.title'),
      ...scopeLines(ctx),
      t('exportXlsx.summary.rows', { agency: agencyName(job.agency, job), minN: view.minN }),
      t('exportXlsx.summary.change', { from: formatDate(previous.from, job.locale), to: formatDate(previous.to, job.locale) }),
    ],
    mainTitle: true,
    frozenColumns: 2,
    columns: [
      { header: t('exportXlsx.col.code'), kind: 'text', width: 14 },
      { header: t('exportXlsx.col.agency'), kind: 'text', width: 40 },
      { header: t('exportXlsx.col.responses'), kind: 'count', width: 11 },
      { header: t('exportXlsx.col.n'), kind: 'count', width: 11 },
      ...indexColumns(t, 'exportXlsx.col.overall'),
      { header: t('exportXlsx.col.change'), kind: 'points', width: 14 },
      { header: t('exportXlsx.col.rank'), kind: 'count', width: 9 },
      ...elementCodes.map((code): Column => ({
        header: t('exportXlsx.col.element', { code, name: indexName(def, code, t, job.locale) }),
        kind: 'percent',
        width: 16,
      })),
      { header: t('exportXlsx.col.note'), kind: 'text', width: 30 },
    ],
  });
  for (const row of [view.root, ...view.rows]) {
    const results = row.agency.id === job.agency.id ? root : await agencyResults(job.db, row.agency, job.filter);
    const elements = new Map(results.elements.map((e) => [e.code, e.belowMinimum ? null : e.share]));
    const notes = [row.ended ? t('exportXlsx.summary.ended') : null, tooFewNote(row.overall, t)].filter((x) => x !== null);
    table.add(
      [
        row.agency.code,
        agencyName(row.agency, job),
        row.responses,
        row.overall.n,
        ...indexCells(row.overall, t),
        row.change,
        row.rank,
        ...elementCodes.map((code) => elements.get(code)),
        notes.length > 0 ? notes.join(' ') : null,
      ],
      { bold: row === view.root },
    );
  }
  table.end();
  return table.rows;
}

/** The selected agency's criteria, weakest first (the agency page's order). */
export function criteriaSheet(workbook: Workbook, ctx: WorkbookContext): number {
  const { job, t, root } = ctx;
  const def = root.questionnaire.definition;
  const elementOf = new Map(questionList(def).map((q) => [q.code, q.element]));
  const table = startTable(workbook, t('exportXlsx.sheet.criteria'), {
    caption: [
      t('exportXlsx.criteria.caption', { agency: agencyName(job.agency, job), period: ctx.periodText }),
      ...scopeLines(ctx),
      ...(root.criteria.length === 0 ? [t('exportXlsx.criteria.none')] : []),
    ],
    columns: [
      { header: t('exportXlsx.col.code'), kind: 'text', width: 8 },
      { header: t('exportXlsx.col.criterion'), kind: 'longText', width: 60 },
      { header: t('exportXlsx.col.elementCode'), kind: 'text', width: 8 },
      { header: t('exportXlsx.col.n'), kind: 'count', width: 11 },
      { header: t('exportXlsx.col.noOpinion'), kind: 'count', width: 10 },
      { header: t('exportXlsx.col.blank'), kind: 'count', width: 9 },
      ...indexColumns(t, 'exportXlsx.col.share'),
    ],
  });
  for (const c of weakestFirst(root.criteria)) {
    table.add([
      c.code,
      indexName(def, c.code, t, job.locale),
      elementOf.get(c.code) ?? null,
      c.n,
      c.noOpinion,
      c.blank,
      ...indexCells(c, t),
    ]);
  }
  table.end();
  return table.rows;
}

/** What citizens want improved, most chosen first, as shares of the reportable responses. */
export async function expectationsSheet(workbook: Workbook, ctx: WorkbookContext): Promise<number> {
  const { job, t } = ctx;
  const data = await expectations(job.db, job.agency, job.filter);
  const pick = (x: { vi: string; en?: string | null | undefined }) => inLocale(job.locale, x.vi, x.en);
  const table = startTable(workbook, t('exportXlsx.sheet.expectations'), {
    caption: [
      data.question
        ? t('exportXlsx.expectations.caption', { question: pick(data.question.text), responses: formatNumber(data.responses, job.locale) })
        : t('exportXlsx.expectations.none'),
      ...scopeLines(ctx),
    ],
    columns: [
      { header: t('exportXlsx.col.code'), kind: 'text', width: 14 },
      { header: t('exportXlsx.col.option'), kind: 'longText', width: 60 },
      { header: t('exportXlsx.col.chosen'), kind: 'count', width: 12 },
      { header: t('exportXlsx.col.chosenShare'), kind: 'percent', width: 14 },
    ],
  });
  for (const s of data.shares) table.add([s.value, pick(s.label), s.responses, s.share]);
  table.end();
  return table.rows;
}

/** Where citizens stop the online survey: per version, the drafts started in the period reaching each step. */
export async function dropOffSheet(workbook: Workbook, ctx: WorkbookContext): Promise<number> {
  const { job, t } = ctx;
  const data = await dropOff(job.db, job.agency, job.filter);
  const table = startTable(workbook, t('dropOff.sheet'), {
    caption: [
      t('dropOff.sheetCaption'),
      ...scopeLines(ctx),
      ...(data.online ? (data.versions.length === 0 ? [t('dropOff.none')] : []) : [t('dropOff.notOnline')]),
    ],
    columns: [
      { header: t('dropOff.col.version'), kind: 'count', width: 10 },
      { header: t('dropOff.col.step'), kind: 'text', width: 18 },
      { header: t('dropOff.col.section'), kind: 'longText', width: 60 },
      { header: t('dropOff.col.drafts'), kind: 'count', width: 12 },
      { header: t('dropOff.col.share'), kind: 'percent', width: 16 },
    ],
  });
  for (const v of data.versions) {
    for (const step of v.steps) {
      const page = step.kind === 'page' ? v.plan.pages[step.page - 1] : undefined;
      table.add([v.version, stepName(step, t), page ? pageSection(page, t, job.locale).text : null, step.drafts, step.share]);
    }
  }
  table.end();
  return table.rows;
}

const filterLabel = (t: Translate, k: string) => {
  const key = `exportXlsx.filter.${k}`;
  return isMessageKey(key) ? t(key) : k;
};

/** The rule, the selection as given, who made it and when, and the method in a few sentences. */
export function methodologySheet(workbook: Workbook, ctx: WorkbookContext): number {
  const { job, t, root } = ctx;
  const q = root.questionnaire;
  const rule = q.rule;
  const table = startTable(workbook, t('exportXlsx.sheet.methodology'), {
    caption: [t('exportXlsx.title')],
    columns: [
      { header: t('exportXlsx.col.item'), kind: 'longText', width: 36 },
      { header: t('exportXlsx.col.value'), kind: 'longText', width: 100 },
    ],
  });
  const filters = Object.entries(job.filters);
  const rows: [string, Value][] = [
    [t('exportXlsx.m.agency'), `${agencyName(job.agency, job)} (${job.agency.code})`],
    [t('exportXlsx.m.period'), ctx.periodText],
    [t('exportXlsx.m.previous'), periodWithDates(job.previous, t, job.locale)],
    [t('exportXlsx.m.questionnaire'), `${inLocale(job.locale, q.titleVi, q.titleEn)} (${q.code})`],
    [t('exportXlsx.m.version'), versionText(ctx)],
    [t('exportXlsx.m.rule'), `${t(`exportXlsx.rule.${rule}`)} (${rule})`],
    [t('exportXlsx.m.method'), t(`exportXlsx.method.${rule}`)],
    [t('exportXlsx.m.counted'), t('exportXlsx.m.countedText')],
    [t('exportXlsx.m.interval'), t('exportXlsx.m.intervalText')],
    [t('exportXlsx.m.verdict'), t('exportXlsx.m.verdictText', { minN: root.minN })],
    [t('exportXlsx.m.minN'), root.minN],
    ...ruleMethodologyRows(ctx),
    [t('exportXlsx.m.targets'), t('exportXlsx.m.targetsText')],
    [t('exportXlsx.m.expectations'), t('exportXlsx.m.expectationsText')],
    ...(filters.length === 0
      ? [[t('exportXlsx.m.filters'), t('exportXlsx.m.noFilters')] as [string, Value]]
      : filters.map(([key, value]): [string, Value] => [
          // A filter the catalogue names is shown by its name; any other parameter as it was given.
          `${t('exportXlsx.m.filters')}: ${filterLabel(t, key)}`,
          `${value} (${key})`,
        ])),
    [t('exportXlsx.m.madeAt'), formatDateTime(job.madeAt, job.locale)],
    [t('exportXlsx.m.madeBy'), job.madeBy],
    [t('exportXlsx.m.more'), t('exportXlsx.m.moreText', { path: '/phuong-phap' })],
  ];
  for (const r of rows) table.add(r);
  table.end();
  return table.rows;
}
