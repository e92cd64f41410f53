// An agency's overall index by the rules that are not official, next to the official one (issue 16,
// point 5): the other documented rules (the overall question, the version's own rule) come from
// the engine itself; "units weighted equally" is computed here, as the unweighted mean of the
// overall indices of the units directly under the agency, each pooling its subtree by the official
// rule. Only the official rule gives a verdict (the results service).
import type { IndexRule } from '../db/schema.ts';
import type { Index } from './indices.ts';
import { effectiveWilson, normalInterval } from './respondent-intervals.ts';

export type SideRule = IndexRule | 'units-equal';

export interface UnitFigure {
  code: string;
  responses: number;
  overall: Index;
}

export interface UnitsEqual {
  overall: Index;
  /** Units whose overall counts (a share, not below the overall's minimum). */
  counted: string[];
  /** Units without a share, or below the overall's minimum of respondents. */
  leftOut: string[];
  /** Responses recorded at the agency itself, in no unit under it: not in this figure. */
  ownResponses: number;
  /** Why there is no interval: a unit's index carries no variance (decision 61). */
  noInterval: 'no-units' | 'unit-without-variance' | null;
}

/**
 * Units weighted equally: mean of the units' overall shares. The units' respondents are disjoint,
 * so the variance of the mean is Σ varianceᵢ / k²; the interval is Wilson's at the effective
 * sample size (as respondent-intervals.ts does for every mean), or normal for a mean score. When
 * some unit has no variance (an interval by answers) there is no interval, and the figure says so.
 * n is the number of respondents of the counted units.
 */
export function unitsEqual(units: UnitFigure[], totalResponses: number, opts: { score: boolean }): UnitsEqual {
  const counts = (u: UnitFigure) => u.overall.share !== null && !u.overall.belowMinimum;
  const used = units.filter(counts);
  const leftOut = units.filter((u) => !counts(u)).map((u) => u.code);
  const ownResponses = Math.max(0, totalResponses - units.reduce((s, u) => s + u.responses, 0));
  const sum = (f: (u: UnitFigure) => number) => used.reduce((s, u) => s + f(u), 0);
  const base = {
    code: 'overall',
    kind: 'overall' as const,
    noOpinion: sum((u) => u.overall.noOpinion),
    blank: sum((u) => u.overall.blank),
  };
  if (used.length === 0) {
    return { overall: { ...base, share: null, n: 0, interval: null }, counted: [], leftOut, ownResponses, noInterval: 'no-units' };
  }
  const k = used.length;
  const share = sum((u) => u.overall.share!) / k;
  const n = sum((u) => u.responses);
  const known = used.every((u) => u.overall.variance !== undefined);
  if (!known) {
    return {
      overall: { ...base, share, n, interval: null },
      counted: used.map((u) => u.code),
      leftOut,
      ownResponses,
      noInterval: 'unit-without-variance',
    };
  }
  const variance = sum((u) => u.overall.variance!) / (k * k);
  const interval = opts.score ? normalInterval(share, variance) : effectiveWilson(share, variance, Number.POSITIVE_INFINITY, n);
  return {
    overall: { ...base, share, n, interval, variance, intervalUnit: 'respondents' },
    counted: used.map((u) => u.code),
    leftOut,
    ownResponses,
    noInterval: null,
  };
}
