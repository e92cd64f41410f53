// The organisation tree. Each agency carries its materialised path of ids ('/1/7/42/'), so a
// subtree is one indexed prefix match and "is X inside Y" is a string prefix test.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Agency, AgencyKind, Database } from '../schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface AgencyInput {
  code: string;
  parentId: number | null;
  nameVi: string;
  nameEn: string | null;
  kind: AgencyKind;
  validFrom: string | null;
  validTo: string | null;
  successorId?: number | null;
}

/** Inserts an agency under its parent (which must exist) and fills in path, depth and province. */
export async function insertAgency(db: Db, a: AgencyInput): Promise<Agency> {
  const parent = a.parentId === null ? null : await db.selectFrom('agencies').selectAll().where('id', '=', a.parentId).executeTakeFirstOrThrow();
  const inserted = await db
    .insertInto('agencies')
    .values({
      code: a.code,
      parent_id: a.parentId,
      // A placeholder unique per row until the id is known.
      path: `pending:${a.code}`,
      depth: parent ? parent.depth + 1 : 0,
      province_id: parent ? (parent.province_id ?? parent.id) : null,
      name_vi: a.nameVi,
      name_en: a.nameEn,
      kind: a.kind,
      valid_from: a.validFrom,
      valid_to: a.validTo,
      successor_id: a.successorId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const path = `${parent ? parent.path : '/'}${inserted.id}/`;
  return db
    .updateTable('agencies')
    .set({ path, province_id: parent ? (parent.province_id ?? parent.id) : inserted.id })
    .where('id', '=', inserted.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findAgencyByCode(db: Db, code: string): Promise<Agency | undefined> {
  return db.selectFrom('agencies').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function findAgencyById(db: Db, id: number): Promise<Agency | undefined> {
  return db.selectFrom('agencies').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The agency and everything below it, in tree order. */
export async function listSubtree(db: Db, rootPath: string): Promise<Agency[]> {
  return db
    .selectFrom('agencies')
    .selectAll()
    .where('path', 'like', `${escapeLike(rootPath)}%`)
    .orderBy('path')
    .execute();
}

/** An agency by code, but only if it lies in the given subtree: the scope check in one query. */
export async function findAgencyInScope(db: Db, code: string, scopePath: string): Promise<Agency | undefined> {
  return db
    .selectFrom('agencies')
    .selectAll()
    .where('code', '=', code)
    .where('path', 'like', `${escapeLike(scopePath)}%`)
    .executeTakeFirst();
}

export async function countAgencies(db: Db): Promise<number> {
  const r = await sql<{ n: number }>`select count(*) as n from agencies`.execute(db);
  return r.rows[0]?.n ?? 0;
}

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
