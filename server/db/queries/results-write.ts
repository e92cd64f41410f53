// Writing the rollups (migrations/0007_rollups.sql, 0015): the aggregator that applies the slim
// queue, the recount from raw responses (whole, or one province and some months), and the
// recomputation of the subtree month rows after agencies move. Rows are summed in memory
// (server/domain/rollup-rows.ts) and written set-wise in the compact form (rollup-codec.ts): a
// recount inserts each slice once; adding reads the batch's rows for update in key order, sums and
// overwrites them (decisions 77, 78). Readers are in results-read.ts.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Channel, Database, IndexRule } from '../schema.ts';
import type { QuestionnaireDefinition } from '../../domain/questionnaire.ts';
import { encodeCountsHex, storedCounts } from '../../domain/rollup-codec.ts';
import { rollupLayout } from '../../domain/rollup-layout.ts';
import { RollupBatch, type CountedResponse, type DayRow, type MonthRow, type VersionInfo } from '../../domain/rollup-rows.ts';

type Db = Kysely<Database> | Transaction<Database>;

// Readers of the agency tree's paths (the month rows) and writers of the rollups take this lock:
// shared to apply the queue, exclusive to move agencies and rebuild, so that no batch is counted
// under ancestors that stopped being its ancestors.
const TREE_LOCK = 5_482_001;

/** Rows per upsert statement: each column's parameter stays a few megabytes. */
const ROWS_PER_STATEMENT = 1000;

async function versionsOf(db: Db, ids: number[]): Promise<(id: number) => VersionInfo> {
  const unique = [...new Set(ids)];
  const rows =
    unique.length === 0
      ? []
      : await db.selectFrom('questionnaire_versions').select(['id', 'definition', 'index_rule']).where('id', 'in', unique).execute();
  const byId = new Map<number, VersionInfo>();
  for (const r of rows) {
    const definition = r.definition as QuestionnaireDefinition;
    const rule = r.index_rule as IndexRule;
    byId.set(Number(r.id), { definition, rule, layout: rollupLayout(definition, rule) });
  }
  return (id) => {
    const v = byId.get(id);
    if (!v) throw new Error(`questionnaire version ${id} not loaded`);
    return v;
  };
}

async function ancestorsOf(db: Db, agencyIds: number[] | 'all'): Promise<(id: number) => readonly number[]> {
  let q = db.selectFrom('agencies').select(['id', 'path']);
  if (agencyIds !== 'all') {
    const unique = [...new Set(agencyIds)];
    if (unique.length === 0) return () => [];
    q = q.where('id', 'in', unique);
  }
  const byId = new Map<number, number[]>();
  for (const a of await q.execute()) byId.set(Number(a.id), a.path.split('/').filter(Boolean).map(Number));
  return (id) => byId.get(id) ?? [id];
}

/**
 * A PostgreSQL array literal of text elements, as one parameter: the rows of a batch travel as one
 * array per column and are unnested in the database. Cheaper than JSON: measured 2–3× faster than
 * `jsonb_to_recordset` for rows of a few hundred integers (decision 38).
 */
function arrayLiteral(values: readonly (string | number | null)[]): string {
  const quoted = values.map((v) => (v === null ? 'NULL' : `"${String(v).replace(/[\\"]/g, (c) => `\\${c}`)}"`));
  return `{${quoted.join(',')}}`;
}

const extraText = (e: Record<string, number> | null) => (e && Object.keys(e).length > 0 ? JSON.stringify(e) : null);
const hex = (xs: readonly number[] | null) => (xs === null ? null : encodeCountsHex(xs));
// Map keys of a slice: null must not collide with any text value.
const nk = (v: unknown) => (v === null || v === undefined ? '\u0001' : String(v));
const dayKey = (r: DayRow) =>
  [
    r.agency_id,
    r.day,
    r.questionnaire_version_id,
    nk(r.campaign_id),
    r.channel,
    nk(r.service_point_id),
    nk(r.field),
    nk(r.respondent_type),
  ].join('\u0000');
const monthKey = (r: MonthRow) => [r.agency_id, r.cut, r.questionnaire_version_id, r.month, nk(r.key)].join('\u0000');

/** Element-wise a + b (lengths may differ: a missing element is 0). */
function addCounts(a: readonly number[], b: readonly number[]): number[] {
  const out = new Array<number>(Math.max(a.length, b.length)).fill(0);
  for (let i = 0; i < a.length; i++) out[i]! += a[i]!;
  for (let i = 0; i < b.length; i++) out[i]! += b[i]!;
  return out;
}

function addExtra(a: Record<string, number> | null, b: Record<string, number> | null): Record<string, number> | null {
  if (!a || !b) return a ?? b;
  const out: Record<string, number> = { ...a };
  for (const [k, n] of Object.entries(b)) out[k] = (out[k] ?? 0) + Number(n);
  for (const [k, n] of Object.entries(out)) if (n === 0) delete out[k];
  return out;
}

/**
 * How a batch's rows reach a table: `none` plain inserts (the slices are known to be absent),
 * `nothing` creates the slices that are missing, `replace` overwrites (rows already summed here).
 */
type Conflict = 'none' | 'nothing' | 'replace';

async function insertDays(db: Db, part: DayRow[], conflict: Conflict): Promise<void> {
  const col = <T extends string | number | null>(f: (r: DayRow) => T) => arrayLiteral(part.map(f));
  await sql`
    insert into rollup_days as c (agency_id, province_id, day, questionnaire_version_id, campaign_id, channel, service_point_id,
                                  field, respondent_type, responses, histogram, extra, moments, hours)
    select agency_id, province_id, day, questionnaire_version_id, campaign_id, channel, service_point_id,
           field, respondent_type, responses, decode(histogram, 'hex'), extra::jsonb, decode(moments, 'hex'), decode(hours, 'hex')
    from unnest(${col((r) => r.agency_id)}::bigint[], ${col((r) => r.province_id)}::bigint[], ${col((r) => r.day)}::date[],
                ${col((r) => r.questionnaire_version_id)}::bigint[], ${col((r) => r.campaign_id)}::bigint[], ${col((r) => r.channel)}::text[],
                ${col((r) => r.service_point_id)}::bigint[], ${col((r) => r.field)}::text[], ${col((r) => r.respondent_type)}::text[],
                ${col((r) => r.responses)}::integer[], ${col((r) => hex(r.histogram))}::text[], ${col((r) => extraText(r.extra))}::text[],
                ${col((r) => hex(r.moments))}::text[], ${col((r) => hex(r.hours))}::text[])
      as x(agency_id, province_id, day, questionnaire_version_id, campaign_id, channel, service_point_id, field, respondent_type,
           responses, histogram, extra, moments, hours)
    ${
      conflict === 'none'
        ? sql``
        : conflict === 'nothing'
          ? sql`on conflict on constraint rollup_days_key do nothing`
          : sql`on conflict on constraint rollup_days_key do update
      set responses = excluded.responses, province_id = excluded.province_id, histogram = excluded.histogram,
          extra = excluded.extra, moments = excluded.moments, hours = excluded.hours`
    }`.execute(db);
}

async function insertMonths(db: Db, part: MonthRow[], conflict: Conflict): Promise<void> {
  const col = <T extends string | number | null>(f: (r: MonthRow) => T) => arrayLiteral(part.map(f));
  await sql`
    insert into rollup_months as c (agency_id, month, questionnaire_version_id, cut, key, responses, histogram, extra, moments, week_hours)
    select agency_id, month, questionnaire_version_id, cut, key, responses, decode(histogram, 'hex'), extra::jsonb, decode(moments, 'hex'),
           decode(week_hours, 'hex')
    from unnest(${col((r) => r.agency_id)}::bigint[], ${col((r) => r.month)}::date[], ${col((r) => r.questionnaire_version_id)}::bigint[],
                ${col((r) => r.cut)}::text[], ${col((r) => r.key)}::text[], ${col((r) => r.responses)}::integer[],
                ${col((r) => hex(r.histogram))}::text[], ${col((r) => extraText(r.extra))}::text[],
                ${col((r) => hex(r.moments))}::text[], ${col((r) => hex(r.week_hours))}::text[])
      as x(agency_id, month, questionnaire_version_id, cut, key, responses, histogram, extra, moments, week_hours)
    ${
      conflict === 'none'
        ? sql``
        : conflict === 'nothing'
          ? sql`on conflict on constraint rollup_months_key do nothing`
          : sql`on conflict on constraint rollup_months_key do update
      set responses = excluded.responses, histogram = excluded.histogram, extra = excluded.extra, moments = excluded.moments,
          week_hours = excluded.week_hours`
    }`.execute(db);
}

interface StoredCounts {
  responses: number | string;
  histogram: Uint8Array | string;
  extra: Record<string, number> | null;
  moments: Uint8Array | string;
}

/** A delta added to the stored row of its slice (absent: zero). */
function merged<R extends DayRow | MonthRow>(delta: R, stored: StoredCounts | undefined, heat: (r: R) => Partial<R>): R {
  if (!stored) return delta;
  return {
    ...delta,
    responses: Number(stored.responses) + delta.responses,
    histogram: addCounts(storedCounts(stored.histogram), delta.histogram),
    extra: addExtra(stored.extra, delta.extra),
    moments: addCounts(storedCounts(stored.moments), delta.moments),
    ...heat(delta),
  };
}

/**
 * Adds a batch's rows to the day rollups, or (`fresh`) inserts them into slices known to be absent.
 * Adding reads the stored rows and writes the sums back (the compact arrays cannot be added in SQL,
 * decision 78): the missing slices are created first, so that two workers adding to the same new
 * slice wait for each other on it, and the rows are locked in key order.
 */
async function upsertDays(db: Db, rows: DayRow[], fresh = false): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const part = rows.slice(i, i + ROWS_PER_STATEMENT);
    if (fresh) {
      await insertDays(db, part, 'none');
      continue;
    }
    const empty = part.map((r) => ({ ...r, responses: 0, histogram: [], extra: null, moments: [], hours: [] }));
    await insertDays(db, empty, 'nothing');
    const col = <T extends string | number | null>(f: (r: DayRow) => T) => arrayLiteral(part.map(f));
    const stored = await sql<
      StoredCounts & {
        agency_id: number | string;
        day: string;
        version: number | string;
        campaign_id: number | string | null;
        channel: string;
        service_point_id: number | string | null;
        field: string | null;
        respondent_type: string | null;
        hours: Uint8Array | string;
      }
    >`
      select d.agency_id, to_char(d.day, 'YYYY-MM-DD') as day, d.questionnaire_version_id as version, d.campaign_id, d.channel,
             d.service_point_id, d.field, d.respondent_type, d.responses, d.histogram, d.extra, d.moments, d.hours
      from unnest(${col((r) => r.agency_id)}::bigint[], ${col((r) => r.day)}::date[], ${col((r) => r.questionnaire_version_id)}::bigint[],
                  ${col((r) => r.campaign_id)}::bigint[], ${col((r) => r.channel)}::text[], ${col((r) => r.service_point_id)}::bigint[],
                  ${col((r) => r.field)}::text[], ${col((r) => r.respondent_type)}::text[])
        as k(agency_id, day, version, campaign_id, channel, service_point_id, field, respondent_type)
      join rollup_days d on d.agency_id = k.agency_id and d.day = k.day and d.questionnaire_version_id = k.version and d.channel = k.channel
        and d.campaign_id is not distinct from k.campaign_id and d.service_point_id is not distinct from k.service_point_id
        and d.field is not distinct from k.field and d.respondent_type is not distinct from k.respondent_type
      order by d.agency_id, d.day, d.questionnaire_version_id, d.campaign_id, d.channel, d.service_point_id, d.field, d.respondent_type
      for update of d`.execute(db);
    const byKey = new Map<string, (typeof stored.rows)[number]>();
    for (const s of stored.rows) {
      const key = [
        Number(s.agency_id),
        s.day,
        Number(s.version),
        nk(s.campaign_id === null ? null : Number(s.campaign_id)),
        s.channel,
        nk(s.service_point_id === null ? null : Number(s.service_point_id)),
        nk(s.field),
        nk(s.respondent_type),
      ].join('\u0000');
      byKey.set(key, s);
    }
    const sums = part.map((r) => {
      const s = byKey.get(dayKey(r));
      return merged(r, s, (d) => ({ hours: s ? addCounts(storedCounts(s.hours), d.hours) : d.hours }));
    });
    await insertDays(db, sums, 'replace');
  }
}

async function upsertMonths(db: Db, rows: MonthRow[], fresh = false): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const part = rows.slice(i, i + ROWS_PER_STATEMENT);
    if (fresh) {
      await insertMonths(db, part, 'none');
      continue;
    }
    const empty = part.map((r) => ({
      ...r,
      responses: 0,
      histogram: [],
      extra: null,
      moments: [],
      week_hours: r.week_hours === null ? null : [],
    }));
    await insertMonths(db, empty, 'nothing');
    const col = <T extends string | number | null>(f: (r: MonthRow) => T) => arrayLiteral(part.map(f));
    const stored = await sql<
      StoredCounts & {
        agency_id: number | string;
        month: string;
        version: number | string;
        cut: string;
        key: string | null;
        week_hours: Uint8Array | string | null;
      }
    >`
      select m.agency_id, to_char(m.month, 'YYYY-MM-DD') as month, m.questionnaire_version_id as version, m.cut, m.key, m.responses,
             m.histogram, m.extra, m.moments, m.week_hours
      from unnest(${col((r) => r.agency_id)}::bigint[], ${col((r) => r.cut)}::text[], ${col((r) => r.questionnaire_version_id)}::bigint[],
                  ${col((r) => r.month)}::date[], ${col((r) => r.key)}::text[])
        as k(agency_id, cut, version, month, key)
      join rollup_months m on m.agency_id = k.agency_id and m.cut = k.cut and m.questionnaire_version_id = k.version and m.month = k.month
        and m.key is not distinct from k.key
      order by m.agency_id, m.cut, m.questionnaire_version_id, m.month, m.key
      for update of m`.execute(db);
    const byKey = new Map<string, (typeof stored.rows)[number]>();
    for (const s of stored.rows) byKey.set([Number(s.agency_id), s.cut, Number(s.version), s.month, nk(s.key)].join('\u0000'), s);
    const sums = part.map((r) => {
      const s = byKey.get(monthKey(r));
      return merged(r, s, (m) => ({
        week_hours: m.week_hours === null ? null : addCounts(s?.week_hours ? storedCounts(s.week_hours) : [], m.week_hours),
      }));
    });
    await insertMonths(db, sums, 'replace');
  }
}

async function write(db: Db, batch: RollupBatch): Promise<void> {
  await upsertDays(db, batch.takeDays());
  await upsertMonths(db, batch.takeMonths());
}

interface ResponseForRollup {
  agency_id: number | string;
  province_id: number | string;
  submitted_at: Date | string;
  questionnaire_version_id: number | string;
  campaign_id: number | string | null;
  channel: string;
  service_point_id: number | string | null;
  answers: unknown;
}

function counted(r: ResponseForRollup): CountedResponse {
  return {
    agencyId: Number(r.agency_id),
    provinceId: Number(r.province_id),
    submittedAt: r.submitted_at instanceof Date ? r.submitted_at : new Date(r.submitted_at),
    versionId: Number(r.questionnaire_version_id),
    campaignId: r.campaign_id === null ? null : Number(r.campaign_id),
    channel: r.channel as Channel,
    servicePointId: r.service_point_id === null ? null : Number(r.service_point_id),
    answers: (typeof r.answers === 'string' ? JSON.parse(r.answers) : r.answers) as Record<string, unknown>,
  };
}

const RESPONSE_COLUMNS = sql`agency_id, province_id, submitted_at, questionnaire_version_id, campaign_id, channel, service_point_id, answers`;

/** Applies up to `limit` queued changes; returns how many. Safe to run from several processes. */
export async function drainResultQueue(db: Kysely<Database>, limit = 5000): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock_shared(${TREE_LOCK}::bigint)`.execute(trx);
    // The planner cannot know how few rows the queue holds: never worth JIT-compiling here.
    await sql`set local jit = off`.execute(trx);
    const taken = await sql<ResponseForRollup & { sign: number; response_id: string }>`
      delete from result_queue where id in (
        select id from result_queue order by id limit ${limit}::int for update skip locked)
      returning sign, response_id, ${RESPONSE_COLUMNS}`.execute(trx);
    if (taken.rows.length === 0) return 0;
    // A +1 is counted as the row stands now: any change since it was queued would have withdrawn it
    // (and a change still uncommitted waits for this transaction, then queues its own −1).
    const plus = taken.rows.filter((r) => Number(r.sign) === 1).map((r) => r.response_id);
    const current =
      plus.length === 0
        ? []
        : (
            await sql<ResponseForRollup>`
              select ${RESPONSE_COLUMNS} from responses where id = any(${plus}::uuid[]) and status = 'valid'`.execute(trx)
          ).rows;
    const minus = taken.rows.filter((r) => Number(r.sign) === -1);
    const all = [...current, ...minus];
    const batch = new RollupBatch(
      await versionsOf(
        trx,
        all.map((r) => Number(r.questionnaire_version_id)),
      ),
      await ancestorsOf(
        trx,
        all.map((r) => Number(r.agency_id)),
      ),
    );
    for (const r of current) batch.addResponse(counted(r), 1);
    for (const r of minus) batch.addResponse(counted(r), -1);
    await write(trx, batch);
    return taken.rows.length;
  });
}

/**
 * Applies every queued change now: for tests, the CLI and shutdown. When it returns, every change
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

/** How many changes wait to be applied: for /healthz and operators. */
export async function resultQueueLength(db: Db): Promise<number> {
  const r = await db
    .selectFrom('result_queue')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** What to recount: everything, or one province and/or whole months from `from` to `to`. */
export interface RebuildScope {
  provinceId?: number | undefined;
  /** First month, 'YYYY-MM'. */
  from?: string | undefined;
  /** Last month, 'YYYY-MM'. */
  to?: string | undefined;
}

export interface RebuildProgress {
  responses: number;
  province: number;
  month: string;
}

/**
 * Drops the rollup tables' indexes (unique keys included) for a whole rebuild, which writes each
 * slice once into empty tables: building an index once at the end is cheaper than maintaining it
 * row by row (decision 77). Returns what recreates them as they were, from the catalogue, so that
 * no definition is repeated here. Readers wait anyway: the truncate holds the tables exclusively.
 */
async function dropRollupIndexes(trx: Db): Promise<() => Promise<void>> {
  const constraints = (
    await sql<{ tbl: string; name: string; def: string }>`
      select c.conrelid::regclass::text as tbl, c.conname as name, pg_get_constraintdef(c.oid) as def
      from pg_constraint c
      where c.conrelid in ('rollup_days'::regclass, 'rollup_months'::regclass) and c.contype = 'u'`.execute(trx)
  ).rows;
  const indexes = (
    await sql<{ name: string; def: string }>`
      select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
      from pg_index i
      where i.indrelid in ('rollup_days'::regclass, 'rollup_months'::regclass)
        and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`.execute(trx)
  ).rows;
  for (const c of constraints) await sql`alter table ${sql.raw(c.tbl)} drop constraint ${sql.ref(c.name)}`.execute(trx);
  for (const i of indexes) await sql`drop index ${sql.raw(i.name)}`.execute(trx);
  return async () => {
    for (const i of indexes) await sql.raw(i.def).execute(trx);
    for (const c of constraints) await sql`alter table ${sql.raw(c.tbl)} add constraint ${sql.ref(c.name)} ${sql.raw(c.def)}`.execute(trx);
  };
}

/** Responses read per statement while recounting: bounded memory whatever the density. */
const REBUILD_CHUNK = 50_000;

const nextMonth = (m: string) => {
  const y = Number(m.slice(0, 4));
  const mo = Number(m.slice(5, 7));
  return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
};

/**
 * Recounts the rollups from the raw responses: everything (the tables are emptied), or one
 * province and/or whole months (their day and month rows are replaced; provinces are roots of the
 * tree, so no month row outside the province changes). Writers of responses wait meanwhile (share
 * lock), so the queue and the rollups agree when it ends. Returns how many responses it counted.
 */
export async function rebuildResults(
  db: Kysely<Database>,
  scope: RebuildScope = {},
  onProgress?: (p: RebuildProgress) => void,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${TREE_LOCK}::bigint)`.execute(trx);
    await sql`lock table responses in share mode`.execute(trx);
    await sql`set local jit = off`.execute(trx);
    const whole = scope.provinceId === undefined && scope.from === undefined && scope.to === undefined;
    const fromDay = scope.from ? `${scope.from}-01` : '0001-01-01';
    const toDay = scope.to ? `${nextMonth(scope.to)}-01` : '9999-01-01';
    // Viet Nam midnight of the first day, and of the day after the last.
    const since = sql`(${fromDay}::date)::timestamp at time zone 'Asia/Ho_Chi_Minh'`;
    const until = sql`(${toDay}::date)::timestamp at time zone 'Asia/Ho_Chi_Minh'`;
    const provinceWhere = scope.provinceId === undefined ? sql`true` : sql`province_id = ${scope.provinceId}::bigint`;
    let restoreIndexes: (() => Promise<void>) | null = null;
    if (whole) {
      await sql`truncate rollup_days, rollup_months`.execute(trx);
      await sql`delete from result_queue`.execute(trx);
      restoreIndexes = await dropRollupIndexes(trx);
    } else {
      const province =
        scope.provinceId === undefined
          ? sql`true`
          : sql`agency_id in (select id from agencies where id = ${scope.provinceId}::bigint or province_id = ${scope.provinceId}::bigint)`;
      await sql`delete from rollup_days where ${provinceWhere} and day >= ${fromDay}::date and day < ${toDay}::date`.execute(trx);
      await sql`delete from rollup_months where ${province} and month >= ${fromDay}::date and month < ${toDay}::date`.execute(trx);
      await sql`
        delete from result_queue q using responses r
        where q.sign = 1 and r.id = q.response_id
          and ${scope.provinceId === undefined ? sql`true` : sql`r.province_id = ${scope.provinceId}::bigint`}
          and r.submitted_at >= ${since} and r.submitted_at < ${until}`.execute(trx);
      await sql`
        delete from result_queue
        where sign = -1 and ${provinceWhere} and submitted_at >= ${since} and submitted_at < ${until}`.execute(trx);
    }
    // Month by month per province (Viet Nam months), a chunk of days at a time when a month is large.
    const months = await sql<{ province_id: number; month: string; n: number }>`
      select province_id, to_char(submitted_at at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM') as month, count(*)::int as n
      from responses
      where status = 'valid' and ${provinceWhere} and submitted_at >= ${since} and submitted_at < ${until}
      group by 1, 2 order by 1, 2`.execute(trx);
    const versions = await versionsOf(
      trx,
      (await trx.selectFrom('questionnaire_versions').select('id').execute()).map((v) => Number(v.id)),
    );
    const ancestors = await ancestorsOf(trx, 'all');
    let total = 0;
    for (const m of months.rows) {
      const batch = new RollupBatch(versions, ancestors);
      const first = `${m.month}-01`;
      const after = `${nextMonth(m.month)}-01`;
      const pieces = Math.max(1, Math.ceil(Number(m.n) / REBUILD_CHUNK));
      const days = Math.round((Date.parse(after) - Date.parse(first)) / 86_400_000);
      for (let p = 0; p < pieces; p++) {
        const a = Math.floor((p * days) / pieces);
        const b = Math.floor(((p + 1) * days) / pieces);
        if (a === b) continue;
        const rows = await sql<ResponseForRollup>`
          select ${RESPONSE_COLUMNS} from responses
          where status = 'valid' and province_id = ${m.province_id}::bigint
            and submitted_at >= ((${first}::date + ${a}::int)::timestamp at time zone 'Asia/Ho_Chi_Minh')
            and submitted_at < ((${first}::date + ${b}::int)::timestamp at time zone 'Asia/Ho_Chi_Minh')`.execute(trx);
        for (const r of rows.rows) batch.addResponse(counted(r), 1);
        total += rows.rows.length;
        await upsertDays(trx, batch.takeDays(), true);
      }
      await upsertMonths(trx, batch.takeMonths(), true);
      onProgress?.({ responses: total, province: Number(m.province_id), month: m.month });
    }
    await restoreIndexes?.();
    return total;
  });
}

interface StoredDayRow extends Omit<DayRow, 'day' | 'histogram' | 'moments' | 'hours'> {
  day: string | Date;
  histogram: Uint8Array | string;
  moments: Uint8Array | string;
  hours: Uint8Array | string;
}

const asDay = (d: string | Date) => (d instanceof Date ? d.toISOString().slice(0, 10) : String(d).slice(0, 10));

/** Stored day rows as numbers, their arrays decoded. */
function dayRowOf(r: StoredDayRow): DayRow {
  return {
    ...r,
    agency_id: Number(r.agency_id),
    province_id: Number(r.province_id),
    day: asDay(r.day),
    questionnaire_version_id: Number(r.questionnaire_version_id),
    campaign_id: r.campaign_id === null ? null : Number(r.campaign_id),
    service_point_id: r.service_point_id === null ? null : Number(r.service_point_id),
    responses: Number(r.responses),
    histogram: storedCounts(r.histogram),
    moments: storedCounts(r.moments),
    hours: storedCounts(r.hours),
    extra: r.extra,
  };
}

/**
 * Recomputes the subtree month rows from the day rows, after agencies moved: the day rows are per
 * agency and stay right (their province key follows the agency); only "who is above whom" changed.
 * Runs in the caller's transaction, which holds the tree lock until it commits.
 */
export async function rebuildSubtreeRollups(trx: Db): Promise<void> {
  await sql`select pg_advisory_xact_lock(${TREE_LOCK}::bigint)`.execute(trx);
  await sql`
    update rollup_days d set province_id = coalesce(a.province_id, a.id)
    from agencies a where a.id = d.agency_id and d.province_id <> coalesce(a.province_id, a.id)`.execute(trx);
  await sql`delete from rollup_months`.execute(trx);
  const versions = await versionsOf(
    trx,
    (await trx.selectFrom('questionnaire_versions').select('id').execute()).map((v) => Number(v.id)),
  );
  const ancestors = await ancestorsOf(trx, 'all');
  const months = await sql<{ month: string }>`
    select distinct to_char(day, 'YYYY-MM') as month from rollup_days order by 1`.execute(trx);
  for (const { month } of months.rows) {
    const batch = new RollupBatch(versions, ancestors, { days: false, months: true });
    const rows = await sql<StoredDayRow>`
      select * from rollup_days
      where day >= ${`${month}-01`}::date and day < ${`${nextMonth(month)}-01`}::date and responses <> 0`.execute(trx);
    for (const r of rows.rows) batch.addDayRow(dayRowOf(r), 1);
    // The month rows were emptied and each month's are written once.
    await upsertMonths(trx, batch.takeMonths(), true);
  }
}
