// The share axis of a chart that must show differences (issue 14): instead of always 0–100%, the
// range the figures actually occupy, widened to round steps and to a minimum span so that a
// two-point wobble does not fill the plot. The caller states the range in words beside the chart
// ("Trục từ 60% đến 100%"), since a zoomed axis that is not said out loud misleads.
export interface ShareAxis {
  /** 0–1, lo < hi. */
  lo: number;
  hi: number;
  /** Tick positions from lo to hi inclusive. */
  ticks: number[];
  /** True when the axis is the whole 0–100%. */
  full: boolean;
}

export const FULL_AXIS: ShareAxis = { lo: 0, hi: 1, ticks: [0, 0.2, 0.4, 0.6, 0.8, 1], full: true };

// Rounded to avoid 0.30000000000000004 in tick labels and coordinates.
const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * The smallest axis in steps of 10% that holds every value (shares, interval ends, targets) with a
 * margin of two points and spans at least minSpan; 0–100% when there is nothing to show. Ticks every
 * 5% on a span of 30% or less, 10% up to 60%, 20% beyond.
 */
export function shareAxis(values: readonly (number | null | undefined)[], minSpan = 0.2): ShareAxis {
  const xs = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v)).map((v) => Math.min(1, Math.max(0, v)));
  if (xs.length === 0) return FULL_AXIS;
  let lo = Math.max(0, Math.floor((Math.min(...xs) - 0.02) * 10 + 1e-9) / 10);
  let hi = Math.min(1, Math.ceil((Math.max(...xs) + 0.02) * 10 - 1e-9) / 10);
  // Too narrow: widen downwards first (shares sit near the top), then upwards.
  while (hi - lo < minSpan - 1e-9) {
    if (lo > 0) lo = round(lo - 0.1);
    else hi = round(hi + 0.1);
  }
  lo = round(Math.max(0, lo));
  hi = round(Math.min(1, hi));
  const span = hi - lo;
  const step = span <= 0.3 + 1e-9 ? 0.05 : span <= 0.6 + 1e-9 ? 0.1 : 0.2;
  // Ticks on round numbers: a 20% step starts from a multiple of 20%.
  lo = round(Math.floor(lo / step + 1e-9) * step);
  const ticks: number[] = [];
  for (let k = 0; lo + k * step <= hi + 1e-9; k++) ticks.push(round(lo + k * step));
  if (ticks[ticks.length - 1] !== hi) ticks.push(hi);
  return { lo, hi, ticks, full: lo === 0 && hi === 1 };
}

/** Where a share falls on the axis, 0–1 of the plot; values beyond it are held at its ends. */
export function axisPosition(axis: ShareAxis, share: number): number {
  return Math.min(1, Math.max(0, (share - axis.lo) / (axis.hi - axis.lo)));
}
