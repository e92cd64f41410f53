// What the aggregator adds to the rollups (migrations/0007_rollups.sql) for a batch of responses or
// of existing day rows, computed in memory with the same domain code the engine and the recount use
// (the layout, respondentFeatures), so that the database receives one pre-summed row per slice and
// applies the whole batch in one upsert per table. Signs make it a delta: −1 takes a response (or a
// day row, when an agency moves or a slice is rebuilt) out again.
import type { Channel, IndexRule } from '../db/schema.ts';
import type { QuestionnaireDefinition } from './questionnaire.ts';
import { extraKey, type RollupLayout } from './rollup-layout.ts';
import { respondentFeatures } from './respondent-moments.ts';

/** A reportable response as the aggregator reads it. */
export interface CountedResponse {
  agencyId: number;
  provinceId: number;
  submittedAt: Date;
  versionId: number;
  campaignId: number | null;
  channel: Channel;
  servicePointId: number | null;
  answers: Record<string, unknown>;
}

export interface VersionInfo {
  definition: QuestionnaireDefinition;
  rule: IndexRule;
  layout: RollupLayout;
}

interface Sums {
  responses: number;
  histogram: number[];
  extra: Record<string, number> | null;
  moments: number[];
}

export interface DayRow extends Sums {
  agency_id: number;
  province_id: number;
  day: string;
  questionnaire_version_id: number;
  campaign_id: number | null;
  channel: Channel;
  service_point_id: number | null;
  field: string | null;
  respondent_type: string | null;
  hours: number[];
}

const CUTS = ['all', 'campaign', 'channel', 'service_point', 'field', 'type'] as const;
export type Cut = (typeof CUTS)[number];

export interface MonthRow extends Sums {
  agency_id: number;
  month: string;
  questionnaire_version_id: number;
  cut: Cut;
  key: string | null;
  /** Only in the 'all' cut; null elsewhere. */
  week_hours: number[] | null;
}

const VN_OFFSET_MS = 7 * 3600 * 1000; // Asia/Ho_Chi_Minh has no daylight saving (invariant 7).

/** The Viet Nam calendar day and hour of an instant. */
function vnDayHour(t: Date): { day: string; hour: number } {
  const local = new Date(t.getTime() + VN_OFFSET_MS);
  return { day: local.toISOString().slice(0, 10), hour: local.getUTCHours() };
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a calendar day. */
export function isoWeekday(day: string): number {
  const d = new Date(`${day}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

const text = (v: unknown) => (typeof v === 'string' ? v : null);
// Map keys: null must not collide with any text value.
const nk = (v: unknown) => (v === null ? '\u0001' : String(v));
const id = (v: number | null) => (v === null ? null : String(v));

/** One contribution: a response (sparse) or a stored day row (dense), with its sign. */
interface Contribution {
  sign: number;
  responses: number;
  positions?: number[];
  histogram?: readonly number[];
  extra: Record<string, number> | null;
  moments: readonly number[];
  /** A response's hour, or a day row's 24 hours. */
  hour?: number;
  hours?: readonly number[];
}

function newSums(layout: RollupLayout): Sums {
  return {
    responses: 0,
    histogram: new Array<number>(layout.cells.length).fill(0),
    extra: null,
    moments: new Array<number>(layout.momentsLength).fill(0),
  };
}

function addSums(into: Sums, c: Contribution): void {
  const s = c.sign;
  into.responses += s * c.responses;
  if (c.positions) for (const p of c.positions) into.histogram[p]! += s;
  if (c.histogram) for (let i = 0; i < c.histogram.length; i++) into.histogram[i]! += s * c.histogram[i]!;
  if (c.extra) {
    into.extra ??= {};
    for (const [k, n] of Object.entries(c.extra)) into.extra[k] = (into.extra[k] ?? 0) + s * n;
  }
  for (let i = 0; i < c.moments.length; i++) into.moments[i]! += s * c.moments[i]!;
}

/** Sums and packed Gram matrix of one response's features, as stored. */
function momentsOf(features: readonly number[]): number[] {
  const k = features.length;
  const out = features.slice();
  for (let a = 0; a < k; a++) for (let b = a; b < k; b++) out.push(features[a]! * features[b]!);
  return out;
}

export class RollupBatch {
  private readonly days = new Map<string, DayRow>();
  private readonly months = new Map<string, MonthRow>();

  /**
   * `ancestorsOf`: the agencies a response of this agency counts under in the month rows (its
   * path, itself included). `into` picks the tables this batch writes.
   */
  constructor(
    private readonly versionOf: (versionId: number) => VersionInfo,
    private readonly ancestorsOf: (agencyId: number) => readonly number[],
    private readonly into: { days: boolean; months: boolean } = { days: true, months: true },
  ) {}

  /** Adds (sign 1) or takes out (sign −1) one reportable response. */
  addResponse(r: CountedResponse, sign: 1 | -1): void {
    const v = this.versionOf(r.versionId);
    const positions: number[] = [];
    let extra: Record<string, number> | null = null;
    for (const [q, value] of Object.entries(r.answers)) {
      if (value === null || value === undefined) continue;
      const byValue = v.layout.position.get(q);
      for (const x of Array.isArray(value) ? value : [value]) {
        if (x === null) continue;
        const str = String(x);
        const p = byValue?.get(str);
        if (p !== undefined) positions.push(p);
        else {
          extra ??= {};
          const k = extraKey(q, str);
          extra[k] = (extra[k] ?? 0) + 1;
        }
      }
    }
    const { day, hour } = vnDayHour(r.submittedAt);
    const c: Contribution = {
      sign,
      responses: 1,
      positions,
      extra,
      moments: momentsOf(respondentFeatures(v.definition, v.rule, r.answers)),
      hour,
    };
    this.add(
      {
        agency_id: r.agencyId,
        province_id: r.provinceId,
        day,
        questionnaire_version_id: r.versionId,
        campaign_id: r.campaignId,
        channel: r.channel,
        service_point_id: r.servicePointId,
        field: text(r.answers['B.FIELD']),
        respondent_type: text(r.answers['B.TYPE']),
      },
      c,
    );
  }

  /** Adds (or takes out) a stored day row: when agencies move, or a slice is recounted. */
  addDayRow(row: DayRow, sign: 1 | -1): void {
    this.add(row, {
      sign,
      responses: row.responses,
      histogram: row.histogram,
      extra: row.extra,
      moments: row.moments,
      hours: row.hours,
    });
  }

  private add(k: Omit<DayRow, keyof Sums | 'hours'>, c: Contribution): void {
    const layout = this.versionOf(k.questionnaire_version_id).layout;
    if (this.into.days) {
      const dk = [
        k.agency_id,
        k.day,
        k.questionnaire_version_id,
        nk(k.campaign_id),
        k.channel,
        nk(k.service_point_id),
        nk(k.field),
        nk(k.respondent_type),
      ].join('\u0000');
      let d = this.days.get(dk);
      if (!d) this.days.set(dk, (d = { ...k, ...newSums(layout), hours: new Array<number>(24).fill(0) }));
      addSums(d, c);
      if (c.hour !== undefined) d.hours[c.hour]! += c.sign;
      if (c.hours) for (let h = 0; h < 24; h++) d.hours[h]! += c.sign * c.hours[h]!;
    }
    if (this.into.months) {
      const month = `${k.day.slice(0, 7)}-01`;
      const week = (isoWeekday(k.day) - 1) * 24;
      const keys: [Cut, string | null][] = [
        ['all', null],
        ['campaign', id(k.campaign_id)],
        ['channel', k.channel],
        ['service_point', id(k.service_point_id)],
        ['field', k.field],
        ['type', k.respondent_type],
      ];
      const path = this.ancestorsOf(k.agency_id);
      for (const [cut, key] of keys) {
        // A service point belongs to one unit: pooled above it, its row would be a copy. Its rows
        // stay with the response's own agency and readers pool them over the subtree's agencies.
        for (const agency of cut === 'service_point' ? [k.agency_id] : path) {
          const mk = [agency, month, k.questionnaire_version_id, cut, nk(key)].join('\u0000');
          let m = this.months.get(mk);
          if (!m) {
            m = {
              agency_id: agency,
              month,
              questionnaire_version_id: k.questionnaire_version_id,
              cut,
              key,
              ...newSums(layout),
              // The heat map only where it is read from month rows: the whole slice (decision 76).
              week_hours: cut === 'all' ? new Array<number>(168).fill(0) : null,
            };
            this.months.set(mk, m);
          }
          addSums(m, c);
          const wh = m.week_hours;
          if (wh === null) continue;
          if (c.hour !== undefined) wh[week + c.hour]! += c.sign;
          if (c.hours) for (let h = 0; h < 24; h++) wh[week + h]! += c.sign * c.hours[h]!;
        }
      }
    }
  }

  get size(): number {
    return this.days.size + this.months.size;
  }

  /** The summed day rows so far, in key order (concurrent upserts then lock rows in the same order). */
  takeDays(): DayRow[] {
    const out = sorted(this.days);
    this.days.clear();
    return out;
  }

  /** The summed month rows so far, in key order. */
  takeMonths(): MonthRow[] {
    const out = sorted(this.months);
    this.months.clear();
    return out;
  }
}

function sorted<T>(m: Map<string, T>): T[] {
  return [...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map((e) => e[1]);
}
