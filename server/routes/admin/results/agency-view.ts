// What the agency page's template prints: every number already formatted for the locale, every
// label translated, verdicts in words, and the charts drawn. The template only lays it out.
import type { CommentRow } from '../../../db/queries/results-read.ts';
import type { Channel } from '../../../db/schema.ts';
import { questionList, isSipas } from '../../../domain/questionnaire.ts';
import { inLocale, type Locale, type MessageKey, type Translate } from '../../../i18n/index.ts';
import { formatDate, formatDateTime, formatNumber, formatPercent, localDay } from '../../../i18n/format.ts';
import type { BreakdownRow, ScoredIndex } from '../../../results/service.ts';
import { rulesView, type RulesView } from './rules-view.ts';
import type { Index } from '../../../domain/indices.ts';
import type { AgencyPageData } from './agency-page.ts';
import { agencyCharts, partialMonthIndex, type AgencyCharts } from './agency-charts.ts';
import {
  channelName,
  flagReasonText,
  formatInterval,
  formatTarget,
  indexShareText,
  periodLabel,
  shareText,
  verdictView,
  uniqueNames,
  weakestFirst,
  type VerdictView,
} from '../../../results/display.ts';

export interface IndexRow {
  code: string;
  label: string;
  share: string;
  n: string;
  noOpinion: string;
  blank: string;
  interval: string;
  target: string;
  verdict: VerdictView;
}

export interface BreakdownView {
  label: string;
  responses: string;
  share: string;
  interval: string;
}

export interface CommentView {
  date: string;
  channel: string;
  body: string;
  status: CommentRow['status'];
  statusText: string | null;
  reason: string | null;
}

export interface AgencyView {
  period: string;
  questionnaire: string;
  responses: string;
  overall: IndexRow;
  sipas: boolean;
  elements: IndexRow[];
  criteria: IndexRow[];
  trend: { from: string; to: string; rows: { month: string; responses: string; share: string; interval: string }[] };
  byChannel: BreakdownView[];
  byServicePoint: BreakdownView[];
  byField: BreakdownView[];
  byType: BreakdownView[];
  heat: { weekdays: { label: string; counts: string[]; total: string }[]; hours: string[] };
  expectations: { asked: boolean; responses: string; rows: { label: string; chosen: string; share: string }[] };
  comments: CommentView[] | null;
  charts: AgencyCharts;
  /** Parts left out for too few answers, the minimums, the overall by each rule (rules-view.ts). */
  rules: RulesView;
}

/** A share as the page prints it; a dash when there is nothing to compute it from. */
const label = (locale: Locale, vi: string, en: string | null | undefined) => inLocale(locale, vi, en);

function indexRow(i: ScoredIndex, text: string, t: Translate, locale: Locale): IndexRow {
  return {
    code: i.code,
    label: text,
    share: indexShareText(i, t, locale),
    n: formatNumber(i.n, locale),
    noOpinion: formatNumber(i.noOpinion, locale),
    blank: formatNumber(i.blank, locale),
    interval: formatInterval(i.interval, locale),
    target: formatTarget(i.target, locale),
    verdict: verdictView(i.verdict, t),
  };
}

function breakdownView(rows: BreakdownRow[], name: (key: string | null) => string, locale: Locale): BreakdownView[] {
  return rows.map((r) => ({ label: name(r.key), ...overallFigures(r.overall, locale), responses: formatNumber(r.responses, locale) }));
}

function overallFigures(i: Index, locale: Locale): { share: string; interval: string } {
  return { share: shareText(i.share, locale), interval: formatInterval(i.interval, locale) };
}

export function agencyView(data: AgencyPageData, t: Translate, locale: Locale, today: string = localDay(new Date())): AgencyView {
  const { results, resolved } = data;
  const q = results.questionnaire;
  const def = q.definition;
  const questions = questionList(def);
  const criterionText = new Map(questions.filter((x) => x.kind === 'criterion').map((x) => [x.code, label(locale, x.text.vi, x.text.en)]));
  const elementText = new Map(isSipas(def) ? def.elements.map((e) => [e.code, label(locale, e.title.vi, e.title.en)]) : []);
  const fieldOptions = questions.find((x) => x.code === 'B.FIELD')?.options ?? [];
  const typeOptions = questions.find((x) => x.code === 'B.TYPE')?.options ?? [];
  // Repeated names (two centres' "Quầy 01" after a merger) carry their codes (issue 16).
  const shownPoints = data.servicePoints.filter((p) => data.byServicePoint.some((r) => r.key === String(Number(p.id))));
  const pointLabels = uniqueNames(
    shownPoints,
    (p) => label(locale, p.name_vi, p.name_en),
    (p) => p.code,
  );
  const pointName = new Map(shownPoints.map((p) => [String(Number(p.id)), pointLabels.get(p)!]));

  const num = (n: number) => formatNumber(n, locale);
  const byDay = new Map(data.heat.map((c) => [`${c.weekday}:${c.hour}`, c.responses]));
  const count = (d: number, h: number) => byDay.get(`${d}:${h}`) ?? 0;
  const days = [1, 2, 3, 4, 5, 6, 7] as const;
  const hours = Array.from({ length: 24 }, (_, h) => h);

  const view: Omit<AgencyView, 'charts' | 'rules'> = {
    period: periodLabel(resolved.period, t, locale),
    questionnaire: `${label(locale, q.titleVi, q.titleEn)} (${q.version === null ? t('agencyResults.versionsPooled') : t('agencyResults.version', { version: q.version })})`,
    responses: num(results.responses),
    overall: indexRow(results.overall, t('results.index.overall'), t, locale),
    sipas: isSipas(def),
    elements: results.elements.map((e) => indexRow(e, elementText.get(e.code) ?? e.code, t, locale)),
    criteria: weakestFirst(results.criteria).map((c) => indexRow(c, criterionText.get(c.code) ?? c.code, t, locale)),
    trend: {
      from: formatDate(data.trend.from, locale),
      to: formatDate(data.trend.to, locale),
      rows: data.trend.points.map((p, i, all) => ({
        month:
          t('agencyResults.trend.monthValue', { month: p.month.slice(5, 7), year: p.month.slice(0, 4) }) +
          (i ===
          partialMonthIndex(
            all.map((x) => x.month),
            today,
          )
            ? ` ${t('overview.partial.row')}`
            : ''),
        responses: num(p.responses),
        ...overallFigures(p.overall, locale),
      })),
    },
    byChannel: breakdownView(data.byChannel, (k) => channelName(k, t), locale),
    byServicePoint: breakdownView(
      data.byServicePoint,
      (k) => (k === null ? t('agencyResults.servicePoint.none') : (pointName.get(k) ?? t('agencyResults.servicePoint.other'))),
      locale,
    ),
    byField: breakdownView(
      data.byField,
      (k) => {
        const o = fieldOptions.find((x) => String(x.value) === k);
        return k === null ? t('agencyResults.field.none') : o ? label(locale, o.vi, o.en) : k;
      },
      locale,
    ),
    byType: breakdownView(
      data.byType,
      (k) => {
        const o = typeOptions.find((x) => String(x.value) === k);
        return k === null ? t('agencyResults.type.none') : o ? label(locale, o.vi, o.en) : k;
      },
      locale,
    ),
    heat: {
      hours: hours.map(String),
      weekdays: days.map((d) => ({
        label: t(`agencyResults.weekday.${d}`),
        counts: hours.map((h) => num(count(d, h))),
        total: num(hours.reduce((s, h) => s + count(d, h), 0)),
      })),
    },
    expectations: {
      asked: data.expectations.asked,
      responses: num(data.expectations.responses),
      rows: data.expectations.shares.map((s) => ({
        label: label(locale, s.label.vi, s.label.en),
        chosen: num(s.responses),
        share: shareText(s.share, locale),
      })),
    },
    comments:
      data.comments?.map((c) => ({
        date: formatDateTime(new Date(c.submittedAt), locale),
        channel: channelName(c.channel, t),
        body: c.body,
        status: c.status,
        statusText:
          c.status === 'valid'
            ? null
            : t(c.status === 'flagged' ? 'agencyResults.comments.status.flagged' : 'agencyResults.comments.status.excluded'),
        reason: c.status === 'valid' ? null : flagReasonText(c.statusReason, t),
      })) ?? null,
  };
  const charts = agencyCharts(data, { t, locale, elementText, heatCount: count, today });
  return { ...view, charts, rules: rulesView(results, data.rules, t, locale) };
}
