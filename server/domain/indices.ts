// The index engine: satisfaction indices from answer counts, by the questionnaire version's rule.
// Every number the product shows or exports comes from here (invariant 4); docs/methodology.md
// states the same rules in words with a worked example.
//
// Input is counts, never rows: for each question, how many reportable responses gave each value,
// and how many reportable responses there were. That is what the aggregate tables hold, and what a
// recount from raw responses yields, so the two can be compared exactly.
import { wilson, meanInterval } from './intervals.ts';
import { isSipas, questionList, type QuestionItem, type QuestionnaireDefinition, type SipasDefinition } from './questionnaire.ts';
import type { IndexRule } from '../db/schema.ts';
import type { Moments } from './respondent-moments.ts';
import { effectiveWilson, meanOfRatiosVariance, normalInterval, type Linear, type RatioPart } from './respondent-intervals.ts';

export interface AnswerCounts {
  /** Reportable responses in the selection. */
  responses: number;
  /** Per question code: per answer value (as a string: "4", "0", "waiting"), how many responses gave it. */
  counts: Record<string, Record<string, number>>;
  /**
   * Sums and pairwise products of the respondents' features (respondent-moments.ts), for intervals
   * of indices averaged over several answers of the same respondents. Absent: not known.
   */
  moments?: Moments;
}

export type IndexKind = 'criterion' | 'element' | 'overall' | 'question';

export interface Index {
  code: string;
  kind: IndexKind;
  /** Fraction 0–1; null when there is nothing to compute it from. */
  share: number | null;
  /** Valid answers (neither no-opinion nor blank); for a mean of indices, the mean of their n. */
  n: number;
  noOpinion: number;
  blank: number;
  interval: [number, number] | null;
  /** For mean-score: the mean on the scale (e.g. 1–5). */
  score?: number | null;
  /** For means of indices: the parts that had no valid answers and were left out. */
  leftOut?: string[];
  /**
   * Below its minimum (Minimums): a criterion or an element that left the index above it, or an
   * overall with fewer respondents than its minimum. Shown as "chưa đủ mẫu", never given a verdict.
   */
  belowMinimum?: boolean;
  /** For means of indices: the parts that had valid answers but fewer than their minimum, left out. */
  tooFew?: string[];
  /**
   * How the interval was computed: 'answers' (Wilson, or the normal interval of a mean score, with
   * each answer a unit: one question, or a mean of indices whose respondents' moments were not
   * given) or 'respondents' (the respondent as the unit, respondent-intervals.ts).
   */
  intervalUnit?: 'answers' | 'respondents';
  /**
   * The variance of `share` with the respondent as the unit, for comparing two periods
   * (change.ts): for one question Agresti–Caffo's (x + 1)(n − x + 1) / (n + 2)³, never 0; for an
   * index by respondents the linearised one; absent where it is not known (a mean without moments).
   */
  variance?: number;
}

/**
 * The minimum sample of each part (issue 16): a criterion with fewer valid answers than
 * `criterion` leaves its element, an element whose n is below `element` leaves the overall, and an
 * overall with fewer respondents (reportable responses) than `overall` has no verdict. A setting
 * of the province's rule (server/domain/rule-settings.ts); 1 everywhere keeps only the parts
 * without any valid answer out, as before.
 */
export interface Minimums {
  criterion: number;
  element: number;
  overall: number;
}

export const NO_MINIMUMS: Minimums = { criterion: 1, element: 1, overall: 1 };

/** Marks an index below `min` (only one that has a share: one without answers is left out anyway). */
function checkMinimum(index: Index, count: number, min: number): Index {
  return index.share !== null && count < min ? { ...index, belowMinimum: true } : index;
}

export interface IndexSet {
  rule: IndexRule;
  minimums: Minimums;
  responses: number;
  overall: Index;
  elements: Index[];
  criteria: Index[];
}

interface Tally {
  answered: number;
  noOpinion: number;
  satisfied: number;
  applicable: number;
  sum: number;
  sumSq: number;
}

/** How many responses were asked a question: all of them, or those meeting its condition. */
function applicableCount(q: QuestionItem, data: AnswerCounts): number {
  if (!q.condition) return data.responses;
  const byValue = data.counts[q.condition.question] ?? {};
  return q.condition.in.reduce<number>((s, v) => s + (byValue[String(v)] ?? 0), 0);
}

function tally(q: QuestionItem, data: AnswerCounts): Tally {
  const byValue = data.counts[q.code] ?? {};
  const noOpinionKey = q.noOpinion ? String(q.noOpinion.value) : null;
  const satisfiedKeys = new Set(q.satisfied.map(String));
  const t: Tally = { answered: 0, noOpinion: 0, satisfied: 0, applicable: applicableCount(q, data), sum: 0, sumSq: 0 };
  for (const [value, count] of Object.entries(byValue)) {
    t.answered += count;
    if (value === noOpinionKey) {
      t.noOpinion += count;
      continue;
    }
    if (satisfiedKeys.has(value)) t.satisfied += count;
    const x = Number(value);
    t.sum += x * count;
    t.sumSq += x * x * count;
  }
  return t;
}

function shareIndex(code: string, kind: IndexKind, t: Tally): Index {
  const n = t.answered - t.noOpinion;
  return {
    code,
    kind,
    share: n > 0 ? t.satisfied / n : null,
    n,
    noOpinion: t.noOpinion,
    blank: Math.max(0, t.applicable - t.answered),
    interval: n > 0 ? wilson(t.satisfied, n) : null,
    ...(n > 0 ? { variance: ((t.satisfied + 1) * (n - t.satisfied + 1)) / (n + 2) ** 3 } : {}),
  };
}

/** Mean score mapped onto 0–1 ((mean − min) / (max − min)), with the mean kept as `score`. */
function scoreIndex(code: string, kind: IndexKind, t: Tally, q: QuestionItem): Index {
  const n = t.answered - t.noOpinion;
  const values = q.options.map((o) => Number(o.value)).filter(Number.isFinite);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const base = { code, kind, n, noOpinion: t.noOpinion, blank: Math.max(0, t.applicable - t.answered) };
  if (n === 0 || hi === lo) return { ...base, share: null, interval: null, score: null };
  const mean = t.sum / n;
  const sd = n > 1 ? Math.sqrt(Math.max(0, (t.sumSq - n * mean * mean) / (n - 1))) : 0;
  const [a, b] = meanInterval(mean, sd, n, lo, hi);
  const scale = (x: number) => (x - lo) / (hi - lo);
  const variance = n > 1 ? (sd * sd) / n / ((hi - lo) * (hi - lo)) : undefined;
  return { ...base, share: scale(mean), interval: [scale(a), scale(b)], score: mean, ...(variance !== undefined ? { variance } : {}) };
}

/**
 * An unweighted mean of indices; parts with no valid answers are left out. Its interval here is
 * Wilson's at the mean share with the mean n of the parts, which treats every answer as
 * independent: it is kept only for selections without respondents' moments, and replaced by the
 * respondent-unit interval (withRespondentIntervals) whenever the moments are given.
 */
function meanOf(code: string, kind: IndexKind, parts: Index[]): Index {
  const used = parts.filter((p) => p.share !== null && !p.belowMinimum);
  // A part is too small when it is below its minimum, or has no index only because all of its own
  // parts were (an element whose every criterion had too few answers).
  const isSmall = (p: Index) => p.belowMinimum === true;
  const leftOut = parts.filter((p) => p.share === null && !isSmall(p)).map((p) => p.code);
  const small = parts.filter(isSmall).map((p) => p.code);
  const tooFew = small.length > 0 ? { tooFew: small } : {};
  const noOpinion = parts.reduce((s, p) => s + p.noOpinion, 0);
  const blank = parts.reduce((s, p) => s + p.blank, 0);
  if (used.length === 0)
    return {
      code,
      kind,
      share: null,
      n: 0,
      noOpinion,
      blank,
      interval: null,
      leftOut,
      ...tooFew,
      ...(small.length > 0 ? { belowMinimum: true } : {}),
    };
  const share = used.reduce((s, p) => s + p.share!, 0) / used.length;
  const n = Math.round(used.reduce((s, p) => s + p.n, 0) / used.length);
  // No variance: answers as the unit cannot say whether a change between periods is real.
  return { code, kind, share, n, noOpinion, blank, interval: wilson(share * n, n), leftOut, ...tooFew, intervalUnit: 'answers' };
}

/**
 * Satisfied over valid answers, all the parts' answers pooled together. Without moments its
 * interval takes answers as the unit (several per respondent), so it has no variance for tests.
 */
function pooled(code: string, kind: IndexKind, tallies: Tally[]): Index {
  const sum = (f: (t: Tally) => number) => tallies.reduce((s, t) => s + f(t), 0);
  const { variance: _, ...index } = shareIndex(code, kind, {
    answered: sum((t) => t.answered),
    noOpinion: sum((t) => t.noOpinion),
    satisfied: sum((t) => t.satisfied),
    applicable: sum((t) => t.applicable),
    sum: 0,
    sumSq: 0,
  });
  return { ...index, intervalUnit: 'answers' };
}

/**
 * Computes the overall, element and criterion indices of a selection by the version's rule, each
 * part below its minimum (Minimums) marked and left out of the index above it.
 */
export function computeIndices(
  def: QuestionnaireDefinition,
  rule: IndexRule,
  data: AnswerCounts,
  minimums: Minimums = NO_MINIMUMS,
): IndexSet {
  const questions = questionList(def);
  const byCode = new Map(questions.map((q) => [q.code, q]));
  const tallies = new Map(questions.map((q) => [q.code, tally(q, data)]));
  const t = (code: string) => tallies.get(code)!;
  const q = (code: string) => byCode.get(code)!;
  // The overall's minimum counts respondents, whatever the rule.
  const overallChecked = (o: Index) => checkMinimum(o, data.responses, minimums.overall);

  if (!isSipas(def)) {
    // Flat questionnaires (counter-quick): the overall index is the first scale question.
    const main = questions.find((x) => x.kind === 'scale');
    if (!main) throw new Error(`questionnaire ${def.code} has no scale question to index`);
    const overall =
      rule === 'mean-score' ? scoreIndex('overall', 'overall', t(main.code), main) : shareIndex('overall', 'overall', t(main.code));
    return { rule, minimums, responses: data.responses, overall: overallChecked(overall), elements: [], criteria: [] };
  }

  const scoreOrShare = (code: string, kind: IndexKind) =>
    rule === 'mean-score' ? scoreIndex(code, kind, t(code), q(code)) : shareIndex(code, kind, t(code));
  const criteria = questions
    .filter((x) => x.kind === 'criterion')
    .map((x) => {
      const c = scoreOrShare(x.code, 'criterion');
      return checkMinimum(c, c.n, minimums.criterion);
    });
  const criteriaOf = (element: string) => criteria.filter((c) => q(c.code).element === element);
  const small = new Set(criteria.filter((c) => c.belowMinimum).map((c) => c.code));
  // The pooled share pools the answers of the criteria that are not below their minimum.
  const pooledOf = (code: string, kind: IndexKind, codes: string[]): Index => {
    const index = pooled(code, kind, codes.filter((c) => !small.has(c)).map(t));
    const tooFew = codes.filter((c) => small.has(c));
    if (tooFew.length === 0) return index;
    return index.share === null ? { ...index, tooFew, belowMinimum: true } : { ...index, tooFew };
  };

  const elements = def.elements.map((el): Index => {
    let index: Index;
    switch (rule) {
      case 'pooled-share':
        index = pooledOf(
          el.code,
          'element',
          el.criteria.map((c) => c.code),
        );
        break;
      case 'element-question': {
        const s = shareIndex(el.satisfaction.code, 'element', t(el.satisfaction.code));
        index = { ...s, code: el.code };
        break;
      }
      default:
        index = meanOf(el.code, 'element', criteriaOf(el.code));
    }
    return checkMinimum(index, index.n, minimums.element);
  });

  let overall: Index;
  switch (rule) {
    case 'pooled-share': {
      // An element below its minimum leaves the pooled overall with all its answers.
      const usedElements = def.elements.filter((_, i) => !elements[i]!.belowMinimum);
      overall = pooledOf(
        'overall',
        'overall',
        usedElements.flatMap((el) => el.criteria.map((c) => c.code)),
      );
      const smallElements = elements.filter((e) => e.belowMinimum).map((e) => e.code);
      if (smallElements.length > 0) overall = { ...overall, tooFew: [...smallElements, ...(overall.tooFew ?? [])] };
      break;
    }
    case 'overall-question':
      overall = { ...shareIndex(def.overall.code, 'overall', t(def.overall.code)), code: 'overall' };
      break;
    default:
      overall = meanOf('overall', 'overall', elements);
  }
  overall = overallChecked(overall);
  const set: IndexSet = { rule, minimums, responses: data.responses, overall, elements, criteria };
  if (data.moments) return withRespondentIntervals(def, rule, data.responses, data.moments, set);
  // No moments (a caller that has only histograms): the intervals above treat answers as the unit.
  return set;
}

/**
 * The parts of an element, as sums of the respondents' features (respondent-moments.ts): its
 * satisfied and valid answers, or for the mean score its values mapped onto 0–1
 * ((x − lo·v) / (hi − lo), summed over the valid answers).
 */
function elementPart(def: SipasDefinition, rule: IndexRule, element: string): RatioPart | null {
  switch (rule) {
    case 'criterion-mean':
    case 'pooled-share':
      return { y: [[`${element}.y`, 1]], v: [[`${element}.v`, 1]] };
    case 'element-question':
      return { y: [[`${element}.S.y`, 1]], v: [[`${element}.S.v`, 1]] };
    case 'mean-score': {
      const first = questionList(def).find((q) => q.kind === 'criterion' && q.element === element);
      const values = (first?.options ?? []).map((o) => Number(o.value)).filter(Number.isFinite);
      const lo = Math.min(...values);
      const hi = Math.max(...values);
      if (!(hi > lo)) return null;
      return {
        y: [
          [`${element}.x`, 1 / (hi - lo)],
          [`${element}.v`, -lo / (hi - lo)],
        ],
        v: [[`${element}.v`, 1]],
      };
    }
    default:
      return null;
  }
}

/**
 * Replaces the intervals of the indices averaged over several answers of the same respondents by
 * intervals with the respondent as the unit: elements that average criteria, the overall that
 * averages elements or pools every criterion answer. A single question's interval (a criterion,
 * the element question, the overall question) stays Wilson's. An index whose variance cannot be
 * computed from these moments (features of another rule, fewer than two respondents) keeps the
 * interval by answers and says so in `intervalUnit`.
 */
function withRespondentIntervals(def: QuestionnaireDefinition, rule: IndexRule, respondents: number, m: Moments, set: IndexSet): IndexSet {
  if (!isSipas(def)) return set;
  const score = rule === 'mean-score';
  const interval = (index: Index, parts: RatioPart[], answers: number): Index => {
    if (index.share === null) return index;
    const variance = meanOfRatiosVariance(m, respondents, parts);
    if (variance === null) return index;
    const bounds = score ? normalInterval(index.share, variance) : effectiveWilson(index.share, variance, answers, index.n);
    return { ...index, interval: bounds, intervalUnit: 'respondents', variance };
  };
  // Only the criteria that count: one below its minimum has left its element.
  const validOf = (codes: string[]) => set.criteria.filter((c) => codes.includes(c.code) && !c.belowMinimum).reduce((s, c) => s + c.n, 0);
  const criteriaCodes = (el: string) => def.elements.find((e) => e.code === el)!.criteria.map((c) => c.code);

  const elements =
    rule === 'element-question'
      ? set.elements
      : set.elements.map((el) => {
          const part = elementPart(def, rule, el.code);
          return part ? interval(el, [part], validOf(criteriaCodes(el.code))) : el;
        });

  let overall = set.overall;
  const used = elements.filter((e) => e.share !== null && !e.belowMinimum);
  const parts = used.map((e) => elementPart(def, rule, e.code));
  if (rule !== 'overall-question' && parts.length > 0 && parts.every((p): p is RatioPart => p !== null)) {
    const answers = rule === 'element-question' ? used.reduce((s, e) => s + e.n, 0) : validOf(used.flatMap((e) => criteriaCodes(e.code)));
    const pooledPart = (): RatioPart => ({ y: parts.flatMap((p) => p.y) as Linear, v: parts.flatMap((p) => p.v) as Linear });
    overall = interval(set.overall, rule === 'pooled-share' ? [pooledPart()] : parts, answers);
  }
  return { ...set, elements, overall };
}

/** The share of one question's answers, for questions outside the rule (E*.S, OVERALL, Q.*). */
export function questionIndex(def: QuestionnaireDefinition, code: string, data: AnswerCounts): Index {
  const item = questionList(def).find((x) => x.code === code);
  if (!item) throw new Error(`unknown question ${code}`);
  return shareIndex(code, 'question', tally(item, data));
}

export type Comparator = '>' | '>=';
export interface IndexTarget {
  comparator: Comparator;
  threshold: number;
}

export type Verdict = { status: 'no-target' } | { status: 'insufficient'; minN: number } | { status: 'met' | 'not-met'; clear: boolean };

export const DEFAULT_MIN_N = 30;

/**
 * Met or not met against the target; "clear" (rõ ràng) when the whole interval lies on the same
 * side of the threshold, else not yet certain (chưa đủ chắc chắn). Below the minimum n, or below
 * the part's own minimum (Minimums), there is no verdict (chưa đủ mẫu).
 */
export function verdict(index: Index, target: IndexTarget | null, minN = DEFAULT_MIN_N): Verdict {
  if (!target) return { status: 'no-target' };
  if (index.share === null || index.interval === null || index.n < minN || index.belowMinimum) return { status: 'insufficient', minN };
  const passes = (x: number) => (target.comparator === '>' ? x > target.threshold : x >= target.threshold);
  const met = passes(index.share);
  const [low, high] = index.interval;
  const clear = met ? passes(low) : !passes(high);
  return { status: met ? 'met' : 'not-met', clear };
}
