// The 95% interval of an index built from several answers of the same respondents (an element that
// averages criteria, the overall that averages elements, a pooled share), with the respondent as
// the unit (issue 16; design.md, The method; docs/methodology.md, "Khoảng tin cậy").
//
// Every such index is an unweighted mean over parts p of ratio estimators R_p = Y_p / V_p, where Y_p
// and V_p are sums over respondents of one feature each (satisfied and valid answers of an element,
// respondent-moments.ts). Linearising (Taylor, the survey statistician's "ratio estimator" variance,
// e.g. Cochran 1977 §6.4, Wolter 2007 ch. 6) gives each respondent i one value
//     z_i = Σ_p w_p (y_ip − R_p v_ip) / V_p,
// and the variance of the index is that of a total of independent respondents' z:
//     var ≈ n/(n − 1) · (Σ z_i² − (Σ z_i)² / n).
// z_i is linear in the respondent's features, so Σ z_i² is a quadratic form in the Gram matrix the
// rollups keep, and no raw response is needed. A share's interval is then Wilson's at the effective
// sample size n_eff = p(1 − p) / var (Kish's design effect; the form Korn & Graubard 1998 and Dean &
// Pagano 2015 found to keep its coverage in clustered samples), so it stays inside [0, 1] and
// behaves near 0% and 100% as a single question's interval does. A mean score's is the normal one.
import type { Moments } from './respondent-moments.ts';
import { gramIndex } from './respondent-moments.ts';
import { wilson, Z95 } from './intervals.ts';

/**
 * Pseudo-respondents added to the variance (never to the index), for each part: one satisfied
 * with every question of the part they answer and one satisfied with none, each answering as many
 * of its questions as its respondents do on average (Σv² / Σv). It is Agresti & Coull's "add
 * successes and failures" at the respondent level: a part answered by few respondents who agree
 * (E5 near 100%, answered by a few) no longer claims a variance near zero. Without them the
 * coverage simulation fell to 92–93% at n = 30 and near 95%; with one pair it is at least 94% in
 * every scenario (docs/methodology.md), at the price of intervals wider than they need be where
 * answers are independent; on a part with hundreds of respondents the widening is small.
 */
const PSEUDO_RESPONDENTS = 1;

/** A linear combination of features by name: Σ coefficient · feature. */
export type Linear = readonly (readonly [feature: string, coefficient: number])[];

/** One part of a mean: its numerator (e.g. satisfied answers) and denominator (valid answers). */
export interface RatioPart {
  y: Linear;
  v: Linear;
}

/**
 * The linearised variance of the unweighted mean of the parts' ratios over `respondents`
 * respondents, or null when it cannot be computed (a feature the moments lack, a part with no
 * valid answers, fewer than two respondents).
 */
export function meanOfRatiosVariance(
  m: Moments,
  respondents: number,
  parts: readonly RatioPart[],
  pseudo = PSEUDO_RESPONDENTS,
): number | null {
  if (parts.length === 0 || respondents < 2) return null;
  const k = m.features.length;
  const at = new Map(m.features.map((name, i) => [name, i]));
  const vector = (lin: Linear): number[] | null => {
    const out = new Array<number>(k).fill(0);
    for (const [name, c] of lin) {
      const i = at.get(name);
      if (i === undefined) return null;
      out[i]! += c;
    }
    return out;
  };
  const dot = (a: number[]) => a.reduce((s, x, i) => s + x * m.sums[i]!, 0);
  const quad = (a: number[], b: number[]) => {
    let s = 0;
    for (let i = 0; i < k; i++)
      if (a[i] !== 0) for (let j = 0; j < k; j++) if (b[j] !== 0) s += a[i]! * b[j]! * m.gram[gramIndex(i, j, k)]!;
    return s;
  };
  // C: the coefficient of each feature in z_i; and the pseudo-respondents' z (see below).
  const coef = new Array<number>(k).fill(0);
  const w = 1 / parts.length;
  let pseudoZ = 0;
  let pseudoZ2 = 0;
  for (const p of parts) {
    const y = vector(p.y);
    const v = vector(p.v);
    if (!y || !v) return null;
    const Y = dot(y);
    const V = dot(v);
    if (!(V > 0)) return null;
    const R = Y / V;
    for (let i = 0; i < k; i++) coef[i]! += (w * (y[i]! - R * v[i]!)) / V;
    // A respondent who answers this part answers Σv² / Σv of its questions on average.
    const vBar = quad(v, v) / V;
    const zSatisfied = (w * vBar * (1 - R)) / V;
    const zDissatisfied = -(w * vBar * R) / V;
    pseudoZ += zSatisfied + zDissatisfied;
    pseudoZ2 += zSatisfied * zSatisfied + zDissatisfied * zDissatisfied;
  }
  const sumZ = dot(coef) + pseudo * pseudoZ;
  const sumZ2 = quad(coef, coef) + pseudo * pseudoZ2;
  const n = respondents + 2 * pseudo;
  // Rounding can leave a tiny negative where the true value is 0 (every respondent alike).
  return Math.max(0, (n / (n - 1)) * (sumZ2 - (sumZ * sumZ) / n));
}

/**
 * Wilson's interval for a share p whose variance is `variance`, at the effective sample size
 * p(1 − p) / variance. `maxN` bounds that size (the valid answers behind the index): when the
 * variance is 0 or p is 0 or 1 the data cannot say how precise the share is, and the bound
 * `fallbackN` (the respondents who gave a valid answer) is used, as a single question would be.
 */
export function effectiveWilson(p: number, variance: number, maxN: number, fallbackN: number, z = Z95): [number, number] {
  const pq = p * (1 - p);
  let nEff = pq > 0 && variance > 0 ? pq / variance : fallbackN;
  nEff = Math.min(nEff, maxN);
  if (!(nEff > 0)) return [0, 1];
  return wilson(p * nEff, nEff, z);
}

/** The normal interval of a share-like value with its variance, clipped to [0, 1]. */
export function normalInterval(value: number, variance: number, z = Z95): [number, number] {
  const half = z * Math.sqrt(variance);
  return [Math.max(0, value - half), Math.min(1, value + half)];
}
