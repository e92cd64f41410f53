// Synthetic responses for bench/dashboard, written straight as COPY text lines: the demo generator
// (server/demo) builds objects through the questionnaire's item list per citizen, which is right for
// a few thousand demo rows and far too slow for ten million. The shapes follow server/demo/answers.ts:
// a unit's quality, a citizen's mood that makes one person's answers hang together, element offsets,
// "no opinion" and blanks, E5 asked only of those who complained, optional background left out,
// one to three improvement wishes; two thirds one-tap kiosk ratings (counter-quick) by default.
import { createHash } from 'node:crypto';
import { Random } from '../../server/demo/random.ts';

export interface PlannedAgency {
  id: number;
  provinceId: number;
  servicePointId: number | null;
  /** Relative volume of responses. */
  weight: number;
  /** Share of satisfied answers aimed at. */
  quality: number;
  fields: readonly string[];
}

export interface GeneratePlan {
  seed: string;
  responses: number;
  /** First and last Vietnam calendar day, inclusive. */
  from: string;
  to: string;
  sipasShare: number;
  sipasVersionId: number;
  quickVersionId: number;
  /** SIPAS campaign per calendar year ('2025' → id). */
  campaigns: Record<string, number>;
  agencies: PlannedAgency[];
}

const ELEMENTS: readonly (readonly [string, number, number])[] = [
  ['E1', 4, 0.01],
  ['E2', 5, -0.05],
  ['E3', 6, 0.06],
  ['E4', 3, 0.03],
  ['E5', 4, -0.08],
];
const IMPROVE = ['information', 'facilities', 'simplify', 'time', 'fees', 'attitude', 'capability', 'feedback', 'online'] as const;
const IMPROVE_W = [1.5, 1.5, 3, 3, 1, 1, 1, 1, 2.5];
const REASONS = ['waiting', 'attitude', 'guidance', 'resubmit', 'late', 'facilities', 'other'] as const;
const REASON_W = [3, 1, 2, 2, 1.5, 1, 0.5];
const SINGLE: Record<string, readonly (readonly [string, number])[]> = {
  'B.CHANNEL': [
    ['counter', 0.7],
    ['online', 0.25],
    ['post', 0.05],
  ],
  'B.SEX': [
    ['male', 0.5],
    ['female', 0.46],
    ['undisclosed', 0.04],
  ],
  'B.AGE': [
    ['18-30', 0.25],
    ['31-45', 0.35],
    ['46-60', 0.28],
    ['61+', 0.12],
  ],
  'B.EDU': [
    ['primary', 0.08],
    ['lower-secondary', 0.17],
    ['upper-secondary', 0.3],
    ['vocational', 0.2],
    ['university', 0.25],
  ],
  'B.JOB': [
    ['farmer', 0.2],
    ['worker', 0.15],
    ['public-servant', 0.12],
    ['business', 0.28],
    ['student', 0.05],
    ['retired', 0.08],
    ['other', 0.12],
  ],
};
const OPTIONAL_BACKGROUND = ['B.SEX', 'B.AGE', 'B.EDU', 'B.JOB'] as const;
const SIPAS_CHANNELS: readonly (readonly [string, number])[] = [
  ['online', 0.53],
  ['paper', 0.42],
  ['api', 0.05],
];
const BLANK: Record<string, number> = { kiosk: 0, online: 0.003, paper: 0.03, api: 0.01 };
const SKIP_OPTIONAL: Record<string, number> = { kiosk: 0.5, online: 0.1, paper: 0.2, api: 0.15 };
// Citizens come on weekdays, in office hours (Vietnam time).
const HOUR_W = [0, 0, 0, 0, 0, 0, 0, 2, 8, 10, 9, 6, 2, 4, 8, 9, 7, 3, 1, 1, 1, 0, 0, 0];
const WEEKDAY_W = [0.15, 1, 1.05, 1, 1, 0.95, 0.35]; // Sunday first, as getUTCDay numbers them
const COMMENTS = [
  'Cán bộ hướng dẫn tận tình, thủ tục nhanh gọn.',
  'Thời gian chờ đợi còn lâu, đề nghị bố trí thêm quầy.',
  'Phải bổ sung hồ sơ nhiều lần vì hướng dẫn chưa rõ.',
  'Nên công khai phí, lệ phí rõ ràng hơn.',
  'Rất hài lòng với thái độ phục vụ.',
  'Trả kết quả trễ hẹn, không được thông báo trước.',
];

const clamp = (x: number, lo: number, hi: number) => (x < lo ? lo : x > hi ? hi : x);
const VN_OFFSET_MS = 7 * 3600_000;

/** A cumulative table for drawing an index by weight with one binary search. */
function cumulative(weights: readonly number[]): Float64Array {
  const c = new Float64Array(weights.length);
  let s = 0;
  weights.forEach((w, i) => {
    s += w;
    c[i] = s;
  });
  return c;
}

function drawIndex(rng: Random, c: Float64Array): number {
  const u = rng.next() * c[c.length - 1]!;
  let lo = 0;
  let hi = c.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (c[mid]! > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function weighted(rng: Random, items: readonly (readonly [string, number])[]): string {
  let total = 0;
  for (const [, w] of items) total += w;
  let u = rng.next() * total;
  for (const [item, w] of items) {
    u -= w;
    if (u < 0) return item;
  }
  return items[items.length - 1]![0];
}

/** n distinct options by weight, as a JSON array. */
function distinct(rng: Random, options: readonly string[], weights: readonly number[], n: number): string {
  const left = options.map((o, i) => [o, weights[i]!] as [string, number]);
  const out: string[] = [];
  while (out.length < n) {
    const o = weighted(rng, left);
    out.push(`"${o}"`);
    left.splice(
      left.findIndex(([x]) => x === o),
      1,
    );
  }
  return `[${out.join(',')}]`;
}

/** 1–5 on the satisfaction scale: satisfied (4, 5) with probability p. */
function scale5(rng: Random, p: number, topShare: number): number {
  if (rng.next() < clamp(p, 0.02, 0.995)) return rng.next() < topShare ? 5 : 4;
  const u = rng.next();
  return u < 0.62 ? 3 : u < 0.9 ? 2 : 1;
}

function sipasAnswers(rng: Random, a: PlannedAgency, channel: string): { json: string; unhappy: boolean } {
  const parts: string[] = [];
  const mood = rng.normal(0, 0.09);
  const topShare = rng.next() < 0.25 ? 0.85 : 0.15;
  const blank = BLANK[channel]!;
  let elementsSatisfied = 0;
  let elementsRated = 0;
  let unhappy = false;
  const complained = rng.next() < 0.11;
  for (const [element, criteria, offset] of ELEMENTS) {
    if (element === 'E5') {
      if (rng.next() >= blank) parts.push(`"E5.0":${complained ? 1 : 2}`);
      if (!complained) continue;
    }
    const p = a.quality + mood + offset;
    let satisfied = 0;
    let rated = 0;
    for (let i = 1; i <= criteria; i++) {
      if (rng.next() < blank) continue;
      if (rng.next() < 0.015) {
        parts.push(`"${element}.${i}":0`);
        continue;
      }
      const v = scale5(rng, p + rng.normal(0, 0.02), topShare);
      parts.push(`"${element}.${i}":${v}`);
      rated++;
      if (v >= 4) satisfied++;
    }
    if (rng.next() < blank) continue;
    const s = scale5(rng, 0.3 * p + 0.7 * (rated > 0 ? satisfied / rated : p) + 0.01, topShare);
    parts.push(`"${element}.S":${s}`);
    elementsRated++;
    if (s >= 4) elementsSatisfied++;
  }
  if (rng.next() >= blank) {
    const mean = a.quality + mood;
    const o = scale5(rng, 0.3 * mean + 0.7 * (elementsRated > 0 ? elementsSatisfied / elementsRated : mean) + 0.01, topShare);
    parts.push(`"OVERALL":${o}`);
    if (o < 4) unhappy = true;
  }
  if (rng.next() >= blank)
    parts.push(`"B.TYPE":"${rng.next() < (a.fields.includes('business') ? 0.45 : 0.14) ? 'organisation' : 'individual'}"`);
  if (rng.next() >= blank) parts.push(`"B.FIELD":"${rng.next() < 0.08 ? 'other' : rng.pick(a.fields)}"`);
  if (rng.next() >= blank) parts.push(`"B.CHANNEL":"${weighted(rng, SINGLE['B.CHANNEL']!)}"`);
  if (rng.next() >= blank) {
    const w = mood < -0.08 ? [0.35, 0.4, 0.25] : mood < 0 ? [0.6, 0.3, 0.1] : [0.78, 0.18, 0.04];
    parts.push(
      `"B.TRIPS":"${weighted(rng, [
        ['1', w[0]!],
        ['2', w[1]!],
        ['3+', w[2]!],
      ])}"`,
    );
  }
  for (const code of OPTIONAL_BACKGROUND) {
    if (rng.next() < SKIP_OPTIONAL[channel]!) continue;
    parts.push(`"${code}":"${weighted(rng, SINGLE[code]!)}"`);
  }
  const wishes = weighted(rng, [
    ['0', 0.3],
    ['1', 0.25],
    ['2', 0.25],
    ['3', 0.2],
  ]);
  if (wishes !== '0' && rng.next() >= blank) parts.push(`"X.IMPROVE":${distinct(rng, IMPROVE, IMPROVE_W, Number(wishes))}`);
  return { json: `{${parts.join(',')}}`, unhappy };
}

function quickAnswers(rng: Random, a: PlannedAgency): { json: string; unhappy: boolean } {
  const p = a.quality + 0.02 + rng.normal(0, 0.09);
  let v: number;
  if (rng.next() < clamp(p, 0.02, 0.995)) v = rng.next() < clamp(0.35 + 0.5 * (p - 0.7), 0.2, 0.7) ? 4 : 3;
  else v = rng.next() < 0.7 ? 2 : 1;
  if (v >= 3) return { json: `{"Q.OVERALL":${v}}`, unhappy: false };
  const n = weighted(rng, [
    ['1', 0.53],
    ['2', 0.22],
    ['0', 0.25],
  ]);
  const reason = n === '0' ? '' : `,"Q.REASON":${distinct(rng, REASONS, REASON_W, Number(n))}`;
  return { json: `{"Q.OVERALL":${v}${reason}}`, unhappy: true };
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** A version-7 uuid for this instant, as kiosks and portals make them: ids ordered by time. */
function uuid7(rng: Random, ms: number): string {
  const t = hex(ms, 12);
  const a = hex(rng.uint32(), 8);
  const b = hex(rng.uint32(), 8);
  const c = hex(rng.uint32(), 8);
  const variant = (8 | (rng.uint32() & 3)).toString(16);
  return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${a.slice(0, 3)}-${variant}${a.slice(3, 6)}-${b}${c.slice(0, 4)}`;
}

const pgTime = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '+00');

function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000)
    out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

export interface Batch {
  /** COPY text lines for responses (id, questionnaire_version_id, campaign_id, agency_id, service_point_id, province_id, channel, submitted_at, received_at, locale, answers, content_hash, status, status_reason). */
  responses: string;
  /** COPY text lines for response_comments (response_id, province_id, body). */
  comments: string;
  rows: number;
}

export const RESPONSE_COLUMNS =
  'id, questionnaire_version_id, campaign_id, agency_id, service_point_id, province_id, channel, submitted_at, received_at, locale, answers, content_hash, status, status_reason';
export const COMMENT_COLUMNS = 'response_id, province_id, body';

/**
 * The responses day by day in Vietnam time, in batches of about `batchRows` lines, so that ids
 * (uuid v7) arrive roughly in order as they would from live collection.
 */
export function* generate(plan: GeneratePlan, batchRows = 5000): Generator<Batch> {
  const rng = new Random(plan.seed);
  const calendar = days(plan.from, plan.to);
  const dayWeights = calendar.map((d) => WEEKDAY_W[new Date(`${d}T00:00:00Z`).getUTCDay()]!);
  const dayTotal = dayWeights.reduce((s, w) => s + w, 0);
  const agencyTable = cumulative(plan.agencies.map((a) => a.weight));
  const hourTable = cumulative(HOUR_W);
  let emitted = 0;
  let carry = 0;
  let responses: string[] = [];
  let comments: string[] = [];
  for (let di = 0; di < calendar.length; di++) {
    const exact = (plan.responses * dayWeights[di]!) / dayTotal + carry;
    let today = di === calendar.length - 1 ? plan.responses - emitted : Math.floor(exact);
    carry = exact - today;
    today = Math.min(today, plan.responses - emitted);
    const day = calendar[di]!;
    const dayStartUtc = Date.parse(`${day}T00:00:00Z`) - VN_OFFSET_MS;
    const campaign = plan.campaigns[day.slice(0, 4)] ?? null;
    for (let i = 0; i < today; i++) {
      const a = plan.agencies[drawIndex(rng, agencyTable)]!;
      const at = dayStartUtc + drawIndex(rng, hourTable) * 3600_000 + Math.floor(rng.next() * 3600_000);
      const sipas = rng.next() < plan.sipasShare;
      const channel = sipas ? weighted(rng, SIPAS_CHANNELS) : 'kiosk';
      const { json, unhappy } = sipas ? sipasAnswers(rng, a, channel) : quickAnswers(rng, a);
      const id = uuid7(rng, at);
      // Paper forms are keyed days later; the rest arrive within seconds.
      const received = channel === 'paper' ? at + (1 + Math.floor(rng.next() * 7)) * 86_400_000 : at + Math.floor(rng.next() * 5000);
      const flagged = rng.next() < 0.01;
      const hash = createHash('sha256').update(json).update(id).digest('hex');
      responses.push(
        [
          id,
          sipas ? plan.sipasVersionId : plan.quickVersionId,
          sipas && campaign !== null ? campaign : '\\N',
          a.id,
          a.servicePointId ?? '\\N',
          a.provinceId,
          channel,
          pgTime(at),
          pgTime(received),
          rng.next() < 0.02 ? 'en' : 'vi',
          json,
          hash,
          flagged ? 'flagged' : 'valid',
          flagged ? 'bench: answered too fast' : '\\N',
        ].join('\t'),
      );
      if (rng.next() < (sipas ? (unhappy ? 0.25 : 0.06) : unhappy ? 0.12 : 0.008))
        comments.push(`${id}\t${a.provinceId}\t${rng.pick(COMMENTS)}`);
      emitted++;
      if (responses.length >= batchRows) {
        yield {
          responses: `${responses.join('\n')}\n`,
          comments: comments.length ? `${comments.join('\n')}\n` : '',
          rows: responses.length,
        };
        responses = [];
        comments = [];
      }
    }
  }
  if (responses.length)
    yield { responses: `${responses.join('\n')}\n`, comments: comments.length ? `${comments.join('\n')}\n` : '', rows: responses.length };
}
