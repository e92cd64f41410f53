// What the PDF report says, section by section: cover, results against the target (with the units
// below), the element chart, criteria weakest first, the twelve months, expectations, weaknesses
// and improvement plans, citizens' comments and the methodology. Every figure arrives computed by the results service; this file
// only formats it (server/i18n/format.ts) and lays it out.
import type { CommentRow } from '../db/queries/results-read.ts';
import type { Agency } from '../db/schema.ts';
import type { Verdict } from '../domain/indices.ts';
import { isSipas } from '../domain/questionnaire.ts';
import { formatDate, formatDateTime, formatNumber, formatPercent } from '../i18n/format.ts';
import { inLocale, isMessageKey, translator, type Locale, type Translate } from '../i18n/index.ts';
import type { ExpectationShare, AgencyResults, Overview, RuleFigure, TrendPoint } from '../results/service.ts';
import { renderRules } from './pdf-rules.ts';
import {
  channelName,
  formatInterval,
  formatTarget,
  indexName,
  indexShareText,
  periodLabel,
  shareText,
  verdictView,
  weakestFirst,
} from '../results/display.ts';
import { METHODOLOGY_PATH } from '../routes/public/methodology.ts';
import type { ExportJob } from './export.ts';
import { barChart, lineChart } from './pdf-charts.ts';
import { renderPlans } from './pdf-plans.ts';
import { renderResponseRate } from './pdf-served.ts';
import type { RateView } from '../results/served-display.ts';
import type { PlanView } from '../results/plan-display.ts';
import { BOLD, INK, Layout, MUTED, plainText, RULE, type Doc } from './pdf-layout.ts';

export interface ReportData {
  results: AgencyResults;
  /** The agencies directly under the report's, each pooling its subtree; null when it has none. */
  units: Overview | null;
  trend: { from: string; to: string; points: TrendPoint[] };
  expectations: { asked: boolean; responses: number; shares: ExpectationShare[] };
  comments: { comment: CommentRow; unit: Agency | null }[];
  /** The improvement plans for weaknesses of the period (section "Hạn chế và khắc phục"). */
  plans: PlanView[];
  /** The response rate of the selection (issue 16 point 4). */
  responseRate: RateView;
  /** The overall by the official rule and by the others beside it (issue 16). */
  rules: RuleFigure[];
}

/** Comments are citizens' words: shown as written, but no single one may fill pages. */
const COMMENT_MAX_CHARS = 1200;

const nameOf = (a: Pick<Agency, 'name_vi' | 'name_en'>, locale: Locale) => plainText(inLocale(locale, a.name_vi, a.name_en), 300);
const pick = (locale: Locale, vi: string, en: string | null | undefined) => inLocale(locale, vi, en);

function verdictText(v: Verdict, t: Translate, long: boolean): string {
  const view = verdictView(v, t);
  if (v.status === 'met' || v.status === 'not-met') return `${view.icon} ${view.text} — ${view.detail}`;
  if (v.status === 'no-target') return view.text;
  return long && view.detail ? `${view.icon} ${view.text}. ${view.detail}` : `${view.icon} ${view.text}`;
}

export function renderReport(doc: Doc, job: ExportJob, data: ReportData): void {
  const { locale } = job;
  const t = translator(locale);
  const L = new Layout(doc);
  const r = data.results;
  const def = r.questionnaire.definition;
  const pct = (v: number | null) => shareText(v, locale);
  // An index below its part's minimum reads "Chưa đủ mẫu", as on the pages (issue 16).
  const ipct = (i: Parameters<typeof indexShareText>[0]) => indexShareText(i, t, locale);
  const num = (n: number) => formatNumber(n, locale);
  const tick = (v: number) => formatPercent(v, locale, 0);
  const agency = nameOf(job.agency, locale);
  const period = periodLabel(job.period, t, locale);
  const questionnaire = `${pick(locale, r.questionnaire.titleVi, r.questionnaire.titleEn)} (${
    r.questionnaire.version === null
      ? t('exportPdf.cover.versionsPooled')
      : t('exportPdf.cover.version', { version: r.questionnaire.version })
  })`;

  const overallTarget = r.overall.target
    ? { threshold: r.overall.target.threshold, label: t('exportPdf.overallTarget', { target: formatTarget(r.overall.target, locale) }) }
    : null;

  // 1. Cover.
  doc.y = 150;
  doc.font(BOLD).fontSize(22).fillColor(INK).text(t('exportPdf.title'), L.left, doc.y, { width: L.width });
  doc.moveDown(0.3);
  L.paragraph(t('exportPdf.subtitle'), { size: 10, color: MUTED });
  doc.moveDown(1.5);
  doc.font(BOLD).fontSize(18).fillColor(INK).text(agency, L.left, doc.y, { width: L.width });
  L.paragraph(job.agency.code, { size: 10, color: MUTED });
  doc.moveDown(1.2);
  L.facts(
    [
      [
        t('exportPdf.cover.period'),
        `${period}\n${t('exportPdf.cover.dates', { from: formatDate(job.period.from, locale), to: formatDate(job.period.to, locale) })}`,
      ],
      [t('exportPdf.cover.questionnaire'), questionnaire],
      [t('exportPdf.cover.responses'), num(r.responses)],
      [t('exportPdf.cover.madeAt'), formatDateTime(job.madeAt, locale)],
      [t('exportPdf.cover.madeBy'), plainText(job.madeBy, 200)],
    ],
    { size: 10.5 },
  );
  doc.y = L.bottom - 30;
  L.paragraph(t('exportPdf.cover.product'), { size: 8.5, color: MUTED });

  // 2. The overall index against its target, and the units below.
  L.newPage();
  L.heading(t('exportPdf.summary.heading'));
  if (r.responses === 0) L.paragraph(t('exportPdf.summary.noData'));
  doc
    .font(BOLD)
    .fontSize(16)
    .fillColor(INK)
    .text(`${t('exportPdf.summary.overall')}: ${ipct(r.overall)}`, L.left, doc.y, { width: L.width });
  doc.moveDown(0.4);
  L.facts([
    [t('exportPdf.summary.interval'), formatInterval(r.overall.interval, locale)],
    [t('exportPdf.summary.n'), num(r.overall.n)],
    [t('exportPdf.summary.responses'), num(r.responses)],
    [t('exportPdf.summary.target'), formatTarget(r.overall.target, locale)],
    [
      t('exportPdf.summary.verdict'),
      r.overall.verdict.status === 'no-target' ? t('exportPdf.summary.noTarget') : verdictText(r.overall.verdict, t, true),
    ],
  ]);
  if (r.overall.leftOut && r.overall.leftOut.length > 0)
    L.paragraph(t('exportPdf.summary.leftOut', { codes: r.overall.leftOut.join(', ') }), { size: 8.5, color: MUTED });
  renderResponseRate(L, data.responseRate, t);
  renderRules(L, r, data.rules, t, locale);

  if (data.units) {
    const u = data.units;
    L.subheading(t('exportPdf.units.heading'));
    L.paragraph(t('exportPdf.units.intro', { minN: u.minN }), { size: 8.5, color: MUTED });
    const rows = [...u.rows].sort(
      (a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.agency.name_vi.localeCompare(b.agency.name_vi, 'vi'),
    );
    L.table(
      [
        { header: t('exportPdf.col.unit'), width: 0.33 },
        { header: t('exportPdf.col.n'), width: 0.08, align: 'right' },
        { header: t('exportPdf.col.share'), width: 0.1, align: 'right' },
        { header: t('exportPdf.col.interval'), width: 0.19, align: 'right' },
        { header: t('exportPdf.col.verdict'), width: 0.23 },
        { header: t('exportPdf.col.rank'), width: 0.07, align: 'right' },
      ],
      rows.map((row) => [
        row.ended ? t('exportPdf.units.ended', { name: nameOf(row.agency, locale) }) : nameOf(row.agency, locale),
        num(row.overall.n),
        ipct(row.overall),
        formatInterval(row.overall.interval, locale),
        verdictText(row.overall.verdict, t, false),
        row.rank === null ? t('exportPdf.none') : num(row.rank),
      ]),
    );
  }

  // 3. Elements: the chart, then the same figures as a table.
  L.heading(t('exportPdf.elements.heading'));
  if (!isSipas(def) || r.elements.length === 0) {
    L.paragraph(t('exportPdf.elements.none'));
  } else {
    barChart(
      L,
      r.elements.map((e) => ({
        label: `${e.code} ${indexName(def, e.code, t, locale)}`,
        share: e.share,
        interval: e.interval,
        target: e.target?.threshold ?? null,
        value: ipct(e),
      })),
      tick,
      r.elements.every((e) => e.target === null) && overallTarget ? overallTarget : null,
    );
    L.paragraph(t('exportPdf.elements.caption'), { size: 8, color: MUTED });
    L.table(
      [
        { header: t('exportPdf.col.code'), width: 0.07 },
        { header: t('exportPdf.col.element'), width: 0.3 },
        { header: t('exportPdf.col.share'), width: 0.1, align: 'right' },
        { header: t('exportPdf.col.n'), width: 0.08, align: 'right' },
        { header: t('exportPdf.col.interval'), width: 0.18, align: 'right' },
        { header: t('exportPdf.col.target'), width: 0.09, align: 'right' },
        { header: t('exportPdf.col.verdict'), width: 0.18 },
      ],
      r.elements.map((e) => [
        e.code,
        indexName(def, e.code, t, locale),
        ipct(e),
        num(e.n),
        formatInterval(e.interval, locale),
        formatTarget(e.target, locale),
        verdictText(e.verdict, t, false),
      ]),
    );
  }

  // 4. Criteria, weakest first, on pages of their own.
  L.newPage();
  L.heading(t('exportPdf.criteria.heading'));
  if (r.criteria.length === 0) {
    L.paragraph(t('exportPdf.elements.none'));
  } else {
    L.paragraph(t('exportPdf.criteria.intro'), { size: 8.5, color: MUTED });
    L.table(
      [
        { header: t('exportPdf.col.code'), width: 0.08 },
        { header: t('exportPdf.col.criterion'), width: 0.4 },
        { header: t('exportPdf.col.share'), width: 0.1, align: 'right' },
        { header: t('exportPdf.col.n'), width: 0.07, align: 'right' },
        { header: t('exportPdf.col.interval'), width: 0.17, align: 'right' },
        { header: t('exportPdf.col.verdict'), width: 0.18 },
      ],
      weakestFirst(r.criteria).map((c) => [
        c.code,
        indexName(def, c.code, t, locale),
        ipct(c),
        num(c.n),
        formatInterval(c.interval, locale),
        verdictText(c.verdict, t, false),
      ]),
    );
  }

  // 5. The twelve months ending with the period's last month.
  L.heading(t('exportPdf.trend.heading'));
  L.paragraph(t('exportPdf.trend.intro', { from: formatDate(data.trend.from, locale), to: formatDate(data.trend.to, locale) }), {
    size: 8.5,
    color: MUTED,
  });
  const month = (m: string) => t('exportPdf.trend.month', { month: m.slice(5, 7), year: m.slice(0, 4) });
  lineChart(
    L,
    data.trend.points.map((p) => ({ label: month(p.month), share: p.overall.share, interval: p.overall.interval })),
    overallTarget,
    tick,
  );
  L.paragraph(t('exportPdf.trend.caption'), { size: 8, color: MUTED });
  L.table(
    [
      { header: t('exportPdf.col.month'), width: 0.25 },
      { header: t('exportPdf.col.responses'), width: 0.2, align: 'right' },
      { header: t('exportPdf.col.share'), width: 0.2, align: 'right' },
      { header: t('exportPdf.col.interval'), width: 0.35, align: 'right' },
    ],
    data.trend.points.map((p) => [month(p.month), num(p.responses), pct(p.overall.share), formatInterval(p.overall.interval, locale)]),
  );

  // 6. Expectations.
  L.heading(t('exportPdf.expectations.heading'));
  if (!data.expectations.asked) {
    L.paragraph(t('exportPdf.expectations.none'));
  } else {
    L.paragraph(t('exportPdf.expectations.intro', { responses: num(data.expectations.responses) }), { size: 8.5, color: MUTED });
    L.table(
      [
        { header: t('exportPdf.col.option'), width: 0.6 },
        { header: t('exportPdf.col.chosen'), width: 0.2, align: 'right' },
        { header: t('exportPdf.col.share'), width: 0.2, align: 'right' },
      ],
      data.expectations.shares.map((s) => [pick(locale, s.label.vi, s.label.en), num(s.responses), pct(s.share)]),
    );
  }

  // 7. Weaknesses and the plans to remedy them.
  renderPlans(L, data.plans, t);

  // 8. Citizens' comments: drawn as text, never as anything a reader could activate.
  L.heading(t('exportPdf.comments.heading'));
  if (data.comments.length === 0) {
    L.paragraph(t('exportPdf.comments.none'));
  } else {
    L.paragraph(t('exportPdf.comments.intro'), { size: 8.5, color: MUTED });
    for (const { comment, unit } of data.comments) {
      const params = { date: formatDateTime(new Date(comment.submittedAt), locale), channel: channelName(comment.channel, t) };
      const meta = unit
        ? t('exportPdf.comments.metaUnit', { ...params, unit: nameOf(unit, locale) })
        : t('exportPdf.comments.meta', params);
      const body = plainText(comment.body, COMMENT_MAX_CHARS);
      const indent = 10;
      L.body(9);
      const h = doc.heightOfString(body, { width: L.width - indent }) + 24;
      // At most COMMENT_MAX_CHARS characters: a comment always fits on one page, so it is never split.
      L.ensure(h);
      const top = doc.y;
      L.body(7.5, MUTED).text(meta, L.left + indent, top, { width: L.width - indent });
      L.body(9).text(body, L.left + indent, doc.y + 1, { width: L.width - indent });
      // A rule down the left side marks where one citizen's words end; drawn on the page it started on.
      const end = doc.y;
      if (end > top)
        doc
          .moveTo(L.left + 2, top)
          .lineTo(L.left + 2, end)
          .lineWidth(1.2)
          .strokeColor(RULE)
          .stroke();
      doc.x = L.left;
      doc.y = end + 8;
    }
  }

  // 9. Methodology, on a page of its own so that it is read (and printed) whole.
  L.newPage();
  L.heading(t('exportPdf.methodology.heading'));
  L.paragraph(t('exportPdf.methodology.counted'));
  // A filter the catalogue names is shown by its name; any other parameter as it was given.
  const filterLabel = (k: string) => {
    const key = `exportPdf.filter.${k}`;
    return isMessageKey(key) ? t(key) : k;
  };
  const filters = Object.entries(job.filters)
    .map(([k, v]) => `${filterLabel(plainText(k, 40))}: ${plainText(v, 100)}`)
    .join('; ');
  L.facts(
    [
      [t('exportPdf.methodology.ruleLabel'), t(`exportPdf.methodology.rule.${r.questionnaire.rule}`)],
      [t('exportPdf.methodology.intervalLabel'), t('exportPdf.methodology.interval')],
      [t('exportPdf.methodology.verdictLabel'), t('exportPdf.methodology.verdict', { minN: r.minN })],
      [t('exportPdf.methodology.minNLabel'), num(r.minN)],
      [t('exportPdf.methodology.targetsLabel'), t('exportPdf.methodology.targets')],
      [t('exportPdf.methodology.filtersLabel'), filters === '' ? t('exportPdf.none') : filters],
    ],
    { values: 'regular' },
  );
  L.paragraph(t('exportPdf.methodology.more', { path: METHODOLOGY_PATH }));

  L.footers(`${t('exportPdf.title')} · ${agency} · ${period}`, (page, pages) => t('exportPdf.footer.page', { page, pages }));
}
