// Reporting periods: calendar days in Asia/Ho_Chi_Minh (invariant 7), inclusive at both ends, as
// YYYY-MM-DD strings. A month, quarter or year compares with the one before it; a custom period
// with the same days of the calendar as many months earlier as it touches (issue 16: by the
// calendar, never by a count of days, which slips a day across 29 February).
import { z } from 'zod';

export interface Period {
  kind: 'month' | 'quarter' | 'year' | 'custom';
  from: string;
  to: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function isDay(s: string): boolean {
  if (!DAY.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

function monthEnd(year: number, month: number): string {
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

export function monthPeriod(year: number, month: number): Period {
  return { kind: 'month', from: `${year}-${String(month).padStart(2, '0')}-01`, to: monthEnd(year, month) };
}

export function quarterPeriod(year: number, quarter: number): Period {
  const first = (quarter - 1) * 3 + 1;
  return { kind: 'quarter', from: `${year}-${String(first).padStart(2, '0')}-01`, to: monthEnd(year, first + 2) };
}

export function yearPeriod(year: number): Period {
  return { kind: 'year', from: `${year}-01-01`, to: `${year}-12-31` };
}

/** The period of the same kind just before this one. */
export function previousPeriod(p: Period): Period {
  const y = Number(p.from.slice(0, 4));
  const m = Number(p.from.slice(5, 7));
  switch (p.kind) {
    case 'month':
      return m === 1 ? monthPeriod(y - 1, 12) : monthPeriod(y, m - 1);
    case 'quarter': {
      const q = Math.floor((m - 1) / 3) + 1;
      return q === 1 ? quarterPeriod(y - 1, 4) : quarterPeriod(y, q - 1);
    }
    case 'year':
      return yearPeriod(y - 1);
    case 'custom': {
      // 01/01/2025–31/12/2025 → 01/01/2024–31/12/2024; 10/03–20/03 → 10/02–20/02;
      // 15/01–14/04 (four months touched) → 15/09–14/12 of the year before.
      const k = monthsOf(p.from, p.to).length;
      return { kind: 'custom', from: monthsEarlier(p.from, k), to: monthsEarlier(p.to, k) };
    }
  }
}

/**
 * The same day of the month `k` months earlier; a day the earlier month lacks (31, or 29 February)
 * becomes its last day, and the last day of a month stays the last day (30/04 → 31/03).
 */
export function monthsEarlier(day: string, k: number): string {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  const d = Number(day.slice(8, 10));
  const index = y * 12 + (m - 1) - k;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = Number(monthEnd(year, month).slice(8, 10));
  const isLast = day === monthEnd(y, m);
  return `${year}-${String(month).padStart(2, '0')}-${String(isLast ? last : Math.min(d, last)).padStart(2, '0')}`;
}

/** The months a period touches, 'YYYY-MM', in order: the x axis of a trend. */
export function monthsOf(from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const endKey = to.slice(0, 7);
  for (;;) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    out.push(key);
    if (key >= endKey) return out;
    m++;
    if (m === 13) {
      m = 1;
      y++;
    }
  }
}

/** Whole calendar months inside [from, to] (first days of the first and last), and the days left over at either end. */
export function splitByMonths(from: string, to: string): { months: [string, string] | null; edges: [string, string][] } {
  const first = from.endsWith('-01') ? from : `${monthsOf(from, from)[0]}-01`;
  const start = first === from ? from : addMonths(first, 1);
  const afterLast = addDays(to, 1).endsWith('-01') ? addDays(to, 1) : `${to.slice(0, 7)}-01`;
  if (start >= afterLast) return { months: null, edges: [[from, to]] };
  const edges: [string, string][] = [];
  if (from < start) edges.push([from, addDays(start, -1)]);
  if (afterLast <= to) edges.push([afterLast, to]);
  return { months: [start, addMonths(afterLast, -1)], edges };
}

function addMonths(firstOfMonth: string, n: number): string {
  const d = new Date(`${firstOfMonth}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + n);
  return d.toISOString().slice(0, 10);
}

/** A trend shows this many months, ending with the month of the period's last day. */
const TREND_MONTHS = 12;

/** The first day of the month `months - 1` months before the one `day` falls in. */
export function trendStart(day: string, months = TREND_MONTHS): string {
  const index = Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1 - (months - 1);
  return monthPeriod(Math.floor(index / 12), (index % 12) + 1).from;
}

/** A day as staff in Viet Nam type it (30/06/2026), or in ISO form; the ISO day when it is one. */
export function parseTypedDay(s: string): string | null {
  const t = s.trim();
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  const iso = m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : t;
  return isDay(iso) ? iso : null;
}
