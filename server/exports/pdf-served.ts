// The report's response rate, under the overall index: the rate in words (or "chưa có số lượt phục
// vụ"), the people served, the finite-population margin of error and any mark, as the agency page
// shows them (server/results/served-display.ts).
import type { Translate } from '../i18n/index.ts';
import type { RateView } from '../results/served-display.ts';
import { Layout, MUTED } from './pdf-layout.ts';

export function renderResponseRate(L: Layout, rate: RateView, t: Translate): void {
  L.subheading(t('responseRate.heading'));
  if (!rate.known) {
    L.paragraph(rate.notes[0] ?? t('responseRate.none'), { size: 9 });
    return;
  }
  const rows: [string, string][] = [
    [t('responseRate.rate'), rate.mark ? `${rate.rate} (${rate.mark})` : rate.rate],
    [t('responseRate.responses'), rate.responses],
    [t('responseRate.served'), rate.served],
  ];
  if (rate.margin) rows.push([t('responseRate.margin'), rate.margin]);
  L.facts(rows, { size: 9 });
  for (const n of rate.notes) L.paragraph(n, { size: 8.5 });
  L.paragraph(t('responseRate.explain'), { size: 8.5, color: MUTED });
}
