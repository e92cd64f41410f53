// The PDF report's part of the province's index rule (issue 16), under the overall index: the parts
// left out for too few answers, the minimums in force, and the overall by each rule beside the
// official one, with n, interval and what each counts (the notes of the XLSX sheet).
import { formatNumber } from '../i18n/format.ts';
import type { Locale, Translate } from '../i18n/index.ts';
import { formatInterval, indexShareText, minimumsText, ruleNotes, tooFewNotes } from '../results/display.ts';
import type { AgencyResults, RuleFigure } from '../results/service.ts';
import { MUTED, type Layout } from './pdf-layout.ts';

export function renderRules(L: Layout, r: AgencyResults, rules: RuleFigure[], t: Translate, locale: Locale): void {
  for (const note of tooFewNotes([r.overall, ...r.elements], t)) L.paragraph(note, { size: 8.5 });
  const minimums = minimumsText(r.minimums, t);
  if (minimums) L.paragraph(minimums, { size: 8.5, color: MUTED });
  if (rules.length === 0) return;
  L.subheading(t('rules.side.heading'));
  L.paragraph(t('rules.side.intro'), { size: 8.5, color: MUTED });
  L.table(
    [
      { header: t('rules.side.col.rule'), width: 0.26 },
      { header: t('rules.side.col.share'), width: 0.1, align: 'right' },
      { header: t('rules.side.col.interval'), width: 0.18, align: 'right' },
      { header: t('rules.side.col.n'), width: 0.08, align: 'right' },
      { header: t('rules.side.col.note'), width: 0.38 },
    ],
    rules.map((f) => [
      f.official ? `${t(`rules.name.${f.rule}`)} (${t('rules.side.official')})` : t(`rules.name.${f.rule}`),
      indexShareText(f.overall, t, locale),
      formatInterval(f.overall.interval, locale),
      formatNumber(f.overall.n, locale),
      ruleNotes(f, t, locale).join(' '),
    ]),
  );
}
