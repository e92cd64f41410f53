// The link between a kiosk rating and the device (and officer) that took it, and what the minimum
// interval between counted ratings reads.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * The counted rating of a kiosk nearest to `at` inside the open window (from, to), other than the
 * rating itself (a resend must not collide with its own first delivery).
 */
export async function nearestCountedRating(
  db: Db,
  kioskId: number,
  at: Date,
  window: { from: Date; to: Date },
  exceptId: string,
): Promise<Date | null> {
  const r = await db
    .selectFrom('kiosk_ratings')
    .select('submitted_at')
    .where('kiosk_id', '=', kioskId)
    .where('counted', '=', true)
    .where('submitted_at', '>', window.from)
    .where('submitted_at', '<', window.to)
    .where('response_id', '<>', exceptId)
    .orderBy(sql`abs(extract(epoch from (submitted_at - ${at}::timestamptz)))`)
    .limit(1)
    .executeTakeFirst();
  return r ? r.submitted_at : null;
}

/** Advisory lock class of a kiosk's ratings (with the kiosk id as the second key). */
const KIOSK_RATINGS_LOCK = 110_001;

/**
 * Serialises the ratings of one kiosk across every app instance until the transaction ends: the
 * minimum-interval decision reads the kiosk's counted ratings and writes one, and two instances
 * deciding at once would both see the other as absent.
 */
export async function lockKioskRatings(trx: Transaction<Database>, kioskId: number): Promise<void> {
  await sql`select pg_advisory_xact_lock(${KIOSK_RATINGS_LOCK}::int, ${kioskId}::int)`.execute(trx);
}

export interface RatingLink {
  responseId: string;
  kioskId: number;
  provinceId: number;
  submittedAt: Date;
  counted: boolean;
  officerName: string | null;
}

/** Links a stored rating to its kiosk; a second call for the same response changes nothing. */
export async function linkRating(db: Db, l: RatingLink): Promise<void> {
  await db
    .insertInto('kiosk_ratings')
    .values({
      response_id: l.responseId,
      kiosk_id: l.kioskId,
      province_id: l.provinceId,
      submitted_at: l.submittedAt,
      counted: l.counted,
      officer_name: l.officerName,
    })
    .onConflict((oc) => oc.column('response_id').doNothing())
    .execute();
}
