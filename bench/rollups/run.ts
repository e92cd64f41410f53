// bench/rollups: where the rollups' size and the rebuild's time go, on a database bench/dashboard
// loaded (issue 15). In one run, on the same server: two baselines over the same rows (a full scan of
// `responses`, a COPY of them to nowhere), the rebuild split into its phases (reading the responses,
// building the rows in TypeScript, writing them), and the size of each table with its rows, average
// row width and each array column's share.
//
//   DATABASE_URL=postgres://…/hailong_bench_dashboard node --import tsx bench/rollups/run.ts [--no-rebuild]
//
// It migrates the database first; the rebuild replaces the rollups (the same figures, recounted).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { sql, type Kysely } from 'kysely';
import { connectPostgres } from '../../server/db/connection.ts';
import { migrate } from '../../server/db/migrator.ts';
import { rebuildResults } from '../../server/db/queries/results-write.ts';
import type { Database, IndexRule } from '../../server/db/schema.ts';
import type { QuestionnaireDefinition } from '../../server/domain/questionnaire.ts';
import { rollupLayout } from '../../server/domain/rollup-layout.ts';
import { RollupBatch, type CountedResponse, type VersionInfo } from '../../server/domain/rollup-rows.ts';
import type { Channel } from '../../server/db/schema.ts';

const { values } = parseArgs({ options: { 'no-rebuild': { type: 'boolean', default: false } } });
const url = process.env['DATABASE_URL'];
if (!url) {
  console.error('DATABASE_URL must name a database loaded by bench/dashboard');
  process.exit(2);
}
const database = await connectPostgres(url);
const { db, close } = database;
// A migration that changes the rollups empties them; the rebuild below recounts them.
const applied = await migrate(database);
const log = (s: string) => console.log(s);
const secs = (t0: number) => (performance.now() - t0) / 1000;
const load = () => loadavg()[0]!.toFixed(1);

const n = Number((await sql<{ n: string }>`select count(*) as n from responses where status = 'valid'`.execute(db)).rows[0]!.n);
log(`${new Date().toISOString()} — ${n} valid responses; load average ${load()}; migrations applied: ${applied.join(', ') || 'none'}`);

// Baselines: the same rows, read by the server alone and sent to a client.
let t0 = performance.now();
await sql`select count(*), sum(length(answers::text)) from responses where status = 'valid'`.execute(db);
const scan = secs(t0);
t0 = performance.now();
const copy = spawn('psql', ['-X', '-q', '-d', url, '-c', `\\copy (select * from responses where status = 'valid') to '/dev/null'`], {
  stdio: 'inherit',
});
await once(copy, 'exit');
const copied = secs(t0);
log(`full scan of responses: ${scan.toFixed(2)} s (${(n / scan).toFixed(0)} rows/s)`);
log(`COPY of responses to the client: ${copied.toFixed(2)} s (${(n / copied).toFixed(0)} rows/s)`);

// The rebuild's phases: read only, read + build rows in memory, then the real rebuild (read + build + write).
async function versions(db: Kysely<Database>): Promise<(id: number) => VersionInfo> {
  const byId = new Map<number, VersionInfo>();
  for (const r of await db.selectFrom('questionnaire_versions').select(['id', 'definition', 'index_rule']).execute()) {
    const definition = r.definition as QuestionnaireDefinition;
    const rule = r.index_rule as IndexRule;
    byId.set(Number(r.id), { definition, rule, layout: rollupLayout(definition, rule) });
  }
  return (id) => byId.get(id)!;
}
const paths = new Map<number, number[]>();
for (const a of await db.selectFrom('agencies').select(['id', 'path']).execute())
  paths.set(Number(a.id), a.path.split('/').filter(Boolean).map(Number));
const versionOf = await versions(db);
const months = (
  await sql<{ province_id: string; month: string }>`
    select distinct province_id, to_char(submitted_at at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM') as month
    from responses where status = 'valid' order by 1, 2`.execute(db)
).rows;

async function pass(build: boolean): Promise<{ seconds: number; cpu: number; rows: number }> {
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  let rows = 0;
  for (const m of months) {
    const batch = new RollupBatch(versionOf, (id) => paths.get(id) ?? [id]);
    const r = await sql<{
      agency_id: string;
      province_id: string;
      submitted_at: Date;
      questionnaire_version_id: string;
      campaign_id: string | null;
      channel: string;
      service_point_id: string | null;
      answers: Record<string, unknown>;
    }>`
      select agency_id, province_id, submitted_at, questionnaire_version_id, campaign_id, channel, service_point_id, answers
      from responses where status = 'valid' and province_id = ${m.province_id}::bigint
        and submitted_at >= (${`${m.month}-01`}::date)::timestamp at time zone 'Asia/Ho_Chi_Minh'
        and submitted_at < ((${`${m.month}-01`}::date + interval '1 month')::date)::timestamp at time zone 'Asia/Ho_Chi_Minh'`.execute(db);
    if (!build) continue;
    for (const x of r.rows) {
      const c: CountedResponse = {
        agencyId: Number(x.agency_id),
        provinceId: Number(x.province_id),
        submittedAt: x.submitted_at,
        versionId: Number(x.questionnaire_version_id),
        campaignId: x.campaign_id === null ? null : Number(x.campaign_id),
        channel: x.channel as Channel,
        servicePointId: x.service_point_id === null ? null : Number(x.service_point_id),
        answers: x.answers,
      };
      batch.addResponse(c, 1);
    }
    rows += batch.takeDays().length + batch.takeMonths().length;
  }
  const cpu = process.cpuUsage(cpu0);
  return { seconds: secs(started), cpu: (cpu.user + cpu.system) / 1e6, rows };
}

const read = await pass(false);
log(`rebuild phase, read the responses: ${read.seconds.toFixed(2)} s (node CPU ${read.cpu.toFixed(2)} s); load ${load()}`);
const built = await pass(true);
log(
  `rebuild phase, read + build ${built.rows} rows in TypeScript: ${built.seconds.toFixed(2)} s (node CPU ${built.cpu.toFixed(2)} s); load ${load()}`,
);
if (!values['no-rebuild']) {
  const cpu0 = process.cpuUsage();
  t0 = performance.now();
  await rebuildResults(db);
  const s = secs(t0);
  const cpu = process.cpuUsage(cpu0);
  log(
    `rebuildResults: ${s.toFixed(2)} s = ${(n / s).toFixed(0)} responses/s (node CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s; ` +
      `so writing ≈ ${(s - built.seconds).toFixed(2)} s); load ${load()}`,
  );
  await sql`vacuum analyze rollup_days`.execute(db);
  await sql`vacuum analyze rollup_months`.execute(db);
}

// Sizes.
const tables = (
  await sql<{ name: string }>`
    select c.relname as name from pg_class c join pg_namespace s on s.oid = c.relnamespace
    where s.nspname = 'public' and c.relkind = 'r' and (c.relname like 'rollup%' or c.relname = 'responses') order by 1`.execute(db)
).rows.map((r) => r.name);
let rollupBytes = 0;
let responseBytes = 0;
for (const t of tables) {
  const s = (
    await sql<{ total: string; rows: string; width: string }>`
      select pg_total_relation_size(${t}::regclass) as total, (select count(*) from ${sql.table(t)}) as rows,
             (select avg(pg_column_size(x.*))::int from ${sql.table(t)} x) as width`.execute(db)
  ).rows[0]!;
  if (t === 'responses') responseBytes = Number(s.total);
  else rollupBytes += Number(s.total);
  const cols = (
    await sql<{ column_name: string }>`
      select column_name from information_schema.columns
      where table_name = ${t} and data_type in ('ARRAY', 'jsonb', 'bytea')`.execute(db)
  ).rows.map((r) => r.column_name);
  const parts: string[] = [];
  for (const c of cols) {
    const w = (await sql<{ w: string }>`select avg(pg_column_size(${sql.ref(c)}))::int as w from ${sql.table(t)}`.execute(db)).rows[0]!.w;
    parts.push(`${c} ${w ?? 0} B`);
  }
  log(
    `${t}: ${(Number(s.total) / 1e6).toFixed(1)} MB, ${s.rows} rows, avg row ${s.width ?? 0} B${parts.length ? ` (${parts.join(', ')})` : ''}`,
  );
}
log(`rollups ÷ responses = ${(rollupBytes / responseBytes).toFixed(3)}`);
await close();
