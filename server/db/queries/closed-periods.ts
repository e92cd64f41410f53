// Closed periods (kỳ đã chốt): a year of an agency's subtree whose figures were reported. Closing
// and reopening are administrative acts, each audited with what was before and after; intake asks
// whether a response's agency lies in a closed year (server/intake/intake.ts), and stores such a
// response flagged 'closed-period' rather than letting it move a reported figure.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema.ts';
import { audit } from './audit.ts';
import { forgetLookups } from '../lookup-cache.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface ClosedPeriod {
  agencyId: number;
  agencyCode: string;
  agencyPath: string;
  agencyNameVi: string;
  agencyNameEn: string | null;
  year: number;
  closedAt: Date;
  closedBy: string | null;
}

export interface PeriodActor {
  userId?: number | null;
  /** 'cli' when closed from the command line. */
  label?: string | null;
  ip?: string | null;
}

/** Whether a year is closed for an agency (by its path): closed for it or for one of its ancestors. */
export async function isClosedPeriod(db: Db, agencyPath: string, year: number): Promise<boolean> {
  const row = await db
    .selectFrom('closed_periods as cp')
    .innerJoin('agencies as a', 'a.id', 'cp.agency_id')
    .where('cp.year', '=', year)
    .where(sql<boolean>`starts_with(${agencyPath}, a.path)`)
    .select('cp.year')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** The closed periods of a subtree and of the agencies above it (they close it too), newest first. */
export async function listClosedPeriods(db: Db, scopePath: string): Promise<ClosedPeriod[]> {
  const rows = await db
    .selectFrom('closed_periods as cp')
    .innerJoin('agencies as a', 'a.id', 'cp.agency_id')
    .leftJoin('users as u', 'u.id', 'cp.closed_by')
    .where((eb) => eb.or([eb('a.path', 'like', `${scopePath}%`), sql<boolean>`starts_with(${scopePath}, a.path)`]))
    .select([
      'cp.agency_id as agencyId',
      'a.code as agencyCode',
      'a.path as agencyPath',
      'a.name_vi as agencyNameVi',
      'a.name_en as agencyNameEn',
      'cp.year',
      'cp.closed_at as closedAt',
      sql<string | null>`coalesce(u.email, cp.closed_by_label)`.as('closedBy'),
    ])
    .orderBy('cp.year', 'desc')
    .orderBy('a.path')
    .execute();
  return rows;
}

/** Closes a year for an agency's subtree; false when it was closed already. Audited. */
export async function closePeriod(db: Db, agencyId: number, year: number, actor: PeriodActor): Promise<boolean> {
  const inserted = await db
    .insertInto('closed_periods')
    .values({ agency_id: agencyId, year, closed_by: actor.userId ?? null, closed_by_label: actor.userId ? null : (actor.label ?? null) })
    .onConflict((oc) => oc.columns(['agency_id', 'year']).doNothing())
    .returning('year')
    .executeTakeFirst();
  if (!inserted) return false;
  await audit(db, {
    action: 'period.close',
    actorUserId: actor.userId ?? null,
    actorLabel: actor.userId ? null : (actor.label ?? null),
    agencyId,
    ip: actor.ip ?? null,
    details: { year, before: { closed: false }, after: { closed: true } },
  });
  forgetLookups();
  return true;
}

/** Opens a closed year again; false when it was not closed. Audited. */
export async function reopenPeriod(db: Db, agencyId: number, year: number, actor: PeriodActor): Promise<boolean> {
  const deleted = await db
    .deleteFrom('closed_periods')
    .where('agency_id', '=', agencyId)
    .where('year', '=', year)
    .returning(['closed_at', 'closed_by', 'closed_by_label'])
    .executeTakeFirst();
  if (!deleted) return false;
  await audit(db, {
    action: 'period.reopen',
    actorUserId: actor.userId ?? null,
    actorLabel: actor.userId ? null : (actor.label ?? null),
    agencyId,
    ip: actor.ip ?? null,
    details: {
      year,
      before: { closed: true, closedAt: deleted.closed_at, closedBy: deleted.closed_by ?? deleted.closed_by_label },
      after: { closed: false },
    },
  });
  forgetLookups();
  return true;
}
