// Housekeeping: the rows that only age — expired staff sessions, the answers of expired survey
// drafts (the row stays for the drop-off figures), citizens' contacts past the policy's time,
// sign-in attempts past their use, per-minute submission counters past every window. One transaction under
// a try-lock, so that of several app instances only one sweeps at a time and the others skip.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { deleteExpiredContacts } from './comment-contacts.ts';
import { wipeExpiredDrafts } from './drafts.ts';
import { deleteExpiredSessions } from './sessions.ts';
import { pruneSignInAttempts } from './sign-in-attempts.ts';
import { pruneSubmissionCounters } from './submission-limits.ts';

const HOUSEKEEPING_LOCK = 110_002;
/** Submission counters are read over a 10-minute window; a day is plenty. */
const COUNTERS_KEPT_MS = 24 * 3600 * 1000;

export interface HousekeepingCounts {
  sessions: number;
  drafts: number;
  contacts: number;
  signInAttempts: number;
  submissionCounters: number;
}

/** Sweeps once; null when another instance is sweeping right now. */
export async function runHousekeeping(db: Kysely<Database>, now = new Date()): Promise<HousekeepingCounts | null> {
  return db.transaction().execute(async (trx) => {
    const got = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(${HOUSEKEEPING_LOCK}::bigint) as ok`.execute(trx);
    if (!got.rows[0]?.ok) return null;
    return {
      sessions: await deleteExpiredSessions(trx, now),
      drafts: await wipeExpiredDrafts(trx, now),
      contacts: await deleteExpiredContacts(trx, now),
      signInAttempts: await pruneSignInAttempts(trx, now),
      submissionCounters: await pruneSubmissionCounters(trx, new Date(now.getTime() - COUNTERS_KEPT_MS)),
    };
  });
}
