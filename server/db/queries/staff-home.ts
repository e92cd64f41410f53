// Counts for the staff home that no other area already answers: kiosks gone quiet in the subtree.
// (Comments, plans and flags come from their own areas, tokens expiring from api-tokens.ts.)
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema.ts';
import { escapeLike } from './agencies.ts';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Paired, unrevoked kiosks in the subtree that have not sent a heartbeat for `minutes` minutes (or
 * never did since pairing). A kiosk sends one every few minutes while it is switched on, so this
 * counts the screens that are off, unplugged or offline during the working day.
 */
export async function countKiosksOffline(db: Db, scopePath: string, minutes: number): Promise<number> {
  const row = await db
    .selectFrom('kiosks as k')
    .innerJoin('service_points as sp', 'sp.id', 'k.service_point_id')
    .innerJoin('agencies as a', 'a.id', 'sp.agency_id')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('a.path', 'like', `${escapeLike(scopePath)}%`)
    .where('k.paired_at', 'is not', null)
    .where('k.revoked_at', 'is', null)
    .where((eb) =>
      eb.or([eb('k.last_seen_at', 'is', null), eb('k.last_seen_at', '<', sql<Date>`now() - make_interval(mins => ${minutes})`)]),
    )
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
