// The response rate (tỷ lệ phản hồi) and the margin of error that the number of people served
// allows (issue 16 point 4; docs/methodology.md, "Tỷ lệ phản hồi và sai số"). Pure arithmetic: the
// counts come from server/results/served.ts.
import { Z95 } from './intervals.ts';

/** Below this share of the people served, a unit's figures are marked (decision 66). */
export const DEFAULT_RATE_FLOOR = 0.05;

export interface ResponseRate {
  /** Responses at the service points whose people served are known for the whole period. */
  responses: number;
  /** People served at those points in the period. */
  served: number;
  /** responses ÷ served; null when served is 0. */
  rate: number | null;
  /**
   * Half the width of the 95 % interval of a share from `responses` of `served` people, at its
   * widest (a share of 50 %), with the finite-population correction; null without a rate or when
   * the counts disagree (more responses than people served).
   */
  margin: number | null;
  /** More responses than people served: the counts cannot both be right. */
  inconsistent: boolean;
  /** The rate lies under the province's floor. */
  belowFloor: boolean;
}

/**
 * The margin of error of a share estimated from n of N people, at p = ½ (the widest, so that one
 * figure holds for every index of the unit): z · √(¼ / n) · √((N − n) / (N − 1)). The second root is
 * the finite-population correction: when every person served answered (n = N) the margin is 0.
 */
export function marginOfError(n: number, N: number, z = Z95): number | null {
  if (!(n >= 1) || !(N >= n)) return null;
  const fpc = N === 1 ? 0 : Math.sqrt((N - n) / (N - 1));
  return z * Math.sqrt(0.25 / n) * fpc;
}

export function responseRate(responses: number, served: number, floor = DEFAULT_RATE_FLOOR): ResponseRate {
  const rate = served > 0 ? responses / served : null;
  const inconsistent = responses > served;
  return {
    responses,
    served,
    rate,
    margin: inconsistent ? null : marginOfError(responses, served),
    inconsistent,
    belowFloor: rate !== null && rate < floor,
  };
}

/** The floor as stored in a province setting: a share 0 < x < 1, or the default. */
export function rateFloorOf(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 && value < 1 ? value : DEFAULT_RATE_FLOOR;
}
