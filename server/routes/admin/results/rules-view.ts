// What the agency page prints about the province's index rule (issue 16): the parts the overall and
// the elements left out for too few answers, the minimums in force, and the overall index by each
// rule beside the official one, every number formatted and every label translated.
import type { Locale, Translate } from '../../../i18n/index.ts';
import { formatNumber } from '../../../i18n/format.ts';
import { formatInterval, indexShareText, tooFewNote } from '../../../results/display.ts';
import type { AgencyResults, RuleFigure } from '../../../results/service.ts';

export interface RuleRowView {
  rule: string;
  name: string;
  official: boolean;
  share: string;
  interval: string;
  n: string;
  notes: string[];
}

export interface RulesView {
  /** "Không tính E5 vì chưa đủ mẫu." for the overall and each element that left parts out. */
  tooFew: string[];
  /** The minimums in force, in words; null when they are all 1 (nothing but empty parts leaves). */
  minimums: string | null;
  rows: RuleRowView[];
}

/** The notes of one rule's figure: what it is, and for units weighted equally what it counts. */
function notesOf(f: RuleFigure, t: Translate, locale: Locale): string[] {
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

export function rulesView(results: AgencyResults, figures: RuleFigure[], t: Translate, locale: Locale): RulesView {
  const m = results.minimums;
  const tooFew = [results.overall, ...results.elements]
    .map((i) => {
      const note = tooFewNote(i, t);
      return note && i.code !== 'overall' ? `${i.code}: ${note}` : note;
    })
    .filter((x): x is string => x !== null);
  return {
    tooFew,
    minimums: m.criterion > 1 || m.element > 1 || m.overall > 1 ? t('rules.minimums', { ...m }) : null,
    rows: figures.map((f) => ({
      rule: f.rule,
      name: t(`rules.name.${f.rule}`),
      official: f.official,
      share: indexShareText(f.overall, t, locale),
      interval: formatInterval(f.overall.interval, locale),
      n: formatNumber(f.overall.n, locale),
      notes: notesOf(f, t, locale),
    })),
  };
}
