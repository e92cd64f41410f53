// The aggregator and the count readers behind every result (migrations/0005_results.sql).
//
// Writing: a trigger queues ±1 deltas of reportable responses; `drainResultQueue` applies a batch
// to the count tables in one statement. Reading: dashboards and the API read counts only, from the
// monthly subtree rollups where the question allows it and from the daily tables otherwise.
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Channel, Database } from '../schema.ts';
import { splitByMonths } from '../../domain/period.ts';

type Db = Kysely<Database> | Transaction<Database>;

// Readers of the agency tree's paths (the rollups) and writers of the rollups take this lock:
// shared to apply deltas, exclusive to move agencies and rebuild, so that no batch is counted under
// ancestors that stopped being its ancestors.
const TREE_LOCK = 5_482_001;

/**
 * The count statement, from a source of deltas with the result_queue's columns. Answers expand to
 * one row per (question, value); a multiple choice counts once under each chosen value.
 */
function applyDeltas(source: RawBuilder<unknown>): RawBuilder<{ applied: number }> {
  return sql<{ applied: number }>`
    with deltas as (${source}),
    answer_rows as (
      select d.sign, d.agency_id, d.province_id, d.day, d.questionnaire_version_id, d.campaign_id, d.channel,
             d.service_point_id, d.field, e.key as question, v.value
      from deltas d
      cross join lateral jsonb_each(d.answers) e
      cross join lateral jsonb_array_elements_text(
        case jsonb_typeof(e.value) when 'array' then e.value else jsonb_build_array(e.value) end) v(value)
      where v.value is not null
    ),
    answer_totals as (
      insert into answer_counts as c (agency_id, province_id, day, questionnaire_version_id, campaign_id, channel,
                                      service_point_id, field, question, value, responses)
      select agency_id, province_id, day, questionnaire_version_id, campaign_id, channel, service_point_id, field,
             question, value, sum(sign)
      from answer_rows
      group by agency_id, province_id, day, questionnaire_version_id, campaign_id, channel, service_point_id, field, question, value
      on conflict on constraint answer_counts_key do update
        set responses = c.responses + excluded.responses, province_id = excluded.province_id
      returning 1
    ),
    response_totals as (
      insert into response_counts as c (agency_id, province_id, day, hour, questionnaire_version_id, campaign_id, channel,
                                        service_point_id, field, responses)
      select agency_id, province_id, day, hour, questionnaire_version_id, campaign_id, channel, service_point_id, field, sum(sign)
      from deltas
      group by agency_id, province_id, day, hour, questionnaire_version_id, campaign_id, channel, service_point_id, field
      on conflict on constraint response_counts_key do update
        set responses = c.responses + excluded.responses, province_id = excluded.province_id
      returning 1
    ),
    month_answers as (
      insert into subtree_month_counts as c (agency_id, month, questionnaire_version_id, question, value, responses)
      select up.id, date_trunc('month', r.day)::date, r.questionnaire_version_id, r.question, r.value, sum(r.sign)
      from answer_rows r
      join agencies a on a.id = r.agency_id
      cross join lateral unnest(string_to_array(trim(both '/' from a.path), '/')::bigint[]) up(id)
      group by up.id, date_trunc('month', r.day)::date, r.questionnaire_version_id, r.question, r.value
      on conflict (agency_id, questionnaire_version_id, month, question, value) do update
        set responses = c.responses + excluded.responses
      returning 1
    ),
    month_responses as (
      insert into subtree_month_responses as c (agency_id, month, questionnaire_version_id, responses)
      select up.id, date_trunc('month', d.day)::date, d.questionnaire_version_id, sum(d.sign)
      from deltas d
      join agencies a on a.id = d.agency_id
      cross join lateral unnest(string_to_array(trim(both '/' from a.path), '/')::bigint[]) up(id)
      group by up.id, date_trunc('month', d.day)::date, d.questionnaire_version_id
      on conflict (agency_id, questionnaire_version_id, month) do update
        set responses = c.responses + excluded.responses
      returning 1
    )
    select (select count(*) from deltas)::int as applied,
           (select count(*) from answer_totals) + (select count(*) from response_totals)
         + (select count(*) from month_answers) + (select count(*) from month_responses) as touched`;
}

/** Applies up to `limit` queued deltas; returns how many. Safe to run from several processes. */
export async function drainResultQueue(db: Kysely<Database>, limit = 5000): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock_shared(${TREE_LOCK}::bigint)`.execute(trx);
    // The planner cannot know how few rows the queue holds and JIT-compiles the statement (~0.6 s
    // of CPU each second on an idle queue, measured by bench/dashboard): never worth it here.
    await sql`set local jit = off`.execute(trx);
    const batch = sql`
      delete from result_queue where id in (
        select id from result_queue order by id limit ${limit}::int for update skip locked)
      returning *`;
    const r = await applyDeltas(batch).execute(trx);
    return r.rows[0]?.applied ?? 0;
  });
}

/**
 * Applies every queued delta now: for tests, the CLI and shutdown. When it returns, every delta
 * queued before the call is counted, including batches another worker had taken: taking the tree
 * lock exclusively waits for those workers to commit.
 */
export async function flushResults(db: Kysely<Database>): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await drainResultQueue(db);
    total += n;
    if (n > 0) continue;
    await db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${TREE_LOCK}::bigint)`.execute(trx);
    });
    const late = await drainResultQueue(db);
    total += late;
    if (late === 0) return total;
  }
}

/** How many deltas wait to be applied, and since when: for /healthz and operators. */
export async function resultQueueLength(db: Db): Promise<number> {
  const r = await db
    .selectFrom('result_queue')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

const rawSource = sql`
  select 1::smallint as sign, id as response_id, agency_id, province_id,
         (submitted_at at time zone 'Asia/Ho_Chi_Minh')::date as day,
         extract(hour from submitted_at at time zone 'Asia/Ho_Chi_Minh')::smallint as hour,
         questionnaire_version_id, campaign_id, channel, service_point_id, answers ->> 'B.FIELD' as field, answers
  from responses where status = 'valid'`;

/**
 * Recounts everything from the raw responses, for recovery and after loading data in bulk. Writers
 * of responses wait meanwhile (share lock), so the queue and the counts agree when it ends.
 */
export async function rebuildResults(db: Kysely<Database>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${TREE_LOCK}::bigint)`.execute(trx);
    await sql`lock table responses in share mode`.execute(trx);
    await sql`truncate answer_counts, response_counts, subtree_month_counts, subtree_month_responses`.execute(trx);
    await sql`delete from result_queue`.execute(trx);
    await applyDeltas(rawSource).execute(trx);
  });
}

/**
 * Recomputes the subtree rollups from the daily counts, after agencies moved: the daily counts are
 * per agency and stay right; only "who is above whom" changed. Runs in the caller's transaction,
 * which holds the tree lock until it commits.
 */
export async function rebuildSubtreeRollups(trx: Db): Promise<void> {
  await sql`select pg_advisory_xact_lock(${TREE_LOCK}::bigint)`.execute(trx);
  await sql`delete from subtree_month_counts`.execute(trx);
  await sql`delete from subtree_month_responses`.execute(trx);
  await sql`
    insert into subtree_month_counts (agency_id, month, questionnaire_version_id, question, value, responses)
    select up.id, date_trunc('month', c.day)::date, c.questionnaire_version_id, c.question, c.value, sum(c.responses)
    from answer_counts c
    join agencies a on a.id = c.agency_id
    cross join lateral unnest(string_to_array(trim(both '/' from a.path), '/')::bigint[]) up(id)
    group by 1, 2, 3, 4, 5`.execute(trx);
  await sql`
    insert into subtree_month_responses (agency_id, month, questionnaire_version_id, responses)
    select up.id, date_trunc('month', c.day)::date, c.questionnaire_version_id, sum(c.responses)
    from response_counts c
    join agencies a on a.id = c.agency_id
    cross join lateral unnest(string_to_array(trim(both '/' from a.path), '/')::bigint[]) up(id)
    group by 1, 2, 3`.execute(trx);
}

// ---------------------------------------------------------------------------------------------
// Readers

/** Dimensions of the daily tables a selection may narrow. Undefined: any. */
export interface CountFilter {
  versionIds: number[];
  from: string;
  to: string;
  campaignId?: number | undefined;
  channel?: Channel | undefined;
  field?: string | undefined;
  servicePointId?: number | undefined;
}

export interface AnswerRow {
  /** The bucket the counts belong to (an agency id chosen by the caller). */
  bucket: number;
  question: string;
  value: string;
  responses: number;
}

export interface ResponseRow {
  bucket: number;
  responses: number;
}

const isFiltered = (f: CountFilter) =>
  f.campaignId !== undefined || f.channel !== undefined || f.field !== undefined || f.servicePointId !== undefined;

function dimensionWhere(f: CountFilter): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [
    sql`c.questionnaire_version_id = any(${f.versionIds}::bigint[])`,
    sql`c.day between ${f.from}::date and ${f.to}::date`,
  ];
  if (f.campaignId !== undefined) parts.push(sql`c.campaign_id = ${f.campaignId}::bigint`);
  if (f.channel !== undefined) parts.push(sql`c.channel = ${f.channel}`);
  if (f.field !== undefined) parts.push(sql`c.field = ${f.field}`);
  if (f.servicePointId !== undefined) parts.push(sql`c.service_point_id = ${f.servicePointId}::bigint`);
  return sql.join(parts, sql` and `);
}

/**
 * Buckets: each is an agency id standing for the pooled responses of some agencies' subtrees
 * (`roots`: paths of the agencies whose subtrees pool into it; none nested in another, so that
 * nothing counts twice). The caller decides what a bucket is: one agency, each child of a node, an
 * agency with its predecessors.
 */
export interface Bucket {
  id: number;
  roots: { id: number; path: string }[];
}

function bucketValues(buckets: Bucket[]): RawBuilder<unknown> {
  const rows = buckets.flatMap((b) => b.roots.map((r) => sql`(${b.id}::bigint, ${r.id}::bigint, ${r.path}::text)`));
  return sql`(values ${sql.join(rows)}) as b(bucket, root_id, root_path)`;
}

/** Answer counts per bucket for a selection. */
export async function loadAnswerCounts(db: Db, buckets: Bucket[], f: CountFilter): Promise<AnswerRow[]> {
  if (buckets.length === 0 || f.versionIds.length === 0) return [];
  const parts = readPlan(f);
  const queries: RawBuilder<AnswerRow>[] = [];
  if (parts.months) {
    queries.push(sql<AnswerRow>`
      select b.bucket, c.question, c.value, sum(c.responses)::int as responses
      from ${bucketValues(buckets)}
      join subtree_month_counts c on c.agency_id = b.root_id
      where c.questionnaire_version_id = any(${f.versionIds}::bigint[])
        and c.month between ${parts.months[0]}::date and ${parts.months[1]}::date
      group by 1, 2, 3`);
  }
  for (const [from, to] of parts.days) {
    queries.push(sql<AnswerRow>`
      select b.bucket, c.question, c.value, sum(c.responses)::int as responses
      from ${bucketValues(buckets)}
      join agencies a on a.path like b.root_path || '%'
      join answer_counts c on c.agency_id = a.id
      where ${dimensionWhere({ ...f, from, to })}
      group by 1, 2, 3`);
  }
  const rows = (await Promise.all(queries.map((q) => q.execute(db)))).flatMap((r) => r.rows);
  return mergeRows(rows, (r) => `${r.bucket}\u0000${r.question}\u0000${r.value}`);
}

/** Reportable responses per bucket for a selection. */
export async function loadResponseTotals(db: Db, buckets: Bucket[], f: CountFilter): Promise<ResponseRow[]> {
  if (buckets.length === 0 || f.versionIds.length === 0) return [];
  const parts = readPlan(f);
  const queries: RawBuilder<ResponseRow>[] = [];
  if (parts.months) {
    queries.push(sql<ResponseRow>`
      select b.bucket, sum(c.responses)::int as responses
      from ${bucketValues(buckets)}
      join subtree_month_responses c on c.agency_id = b.root_id
      where c.questionnaire_version_id = any(${f.versionIds}::bigint[])
        and c.month between ${parts.months[0]}::date and ${parts.months[1]}::date
      group by 1`);
  }
  for (const [from, to] of parts.days) {
    queries.push(sql<ResponseRow>`
      select b.bucket, sum(c.responses)::int as responses
      from ${bucketValues(buckets)}
      join agencies a on a.path like b.root_path || '%'
      join response_counts c on c.agency_id = a.id
      where ${dimensionWhere({ ...f, from, to })}
      group by 1`);
  }
  const rows = (await Promise.all(queries.map((q) => q.execute(db)))).flatMap((r) => r.rows);
  return mergeRows(rows, (r) => String(r.bucket));
}

const wholeMonths = (f: CountFilter) => !isFiltered(f) && splitByMonths(f.from, f.to).edges.length === 0;

/** Whole months from the rollups when nothing narrows the selection; days from the daily tables. */
function readPlan(f: CountFilter): { months: [string, string] | null; days: [string, string][] } {
  if (isFiltered(f)) return { months: null, days: [[f.from, f.to]] };
  const { months, edges } = splitByMonths(f.from, f.to);
  return { months, days: edges };
}

function mergeRows<T extends { responses: number }>(rows: T[], key: (r: T) => string): T[] {
  const merged = new Map<string, T>();
  for (const r of rows) {
    const k = key(r);
    const seen = merged.get(k);
    if (seen) seen.responses += Number(r.responses);
    else merged.set(k, { ...r, bucket: Number((r as { bucket?: unknown }).bucket), responses: Number(r.responses) });
  }
  return [...merged.values()].filter((r) => r.responses !== 0);
}

export type BreakdownDimension = 'channel' | 'service_point_id' | 'field' | 'month';

export interface BreakdownAnswerRow {
  key: string | null;
  question: string;
  value: string;
  responses: number;
}

/** Answer counts of one bucket split by a dimension (daily tables: every filter applies). */
export async function loadAnswerBreakdown(db: Db, bucket: Bucket, f: CountFilter, by: BreakdownDimension): Promise<BreakdownAnswerRow[]> {
  if (f.versionIds.length === 0) return [];
  const key = by === 'month' ? sql`to_char(c.day, 'YYYY-MM')` : sql`c.${sql.ref(by)}::text`;
  if (by === 'month' && wholeMonths(f)) {
    const r = await sql<BreakdownAnswerRow>`
      select to_char(c.month, 'YYYY-MM') as key, c.question, c.value, sum(c.responses)::int as responses
      from ${bucketValues([bucket])}
      join subtree_month_counts c on c.agency_id = b.root_id
      where c.questionnaire_version_id = any(${f.versionIds}::bigint[])
        and c.month between ${f.from}::date and ${f.to}::date
      group by 1, 2, 3`.execute(db);
    return r.rows.map((x) => ({ ...x, responses: Number(x.responses) }));
  }
  const r = await sql<BreakdownAnswerRow>`
    select ${key} as key, c.question, c.value, sum(c.responses)::int as responses
    from ${bucketValues([bucket])}
    join agencies a on a.path like b.root_path || '%'
    join answer_counts c on c.agency_id = a.id
    where ${dimensionWhere(f)}
    group by 1, 2, 3`.execute(db);
  return r.rows.map((x) => ({ ...x, responses: Number(x.responses) }));
}

export interface BreakdownResponseRow {
  key: string | null;
  responses: number;
}

/** Responses of one bucket split by a dimension. */
export async function loadResponseBreakdown(
  db: Db,
  bucket: Bucket,
  f: CountFilter,
  by: BreakdownDimension,
): Promise<BreakdownResponseRow[]> {
  if (f.versionIds.length === 0) return [];
  if (by === 'month' && wholeMonths(f)) {
    const r = await sql<BreakdownResponseRow>`
      select to_char(c.month, 'YYYY-MM') as key, sum(c.responses)::int as responses
      from ${bucketValues([bucket])}
      join subtree_month_responses c on c.agency_id = b.root_id
      where c.questionnaire_version_id = any(${f.versionIds}::bigint[])
        and c.month between ${f.from}::date and ${f.to}::date
      group by 1`.execute(db);
    return r.rows.map((x) => ({ ...x, responses: Number(x.responses) }));
  }
  const key = by === 'month' ? sql`to_char(c.day, 'YYYY-MM')` : sql`c.${sql.ref(by)}::text`;
  const r = await sql<BreakdownResponseRow>`
    select ${key} as key, sum(c.responses)::int as responses
    from ${bucketValues([bucket])}
    join agencies a on a.path like b.root_path || '%'
    join response_counts c on c.agency_id = a.id
    where ${dimensionWhere(f)}
    group by 1`.execute(db);
  return r.rows.map((x) => ({ ...x, responses: Number(x.responses) }));
}

export interface HeatCell {
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
  hour: number;
  responses: number;
}

/** Responses by weekday and hour (Vietnam time) for one bucket. */
export async function loadHeatMap(db: Db, bucket: Bucket, f: CountFilter): Promise<HeatCell[]> {
  if (f.versionIds.length === 0) return [];
  const r = await sql<HeatCell>`
    select extract(isodow from c.day)::int as weekday, c.hour::int as hour, sum(c.responses)::int as responses
    from ${bucketValues([bucket])}
    join agencies a on a.path like b.root_path || '%'
    join response_counts c on c.agency_id = a.id
    where ${dimensionWhere(f)}
    group by 1, 2`.execute(db);
  return r.rows.map((x) => ({ weekday: Number(x.weekday), hour: Number(x.hour), responses: Number(x.responses) }));
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
 * rows, by index, a page at a time.
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
    order by r.submitted_at desc
    limit ${limit}::int`.execute(db);
  return r.rows;
}
