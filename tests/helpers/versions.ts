// Questionnaire versions published long ago, for tests that send responses dated months back: a
// response more than a day older than its version is refused (issue 11), and the built-in versions
// of a fresh test database were published a moment ago. Versions are immutable in the database
// (decisions.md §2), so the fixture lifts the trigger for its one update, in a transaction.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../server/db/schema.ts';
import { forgetLookups } from '../../server/db/lookup-cache.ts';

export const LONG_AGO = new Date('2019-01-01T00:00:00Z');

/** Moves the publication of every version (or of one) back to `at`. */
export async function backdateVersions(db: Kysely<Database>, at: Date = LONG_AGO, versionId?: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`alter table questionnaire_versions disable trigger questionnaire_versions_no_update`.execute(trx);
    let q = trx.updateTable('questionnaire_versions').set({ published_at: at });
    if (versionId !== undefined) q = q.where('id', '=', versionId);
    await q.execute();
    await sql`alter table questionnaire_versions enable trigger questionnaire_versions_no_update`.execute(trx);
  });
  forgetLookups();
}
