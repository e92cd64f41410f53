// Which years may be closed (kỳ đã chốt): a four-digit year from 2000 to the current year in Viet
// Nam. A year still running may be closed (a province that reports early), a future one may not.
import { localDay } from '../i18n/format.ts';

export const FIRST_CLOSABLE_YEAR = 2000;

/** The current year in Viet Nam: the last one that may be closed. */
export function lastClosableYear(now = new Date()): number {
  return Number(localDay(now).slice(0, 4));
}

/** The year typed, or null when it cannot be closed. */
export function closableYear(text: string, now = new Date()): number | null {
  const typed = text.trim();
  if (!/^\d{4}$/.test(typed)) return null;
  const year = Number(typed);
  return year >= FIRST_CLOSABLE_YEAR && year <= lastClosableYear(now) ? year : null;
}
