// One synthetic citizen's answers to a questionnaire, drawn from its question list so that every
// code and value is one the definition allows. Realism comes from a few levers: the unit's quality
// (share of satisfied answers aimed at), element and criterion offsets (procedures and complaint
// handling weaker, staff stronger), a per-citizen mood that makes one person's answers hang
// together, channel-dependent blanks, and "no opinion" where citizens often have none (fees).
import type { Channel } from '../db/schema.ts';
import type { OptionValue, QuestionItem } from '../domain/questionnaire.ts';
import type { Field } from './province.ts';
import { commentFor } from './comments.ts';
import type { Random } from './random.ts';

export interface Visit {
  /** Share of satisfied answers aimed at for this visit before element offsets. */
  quality: number;
  fields: readonly Field[];
  channel: Channel;
  locale: 'vi' | 'en';
}

export interface DrawnAnswers {
  answers: Record<string, unknown>;
  comment: string | null;
}

const ELEMENT_OFFSET: Record<string, number> = { E1: 0.01, E2: -0.05, E3: 0.06, E4: 0.03, E5: -0.08 };
const CRITERION_OFFSET: Record<string, number> = {
  'E1.1': 0.02,
  'E1.3': -0.05,
  'E2.3': -0.02,
  'E2.4': 0.04,
  'E2.5': -0.06,
  'E3.1': 0.02,
  'E3.6': 0.02,
  'E4.1': 0.01,
  'E5.4': -0.04,
};
const NO_OPINION: Record<string, number> = { 'E1.3': 0.05, 'E1.4': 0.04, 'E2.4': 0.07, 'E5.2': 0.05 };
const BLANK: Record<Channel, number> = { kiosk: 0, online: 0.003, paper: 0.03, api: 0.01 };
/** Optional background questions that a citizen leaves out. */
const SKIP_OPTIONAL: Record<Channel, number> = { kiosk: 0.5, online: 0.1, paper: 0.2, api: 0.15 };

const SINGLE_WEIGHTS: Record<string, Record<string, number>> = {
  'B.CHANNEL': { counter: 0.7, online: 0.25, post: 0.05 },
  'B.SEX': { male: 0.5, female: 0.46, undisclosed: 0.04 },
  'B.AGE': { '18-30': 0.25, '31-45': 0.35, '46-60': 0.28, '61+': 0.12 },
  'B.EDU': { primary: 0.08, 'lower-secondary': 0.17, 'upper-secondary': 0.3, vocational: 0.2, university: 0.25 },
  'B.JOB': { farmer: 0.2, worker: 0.15, 'public-servant': 0.12, business: 0.28, student: 0.05, retired: 0.08, other: 0.12 },
};
const MULTI_WEIGHTS: Record<string, Record<string, number>> = {
  'X.IMPROVE': { information: 1.5, facilities: 1.5, simplify: 3, time: 3, fees: 1, attitude: 1, capability: 1, feedback: 1, online: 2.5 },
  'Q.REASON': { waiting: 3, attitude: 1, guidance: 2, resubmit: 2, late: 1.5, facilities: 1, other: 0.5 },
};

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** A value on a scale: satisfied with probability p, the top value more often when p is high. */
function drawScaleValue(rng: Random, item: QuestionItem, p: number, topShare: number): number {
  const values = item.options.map((o) => Number(o.value)).sort((a, b) => a - b);
  const satisfied = values.filter((v) => item.satisfied.includes(v)).reverse();
  const unsatisfied = values.filter((v) => !item.satisfied.includes(v)).reverse();
  if (unsatisfied.length === 0 || (satisfied.length > 0 && rng.chance(clamp(p, 0.02, 0.995)))) {
    if (satisfied.length === 1 || rng.chance(topShare)) return satisfied[0]!;
    return rng.pick(satisfied.slice(1));
  }
  // Unhappy citizens mostly answer "neither", few answer the very bottom.
  return rng.weighted(unsatisfied.map((v, i) => [v, 0.62 * 0.45 ** i] as const));
}

export function drawAnswers(rng: Random, items: readonly QuestionItem[], visit: Visit): DrawnAnswers {
  const answers: Record<string, unknown> = {};
  let comment: string | null = null;
  const mood = rng.normal(0, 0.09);
  // Most people keep to one word for "satisfied": some tick "Hài lòng" throughout, some "Rất hài
  // lòng", a few mix; this keeps one person's answers looking like one person's.
  const style = rng.weighted([
    ['satisfied', 0.55],
    ['very', 0.25],
    ['mixed', 0.2],
  ] as const);
  const blank = BLANK[visit.channel];
  const quick = !items.some((q) => q.kind === 'criterion');
  const elementP = new Map<string, number>();
  const pOf = (element: string | null) => {
    if (element === null) return visit.quality + mood;
    let p = elementP.get(element);
    if (p === undefined) {
      p = visit.quality + mood + (ELEMENT_OFFSET[element] ?? 0);
      elementP.set(element, p);
    }
    return p;
  };
  const topShare = (p: number) => {
    if (quick) return clamp(0.35 + 0.5 * (p - 0.7), 0.2, 0.7);
    return style === 'satisfied' ? 0.06 : style === 'very' ? 0.85 : clamp(0.25 + 0.6 * (p - 0.7), 0.1, 0.6);
  };
  // The satisfied share of what this citizen has rated so far, per element and in all: the
  // element and overall questions follow the criteria rather than being drawn afresh.
  const rated = new Map<string, { satisfied: number; n: number }>();
  const note = (key: string, satisfied: boolean) => {
    const r = rated.get(key) ?? { satisfied: 0, n: 0 };
    r.satisfied += satisfied ? 1 : 0;
    r.n++;
    rated.set(key, r);
  };
  const share = (key: string, fallback: number) => {
    const r = rated.get(key);
    return r && r.n > 0 ? r.satisfied / r.n : fallback;
  };
  let unhappy = false;

  for (const item of items) {
    if (item.condition && !item.condition.in.some((v) => v === answers[item.condition!.question])) continue;
    const leaveBlank = item.optional ? rng.chance(SKIP_OPTIONAL[visit.channel]) : rng.chance(blank);

    switch (item.kind) {
      case 'criterion':
      case 'element-satisfaction':
      case 'overall':
      case 'scale': {
        if (leaveBlank) break;
        const noOpinion = item.noOpinion && item.kind === 'criterion' ? (NO_OPINION[item.code] ?? 0.015) : item.noOpinion ? 0.008 : 0;
        if (item.noOpinion && rng.chance(noOpinion)) {
          answers[item.code] = item.noOpinion.value;
          break;
        }
        let p: number;
        if (item.kind === 'overall') {
          const ps = [...elementP.values()];
          const mean = ps.length > 0 ? ps.reduce((a, b) => a + b, 0) / ps.length : pOf(null);
          p = 0.3 * mean + 0.7 * share('element-satisfaction', mean) + 0.01;
        } else if (item.kind === 'scale') {
          p = pOf(null) + 0.01;
        } else if (item.kind === 'element-satisfaction') {
          const pe = pOf(item.element);
          p = 0.3 * pe + 0.7 * share(`criteria:${item.element}`, pe) + 0.01;
        } else {
          p = pOf(item.element) + (CRITERION_OFFSET[item.code] ?? 0) + rng.normal(0, 0.02);
        }
        const value = drawScaleValue(rng, item, p, topShare(p));
        answers[item.code] = value;
        const ok = item.satisfied.includes(value);
        if (item.kind === 'criterion') note(`criteria:${item.element}`, ok);
        if (item.kind === 'element-satisfaction') note('element-satisfaction', ok);
        if (!ok && (item.kind === 'scale' || item.kind === 'overall')) unhappy = true;
        break;
      }
      case 'applicability': {
        if (leaveBlank) break;
        const asked = items.find((q) => q.condition?.question === item.code)?.condition?.in ?? [item.options[0]!.value];
        const yes = item.options.filter((o) => asked.includes(o.value));
        const no = item.options.filter((o) => !asked.includes(o.value));
        answers[item.code] = rng.chance(0.11) || no.length === 0 ? rng.pick(yes).value : rng.pick(no).value;
        break;
      }
      case 'single': {
        if (leaveBlank) break;
        answers[item.code] = drawSingle(rng, item, visit, mood);
        break;
      }
      case 'multi': {
        if (leaveBlank) break;
        const picked = drawMulti(rng, item, unhappy || elementP.size > 0);
        if (picked.length > 0) answers[item.code] = picked;
        break;
      }
      case 'text': {
        // Free text never goes into answers: it is kept apart (response_comments).
        const p = quick ? (unhappy ? 0.12 : 0.008) : unhappy ? 0.25 : 0.06;
        if (rng.chance(p)) comment = commentFor(rng, { quick, unhappy, locale: visit.locale, maxLength: item.maxLength ?? 500 });
        break;
      }
    }
  }
  return { answers, comment };
}

function drawSingle(rng: Random, item: QuestionItem, visit: Visit, mood: number): OptionValue {
  const values = item.options.map((o) => o.value);
  const has = (v: OptionValue) => values.includes(v);
  if (item.code === 'B.FIELD') {
    const own = visit.fields.filter((f) => has(f));
    if (own.length > 0 && !rng.chance(0.08)) return rng.pick(own);
  }
  if (item.code === 'B.TYPE' && has('individual') && has('organisation')) {
    return rng.chance(visit.fields.includes('business') ? 0.45 : 0.14) ? 'organisation' : 'individual';
  }
  if (item.code === 'B.TRIPS' && has('1') && has('2') && has('3+')) {
    // Citizens who had to come back are the unhappy ones.
    const w = mood < -0.08 ? [0.35, 0.4, 0.25] : mood < 0 ? [0.6, 0.3, 0.1] : [0.78, 0.18, 0.04];
    return rng.weighted([
      ['1', w[0]!],
      ['2', w[1]!],
      ['3+', w[2]!],
    ] as const);
  }
  const weights = SINGLE_WEIGHTS[item.code];
  if (weights) {
    const known = values.filter((v) => String(v) in weights);
    if (known.length > 0) return rng.weighted(known.map((v) => [v, weights[String(v)]!] as const));
  }
  return rng.pick(values);
}

function drawMulti(rng: Random, item: QuestionItem, someoneToPlease: boolean): OptionValue[] {
  const max = item.max ?? item.options.length;
  const counts = item.code === 'Q.REASON' ? [0.25, 0.53, 0.22] : someoneToPlease ? [0.3, 0.25, 0.25, 0.2] : [0.5, 0.3, 0.2];
  const n = Math.min(max, rng.weighted(counts.map((w, i) => [i, w] as const)));
  if (n === 0) return [];
  const weights = MULTI_WEIGHTS[item.code] ?? {};
  const picked = rng.weightedDistinct(
    item.options.map((o) => [o.value, weights[String(o.value)] ?? 1] as const),
    n,
  );
  // Stored in the order the questionnaire lists them, as a form would send them.
  const order = item.options.map((o) => o.value);
  return picked.sort((a, b) => order.indexOf(a) - order.indexOf(b));
}
