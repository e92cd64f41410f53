// The 95% interval shown with every index. Wilson's score interval stays inside [0, 1] and behaves
// at the edges (0%, 100%, small n), where the textbook normal interval gives nonsense.

export const Z95 = 1.959963984540054;

/** Wilson score interval for `successes` out of `n`; [0, 1] when n is 0 (nothing is known). */
export function wilson(successes: number, n: number, z = Z95): [number, number] {
  if (n <= 0) return [0, 1];
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  // At 0% and 100% the bound is exactly 0 or 1; floating point would leave 0.9999999999999999.
  return [successes <= 0 ? 0 : Math.max(0, centre - half), successes >= n ? 1 : Math.min(1, centre + half)];
}

/** Normal interval of a mean with its sample standard deviation, clipped to [lo, hi]. */
export function meanInterval(mean: number, sd: number, n: number, lo: number, hi: number, z = Z95): [number, number] {
  if (n <= 1) return [lo, hi];
  const half = (z * sd) / Math.sqrt(n);
  return [Math.max(lo, mean - half), Math.min(hi, mean + half)];
}
