// People served (lượt phục vụ) of a period from the stored day and month rows of each service point
// (migrations/0012_served.sql), by one rule (decision 64):
// - a calendar month wholly inside the period takes its month row when there is one;
// - otherwise the month counts the day rows of its days inside the period;
// - a month of the period with neither (or with only a month row while the period covers part of
//   that month) leaves the point's count unknown for the period: the point is left out of the rate,
//   never counted as having served nobody.
import { monthsOf } from './period.ts';

export interface ServedRow {
  servicePointId: number;
  kind: 'day' | 'month';
  /** The day, or the first of the month. */
  start: string;
}

export type PointServed = { known: true; served: number } | { known: false; missingMonth: string };

function lastDayOf(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** Each point's people served in [from, to] by the rule above; points without any row are absent. */
export function servedInPeriod<R extends ServedRow & { served: number }>(rows: R[], from: string, to: string): Map<number, PointServed> {
  const byPoint = new Map<number, R[]>();
  for (const r of rows) byPoint.set(r.servicePointId, [...(byPoint.get(r.servicePointId) ?? []), r]);
  const months = monthsOf(from, to);
  const out = new Map<number, PointServed>();
  for (const [point, own] of byPoint) {
    let total = 0;
    let missing: string | null = null;
    for (const month of months) {
      const whole = `${month}-01` >= from && lastDayOf(month) <= to;
      const monthRow = own.find((r) => r.kind === 'month' && r.start.slice(0, 7) === month);
      if (whole && monthRow) {
        total += monthRow.served;
        continue;
      }
      const days = own.filter((r) => r.kind === 'day' && r.start.slice(0, 7) === month && r.start >= from && r.start <= to);
      if (days.length === 0) {
        missing = month;
        break;
      }
      total += days.reduce((s, r) => s + r.served, 0);
    }
    out.set(point, missing === null ? { known: true, served: total } : { known: false, missingMonth: missing });
  }
  return out;
}
