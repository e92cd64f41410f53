// The fixed order of a rollup's histogram for one questionnaire version (migrations/0007_rollups.sql):
// every question that offers answers, in the order a citizen meets them, each with its options and
// then its "no opinion" value. A published version never changes (invariant 3), so its layout never
// does either, and a histogram stored years ago still reads the same. Values a response may hold
// outside the layout (none today: answers are validated against the options) go to `extra` so that
// counts stay exact whatever is stored.
import type { IndexRule } from '../db/schema.ts';
import type { AnswerCounts } from './indices.ts';
import { questionList, type QuestionnaireDefinition } from './questionnaire.ts';
import { addMoments, gramLength, momentFeatures, type Moments } from './respondent-moments.ts';

export interface RollupLayout {
  /** (question, value) of each histogram position. */
  cells: readonly (readonly [string, string])[];
  /** question → value → position. */
  position: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** The version's moment features (its own rule), and so the length of the moments array. */
  features: readonly string[];
  momentsLength: number;
}

const layouts = new WeakMap<QuestionnaireDefinition, Map<IndexRule, RollupLayout>>();

export function rollupLayout(def: QuestionnaireDefinition, rule: IndexRule): RollupLayout {
  let byRule = layouts.get(def);
  if (!byRule) layouts.set(def, (byRule = new Map()));
  const hit = byRule.get(rule);
  if (hit) return hit;
  const cells: [string, string][] = [];
  const position = new Map<string, Map<string, number>>();
  for (const q of questionList(def)) {
    const values = q.options.map((o) => String(o.value));
    if (q.noOpinion) values.push(String(q.noOpinion.value));
    if (values.length === 0) continue;
    const mine = new Map<string, number>();
    for (const v of values) {
      if (mine.has(v)) continue;
      mine.set(v, cells.length);
      cells.push([q.code, v]);
    }
    position.set(q.code, mine);
  }
  const features = momentFeatures(def, rule);
  const built = { cells, position, features, momentsLength: features.length + gramLength(features.length) };
  byRule.set(rule, built);
  return built;
}

/** The key of a value outside the layout in `extra`. */
export const extraKey = (question: string, value: string) => `${question}\t${value}`;

/** Adds a stored histogram (and its extra values) into per-question counts. */
export function addHistogram(
  into: Record<string, Record<string, number>>,
  layout: RollupLayout,
  histogram: readonly number[],
  extra: Record<string, number> | null,
): void {
  const { cells } = layout;
  for (let i = 0; i < histogram.length && i < cells.length; i++) {
    const n = histogram[i]!;
    if (n === 0) continue;
    const [q, v] = cells[i]!;
    const byValue = (into[q] ??= {});
    byValue[v] = (byValue[v] ?? 0) + n;
  }
  if (extra) {
    for (const [k, n] of Object.entries(extra)) {
      const tab = k.indexOf('\t');
      const q = k.slice(0, tab);
      const v = k.slice(tab + 1);
      const byValue = (into[q] ??= {});
      byValue[v] = (byValue[v] ?? 0) + Number(n);
    }
  }
}

/** Moments as stored (sums, then the packed Gram matrix) under a layout's features. */
function storedMoments(layout: RollupLayout, values: readonly number[]): Moments {
  const k = layout.features.length;
  return { features: layout.features, sums: values.slice(0, k) as number[], gram: values.slice(k) as number[] };
}

/**
 * A slice's engine input from its rows, possibly of several versions: counts pooled by question
 * code and value; moments under the reading rule's features when every version's features fit into
 * them (else absent: the engine then falls back to its per-answer interval).
 */
export class CountsBuilder {
  responses = 0;
  /** Histograms summed per layout (version) first, decoded once at the end. */
  private readonly sums = new Map<RollupLayout, { histogram: number[]; extra: Record<string, number> | null }>();
  private moments: Moments | null;
  private momentsFit = true;

  constructor(readingFeatures: readonly string[]) {
    this.moments =
      readingFeatures.length > 0
        ? {
            features: readingFeatures,
            sums: new Array<number>(readingFeatures.length).fill(0),
            gram: new Array<number>(gramLength(readingFeatures.length)).fill(0),
          }
        : null;
  }

  add(
    layout: RollupLayout,
    row: { responses: number; histogram: readonly number[]; extra: Record<string, number> | null; moments: readonly number[] },
  ): void {
    this.responses += row.responses;
    let sum = this.sums.get(layout);
    if (!sum) this.sums.set(layout, (sum = { histogram: new Array<number>(layout.cells.length).fill(0), extra: null }));
    const h = sum.histogram;
    for (let i = 0; i < row.histogram.length && i < h.length; i++) h[i]! += row.histogram[i]!;
    if (row.extra) {
      sum.extra ??= {};
      for (const [k, n] of Object.entries(row.extra)) sum.extra[k] = (sum.extra[k] ?? 0) + Number(n);
    }
    if (this.moments && this.momentsFit && row.responses !== 0) {
      // Every respondent must carry every reading feature: a version with other features cannot
      // be placed, and its respondents would be missing from the sums.
      const fits =
        row.moments.length === layout.momentsLength &&
        layout.features.length === this.moments.features.length &&
        addMoments(this.moments, storedMoments(layout, row.moments));
      if (!fits) this.momentsFit = false;
    }
  }

  result(): AnswerCounts {
    const counts: Record<string, Record<string, number>> = {};
    for (const [layout, sum] of this.sums) addHistogram(counts, layout, sum.histogram, sum.extra);
    // Zero counts are left out, as a recount would not produce them (deltas may leave zeros).
    for (const [q, byValue] of Object.entries(counts)) {
      for (const [v, n] of Object.entries(byValue)) if (n === 0) delete byValue[v];
      if (Object.keys(byValue).length === 0) delete counts[q];
    }
    return this.moments && this.momentsFit
      ? { responses: this.responses, counts, moments: this.moments }
      : { responses: this.responses, counts };
  }
}
