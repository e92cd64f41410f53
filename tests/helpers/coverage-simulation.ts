// The coverage simulation of the 95% intervals (issue 16): seeded synthetic respondents answer the
// SIPAS 2017 questionnaire with known true shares, the real engine (computeIndices, given the
// respondents' moments as the rollups supply them) computes each index and its interval, and we
// count how often the interval holds the true value. Used by tests/domain/coverage.test.ts (small)
// and bench/interval-coverage/run.ts (large); the figures are recorded in docs/methodology.md.
//
// Answers within a respondent are correlated through a Gaussian copula: respondent i answers
// criterion c "satisfied" when √ρ·u_i + √(1−ρ)·e_ic < Φ⁻¹(p_c), with u_i and e_ic standard normal,
// so each answer is satisfied with probability exactly p_c and ρ sets how much one person's answers
// move together (ρ = 0: independent). A satisfied answer is 4 or 5, another 1, 2 or 3 (equally
// likely), a criterion is "no opinion" or blank with small fixed probabilities, and E5 is asked
// only of those who answer E5.0 = Có.
import type { IndexRule } from '../../server/db/schema.ts';
import { computeIndices, type AnswerCounts } from '../../server/domain/indices.ts';
import { addFeatures, emptyMoments, momentFeatures, respondentFeatures } from '../../server/domain/respondent-moments.ts';
import { isSipas, type QuestionnaireDefinition, type SipasDefinition } from '../../server/domain/questionnaire.ts';

export interface Scenario {
  name: string;
  respondents: number;
  /** Correlation of one respondent's answers (the copula's ρ). */
  rho: number;
  /** True share of criterion k of `criteria` (0-based, questionnaire order). */
  share: (k: number, criteria: number) => number;
  /** Probability that E5 applies (E5.0 = Có). */
  e5: number;
  noOpinion: number;
  blank: number;
}

const spread = (centre: number, width: number) => (k: number, m: number) => centre - width / 2 + (width * k) / Math.max(1, m - 1);

/** The scenarios the issue names; the true shares vary from criterion to criterion around a centre. */
export const SCENARIOS: Scenario[] = [
  { name: 'independent answers', respondents: 200, rho: 0, share: spread(0.8, 0.2), e5: 0.3, noOpinion: 0.05, blank: 0.03 },
  { name: 'strongly correlated answers', respondents: 200, rho: 0.8, share: spread(0.8, 0.2), e5: 0.3, noOpinion: 0.05, blank: 0.03 },
  { name: 'n = 30', respondents: 30, rho: 0.5, share: spread(0.8, 0.2), e5: 0.5, noOpinion: 0.05, blank: 0.03 },
  { name: 'E5 answered by 5 %', respondents: 800, rho: 0.5, share: spread(0.8, 0.2), e5: 0.05, noOpinion: 0.05, blank: 0.03 },
  { name: 'true shares near 50 %', respondents: 100, rho: 0.5, share: spread(0.5, 0.1), e5: 0.3, noOpinion: 0.05, blank: 0.03 },
  { name: 'true shares near 95 %', respondents: 100, rho: 0.5, share: spread(0.95, 0.06), e5: 0.3, noOpinion: 0.05, blank: 0.03 },
];

/** mulberry32: a small seeded generator, so every run draws the same respondents. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(rand: () => number): number {
  // Box–Muller; 1 − u keeps the logarithm finite.
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/** Φ⁻¹, Acklam's rational approximation (relative error below 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (q: number) =>
    (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

interface Model {
  def: SipasDefinition;
  /** Per element: its criteria codes and their true shares. */
  elements: { code: string; criteria: { code: string; p: number; cut: number }[]; own: { code: string; p: number; cut: number } }[];
}

function model(def: QuestionnaireDefinition, s: Scenario): Model {
  if (!isSipas(def)) throw new Error('the simulation needs a SIPAS-style questionnaire');
  const all = def.elements.flatMap((e) => e.criteria.map((c) => c.code));
  const p = (code: string) => s.share(all.indexOf(code), all.length);
  return {
    def,
    elements: def.elements.map((e) => {
      const criteria = e.criteria.map((c) => ({ code: c.code, p: p(c.code), cut: normalQuantile(p(c.code)) }));
      // The element's own question is satisfied as often as its criteria on average.
      const own = criteria.reduce((sum, c) => sum + c.p, 0) / criteria.length;
      return { code: e.code, criteria, own: { code: e.satisfaction.code, p: own, cut: normalQuantile(own) } };
    }),
  };
}

/** The true value of the overall index under a rule, for the scenario's population. */
export function trueOverall(def: QuestionnaireDefinition, s: Scenario, rule: IndexRule): number {
  const m = model(def, s);
  // Mean score of a satisfied answer (4 or 5) and another (1, 2 or 3), mapped onto 0–1.
  const scaled = (p: number) => (p * 4.5 + (1 - p) * 2 - 1) / 4;
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  switch (rule) {
    case 'criterion-mean':
      return mean(m.elements.map((e) => mean(e.criteria.map((c) => c.p))));
    case 'mean-score':
      return mean(m.elements.map((e) => mean(e.criteria.map((c) => scaled(c.p)))));
    case 'element-question':
      return mean(m.elements.map((e) => e.own.p));
    case 'pooled-share': {
      // Every criterion is valid equally often, except E5's, asked of a share e5 of respondents.
      let y = 0;
      let v = 0;
      for (const e of m.elements)
        for (const c of e.criteria) {
          const w = e.code === 'E5' ? s.e5 : 1;
          y += w * c.p;
          v += w;
        }
      return y / v;
    }
    default:
      throw new Error(`no simulation for the rule ${rule}`);
  }
}

/** One sample of respondents' answers, as the engine's input (histograms and moments). */
export function sample(def: QuestionnaireDefinition, s: Scenario, rule: IndexRule, rand: () => number): AnswerCounts {
  const m = model(def, s);
  const counts: Record<string, Record<string, number>> = {};
  const moments = emptyMoments(momentFeatures(m.def, rule));
  const put = (q: string, v: number) => {
    const byValue = (counts[q] ??= {});
    byValue[String(v)] = (byValue[String(v)] ?? 0) + 1;
  };
  const a = Math.sqrt(s.rho);
  const b = Math.sqrt(1 - s.rho);
  for (let i = 0; i < s.respondents; i++) {
    const u = normal(rand);
    const answers: Record<string, number> = {};
    const answer = (code: string, cut: number) => {
      const r = rand();
      if (r < s.noOpinion) answers[code] = 0;
      else if (r < s.noOpinion + s.blank) return;
      else answers[code] = a * u + b * normal(rand) < cut ? 4 + Math.floor(rand() * 2) : 1 + Math.floor(rand() * 3);
      put(code, answers[code]!);
    };
    for (const e of m.elements) {
      if (e.code === 'E5') {
        const applies = rand() < s.e5;
        answers['E5.0'] = applies ? 1 : 2;
        put('E5.0', answers['E5.0']);
        if (!applies) continue;
      }
      for (const c of e.criteria) answer(c.code, c.cut);
      answer(e.own.code, e.own.cut);
    }
    addFeatures(moments, respondentFeatures(m.def, rule, answers));
  }
  return { responses: s.respondents, counts, moments };
}

export interface Coverage {
  scenario: string;
  rule: IndexRule;
  replicates: number;
  truth: number;
  /** Share of replicates whose respondent-unit interval holds the truth. */
  coverage: number;
  /** The same for the interval that treats answers as independent (before issue 16). */
  coverageByAnswers: number;
  meanWidth: number;
  meanWidthByAnswers: number;
  /** Replicates where the overall had no index (every element left out). */
  none: number;
}

/** Runs `replicates` samples of a scenario and counts how often each interval covers the truth. */
export function coverage(def: QuestionnaireDefinition, s: Scenario, rule: IndexRule, replicates: number, seed: number): Coverage {
  const rand = seeded(seed);
  const truth = trueOverall(def, s, rule);
  let hit = 0;
  let hitByAnswers = 0;
  let width = 0;
  let widthByAnswers = 0;
  let none = 0;
  for (let r = 0; r < replicates; r++) {
    const data = sample(def, s, rule, rand);
    const withMoments = computeIndices(def, rule, data).overall;
    const { moments: _, ...histograms } = data;
    const byAnswers = computeIndices(def, rule, histograms).overall;
    if (!withMoments.interval || !byAnswers.interval) {
      none++;
      continue;
    }
    if (withMoments.intervalUnit !== 'respondents') throw new Error('the interval by respondents was not used');
    const [lo, hi] = withMoments.interval;
    const [lo2, hi2] = byAnswers.interval;
    if (lo <= truth && truth <= hi) hit++;
    if (lo2 <= truth && truth <= hi2) hitByAnswers++;
    width += hi - lo;
    widthByAnswers += hi2 - lo2;
  }
  const done = replicates - none;
  return {
    scenario: s.name,
    rule,
    replicates,
    truth,
    coverage: hit / done,
    coverageByAnswers: hitByAnswers / done,
    meanWidth: width / done,
    meanWidthByAnswers: widthByAnswers / done,
    none,
  };
}
