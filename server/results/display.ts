// How results are written for people (the staff pages and the PDF and XLSX reports): share,
// interval, target, verdict, the change between two periods and the name of the period, all in the
// reader's language and number format.
// A verdict is always words with a shape beside them, never a colour alone.
import type { Index, IndexTarget, Minimums, Verdict } from '../domain/indices.ts';
import type { RuleFigure } from './service.ts';
import type { Channel } from '../db/schema.ts';
import type { Period } from '../domain/period.ts';
import { formatDate, formatNumber, formatPercent } from '../i18n/format.ts';
import type { Locale, Translate } from '../i18n/index.ts';
import type { QuestionnaireDefinition } from '../domain/questionnaire.ts';
import { isSipas } from '../domain/questionnaire.ts';
import { flagCodes, isKnownFlag } from '../domain/flags.ts';

const tag = (locale: Locale) => (locale === 'vi' ? 'vi-VN' : 'en-GB');

/** "78,12% – 83,40%"; a dash when there is no interval. */
export function formatInterval(interval: [number, number] | null, locale: Locale): string {
  return interval ? `${formatPercent(interval[0], locale)} – ${formatPercent(interval[1], locale)}` : '—';
}

/** "> 80%", "≥ 85,5%": the threshold with as few decimals as it has. */
export function formatTarget(target: IndexTarget | null, locale: Locale): string {
  if (!target) return '—';
  const pct = new Intl.NumberFormat(tag(locale), { style: 'percent', maximumFractionDigits: 2 }).format(target.threshold);
  return `${target.comparator === '>' ? '>' : '≥'} ${pct}`;
}

/**
 * A difference of two shares in percentage points: "+1,20 điểm %", "−0,50 pp"; a dash when the two
 * periods cannot be compared (either lacks the minimum n).
 */
export function formatChange(change: number | null, t: Translate, locale: Locale): string {
  if (change === null) return '—';
  const points = Math.round(change * 10_000) / 100;
  const n = new Intl.NumberFormat(tag(locale), { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'exceptZero' })
    .format(points)
    .replace('-', '−');
  return t('dashboards.points', { n });
}

export interface VerdictView {
  /** For the style and the shape: met, not-met, insufficient, no-target. */
  status: Verdict['status'];
  /** A shape that carries the verdict without colour (✔, ✖, ○, –), hidden from screen readers. */
  icon: string;
  text: string;
  /** Rõ ràng / chưa đủ chắc chắn, or the minimum-n explanation. */
  detail: string | null;
  /** For sorting: best first. */
  order: number;
}

export function verdictView(v: Verdict, t: Translate): VerdictView {
  switch (v.status) {
    case 'met':
      return {
        status: v.status,
        icon: '✔',
        text: t('results.verdict.met'),
        detail: t(v.clear ? 'results.verdict.clear' : 'results.verdict.uncertain'),
        order: v.clear ? 0 : 1,
      };
    case 'not-met':
      return {
        status: v.status,
        icon: '✖',
        text: t('results.verdict.not-met'),
        detail: t(v.clear ? 'results.verdict.clear' : 'results.verdict.uncertain'),
        order: v.clear ? 3 : 2,
      };
    case 'insufficient':
      return {
        status: v.status,
        icon: '○',
        text: t('results.verdict.insufficient'),
        detail: t('results.verdict.insufficientDetail', { minN: v.minN }),
        order: 4,
      };
    case 'no-target':
      return { status: v.status, icon: '–', text: t('results.verdict.no-target'), detail: null, order: 5 };
  }
}

/** "tháng 03/2026", "quý 2/2026", "năm 2026", "01/01/2026 – 15/02/2026". */
export function periodLabel(p: Pick<Period, 'kind' | 'from' | 'to'>, t: Translate, locale: Locale): string {
  const year = p.from.slice(0, 4);
  switch (p.kind) {
    case 'month':
      return t('dashboards.period.month', { month: p.from.slice(5, 7), year });
    case 'quarter':
      return t('dashboards.period.quarter', { quarter: Math.floor((Number(p.from.slice(5, 7)) - 1) / 3) + 1, year });
    case 'year':
      return t('dashboards.period.year', { year });
    case 'custom':
      return `${formatDate(p.from, locale)} – ${formatDate(p.to, locale)}`;
  }
}

/** The name of an index of a questionnaire: overall, an element's title, a criterion's text. */
export function indexName(def: QuestionnaireDefinition, code: string, t: Translate, locale: Locale): string {
  if (code === 'overall') return t('results.index.overall');
  if (!isSipas(def)) return code;
  const pick = (x: { vi: string; en?: string | null | undefined }) => (locale === 'en' && x.en ? x.en : x.vi);
  for (const el of def.elements) {
    if (el.code === code) return pick(el.title);
    const c = el.criteria.find((x) => x.code === code);
    if (c) return pick(c);
  }
  return code;
}

/** A share as text; a dash when there is none. */
export const shareText = (share: number | null, locale: Locale): string => (share === null ? '—' : formatPercent(share, locale));

export const channelName = (key: string | null, t: Translate): string =>
  key && ['kiosk', 'online', 'paper', 'api'].includes(key) ? t(`results.channel.${key as Channel}`) : t('results.channel.none');

/** Lowest share first; criteria without valid answers last; the questionnaire's order breaks ties. */
export function weakestFirst<T extends Pick<Index, 'share'>>(rows: readonly T[]): T[] {
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => (a.r.share ?? Infinity) - (b.r.share ?? Infinity) || a.i - b.i)
    .map((x) => x.r);
}

/** A response's flags in words ("quá nhanh, gửi muộn"); a code without a name is shown as stored. */
export function flagReasonText(statusReason: string | null, t: Translate): string | null {
  const codes = flagCodes(statusReason);
  if (codes.length === 0) return null;
  return codes.map((r) => (isKnownFlag(r) ? t(`agencyResults.reason.${r}`) : r)).join(', ');
}

/**
 * Names that tell their rows apart: a name shown more than once (two service points called
 * "Quầy 01" in two centres after a merger) gets its code beside it, "Quầy 01 (NTH-TTPVHCC-Q01)";
 * a name shown once stays as it is.
 */
export function uniqueNames<T>(items: readonly T[], name: (x: T) => string, code: (x: T) => string): Map<T, string> {
  const seen = new Map<string, number>();
  for (const x of items) seen.set(name(x), (seen.get(name(x)) ?? 0) + 1);
  return new Map(items.map((x) => [x, seen.get(name(x))! > 1 ? `${name(x)} (${code(x)})` : name(x)]));
}

/** An index's share as people read it: "Chưa đủ mẫu" when it is below its part's minimum (issue 16). */
export function indexShareText(i: Pick<Index, 'share' | 'belowMinimum'>, t: Translate, locale: Locale): string {
  return i.belowMinimum ? t('rules.belowMinimum') : shareText(i.share, locale);
}

/** The visible note of an index that left parts out for too few answers; null when none did. */
export function tooFewNote(i: Pick<Index, 'tooFew'>, t: Translate): string | null {
  return i.tooFew && i.tooFew.length > 0 ? t('rules.tooFew', { parts: i.tooFew.join(', ') }) : null;
}

/** What a rule's figure is and, for units weighted equally, what it counts: the notes beside it. */
export function ruleNotes(f: RuleFigure, t: Translate, locale: Locale): string[] {
  const notes = [t(f.official ? 'rules.side.note.official' : 'rules.side.note.other')];
  if (f.rule === 'overall-question') notes.push(t('rules.side.note.question'));
  const u = f.units;
  if (u) {
    if (u.counted.length > 0) notes.push(t('rules.side.note.units', { count: formatNumber(u.counted.length, locale) }));
    if (u.leftOut.length > 0) notes.push(t('rules.side.note.unitsLeftOut', { units: u.leftOut.join(', ') }));
    if (u.ownResponses > 0) notes.push(t('rules.side.note.own', { n: formatNumber(u.ownResponses, locale) }));
    if (u.noInterval) notes.push(t(`rules.side.noInterval.${u.noInterval}`));
  }
  return notes;
}

/** The notes of the overall and of each element that left parts out for too few answers. */
export function tooFewNotes(indices: Pick<Index, 'code' | 'tooFew'>[], t: Translate): string[] {
  return indices
    .map((i) => {
      const note = tooFewNote(i, t);
      return note && i.code !== 'overall' ? `${i.code}: ${note}` : note;
    })
    .filter((x): x is string => x !== null);
}

/** The minimums in force, in words; null when they are all 1 (only parts without answers leave). */
export function minimumsText(m: Minimums, t: Translate): string | null {
  return m.criterion > 1 || m.element > 1 || m.overall > 1 ? t('rules.minimums', { ...m }) : null;
}
