// Whether a change between two periods is significant (issue 16): only by a test that respects the
// respondent as the unit. The two periods' respondents are independent samples, so the difference
// of two indices has the sum of their variances, each with the respondent as the unit (a single
// question: Agresti–Caffo's variance, one answer per respondent; an index averaged over several
// answers: the linearised variance of respondent-intervals.ts). The change is significant when it is
// more than z = 1.959964 standard errors from zero (two-sided, 5%).
import type { Index } from './indices.ts';
import { Z95 } from './intervals.ts';

/**
 * true: significant; false: not; null: cannot be said, because an index lacks its variance (a mean
 * of indices computed without the respondents' moments) or a share.
 */
export function significantChange(a: Pick<Index, 'share' | 'variance'>, b: Pick<Index, 'share' | 'variance'>, z = Z95): boolean | null {
  if (a.share === null || b.share === null || a.variance === undefined || b.variance === undefined) return null;
  const se = Math.sqrt(a.variance + b.variance);
  return se > 0 ? Math.abs(a.share - b.share) > z * se : a.share !== b.share;
}
