// When synthetic citizens answer: counters are busy on weekday office hours (Viet Nam time), shut on
// Sundays, public holidays and Tết; online answers also come in evenings and weekends. Use grows a
// little over the two years as more kiosks and QR posters go up.
import { localDay, startOfLocalDay } from '../i18n/format.ts';
import type { Random } from './random.ts';

export type DayProfile = 'counter' | 'online';

const FIXED_HOLIDAYS = ['01-01', '04-30', '05-01', '09-02'];
// Tết holidays as the government announced them (lunar new year moves every year).
const TET: readonly [string, string][] = [
  ['2024-02-08', '2024-02-14'],
  ['2025-01-25', '2025-02-02'],
  ['2026-02-14', '2026-02-22'],
  ['2027-02-05', '2027-02-10'],
  ['2028-01-24', '2028-01-30'],
];

function isHoliday(day: string): boolean {
  return FIXED_HOLIDAYS.includes(day.slice(5)) || TET.some(([a, b]) => day >= a && day <= b);
}

/** Calendar days [first, last] (YYYY-MM-DD), Viet Nam dates. */
export function daysBetween(first: string, last: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${first}T00:00:00Z`); t <= Date.parse(`${last}T00:00:00Z`); t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

/** The Viet Nam day `months` months before the day of `now` (29 Feb falls back to 28 Feb). */
export function monthsBefore(now: Date, months: number): string {
  const [y, m, d] = localDay(now).split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) - months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

function weekday(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

/** Relative number of answers on a day; the trend goes from 0.8 at the start to 1.2 at the end. */
export function dayWeight(day: string, profile: DayProfile, progress: number): number {
  const wd = weekday(day);
  const growth = 0.8 + 0.4 * progress;
  if (profile === 'counter') {
    if (isHoliday(day) || wd === 0) return 0;
    return (wd === 6 ? 0.12 : 1) * growth;
  }
  return (isHoliday(day) ? 0.3 : wd === 0 ? 0.4 : wd === 6 ? 0.5 : 1) * growth;
}

// Online answers by hour of day, Viet Nam time: office hours and the evening after dinner.
const ONLINE_HOURS: readonly (readonly [number, number])[] = [
  [6, 0.3],
  [7, 0.6],
  [8, 1.2],
  [9, 1.2],
  [10, 1.2],
  [11, 1.0],
  [12, 0.8],
  [13, 1.0],
  [14, 1.1],
  [15, 1.1],
  [16, 1.0],
  [17, 0.9],
  [18, 0.8],
  [19, 1.3],
  [20, 1.3],
  [21, 1.1],
  [22, 0.6],
  [23, 0.2],
];

/** An instant on the given Viet Nam day, in office hours at a counter or the waking hours online. */
export function timeOnDay(rng: Random, day: string, profile: DayProfile): Date {
  let seconds: number;
  if (profile === 'counter') {
    const morningOnly = weekday(day) === 6;
    seconds = morningOnly || rng.chance(0.62) ? rng.int(7 * 3600 + 1800, 11 * 3600 + 1800) : rng.int(13 * 3600 + 1800, 17 * 3600);
  } else {
    seconds = rng.weighted(ONLINE_HOURS) * 3600 + rng.int(0, 3599);
  }
  return new Date(startOfLocalDay(day).getTime() + seconds * 1000 + rng.int(0, 999));
}
