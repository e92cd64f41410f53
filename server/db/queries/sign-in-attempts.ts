// Sign-in attempts: the lock per account and address, the account's slow-down and the rate limit
// per address all read this table (server/domain/sign-in-limits.ts has the rules).
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { ACCOUNT_FAILURE_LIMIT, EMAIL_FAILURE_LIMIT, FAMILIAR_DAYS, IP_ATTEMPT_LIMIT, WINDOW_MS } from '../../domain/sign-in-limits.ts';

const DAY_MS = 24 * 3600 * 1000;

/** `refused`: a brake turned the attempt away; it counts for the address's rate only. */
export async function recordSignInAttempt(
  db: Kysely<Database>,
  a: { email: string; ip: string; succeeded: boolean; refused?: boolean; at?: Date },
): Promise<void> {
  await db
    .insertInto('sign_in_attempts')
    .values({ email: a.email, ip: a.ip, succeeded: a.succeeded, refused: a.refused ?? false, attempted_at: a.at ?? new Date() })
    .execute();
}

/**
 * The newest failures for an account from one address inside the window, newest first, counting
 * only those after that address's last success on it: signing in successfully clears its slate.
 */
export async function recentFailures(db: Kysely<Database>, email: string, ip: string, now = new Date()): Promise<Date[]> {
  const since = new Date(now.getTime() - WINDOW_MS);
  const lastSuccess = await db
    .selectFrom('sign_in_attempts')
    .select('attempted_at')
    .where('email', '=', email)
    .where('ip', '=', ip)
    .where('succeeded', '=', true)
    .where('attempted_at', '>', since)
    .orderBy('attempted_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const rows = await db
    .selectFrom('sign_in_attempts')
    .select('attempted_at')
    .where('email', '=', email)
    .where('ip', '=', ip)
    .where('succeeded', '=', false)
    .where('refused', '=', false)
    .where('attempted_at', '>', lastSuccess?.attempted_at ?? since)
    .orderBy('attempted_at', 'desc')
    .limit(EMAIL_FAILURE_LIMIT)
    .execute();
  return rows.map((r) => r.attempted_at);
}

/** The account's newest failures from every address inside the window (refused ones not counted). */
export async function accountFailures(db: Kysely<Database>, email: string, now = new Date()): Promise<Date[]> {
  const rows = await db
    .selectFrom('sign_in_attempts')
    .select('attempted_at')
    .where('email', '=', email)
    .where('succeeded', '=', false)
    .where('refused', '=', false)
    .where('attempted_at', '>', new Date(now.getTime() - WINDOW_MS))
    .orderBy('attempted_at', 'desc')
    .limit(ACCOUNT_FAILURE_LIMIT)
    .execute();
  return rows.map((r) => r.attempted_at);
}

/** How many addresses the account failed from inside the window (for the alert). */
export async function accountFailureAddresses(db: Kysely<Database>, email: string, now = new Date()): Promise<number> {
  const row = await db
    .selectFrom('sign_in_attempts')
    .select((eb) => eb.fn.count<number>('ip').distinct().as('n'))
    .where('email', '=', email)
    .where('succeeded', '=', false)
    .where('attempted_at', '>', new Date(now.getTime() - WINDOW_MS))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Whether the address signed in to the account within FAMILIAR_DAYS. */
export async function isFamiliarAddress(db: Kysely<Database>, email: string, ip: string, now = new Date()): Promise<boolean> {
  const row = await db
    .selectFrom('sign_in_attempts')
    .select('id')
    .where('email', '=', email)
    .where('ip', '=', ip)
    .where('succeeded', '=', true)
    .where('attempted_at', '>', new Date(now.getTime() - FAMILIAR_DAYS * DAY_MS))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** The newest attempts from an address inside the window, newest first. */
export async function recentAttemptsFromIp(db: Kysely<Database>, ip: string, now = new Date()): Promise<Date[]> {
  const rows = await db
    .selectFrom('sign_in_attempts')
    .select('attempted_at')
    .where('ip', '=', ip)
    .where('attempted_at', '>', new Date(now.getTime() - WINDOW_MS))
    .orderBy('attempted_at', 'desc')
    .limit(IP_ATTEMPT_LIMIT)
    .execute();
  return rows.map((r) => r.attempted_at);
}

/**
 * Failures older than a day decide nothing any more; successes are kept FAMILIAR_DAYS, since they
 * tell which addresses an account knows. Returns the rows deleted (housekeeping).
 */
export async function pruneSignInAttempts(db: Kysely<Database>, now = new Date()): Promise<number> {
  const r = await db
    .deleteFrom('sign_in_attempts')
    .where((eb) =>
      eb.or([
        eb.and([eb('succeeded', '=', false), eb('attempted_at', '<', new Date(now.getTime() - DAY_MS))]),
        eb('attempted_at', '<', new Date(now.getTime() - FAMILIAR_DAYS * DAY_MS)),
      ]),
    )
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
