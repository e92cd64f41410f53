// The demo province's people served (issue 16 point 4), so that the response rate shows on `npm
// start`: for each service point a response rate of its own — most between 8 % and 40 % of the
// people served, about one point in seven under the 5 % floor — and the people served worked back
// from the responses it received. Whole months are month rows; the month in progress is day rows up
// to yesterday, so both kinds of row are on show. Seeded: the same seed gives the same counts.
import type { NewResponse } from '../db/queries/responses.ts';
import type { ServedWrite } from '../db/queries/served.ts';
import { localDay } from '../i18n/format.ts';
import { Random } from './random.ts';
import type { PlannedUnit } from './responses.ts';

export function planServed(seed: string, now: Date, units: PlannedUnit[], responses: NewResponse[], firstDay: string): ServedWrite[] {
  const rng = new Random(`${seed}:served`);
  const today = localDay(now);
  const thisMonth = today.slice(0, 7);
  // Responses per point and month, and per point and day in the month in progress.
  const perMonth = new Map<string, number>();
  const perDay = new Map<string, number>();
  for (const r of responses) {
    if (r.servicePointId === null) continue;
    const day = localDay(r.submittedAt);
    const month = day.slice(0, 7);
    if (month === thisMonth) perDay.set(`${r.servicePointId}|${day}`, (perDay.get(`${r.servicePointId}|${day}`) ?? 0) + 1);
    else perMonth.set(`${r.servicePointId}|${month}`, (perMonth.get(`${r.servicePointId}|${month}`) ?? 0) + 1);
  }
  const months: string[] = [];
  for (let m = firstDay.slice(0, 7); m < thisMonth;) {
    months.push(m);
    const [y, mo] = m.split('-').map(Number) as [number, number];
    m = mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
  }
  const days: string[] = [];
  for (let d = `${thisMonth}-01`; d < today;) {
    days.push(d);
    const next = new Date(`${d}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    d = next.toISOString().slice(0, 10);
  }
  const out: ServedWrite[] = [];
  for (const u of units)
    for (const sp of u.servicePoints) {
      const low = rng.next() < 0.15;
      const rate = low ? 0.02 + rng.next() * 0.025 : 0.08 + rng.next() * 0.32;
      // A point nobody rated in a month still served people: a quiet counter's few hundred.
      const servedFor = (responded: number, scale: number) =>
        responded > 0 ? Math.round((responded / rate) * (0.9 + rng.next() * 0.2)) : Math.round(scale * (0.5 + rng.next()));
      for (const month of months) {
        const start = `${month}-01`;
        out.push({
          servicePointId: sp.id,
          provinceId: u.provinceId,
          kind: 'month',
          start,
          served: servedFor(perMonth.get(`${sp.id}|${month}`) ?? 0, 300),
        });
      }
      for (const day of days) {
        // Sundays the counters are closed: no row, as the one-stop system would send none.
        if (new Date(`${day}T00:00:00Z`).getUTCDay() === 0) continue;
        out.push({
          servicePointId: sp.id,
          provinceId: u.provinceId,
          kind: 'day',
          start: day,
          served: servedFor(perDay.get(`${sp.id}|${day}`) ?? 0, 15),
        });
      }
    }
  return out;
}
