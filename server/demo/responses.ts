// The synthetic responses of the demo province: about a third full SIPAS questionnaires (online,
// paper, a few through the API) and two thirds one-tap kiosk ratings, over the months before `now`.
// Pure: the same seed, units and `now` give the same rows, ids included.
import type { AgencyKind, Channel, ResponseStatus } from '../db/schema.ts';
import type { NewResponse } from '../db/queries/responses.ts';
import type { QuestionItem } from '../domain/questionnaire.ts';
import { localDay } from '../i18n/format.ts';
import { drawAnswers } from './answers.ts';
import { dayWeight, daysBetween, monthsBefore, timeOnDay, type DayProfile } from './calendar.ts';
import { MERGER_DAY, type DemoUnit } from './province.ts';
import { Random } from './random.ts';

export interface PlannedQuestionnaire {
  versionId: number;
  campaignId: number | null;
  items: readonly QuestionItem[];
}

export interface PlannedServicePoint {
  id: number;
  code: string;
  weight: number;
  offset: number;
  fields: DemoUnit['fields'];
}

export interface PlannedUnit {
  unit: DemoUnit;
  agencyId: number;
  provinceId: number;
  servicePoints: PlannedServicePoint[];
}

export interface ResponsePlan {
  seed: string;
  now: Date;
  months: number;
  total: number;
  sipas: PlannedQuestionnaire;
  quick: PlannedQuestionnaire;
  units: PlannedUnit[];
}

type Mode = 'sipas' | 'quick';

// How much each kind of unit is surveyed by each questionnaire: the full questionnaire samples
// departments more evenly, kiosks stand where the crowds are.
const KIND_SHARE: Record<Mode, Partial<Record<AgencyKind, number>>> = {
  sipas: { department: 2.2, centre: 0.7, branch: 0.7, commune: 1 },
  quick: { department: 0.5, centre: 1.2, branch: 1.2, commune: 1 },
};
const SIPAS_CHANNELS: readonly (readonly [Channel, number])[] = [
  ['online', 0.53],
  ['paper', 0.42],
  ['api', 0.05],
];
const CHANNEL_OFFSET: Record<Channel, number> = { kiosk: 0.02, online: -0.025, paper: 0.025, api: 0 };
const ENGLISH: Record<Channel, number> = { kiosk: 0.015, online: 0.03, paper: 0.01, api: 0 };
const TOO_FAST: Record<Channel, number> = { kiosk: 0.015, online: 0.008, paper: 0, api: 0 };

interface Choice {
  unit: PlannedUnit;
  sp: PlannedServicePoint;
}

export function planResponses(plan: ResponsePlan): NewResponse[] {
  const rng = new Random(`${plan.seed}:responses`);
  const first = monthsBefore(plan.now, plan.months);
  const today = localDay(plan.now);
  // Today is left out so that nothing lands after `now`.
  const days = daysBetween(first, today).slice(0, -1);
  if (days.length === 0) return [];
  const dayTables = {
    counter: cumulative(days.map((d, i) => [d, dayWeight(d, 'counter', i / days.length)] as const)),
    online: cumulative(days.map((d, i) => [d, dayWeight(d, 'online', i / days.length)] as const)),
  };
  const progressOf = new Map(days.map((d, i) => [d, i / days.length]));
  const choiceCache = new Map<string, Cumulative<Choice>>();
  const choicesOn = (day: string, mode: Mode, apiOnly: boolean) => {
    const key = `${mode}:${apiOnly}:${day}`;
    let table = choiceCache.get(key);
    if (!table) {
      const entries: (readonly [Choice, number])[] = [];
      for (const unit of plan.units) {
        const u = unit.unit;
        if ((u.validFrom && day < u.validFrom) || (u.validTo && day > u.validTo)) continue;
        if (apiOnly && u.kind !== 'centre' && u.kind !== 'branch') continue;
        for (const sp of unit.servicePoints) entries.push([{ unit, sp }, sp.weight * (KIND_SHARE[mode][u.kind] ?? 1)]);
      }
      table = cumulative(entries);
      choiceCache.set(key, table);
    }
    return table;
  };

  const sipasCount = Math.round(plan.total / 3);
  const rows: NewResponse[] = [];
  for (let i = 0; i < plan.total; i++) {
    const mode: Mode = i < sipasCount ? 'sipas' : 'quick';
    const channel: Channel = mode === 'quick' ? 'kiosk' : rng.weighted(SIPAS_CHANNELS);
    const profile: DayProfile = channel === 'online' ? 'online' : 'counter';
    const day = dayTables[profile].draw(rng);
    const table = choicesOn(day, mode, channel === 'api');
    if (table.empty) continue;
    const { unit, sp } = table.draw(rng);
    const submittedAt = timeOnDay(rng, day, profile);
    const progress = progressOf.get(day) ?? 0;
    // Units born of the merger had a rough first quarter.
    const transition = unit.unit.validFrom === MERGER_DAY && day < '2025-10-01' ? -0.04 : 0;
    const quality = unit.unit.quality + sp.offset + CHANNEL_OFFSET[channel] + (-0.02 + 0.04 * progress) + transition;
    const locale = rng.chance(ENGLISH[channel]) ? 'en' : 'vi';
    const q = mode === 'sipas' ? plan.sipas : plan.quick;
    const { answers, comment } = drawAnswers(rng, q.items, { quality, fields: sp.fields, channel, locale });
    const tooFast = rng.chance(TOO_FAST[channel]);
    const status: ResponseStatus = tooFast ? 'flagged' : 'valid';
    rows.push({
      id: rng.uuid(),
      questionnaireVersionId: q.versionId,
      campaignId: q.campaignId,
      agencyId: unit.agencyId,
      servicePointId: sp.id,
      provinceId: unit.provinceId,
      channel,
      submittedAt,
      receivedAt: receivedAfter(rng, submittedAt, channel, plan.now),
      locale,
      answers,
      comment,
      status,
      statusReason: tooFast ? 'too-fast' : null,
    });
  }
  return rows.sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime() || (a.id < b.id ? -1 : 1));
}

/** Kiosks sync within seconds (sometimes hours after the network drops); paper is keyed in days later. */
function receivedAfter(rng: Random, submitted: Date, channel: Channel, now: Date): Date {
  const t = submitted.getTime();
  let delay: number;
  if (channel === 'kiosk') delay = rng.chance(0.03) ? rng.int(300, 6 * 3600) * 1000 : rng.int(1000, 20_000);
  else if (channel === 'online') delay = rng.int(200, 3000);
  else if (channel === 'api') delay = rng.int(10, 600) * 1000;
  else delay = rng.int(1, 10) * 86_400_000 + rng.int(0, 8 * 3600) * 1000;
  return new Date(Math.max(t, Math.min(t + delay, now.getTime() - 1000)));
}

interface Cumulative<T> {
  empty: boolean;
  draw(rng: Random): T;
}

/** Weighted draws by binary search over the running total: thousands of draws over hundreds of items. */
function cumulative<T>(entries: readonly (readonly [T, number])[]): Cumulative<T> {
  const items: T[] = [];
  const totals: number[] = [];
  let sum = 0;
  for (const [item, w] of entries) {
    if (w <= 0) continue;
    sum += w;
    items.push(item);
    totals.push(sum);
  }
  return {
    empty: items.length === 0,
    draw(rng) {
      const u = rng.next() * sum;
      let lo = 0;
      let hi = totals.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (totals[mid]! > u) hi = mid;
        else lo = mid + 1;
      }
      return items[lo]!;
    },
  };
}
