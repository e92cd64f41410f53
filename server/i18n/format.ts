// vi-VN number and date formatting (invariant 7): 81,04% and 22/11/2026, days in Asia/Ho_Chi_Minh.
import type { Locale } from './index.ts';

export const TIME_ZONE = 'Asia/Ho_Chi_Minh';
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
// Building an Intl formatter costs far more than using one; this runs for every submission.
const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

export function localDay(d: Date): string {
  return dayFormat.format(d);
}

/** The UTC instant at which a Vietnamese calendar day starts (Viet Nam has no daylight saving). */
export function startOfLocalDay(day: string): Date {
  return new Date(`${day}T00:00:00+07:00`);
}
