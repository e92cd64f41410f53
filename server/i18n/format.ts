// vi-VN number and date formatting (invariant 7): 81,04% and 22/11/2026, days in Asia/Ho_Chi_Minh.
import type { Locale } from './index.ts';

const TIME_ZONE = 'Asia/Ho_Chi_Minh';
const tag = (locale: Locale) => (locale === 'vi' ? 'vi-VN' : 'en-GB');

/** A fraction 0–1 as a percentage with two decimals: 0.8104 → "81,04%" in Vietnamese. */
export function formatPercent(share: number, locale: Locale = 'vi', digits = 2): string {
  return new Intl.NumberFormat(tag(locale), {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(share);
}

export function formatNumber(n: number, locale: Locale = 'vi'): string {
  return new Intl.NumberFormat(tag(locale)).format(n);
}

export function formatDate(d: Date | string, locale: Locale = 'vi'): string {
  const date = typeof d === 'string' ? new Date(d.length === 10 ? `${d}T00:00:00+07:00` : d) : d;
  return new Intl.DateTimeFormat(tag(locale), {
    timeZone: TIME_ZONE,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(date);
}

export function formatDateTime(d: Date, locale: Locale = 'vi'): string {
  return new Intl.DateTimeFormat(tag(locale), {
    timeZone: TIME_ZONE,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(d);
}

/** The calendar day (YYYY-MM-DD) an instant falls on in Viet Nam. */
// Viet Nam has kept UTC+7 without daylight saving since 1975 (startOfLocalDay relies on it too),
// so the day is plain arithmetic; Intl's formatter, run for every submission, cost ten times more.
export const VIET_NAM_OFFSET_MS = 7 * 3600 * 1000;
export function localDay(d: Date): string {
  return new Date(d.getTime() + VIET_NAM_OFFSET_MS).toISOString().slice(0, 10);
}

/** The UTC instant at which a Vietnamese calendar day starts (Viet Nam has no daylight saving). */
export function startOfLocalDay(day: string): Date {
  return new Date(`${day}T00:00:00+07:00`);
}
