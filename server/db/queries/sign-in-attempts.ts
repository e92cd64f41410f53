// Sign-in attempts: the lockout per email and the rate limit per address both read this table.
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { EMAIL_FAILURE_LIMIT, IP_ATTEMPT_LIMIT, WINDOW_MS } from '../../domain/sign-in-limits.ts';

export async function recordSignInAttempt(
  db: Kysely<Database>,
  a: { email: string; ip: string; succeeded: boolean; at?: Date },
): Promise<void> {
  await db
    .insertInto('sign_in_attempts')
    .values({ email: a.email, ip: a.ip, succeeded: a.succeeded, attempted_at: a.at ?? new Date() })
    .execute();
}

/**
 * The newest failures for an email inside the window, newest first, counting only those after the
 * email's last success: signing in successfully clears the slate.
 */
export async function recentFailures(db: Kysely<Database>, email: string, now = new Date()): Promise<Date[]> {
  const since = new Date(now.getTime() - WINDOW_MS);
  const lastSuccess = await db
    .selectFrom('sign_in_attempts')
    .select('attempted_at')
    .where('email', '=', email)
    .where('succeeded', '=', true)
    .where('attempted_at', '>', since)
    .orderBy('attempted_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const rows = await db
    .selectFrom('sign_in_attempts')
    .select('attempted_at')
    .where('email', '=', email)
    .where('succeeded', '=', false)
    .where('attempted_at', '>', lastSuccess?.attempted_at ?? since)
    .orderBy('attempted_at', 'desc')
    .limit(EMAIL_FAILURE_LIMIT)
    .execute();
  return rows.map((r) => r.attempted_at);
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

/** Attempts older than a day decide nothing any more. */
export async function pruneSignInAttempts(db: Kysely<Database>, now = new Date()): Promise<void> {
  await db
    .deleteFrom('sign_in_attempts')
    .where('attempted_at', '<', new Date(now.getTime() - 24 * 3600 * 1000))
    .execute();
}
