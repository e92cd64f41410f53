// Service points: the places where citizens are served (a counter, a one-stop unit). Each belongs to
// one agency and carries that agency's province key.
import type { Kysely, Transaction } from 'kysely';
import type { Database, ServicePoint } from '../schema.ts';
import { escapeLike } from './agencies.ts';
import { forgetLookups } from '../lookup-cache.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface ServicePointInput {
  code: string;
  agencyId: number;
  nameVi: string;
  nameEn: string | null;
  active?: boolean;
}

/** Inserts a service point; its province is its agency's (the agency must exist). */
export async function insertServicePoint(db: Db, sp: ServicePointInput): Promise<ServicePoint> {
  const agency = await db.selectFrom('agencies').select(['id', 'province_id']).where('id', '=', sp.agencyId).executeTakeFirstOrThrow();
  const row = await db
    .insertInto('service_points')
    .values({
      code: sp.code,
      agency_id: agency.id,
      province_id: agency.province_id ?? agency.id,
      name_vi: sp.nameVi,
      name_en: sp.nameEn,
      active: sp.active ?? true,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  // A new point joins the place lists of the campaigns over its agency at once.
  forgetLookups();
  return row;
}

export async function findServicePointByCode(db: Db, code: string): Promise<ServicePoint | undefined> {
  return db.selectFrom('service_points').selectAll().where('code', '=', code).executeTakeFirst();
}

/** The service points of every agency in a subtree (path prefix of the agency tree). */
export async function listServicePointsInSubtree(db: Db, rootPath: string): Promise<ServicePoint[]> {
  return db
    .selectFrom('service_points')
    .innerJoin('agencies', 'agencies.id', 'service_points.agency_id')
    .selectAll('service_points')
    .where('agencies.path', 'like', `${escapeLike(rootPath)}%`)
    .orderBy('service_points.code')
    .execute();
}
