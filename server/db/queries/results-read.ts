// Reading the rollups (migrations/0007_rollups.sql) for every result: the rows of a selection, per
// bucket and optionally per breakdown key, for the service to sum (server/results/service.ts).
// Whole months come from the subtree month rows when at most one dimension narrows or splits the
// selection (one row per agency, month and version); the ragged ends of a period, and selections
// that combine dimensions, come from the day rows of the subtree. Never from raw responses, except
// the latest comments, read a page at a time by the index on (agency, time). Writers are in
// results-write.ts.
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Channel, Database } from '../schema.ts';
import { splitByMonths } from '../../domain/period.ts';
import { storedCounts } from '../../domain/rollup-codec.ts';
import type { Cut } from '../../domain/rollup-rows.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** Dimensions a selection may narrow. Undefined: any. */
export interface CountFilter {
  versionIds: number[];
  from: string;
  to: string;
  campaignId?: number | undefined;
  channel?: Channel | undefined;
  field?: string | undefined;
  servicePointId?: number | undefined;
  /** The respondent type (B.TYPE: 'individual', 'organisation'). */
  respondentType?: string | undefined;
}

/**
 * Buckets: each is an agency id standing for the pooled responses of some agencies' subtrees
 * (`roots`: the agencies whose subtrees pool into it; none nested in another, so that nothing
 * counts twice). The caller decides what a bucket is: one agency, each child of a node, an agency
 * with its predecessors.
 */
export interface Bucket {
  id: number;
  roots: { id: number; path: string }[];
}

/** What a breakdown splits by: a dimension, or the calendar month. */
export type BreakdownDimension = 'channel' | 'service_point_id' | 'field' | 'respondent_type' | 'month';

/** Rollup rows of one bucket, breakdown key and version, to be summed by the caller. */
export interface RollupRow {
  bucket: number;
  /** The breakdown's key (a channel, a service point id, a field, a respondent type, 'YYYY-MM'); null: none recorded or no breakdown. */
  key: string | null;
  versionId: number;
  responses: number;
  histogram: number[];
  extra: Record<string, number> | null;
  moments: number[];
  /** With `heat`: responses per (ISO weekday − 1) × 24 + hour, Viet Nam time. */
  weekHours?: number[];
}

const CUT_OF: Record<Exclude<BreakdownDimension, 'month'>, Cut> = {
  channel: 'channel',
  service_point_id: 'service_point',
  field: 'field',
  respondent_type: 'type',
};

function filterCuts(f: CountFilter): [Cut, string][] {
  const out: [Cut, string][] = [];
  if (f.campaignId !== undefined) out.push(['campaign', String(f.campaignId)]);
  if (f.channel !== undefined) out.push(['channel', f.channel]);
  if (f.servicePointId !== undefined) out.push(['service_point', String(f.servicePointId)]);
  if (f.field !== undefined) out.push(['field', f.field]);
  if (f.respondentType !== undefined) out.push(['type', f.respondentType]);
  return out;
}

function bucketValues(buckets: Bucket[]): RawBuilder<unknown> {
  const rows = buckets.flatMap((b) => b.roots.map((r) => sql`(${b.id}::bigint, ${r.id}::bigint, ${r.path}::text)`));
  return sql`(values ${sql.join(rows)}) as b(bucket, root_id, root_path)`;
}

function dayWhere(f: CountFilter, from: string, to: string): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [
    sql`d.questionnaire_version_id = any(${f.versionIds}::bigint[])`,
    sql`d.day between ${from}::date and ${to}::date`,
  ];
  if (f.campaignId !== undefined) parts.push(sql`d.campaign_id = ${f.campaignId}::bigint`);
  if (f.channel !== undefined) parts.push(sql`d.channel = ${f.channel}`);
  if (f.field !== undefined) parts.push(sql`d.field = ${f.field}`);
  if (f.servicePointId !== undefined) parts.push(sql`d.service_point_id = ${f.servicePointId}::bigint`);
  if (f.respondentType !== undefined) parts.push(sql`d.respondent_type = ${f.respondentType}`);
  return sql.join(parts, sql` and `);
}

interface Fetched {
  bucket: number | string;
  key: string | null;
  version: number | string;
  responses: number | string;
  histogram: Uint8Array | string;
  extra: Record<string, number> | null;
  moments: Uint8Array | string;
  week_hours?: Uint8Array | string | null;
  hours?: Uint8Array | string;
  weekday?: number | string;
}

function toRow(r: Fetched, heat: boolean): RollupRow {
  const row: RollupRow = {
    bucket: Number(r.bucket),
    key: r.key === null ? null : String(r.key),
    versionId: Number(r.version),
    responses: Number(r.responses),
    histogram: storedCounts(r.histogram),
    extra: r.extra,
    moments: storedCounts(r.moments),
  };
  if (heat) {
    if (r.week_hours) row.weekHours = storedCounts(r.week_hours);
    else {
      const week = new Array<number>(168).fill(0);
      const at = (Number(r.weekday) - 1) * 24;
      storedCounts(r.hours!).forEach((n, h) => (week[at + h] = n));
      row.weekHours = week;
    }
  }
  return row;
}

/**
 * The rollup rows of a selection for each bucket, split by `by` when given; with `heat`, each row
 * also carries its weekday × hour counts. Rows of the same bucket and key add up to the selection.
 */
export async function loadRollups(
  db: Db,
  buckets: Bucket[],
  f: CountFilter,
  opts: { by?: BreakdownDimension | undefined; heat?: boolean } = {},
): Promise<RollupRow[]> {
  if (buckets.length === 0 || f.versionIds.length === 0) return [];
  const heat = opts.heat === true;
  const filters = filterCuts(f);
  const by = opts.by;
  const cuts = new Set<Cut>(filters.map(([c]) => c));
  if (by && by !== 'month') cuts.add(CUT_OF[by]);
  const cut: Cut = [...cuts][0] ?? 'all';
  // Month rows hold one dimension at a time, and the heat map in the whole slice only: two
  // dimensions together, or a narrowed heat map, need the day rows.
  const monthly = cuts.size <= 1 && (!heat || cut === 'all');
  const split = monthly ? splitByMonths(f.from, f.to) : { months: null, edges: [[f.from, f.to] as [string, string]] };
  const queries: RawBuilder<Fetched>[] = [];
  if (split.months) {
    const filterKey = filters.find(([c]) => c === cut)?.[1];
    // Service-point rows stay with the unit that owns them (decision 76): pooled over the subtree
    // by the agencies' paths, an index range scan; the other cuts are pooled rows of the root.
    const rows =
      cut === 'service_point'
        ? sql`join agencies a on a.path like b.root_path || '%' join rollup_months m on m.agency_id = a.id`
        : sql`join rollup_months m on m.agency_id = b.root_id`;
    const key = by === 'month' ? sql`to_char(m.month, 'YYYY-MM')` : by ? sql`m.key` : sql`null::text`;
    queries.push(sql<Fetched>`
      select b.bucket, ${key} as key, m.questionnaire_version_id as version, m.responses, m.histogram, m.extra,
             m.moments ${heat ? sql`, m.week_hours` : sql``}
      from ${bucketValues(buckets)}
      ${rows}
      where m.cut = ${cut} and m.questionnaire_version_id = any(${f.versionIds}::bigint[])
        and m.month between ${split.months[0]}::date and ${split.months[1]}::date
        ${filterKey !== undefined ? sql`and m.key = ${filterKey}` : sql``}
        and m.responses <> 0`);
  }
  for (const [from, to] of split.edges) {
    const key =
      by === 'month'
        ? sql`to_char(d.day, 'YYYY-MM')`
        : by === 'service_point_id'
          ? sql`d.service_point_id::text`
          : by
            ? sql`d.${sql.ref(by)}`
            : sql`null::text`;
    queries.push(sql<Fetched>`
      select b.bucket, ${key} as key, d.questionnaire_version_id as version, d.responses, d.histogram, d.extra,
             d.moments ${heat ? sql`, d.hours, extract(isodow from d.day)::int as weekday` : sql``}
      from ${bucketValues(buckets)}
      join agencies a on a.path like b.root_path || '%'
      join rollup_days d on d.agency_id = a.id
      where ${dayWhere(f, from, to)} and d.responses <> 0`);
  }
  const results = await Promise.all(queries.map((q) => q.execute(db)));
  return results.flatMap((r) => r.rows.map((x) => toRow(x, heat)));
}

export interface CommentRow {
  responseId: string;
  body: string;
  submittedAt: Date;
  status: 'valid' | 'flagged' | 'excluded';
  statusReason: string | null;
  channel: Channel;
  agencyId: number;
}

/**
 * The latest comments of a selection, flagged and excluded ones included (and marked by the
 * caller): citizens' words are worth reading even when their numbers do not count. This reads raw
 * rows, newest first by the index on (agency, submitted_at), a page at a time.
 */
export async function loadLatestComments(db: Db, bucket: Bucket, f: CountFilter, limit: number): Promise<CommentRow[]> {
  if (f.versionIds.length === 0) return [];
  const r = await sql<CommentRow>`
    select r.id as "responseId", c.body, r.submitted_at as "submittedAt", r.status, r.status_reason as "statusReason",
           r.channel, r.agency_id as "agencyId"
    from ${bucketValues([bucket])}
    join agencies a on a.path like b.root_path || '%'
    join responses r on r.agency_id = a.id
    join response_comments c on c.response_id = r.id
    where r.questionnaire_version_id = any(${f.versionIds}::bigint[])
      and r.submitted_at >= (${f.from}::date)::timestamp at time zone 'Asia/Ho_Chi_Minh'
      and r.submitted_at < (${f.to}::date + 1)::timestamp at time zone 'Asia/Ho_Chi_Minh'
      ${f.campaignId !== undefined ? sql`and r.campaign_id = ${f.campaignId}::bigint` : sql``}
      ${f.channel !== undefined ? sql`and r.channel = ${f.channel}` : sql``}
      ${f.field !== undefined ? sql`and r.answers ->> 'B.FIELD' = ${f.field}` : sql``}
      ${f.servicePointId !== undefined ? sql`and r.service_point_id = ${f.servicePointId}::bigint` : sql``}
      ${f.respondentType !== undefined ? sql`and r.answers ->> 'B.TYPE' = ${f.respondentType}` : sql``}
    order by r.submitted_at desc
    limit ${limit}::int`.execute(db);
  return r.rows;
}
