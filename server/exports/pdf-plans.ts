// The report's section "Hạn chế và khắc phục": each improvement plan for a weakness found in the
// report's period — the weakness with the figure it had, the measures, the agency responsible, the
// deadline, the status (overdue said in words) and the outcome. Staff wrote the texts: they are
// laid out as plain text, like citizens' words.
import type { Translate } from '../i18n/index.ts';
import type { PlanView } from '../results/plan-display.ts';
import { Layout, MUTED, plainText } from './pdf-layout.ts';

export function renderPlans(L: Layout, plans: readonly PlanView[], t: Translate): void {
  L.heading(t('plans.export.heading'));
  if (plans.length === 0) {
    L.paragraph(t('plans.export.none'));
    return;
  }
  L.paragraph(t('plans.export.intro'), { size: 8.5, color: MUTED });
  for (const p of plans) {
    L.subheading(plainText(t('plans.export.item', { index: p.index, agency: p.agency }), 300));
    const rows: [string, string][] = [
      [t('plans.export.facts.weakness'), plainText(p.weakness, 2000)],
      [t('plans.export.facts.figure'), `${p.figure} · ${p.period}`],
      [t('plans.export.facts.measures'), plainText(p.measures, 3000)],
      [t('plans.export.facts.responsible'), plainText(p.responsible, 300)],
      [t('plans.export.facts.due'), p.due],
      [t('plans.export.facts.status'), p.overdue ? t('plans.export.overdue', { status: p.statusText }) : p.statusText],
    ];
    if (p.outcome) rows.push([t('plans.export.facts.outcome'), plainText(p.outcome, 3000)]);
    L.facts(rows, { values: 'regular', size: 9 });
  }
}
