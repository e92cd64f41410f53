// Which year the public results page shows: only whole calendar years that have ended in Viet Nam
// (invariant 7), so that a published figure never changes after citizens have read it. On
// 22/11/2026 the last complete year is 2025.
import { localDay } from '../i18n/format.ts';

/** The settings key that publishes a province's results on /ket-qua (a JSON `true`). */
export function publicationKey(provinceCode: string): string {
  return `results.public.${provinceCode}`;
}

export const PUBLICATION_PREFIX = 'results.public.';

export function lastCompleteYear(now: Date): number {
  return Number(localDay(now).slice(0, 4)) - 1;
}

/**
 * The complete years a province can be shown for, newest first: from the year of its first counted
 * response (or the last complete year when it has none) to the last complete year.
 */
export function completeYears(firstDay: string | null, now: Date): number[] {
  const last = lastCompleteYear(now);
  const first = firstDay ? Math.min(Number(firstDay.slice(0, 4)), last) : last;
  const years: number[] = [];
  for (let y = last; y >= first; y--) years.push(y);
  return years;
}
