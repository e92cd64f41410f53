// The minimum interval between counted ratings of one kiosk. A second tap inside it is most likely
// the same citizen tapping again, or someone playing with the screen: it is kept but flagged
// 'burst' (left out of the indices), never dropped. The device never refuses a tap: its thank-you
// screen stays until the interval has passed (up to KIOSK_THANK_YOU_MAX_SECONDS), so the next
// citizen's first tap counts, and sends whatever is tapped; the server decides on its own, since a
// queue synced after an outage replays old taps in any order.

export const DEFAULT_MIN_INTERVAL_SECONDS = 5;
export const MAX_MIN_INTERVAL_SECONDS = 3600;
/** Any step left alone this long goes back to the start. */
export const KIOSK_IDLE_SECONDS = 60;
/** How long the thank-you screen stays (the issue asks for 3–5 s). */
export const KIOSK_THANK_YOU_SECONDS = 4;
/** The longest the thank-you waits for the minimum interval to pass before the next citizen may tap. */
export const KIOSK_THANK_YOU_MAX_SECONDS = 10;

/**
 * Whether a rating at `submittedAt` falls inside the interval of the nearest counted rating of the
 * same kiosk (on either side: a queue may deliver the later tap first). Null: no such rating.
 */
export function isBurst(nearestCounted: Date | null, submittedAt: Date, minIntervalSeconds: number): boolean {
  if (!nearestCounted || minIntervalSeconds <= 0) return false;
  return Math.abs(submittedAt.getTime() - nearestCounted.getTime()) < minIntervalSeconds * 1000;
}

/** The window in which a counted rating makes this one a burst: (from, to), both exclusive. */
export function burstWindow(submittedAt: Date, minIntervalSeconds: number): { from: Date; to: Date } {
  const ms = minIntervalSeconds * 1000;
  return { from: new Date(submittedAt.getTime() - ms), to: new Date(submittedAt.getTime() + ms) };
}
