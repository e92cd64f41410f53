// The baseline of bench/dashboard: the same figures as the dashboards, computed the way one would
// without the aggregate tables — one pass over the raw responses of the period, every answer
// expanded with jsonb_each (a multiple choice once per chosen value, as the aggregator counts it),
// responses mapped to the buckets whose subtree they fall in by path prefix, grouped. The counts then
// go through the same index engine, so the two ways can also be compared for equality.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../server/db/schema.ts';
import type { AnswerCounts } from '../../server/domain/indices.ts';

export interface ScanPeriod {
  key: string;
  from: string;
  to: string;
}

/**
 * Answer counts per bucket (an agency pooling its subtree) and period. One statement, one pass
 * over the responses: each also yields one row under the empty question, which counts them.
 */
export async function scanCounts(
  db: Kysely<Database>,
  bucketIds: number[],
  versionIds: number[],
  periods: ScanPeriod[],
): Promise<{ counts: Map<string, AnswerCounts>; ms: number }> {
  const sorted = [...periods].sort((a, b) => a.from.localeCompare(b.from));
  const first = sorted[0]!.from;
  const last = sorted[sorted.length - 1]!.to;
  const start = (day: string) => sql`(${day}::date)::timestamp at time zone 'Asia/Ho_Chi_Minh'`;
  const end = (day: string) => sql`(${day}::date + 1)::timestamp at time zone 'Asia/Ho_Chi_Minh'`;
  const periodOf = sql.join(
    sorted.map((p) => sql`when r.submitted_at >= ${start(p.from)} and r.submitted_at < ${end(p.to)} then ${p.key}`),
    sql` `,
  );
  const t0 = performance.now();
  // Expanded and counted once per agency first, then summed into the buckets: each response is
  // expanded once even where buckets overlap (the province and its children), the fastest form of
  // the scan we found, so that the baseline is not made slow on purpose.
  const r = await sql<{ bucket: number; period: string; question: string; value: string; responses: number }>`
    with per_agency as (
      select r.agency_id, case ${periodOf} end as period, e.key as question, v.value, count(*) as responses
      from responses r
      cross join lateral (select key, value from jsonb_each(r.answers) union all select '', '"n"'::jsonb) e
      cross join lateral jsonb_array_elements_text(
        case jsonb_typeof(e.value) when 'array' then e.value else jsonb_build_array(e.value) end) v(value)
      where r.status = 'valid'
        and r.questionnaire_version_id = any(${versionIds}::bigint[])
        and r.submitted_at >= ${start(first)} and r.submitted_at < ${end(last)}
        and v.value is not null
        and r.agency_id in (
          select a.id from agencies b join agencies a on a.path like b.path || '%' where b.id = any(${bucketIds}::bigint[]))
      group by 1, 2, 3, 4
    )
    select b.id as bucket, p.period, p.question, p.value, sum(p.responses)::int as responses
    from agencies b
    join agencies a on a.path like b.path || '%'
    join per_agency p on p.agency_id = a.id
    where b.id = any(${bucketIds}::bigint[])
    group by 1, 2, 3, 4`.execute(db);
  const ms = performance.now() - t0;
  const counts = new Map<string, AnswerCounts>();
  for (const row of r.rows) {
    if (row.period === null) continue;
    const k = `${row.bucket}:${row.period}`;
    let c = counts.get(k);
    if (!c) counts.set(k, (c = { responses: 0, counts: {} }));
    if (row.question === '') c.responses = Number(row.responses);
    else (c.counts[row.question] ??= {})[row.value] = Number(row.responses);
  }
  return { counts, ms };
}

export const emptyCounts = (): AnswerCounts => ({ responses: 0, counts: {} });
