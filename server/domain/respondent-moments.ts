// What a rollup must carry, besides per-question histograms, so that an index averaged over several
// answers of the same respondents can have its interval computed with the respondent as the unit
// (design.md, The method; issue 16). Histograms give each part's share; they cannot say how one
// respondent's answers to different parts move together, and that covariance is most of the
// variance of a mean of shares. So every response also contributes a short vector of integer
// features, and a rollup keeps their sums and the sums of their pairwise products (a Gram matrix).
// Sums and products add across responses, so rollups of any slice, month or subtree stay exact.
//
// The features are per element, fixed by the version's rule (a published version never changes,
// invariant 3, so neither do its features):
// - criterion-mean, pooled-share: `E.y` satisfied criteria of the element, `E.v` valid criteria
//   (neither no-opinion nor blank);
// - element-question: `E.S.y`, `E.S.v` for the element's own satisfaction question (0 or 1);
// - mean-score: `E.x` the sum of the valid criteria's scale values, `E.v` as above;
// - overall-question, single-question: none (one answer per respondent: Wilson's interval).
// Element level, not criterion level, keeps a SIPAS rollup at 55 products instead of ~990; how the
// interval uses them, and what that approximation costs, is in docs/methodology.md.
import type { IndexRule } from '../db/schema.ts';
import { isSipas, questionList, type QuestionItem, type QuestionnaireDefinition } from './questionnaire.ts';

/** Sums of features and of their pairwise products, over some set of responses. */
export interface Moments {
  /** Feature names, in the order of `sums`, e.g. ['E1.y', 'E1.v', 'E2.y', …]. */
  features: readonly string[];
  /** Σ f_j over the responses, one per feature. */
  sums: number[];
  /** Σ f_j·f_k for j ≤ k, packed row by row (the upper triangle): k(k+1)/2 numbers. */
  gram: number[];
}

/** Position of the product f_j·f_k (either order) in a packed upper triangle of k features. */
export function gramIndex(j: number, k: number, size: number): number {
  const [a, b] = j <= k ? [j, k] : [k, j];
  return a * size - (a * (a - 1)) / 2 + (b - a);
}

export const gramLength = (size: number): number => (size * (size + 1)) / 2;

interface FeaturePlan {
  names: string[];
  /** For each feature, how one response's answers give its value. */
  parts: { questions: QuestionItem[]; measure: 'satisfied' | 'valid' | 'score' }[];
}

const plans = new WeakMap<QuestionnaireDefinition, Map<IndexRule, FeaturePlan>>();

function plan(def: QuestionnaireDefinition, rule: IndexRule): FeaturePlan {
  let byRule = plans.get(def);
  if (!byRule) plans.set(def, (byRule = new Map()));
  const hit = byRule.get(rule);
  if (hit) return hit;
  const built = buildPlan(def, rule);
  byRule.set(rule, built);
  return built;
}

function buildPlan(def: QuestionnaireDefinition, rule: IndexRule): FeaturePlan {
  const out: FeaturePlan = { names: [], parts: [] };
  if (!isSipas(def)) return out;
  const questions = questionList(def);
  for (const el of def.elements) {
    const criteria = questions.filter((q) => q.kind === 'criterion' && q.element === el.code);
    const own = questions.filter((q) => q.kind === 'element-satisfaction' && q.element === el.code);
    switch (rule) {
      case 'criterion-mean':
      case 'pooled-share':
        out.names.push(`${el.code}.y`, `${el.code}.v`);
        out.parts.push({ questions: criteria, measure: 'satisfied' }, { questions: criteria, measure: 'valid' });
        break;
      case 'element-question':
        out.names.push(`${el.code}.S.y`, `${el.code}.S.v`);
        out.parts.push({ questions: own, measure: 'satisfied' }, { questions: own, measure: 'valid' });
        break;
      case 'mean-score':
        out.names.push(`${el.code}.x`, `${el.code}.v`);
        out.parts.push({ questions: criteria, measure: 'score' }, { questions: criteria, measure: 'valid' });
        break;
      default:
        break;
    }
  }
  return out;
}

/** The feature names of a version's rule (empty when its indices need none). */
export function momentFeatures(def: QuestionnaireDefinition, rule: IndexRule): readonly string[] {
  return plan(def, rule).names;
}

/** A valid answer: on the question's scale, and not its "no opinion" value. */
function validValue(q: QuestionItem, v: unknown): number | null {
  if (typeof v !== 'number' || !Number.isFinite(v)) return null;
  if (q.noOpinion && v === q.noOpinion.value) return null;
  return q.options.some((o) => o.value === v) ? v : null;
}

/** One response's features, in the order of `momentFeatures`. Answers are the stored JSON object. */
export function respondentFeatures(def: QuestionnaireDefinition, rule: IndexRule, answers: Record<string, unknown>): number[] {
  const p = plan(def, rule);
  return p.parts.map(({ questions, measure }) => {
    let total = 0;
    for (const q of questions) {
      const v = validValue(q, answers[q.code]);
      if (v === null) continue;
      if (measure === 'valid') total += 1;
      else if (measure === 'satisfied') total += q.satisfied.includes(v) ? 1 : 0;
      else total += v;
    }
    return total;
  });
}

/** Empty moments for these features. */
export function emptyMoments(features: readonly string[]): Moments {
  return { features, sums: new Array<number>(features.length).fill(0), gram: new Array<number>(gramLength(features.length)).fill(0) };
}

/** Adds one response's feature vector (times `sign`, −1 to take it out) into `m`. */
export function addFeatures(m: Moments, f: readonly number[], sign = 1): void {
  const k = f.length;
  let at = 0;
  for (let a = 0; a < k; a++) {
    const fa = f[a]!;
    m.sums[a]! += sign * fa;
    for (let b = a; b < k; b++) m.gram[at++]! += sign * fa * f[b]!;
  }
}

/**
 * Adds `from` into `into` by feature name. Versions pooled together agree on names when their
 * elements and rule agree; a feature `into` lacks cannot be placed, so the caller learns it.
 */
export function addMoments(into: Moments, from: Moments): boolean {
  const pos = from.features.map((name) => into.features.indexOf(name));
  if (pos.some((p) => p < 0)) return false;
  const k = into.features.length;
  from.features.forEach((_, a) => {
    into.sums[pos[a]!]! += from.sums[a]!;
    for (let b = a; b < from.features.length; b++)
      into.gram[gramIndex(pos[a]!, pos[b]!, k)]! += from.gram[gramIndex(a, b, from.features.length)]!;
  });
  return true;
}
