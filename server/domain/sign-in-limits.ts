// The sign-in brakes, as pure arithmetic over attempt times read from the database (no memory
// state, so several app instances share them). All are sliding windows: once enough of the
// attempts that tripped a brake have aged out of the window, attempts are let through again.
//
// The policy (docs/operations.md, decisions.md §29) keeps one address from locking other people
// out (issue 11, finding 6):
// - the lock is keyed by account and address: five failures from one address lock that address
//   out of that account for 15 minutes, and no one else;
// - an address making more than 30 attempts in 15 minutes, on any accounts, is held back;
// - an account failing from many addresses at once (20 failures in 15 minutes, which takes at
//   least four addresses since each is locked after five) is slowed down, not locked: addresses
//   that have signed in to it before pass as usual, others get one attempt a minute, and the
//   audit log gets an alert for an administrator.
export const WINDOW_MS = 15 * 60 * 1000;
/** Failures for one account from one address within the window that lock that address out of it; unknown emails alike. */
export const EMAIL_FAILURE_LIMIT = 5;
/** Attempts from one address within the window before it gets 429. */
export const IP_ATTEMPT_LIMIT = 30;
/** Failures of one account (all addresses) within the window that start its slow-down and the alert. */
export const ACCOUNT_FAILURE_LIMIT = 20;
/** Under the slow-down, one attempt per this long from an address new to the account. */
const ACCOUNT_SLOW_MS = 60 * 1000;
/** An address that signed in to an account within this many days is familiar to it. */
export const FAMILIAR_DAYS = 30;

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

/**
 * The account's slow-down. `recent` holds the account's newest failures (all addresses, refused
 * attempts not included), newest first, at most ACCOUNT_FAILURE_LIMIT of them. While the account
 * is under attack, an unfamiliar address waits until a minute after the latest failure.
 */
export function accountBrake(recent: readonly Date[], now: Date, familiar: boolean): Brake {
  if (familiar || !underAttack(recent, now)) return OPEN;
  const waitMs = recent[0]!.getTime() + ACCOUNT_SLOW_MS - now.getTime();
  if (waitMs <= 0) return OPEN;
  return { blocked: true, minutes: 1, retryAfterSeconds: Math.ceil(waitMs / 1000) };
}

/** Whether an account has failed often enough within the window to be slowed down (and alerted). */
export function underAttack(recent: readonly Date[], now: Date): boolean {
  return recent.filter((d) => now.getTime() - d.getTime() < WINDOW_MS).length >= ACCOUNT_FAILURE_LIMIT;
}

/** The form of an email used as the lockout key and the audit label: what was typed, folded. */
export function emailKey(typed: string): string {
  return typed.normalize('NFC').trim().toLowerCase().slice(0, 200);
}
