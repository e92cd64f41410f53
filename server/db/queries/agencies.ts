// The organisation tree. Each agency carries its materialised path of ids ('/1/7/42/'), so a
// subtree is one indexed prefix match and "is X inside Y" is a string prefix test.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Agency, AgencyKind, Database } from '../schema.ts';
import { forgetLookups } from '../lookup-cache.ts';

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
  const parent =
    a.parentId === null ? null : await db.selectFrom('agencies').selectAll().where('id', '=', a.parentId).executeTakeFirstOrThrow();
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

/** Every agency, in path order (parents before their children). */
export async function listAgencies(db: Db): Promise<Agency[]> {
  return db.selectFrom('agencies').selectAll().orderBy('path').execute();
}

/** Ids of the agency at rootPath and everything below it: for `agency_id = any(...)` filters. */
export async function subtreeIds(db: Db, rootPath: string): Promise<number[]> {
  const rows = await db
    .selectFrom('agencies')
    .select('id')
    .where('path', 'like', `${escapeLike(rootPath)}%`)
    .execute();
  return rows.map((r) => r.id);
}

/** The ids named in a materialised path, root first. */
export function pathIds(path: string): number[] {
  return path
    .split('/')
    .filter((s) => s !== '')
    .map(Number);
}

/** The agencies above this one, root first (the agency itself excluded). */
export async function ancestors(db: Db, agency: Pick<Agency, 'id' | 'path'>): Promise<Agency[]> {
  const ids = pathIds(agency.path).filter((id) => id !== agency.id);
  if (ids.length === 0) return [];
  return db.selectFrom('agencies').selectAll().where('id', 'in', ids).orderBy('depth').execute();
}

/** Whether the agency with this code lies in the subtree at scopePath (false when no such code). */
export async function isInSubtree(db: Db, agencyCode: string, scopePath: string): Promise<boolean> {
  return (await findAgencyInScope(db, agencyCode, scopePath)) !== undefined;
}

/**
 * The agencies that took over from this one, nearest first (A → successor of A → its successor …),
 * for showing the results of merged units under the unit that exists today. Stops at a loop.
 */
export async function successorChain(db: Db, agencyId: number): Promise<Agency[]> {
  const r = await sql<{ id: number }>`
    with recursive chain(id, successor_id, n, seen) as (
      select id, successor_id, 0, array[id] from agencies where id = ${agencyId}
      union all
      select a.id, a.successor_id, c.n + 1, c.seen || a.id
      from chain c join agencies a on a.id = c.successor_id
      where not a.id = any(c.seen)
    )
    select id from chain where n > 0 order by n`.execute(db);
  if (r.rows.length === 0) return [];
  const byId = new Map(
    (
      await db
        .selectFrom('agencies')
        .selectAll()
        .where(
          'id',
          'in',
          r.rows.map((x) => x.id),
        )
        .execute()
    ).map((a) => [a.id, a]),
  );
  return r.rows.map((x) => byId.get(x.id)!);
}

/**
 * The agencies with these codes plus all their ancestors, each with its parent's code: what the
 * import planner needs to check references and cycles without loading the whole tree.
 */
export async function agencyRefs(
  db: Db,
  codes: readonly string[],
): Promise<{ id: number; code: string; parentCode: string | null; path: string }[]> {
  if (codes.length === 0) return [];
  const named = await sql<{ id: number; code: string; parent_code: string | null; path: string }>`
    select a.id, a.code, p.code as parent_code, a.path
    from agencies a left join agencies p on p.id = a.parent_id
    where a.code = any(${[...codes]}::text[])`.execute(db);
  const have = new Set(named.rows.map((r) => r.id));
  const above = [...new Set(named.rows.flatMap((r) => pathIds(r.path)))].filter((id) => !have.has(id));
  const up =
    above.length === 0
      ? []
      : (
          await sql<{ id: number; code: string; parent_code: string | null; path: string }>`
            select a.id, a.code, p.code as parent_code, a.path
            from agencies a left join agencies p on p.id = a.parent_id
            where a.id = any(${above}::bigint[])`.execute(db)
        ).rows;
  return [...named.rows, ...up].map((r) => ({ id: r.id, code: r.code, parentCode: r.parent_code, path: r.path }));
}

export interface AgencyDetails {
  nameVi: string;
  nameEn: string | null;
  kind: AgencyKind;
  validFrom: string | null;
  validTo: string | null;
}

/** Sets names, kind and validity; returns whether anything changed. */
export async function updateAgencyDetails(db: Db, id: number, d: AgencyDetails): Promise<boolean> {
  const r = await db
    .updateTable('agencies')
    .set({ name_vi: d.nameVi, name_en: d.nameEn, kind: d.kind, valid_from: d.validFrom, valid_to: d.validTo, updated_at: sql`now()` })
    .where('id', '=', id)
    .where((eb) =>
      eb.or([
        eb('name_vi', '<>', d.nameVi),
        sql<boolean>`name_en is distinct from ${d.nameEn}`,
        eb('kind', '<>', d.kind),
        sql<boolean>`valid_from is distinct from ${d.validFrom}::date`,
        sql<boolean>`valid_to is distinct from ${d.validTo}::date`,
      ]),
    )
    .returning('id')
    .executeTakeFirst();
  forgetLookups();
  // returning, not numUpdatedRows: the PGlite dialect does not report affected rows.
  return r !== undefined;
}

/** Sets (or clears) the successor link; returns whether it changed. */
export async function setAgencySuccessor(db: Db, id: number, successorId: number | null): Promise<boolean> {
  const r = await db
    .updateTable('agencies')
    .set({ successor_id: successorId, updated_at: sql`now()` })
    .where('id', '=', id)
    .where(sql<boolean>`successor_id is distinct from ${successorId}::bigint`)
    .returning('id')
    .executeTakeFirst();
  forgetLookups();
  // returning, not numUpdatedRows: the PGlite dialect does not report affected rows.
  return r !== undefined;
}

/**
 * Moves an agency with its whole subtree under a new parent (null: it becomes a root): path, depth
 * and province of every descendant are rewritten in one statement. When the province changes, the
 * province key of the rows that carry it (service points, responses, comments and their follow-up,
 * plans) follows, so that a sharded database keeps each row with its agency. Returns whether the
 * parent changed.
 */
export async function moveAgency(db: Db, id: number, newParentId: number | null): Promise<boolean> {
  const a = await db.selectFrom('agencies').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  if (a.parent_id === newParentId) return false;
  const p =
    newParentId === null ? null : await db.selectFrom('agencies').selectAll().where('id', '=', newParentId).executeTakeFirstOrThrow();
  if (p && p.path.startsWith(a.path)) throw new Error(`agency ${a.code} cannot move under its own subtree (${p.code})`);
  const newPath = `${p ? p.path : '/'}${a.id}/`;
  const newDepth = p ? p.depth + 1 : 0;
  const province = p ? (p.province_id ?? p.id) : a.id;
  const under = `${escapeLike(a.path)}%`;
  await sql`
    update agencies set
      path = ${newPath} || substr(path, ${a.path.length + 1}::int),
      depth = depth + ${newDepth - a.depth}::int,
      province_id = ${province}::bigint,
      parent_id = case when id = ${a.id}::bigint then ${newParentId}::bigint else parent_id end,
      updated_at = now()
    where path like ${under}`.execute(db);
  forgetLookups();
  if (a.province_id !== province) {
    const moved = sql`(select id from agencies where path like ${`${escapeLike(newPath)}%`})`;
    await sql`update service_points set province_id = ${province}::bigint where agency_id in ${moved}`.execute(db);
    await sql`update responses set province_id = ${province}::bigint where agency_id in ${moved}`.execute(db);
    await sql`
      update response_comments c set province_id = ${province}::bigint
      from responses r where r.id = c.response_id and r.agency_id in ${moved}`.execute(db);
    await sql`
      update comment_contacts k set province_id = ${province}::bigint
      from responses r where r.id = k.response_id and r.agency_id in ${moved}`.execute(db);
    await sql`
      update response_reviews x set province_id = ${province}::bigint
      from responses r where r.id = x.response_id and r.agency_id in ${moved}`.execute(db);
    await sql`update improvement_plans set province_id = ${province}::bigint where agency_id in ${moved}`.execute(db);
  }
  return true;
}

/** The agencies directly under this one, by name. */
export async function listChildren(db: Db, parentId: number): Promise<Agency[]> {
  return db.selectFrom('agencies').selectAll().where('parent_id', '=', parentId).orderBy('name_vi').orderBy('code').execute();
}

/**
 * Every unit that ended in a reorganisation, with the path of each agency its successor chain
 * reaches: a unit belongs "inside" X when any of those paths lies in X's subtree.
 */
export async function successorLinks(db: Db): Promise<{ id: number; path: string; reachedPaths: string[] }[]> {
  const r = await sql<{ id: number; path: string; reached: string[] }>`
    with recursive chain(start_id, id, seen) as (
      select a.id, a.successor_id, array[a.id] from agencies a where a.successor_id is not null
      union all
      select c.start_id, a.successor_id, c.seen || a.id
      from chain c join agencies a on a.id = c.id
      where a.successor_id is not null and not a.id = any(c.seen)
    )
    select s.id, s.path, array_agg(t.path) as reached
    from chain c join agencies s on s.id = c.start_id join agencies t on t.id = c.id
    group by s.id, s.path`.execute(db);
  return r.rows.map((x) => ({ id: Number(x.id), path: x.path, reachedPaths: x.reached }));
}
