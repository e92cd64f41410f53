// The period presets of the compact filter bar (issue 14): this month, this quarter, this year and
// the last twelve months, each a link that keeps the rest of the selection, so the usual choices
// take one tap and the full form can stay folded away. "Today" is Viet Nam's (invariant 7).
import type { Translate } from '../../../i18n/index.ts';
import { localDay } from '../../../i18n/format.ts';
import type { Period } from '../../../domain/period.ts';
import { withParams, type Query } from './links.ts';

const PRESETS = ['month', 'quarter', 'year', 'last12'] as const;
export type Preset = (typeof PRESETS)[number];

export interface PresetLink {
  key: Preset;
  label: string;
  href: string;
  /** The selection is this preset: marked with aria-current. */
  current: boolean;
}

/** The query parameters of each preset, relative to today. */
function presetQuery(key: Preset, today: string): Query {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const none = { month: undefined, quarter: undefined, year: undefined, from: undefined, to: undefined };
  switch (key) {
    case 'month':
      return { ...none, period: 'month', month: today.slice(0, 7) };
    case 'quarter':
      return { ...none, period: 'quarter', quarter: `${year}-Q${Math.floor((month - 1) / 3) + 1}` };
    case 'year':
      return { ...none, period: 'year', year: String(year) };
    case 'last12': {
      // From the day after the same day a year ago: twelve whole months ending today.
      const d = new Date(Date.UTC(year - 1, month - 1, Number(today.slice(8, 10)) + 1));
      return { ...none, period: 'custom', from: d.toISOString().slice(0, 10), to: today };
    }
  }
}

/** The preset the period is, if any. */
function presetOf(period: Pick<Period, 'kind' | 'from' | 'to'>, today: string): Preset | null {
  for (const key of PRESETS) {
    const q = presetQuery(key, today);
    if (period.kind !== q.period) continue;
    if (key === 'month' && period.from.slice(0, 7) === q.month) return key;
    if (key === 'quarter' && q.quarter === `${period.from.slice(0, 4)}-Q${Math.floor((Number(period.from.slice(5, 7)) - 1) / 3) + 1}`)
      return key;
    if (key === 'year' && period.from.slice(0, 4) === q.year) return key;
    if (key === 'last12' && period.from === q.from && period.to === q.to) return key;
  }
  return null;
}

export function presetLinks(
  path: string,
  query: Query,
  period: Pick<Period, 'kind' | 'from' | 'to'> | null,
  t: Translate,
  extra: Record<string, string | undefined> = {},
  today: string = localDay(new Date()),
): PresetLink[] {
  const current = period ? presetOf(period, today) : null;
  return PRESETS.map((key) => ({
    key,
    label: t(`overview.preset.${key}`),
    href: withParams(path, query, presetQuery(key, today), extra),
    current: key === current,
  }));
}
