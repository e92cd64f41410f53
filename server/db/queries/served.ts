// People served per service point and day or month (migrations/0012_served.sql): resolving the
// codes a file or a request names, writing counts so that the same period sent again replaces its
// count, and reading a period's rows for the response rate (server/results/served.ts).
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface ServedPoint {
  id: number;
  code: string;
  provinceId: number;
  agencyId: number;
  agencyPath: string;
}

/** The service points with these codes, with their agency's path (for the scope check). */
export async function servicePointsByCode(db: Db, codes: string[]): Promise<ServedPoint[]> {
  if (codes.length === 0) return [];
  const rows = await db
    .selectFrom('service_points as s')
    .innerJoin('agencies as a', 'a.id', 's.agency_id')
    .select(['s.id', 's.code', 's.province_id', 's.agency_id', 'a.path'])
    .where(sql<boolean>`s.code = any(${codes}::text[])`)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    code: r.code,
    provinceId: Number(r.province_id),
    agencyId: Number(r.agency_id),
    agencyPath: r.path,
  }));
}

export interface ServedWrite {
  servicePointId: number;
  provinceId: number;
  kind: 'day' | 'month';
  start: string;
  served: number;
}

export interface ServedChange {
  servicePointId: number;
  kind: 'day' | 'month';
  start: string;
  before: number | null;
  after: number;
}

/**
 * Writes the counts in the caller's transaction, replacing any count of the same point, kind and
 * period; returns what each row was before (null: new), for the audit entry and the answer.
 */
export async function writeServed(
  trx: Transaction<Database>,
  rows: ServedWrite[],
  who: { source: 'csv' | 'api'; userId: number | null; tokenId: number | null },
): Promise<ServedChange[]> {
  if (rows.length === 0) return [];
  const changes: ServedChange[] = [];
  // In slices: a year of days for a few hundred points is a long file, and bind parameters are limited.
  for (let i = 0; i < rows.length; i += 1000) {
    const slice = rows.slice(i, i + 1000);
    const ids = slice.map((r) => r.servicePointId);
    const kinds = slice.map((r) => r.kind);
    const starts = slice.map((r) => r.start);
    const before = await sql<{ service_point_id: number | string; period_kind: 'day' | 'month'; period_start: string; served: number }>`
      select c.service_point_id, c.period_kind, to_char(c.period_start, 'YYYY-MM-DD') as period_start, c.served
      from served_counts c
      join unnest(${ids}::bigint[], ${kinds}::text[], ${starts}::date[]) as k(id, kind, start)
        on c.service_point_id = k.id and c.period_kind = k.kind and c.period_start = k.start
      for update of c`.execute(trx);
    const old = new Map(before.rows.map((r) => [`${r.service_point_id}|${r.period_kind}|${r.period_start}`, Number(r.served)]));
    await trx
      .insertInto('served_counts')
      .values(
        slice.map((r) => ({
          service_point_id: r.servicePointId,
          province_id: r.provinceId,
          period_kind: r.kind,
          period_start: r.start,
          served: r.served,
          source: who.source,
          updated_by: who.userId,
          api_token_id: who.tokenId,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['service_point_id', 'period_kind', 'period_start']).doUpdateSet((eb) => ({
          served: eb.ref('excluded.served'),
          source: eb.ref('excluded.source'),
          updated_by: eb.ref('excluded.updated_by'),
          api_token_id: eb.ref('excluded.api_token_id'),
          updated_at: sql`now()`,
        })),
      )
      .execute();
    for (const r of slice)
      changes.push({
        servicePointId: r.servicePointId,
        kind: r.kind,
        start: r.start,
        before: old.get(`${r.servicePointId}|${r.kind}|${r.start}`) ?? null,
        after: r.served,
      });
  }
  return changes;
}

export interface StoredServed {
  servicePointId: number;
  agencyPath: string;
  kind: 'day' | 'month';
  start: string;
  served: number;
}

/**
 * The rows of the service points under any of these agency paths that touch [from, to]: the day
 * rows inside it and the month rows of the months it touches.
 */
export async function servedRowsUnder(db: Db, paths: string[], from: string, to: string): Promise<StoredServed[]> {
  if (paths.length === 0) return [];
  const r = await sql<{
    service_point_id: number | string;
    path: string;
    period_kind: 'day' | 'month';
    period_start: string;
    served: number;
  }>`
    select c.service_point_id, a.path, c.period_kind, to_char(c.period_start, 'YYYY-MM-DD') as period_start, c.served
    from served_counts c
    join service_points s on s.id = c.service_point_id
    join agencies a on a.id = s.agency_id
    where c.period_start between date_trunc('month', ${from}::date)::date and ${to}::date
      and (c.period_kind = 'month' or c.period_start >= ${from}::date)
      and exists (select 1 from unnest(${paths}::text[]) as p(path) where starts_with(a.path, p.path))`.execute(db);
  return r.rows.map((x) => ({
    servicePointId: Number(x.service_point_id),
    agencyPath: x.path,
    kind: x.period_kind,
    start: x.period_start,
    served: Number(x.served),
  }));
}
