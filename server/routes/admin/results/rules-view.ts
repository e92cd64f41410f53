// What the agency page prints about the province's index rule (issue 16): the parts the overall and
// the elements left out for too few answers, the minimums in force, and the overall index by each
// rule beside the official one, every number formatted and every label translated.
import type { Locale, Translate } from '../../../i18n/index.ts';
import { formatNumber } from '../../../i18n/format.ts';
import { formatInterval, indexShareText, minimumsText, ruleNotes, tooFewNotes } from '../../../results/display.ts';
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

export function rulesView(results: AgencyResults, figures: RuleFigure[], t: Translate, locale: Locale): RulesView {
  return {
    tooFew: tooFewNotes([results.overall, ...results.elements], t),
    minimums: minimumsText(results.minimums, t),
    rows: figures.map((f) => ({
      rule: f.rule,
      name: t(`rules.name.${f.rule}`),
      official: f.official,
      share: indexShareText(f.overall, t, locale),
      interval: formatInterval(f.overall.interval, locale),
      n: formatNumber(f.overall.n, locale),
      notes: ruleNotes(f, t, locale),
    })),
  };
}
