// What the plans pages and the exports' section "Hạn chế và khắc phục" print for a plan: names in
// the reader's language, the figure it was made from, dates and status in words, and "overdue" said
// in words (never by colour alone).
import type { PlanRow } from '../db/queries/improvement-plans.ts';
import type { PlanStatus } from '../db/schema.ts';
import { isPlanOverdue } from '../domain/improvement-plans.ts';
import { formatDate, formatNumber } from '../i18n/format.ts';
import type { Locale, MessageKey, Translate } from '../i18n/index.ts';
import { formatInterval, formatTarget, shareText } from './display.ts';

export interface PlanView {
  id: number;
  href: string;
  agency: string;
  agencyCode: string;
  index: string;
  questionnaire: string;
  period: string;
  figure: string;
  weakness: string;
  measures: string;
  responsible: string;
  due: string;
  status: PlanStatus;
  statusText: string;
  overdue: boolean;
  outcome: string | null;
}

const pick = (locale: Locale, vi: string, en: string | null) => (locale === 'en' && en ? en : vi);

function planFigure(p: PlanRow, t: Translate, locale: Locale): string {
  const target =
    p.target_comparator && p.target_threshold !== null ? { comparator: p.target_comparator, threshold: p.target_threshold } : null;
  const interval: [number, number] | null = p.interval_low !== null && p.interval_high !== null ? [p.interval_low, p.interval_high] : null;
  return t('plans.figure', {
    share: shareText(p.share, locale),
    n: formatNumber(p.n, locale),
    interval: formatInterval(interval, locale),
    target: formatTarget(target, locale),
  });
}

export function planView(p: PlanRow, t: Translate, locale: Locale, today: string): PlanView {
  return {
    id: p.id,
    href: `/admin/plans/${p.id}`,
    agency: pick(locale, p.agencyNameVi, p.agencyNameEn),
    agencyCode: p.agencyCode,
    index: p.index_code,
    questionnaire: `${pick(locale, p.questionnaireTitleVi, p.questionnaireTitleEn)} (${p.questionnaireCode}${p.questionnaire_version ? ` v${p.questionnaire_version}` : ''})`,
    period: `${formatDate(p.period_from, locale)} – ${formatDate(p.period_to, locale)}`,
    figure: planFigure(p, t, locale),
    weakness: p.weakness,
    measures: p.measures,
    responsible: `${pick(locale, p.responsibleNameVi, p.responsibleNameEn)} (${p.responsibleCode})`,
    due: formatDate(p.due_on, locale),
    status: p.status,
    statusText: t(`plans.status.${p.status}` as MessageKey),
    overdue: isPlanOverdue({ status: p.status, dueOn: p.due_on }, today),
    outcome: p.outcome,
  };
}
