// The worked example of docs/methodology.md, computed by the index engine itself: the methodology
// page shows these results rather than numbers typed into a template, so the page cannot drift from
// the engine, and a test holds the doc to the same numbers.
import { computeIndices, verdict, type AnswerCounts, type Index, type IndexTarget, type Verdict } from './indices.ts';
import { wilson } from './intervals.ts';
import { questionMap, type QuestionnaireDefinition } from './questionnaire.ts';
import { addFeatures, emptyMoments, momentFeatures, respondentFeatures } from './respondent-moments.ts';

export const EXAMPLE_QUESTIONNAIRE = 'sipas-2017';
const EXAMPLE_ELEMENT = 'E1';

/**
 * Ten responses to the four criteria of element E1, one by one (the respondent is the unit of the
 * element's interval); E1.1 has one blank (9 answers of 10).
 */
const EXAMPLE_RESPONSES: readonly Record<string, number>[] = [
  { 'E1.1': 5, 'E1.2': 4, 'E1.3': 0, 'E1.4': 5 },
  { 'E1.1': 5, 'E1.2': 4, 'E1.3': 0, 'E1.4': 5 },
  { 'E1.1': 5, 'E1.2': 4, 'E1.3': 0, 'E1.4': 5 },
  { 'E1.1': 5, 'E1.2': 4, 'E1.3': 0, 'E1.4': 5 },
  { 'E1.1': 4, 'E1.2': 4, 'E1.3': 0, 'E1.4': 5 },
  { 'E1.1': 4, 'E1.2': 2, 'E1.3': 0, 'E1.4': 5 },
  { 'E1.1': 4, 'E1.2': 2, 'E1.3': 0, 'E1.4': 5 },
  { 'E1.1': 3, 'E1.2': 2, 'E1.3': 0, 'E1.4': 5 },
  { 'E1.1': 0, 'E1.2': 2, 'E1.3': 0, 'E1.4': 5 },
  { 'E1.2': 2, 'E1.3': 0, 'E1.4': 5 },
];

/** The example's histograms (as the aggregate tables hold them). */
export const EXAMPLE_COUNTS: AnswerCounts = {
  responses: EXAMPLE_RESPONSES.length,
  counts: EXAMPLE_RESPONSES.reduce<Record<string, Record<string, number>>>((counts, answers) => {
    for (const [q, v] of Object.entries(answers)) (counts[q] ??= {})[String(v)] = (counts[q]?.[String(v)] ?? 0) + 1;
    return counts;
  }, {}),
};

/** The histograms with the respondents' moments (as the rollups hold them) for the default rule. */
export function exampleCounts(def: QuestionnaireDefinition): AnswerCounts {
  const moments = emptyMoments(momentFeatures(def, 'criterion-mean'));
  for (const answers of EXAMPLE_RESPONSES) addFeatures(moments, respondentFeatures(def, 'criterion-mean', answers));
  return { ...EXAMPLE_COUNTS, moments };
}

/** The doc's illustration of the interval: 8 satisfied of 10. */
export const EXAMPLE_INTERVAL = { satisfied: 8, n: 10 };

/** The example's target, to show the minimum-n rule on a real figure. */
export const EXAMPLE_TARGET: IndexTarget = { comparator: '>', threshold: 0.8 };

export interface ExampleCriterion {
  index: Index;
  satisfied: number;
  /** How many responses gave each answer, most satisfied first and "no opinion" last, with its words. */
  answers: { value: string; count: number; label: { vi: string; en: string } }[];
}

export interface WorkedExample {
  responses: number;
  criteria: ExampleCriterion[];
  /** E1 by the default rule (mean of its criteria). */
  element: Index;
  /** E1 by the pooled-share alternative. */
  pooled: Index;
  pooledSatisfied: number;
  interval: { satisfied: number; n: number; bounds: [number, number] };
  target: IndexTarget;
  verdict: Verdict;
}

// Indices carry the share and n; the satisfied count is their product, exact for a share of counts.
const satisfiedOf = (index: Index) => (index.share === null ? 0 : Math.round(index.share * index.n));

export function workedExample(def: QuestionnaireDefinition): WorkedExample {
  // criterion-mean and pooled-share have the same features (satisfied and valid answers of E1).
  const data = exampleCounts(def);
  const byRule = computeIndices(def, 'criterion-mean', data);
  const pooledSet = computeIndices(def, 'pooled-share', data);
  const element = byRule.elements.find((e) => e.code === EXAMPLE_ELEMENT);
  const pooled = pooledSet.elements.find((e) => e.code === EXAMPLE_ELEMENT);
  if (!element || !pooled) throw new Error(`${def.code} has no element ${EXAMPLE_ELEMENT}`);
  const questions = questionMap(def);
  const labelOf = (code: string, value: string) => {
    const q = questions.get(code)!;
    const option = [...q.options, ...(q.noOpinion ? [q.noOpinion] : [])].find((o) => String(o.value) === value);
    if (!option) throw new Error(`${code} offers no answer ${value}`);
    return { vi: option.vi, en: option.en ?? option.vi };
  };
  const criteria = byRule.criteria
    .filter((c) => c.code in EXAMPLE_COUNTS.counts)
    .map((index) => ({
      index,
      satisfied: satisfiedOf(index),
      answers: Object.entries(EXAMPLE_COUNTS.counts[index.code]!)
        .map(([value, count]) => ({ value, count, label: labelOf(index.code, value) }))
        .sort((a, b) => (Number(b.value) || -1) - (Number(a.value) || -1)),
    }));
  return {
    responses: EXAMPLE_COUNTS.responses,
    criteria,
    element,
    pooled,
    pooledSatisfied: satisfiedOf(pooled),
    interval: { ...EXAMPLE_INTERVAL, bounds: wilson(EXAMPLE_INTERVAL.satisfied, EXAMPLE_INTERVAL.n) },
    target: EXAMPLE_TARGET,
    verdict: verdict(element, EXAMPLE_TARGET),
  };
}
