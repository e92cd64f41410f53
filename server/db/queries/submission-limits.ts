// Per-address, per-minute submission counters: one upsert per public submission, and the window is
// the sum of the last minutes' rows (see server/domain/submission-limit.ts for the rule).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { MinuteCount } from '../../domain/submission-limit.ts';
import { executePrepared } from '../prepared.ts';

type Db = Kysely<Database>;

/** The counts of an address since `since` (a minute boundary). */
export async function submissionCounts(db: Db, addressHash: string, since: Date): Promise<MinuteCount[]> {
  const query = db
    .selectFrom('submission_counters')
    .select(['minute', 'hits'])
    .where('address_hash', '=', addressHash)
    .where('minute', '>=', since);
  const { rows } = await executePrepared(db, query);
  return rows.map((r) => ({ minute: new Date(r.minute), hits: Number(r.hits) }));
}

/** Counts one submission of an address in its minute. */
export async function countSubmission(db: Db, addressHash: string, minute: Date): Promise<void> {
  const upsert = db
    .insertInto('submission_counters')
    .values({ address_hash: addressHash, minute, hits: 1 })
    .onConflict((oc) => oc.columns(['address_hash', 'minute']).doUpdateSet({ hits: sql`submission_counters.hits + 1` }));
  await executePrepared(db, upsert);
}

/** Drops minutes that no window will read again. */
export async function pruneSubmissionCounters(db: Db, before: Date): Promise<number> {
  const r = await db.deleteFrom('submission_counters').where('minute', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}
