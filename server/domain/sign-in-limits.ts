// The sign-in brakes, as pure arithmetic over attempt times read from the database (no memory
// state, so several app instances share them). Both are sliding windows: once enough of the
// attempts that tripped the brake have aged out of the window, attempts are let through again.
export const WINDOW_MS = 15 * 60 * 1000;
/** Failures for one email within the window that lock it; unknown emails are locked alike. */
export const EMAIL_FAILURE_LIMIT = 5;
/** Attempts from one address within the window before it gets 429. */
export const IP_ATTEMPT_LIMIT = 30;

export interface Brake {
  blocked: boolean;
  /** Whole minutes until the next attempt is let through (at least 1 while blocked). */
  minutes: number;
  retryAfterSeconds: number;
}

const OPEN: Brake = { blocked: false, minutes: 0, retryAfterSeconds: 0 };

/**
 * `recent` holds the newest attempts that count, newest first, at most `limit` of them. With `limit`
 * of them inside the window the brake is on until the oldest of those leaves the window.
 */
export function brake(recent: readonly Date[], limit: number, now: Date, windowMs = WINDOW_MS): Brake {
  const inWindow = recent.filter((d) => now.getTime() - d.getTime() < windowMs);
  if (inWindow.length < limit) return OPEN;
  const oldest = Math.min(...inWindow.slice(0, limit).map((d) => d.getTime()));
  const waitMs = Math.max(1000, oldest + windowMs - now.getTime());
  return { blocked: true, minutes: Math.max(1, Math.ceil(waitMs / 60_000)), retryAfterSeconds: Math.ceil(waitMs / 1000) };
}

/** The form of an email used as the lockout key and the audit label: what was typed, folded. */
export function emailKey(typed: string): string {
  return typed.normalize('NFC').trim().toLowerCase().slice(0, 200);
}
