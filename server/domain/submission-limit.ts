// The per-address brake on public submissions (survey starts and final submits), as arithmetic over
// per-minute counters read from the database, so every app instance applies the same limit. It is
// generous on purpose: a one-stop centre puts every citizen's phone on its Wi-Fi behind one address,
// and a morning rush there must never be refused; the brake is against scripts, not offices.
import { createHmac } from 'node:crypto';

/** Submissions per address within the window before 429. */
export const SUBMISSION_LIMIT = 300;
const SUBMISSION_WINDOW_MINUTES = 10;

export interface MinuteCount {
  minute: Date;
  hits: number;
}

export interface SubmissionBrake {
  blocked: boolean;
  /** Seconds until enough of the window has aged out to let one more through (0 when open). */
  retryAfterSeconds: number;
}

const MINUTE = 60_000;

export function minuteOf(d: Date): Date {
  return new Date(Math.floor(d.getTime() / MINUTE) * MINUTE);
}

/** The first minute still inside the window that ends with the current minute. */
export function windowStart(now: Date, windowMinutes = SUBMISSION_WINDOW_MINUTES): Date {
  return new Date(minuteOf(now).getTime() - (windowMinutes - 1) * MINUTE);
}

/** Whether one more submission is refused, given the counts of the window's minutes. */
export function submissionBrake(
  counts: readonly MinuteCount[],
  now: Date,
  limit = SUBMISSION_LIMIT,
  windowMinutes = SUBMISSION_WINDOW_MINUTES,
): SubmissionBrake {
  const start = windowStart(now, windowMinutes).getTime();
  const inWindow = counts.filter((c) => c.minute.getTime() >= start).sort((a, b) => a.minute.getTime() - b.minute.getTime());
  let total = inWindow.reduce((n, c) => n + c.hits, 0);
  if (total < limit) return { blocked: false, retryAfterSeconds: 0 };
  // Oldest minutes leave the window first; wait until enough of them have gone.
  for (const c of inWindow) {
    total -= c.hits;
    if (total < limit) {
      const leaves = c.minute.getTime() + windowMinutes * MINUTE;
      return { blocked: true, retryAfterSeconds: Math.max(1, Math.ceil((leaves - now.getTime()) / 1000)) };
    }
  }
  return { blocked: true, retryAfterSeconds: windowMinutes * 60 };
}

/** The stored form of a client address: keyed with the server secret, so the table holds no addresses. */
export function addressHash(ip: string, secret: string): string {
  return createHmac('sha256', secret).update(`address:${ip}`).digest('hex').slice(0, 32);
}
