// bench/export: the CSV export of a million responses against PostgreSQL's own
// `COPY (SELECT …) TO STDOUT` of the same rows and columns, measured in the same run on the same
// server; and the exporter's peak memory, measured in a process of its own.
//
//   node --import tsx bench/export/run.ts [--responses 1000000] [--agencies 1000] [--runs 2] [--fresh] [--xlsx]
//
// DATABASE_URL names the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres);
// psql must be on the PATH. The data lives in the database hailong_bench_export, kept between runs
// and reused when it was loaded with the same parameters (loading is the slow part); --fresh
// reloads it. It is made with bench/dashboard's province and generator, all SIPAS 2017.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { connectPostgres } from '../../server/db/connection.ts';
import { migrate } from '../../server/db/migrator.ts';
import { findQuestionnaireVersion } from '../../server/db/queries/questionnaires.ts';
import type { Database } from '../../server/db/schema.ts';
import { answerQuestions } from '../../server/domain/answers.ts';
import { load } from '../dashboard/load.ts';
import { createProvince, PROVINCE_CODE } from '../dashboard/tree.ts';

const { values } = parseArgs({
  options: {
    responses: { type: 'string', default: '1000000' },
    agencies: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '2' },
    seed: { type: 'string', default: 'bench-export' },
    fresh: { type: 'boolean', default: false },
    xlsx: { type: 'boolean', default: false },
  },
});
const params = {
  responses: Number(values.responses),
  agencies: Number(values.agencies),
  months: 24,
  sipasShare: 1,
  seed: values.seed!,
  // Bump when the generator or the tree changes, so that old data is not reused for new figures.
  generator: 1,
};
const runs = Number(values.runs);
if (
  !(Number.isInteger(params.responses) && params.responses > 0) ||
  !(Number.isInteger(params.agencies) && params.agencies >= 30) ||
  !(runs >= 1)
) {
  console.error('usage: node --import tsx bench/export/run.ts [--responses N] [--agencies N ≥ 30] [--runs N] [--fresh] [--xlsx]');
  process.exit(2);
}

const serverUrl = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const NAME = 'hailong_bench_export';
const benchUrl = (() => {
  const u = new URL(serverUrl);
  u.pathname = `/${NAME}`;
  return u.toString();
})();
const log = (line: string) => console.log(line);
const YEARS = ['2024', '2025'];
// Everything loaded: the whole province, both years.
const SELECTION = { agency: PROVINCE_CODE, from: '2024-01-01', to: '2025-12-31', questionnaire: 'sipas-2017' };

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function loadedWith(): Promise<unknown> {
  const exists = await admin((c) => c.query('select 1 from pg_database where datname = $1', [NAME]));
  if (exists.rowCount === 0) return null;
  const c = new pg.Client({ connectionString: benchUrl });
  await c.connect();
  try {
    const r = await c.query<{ params: unknown }>(`select params from bench_export_load where complete`).catch(() => null);
    return r?.rows[0]?.params ?? null;
  } finally {
    await c.end();
  }
}

async function prepare(): Promise<void> {
  const previous = values.fresh ? null : await loadedWith();
  // jsonb keeps its own key order: compare field by field.
  const same =
    previous !== null &&
    typeof previous === 'object' &&
    Object.entries(params).every(([k, v]) => (previous as Record<string, unknown>)[k] === v);
  if (same) {
    log(`reusing ${NAME} (same parameters)`);
    const database = await connectPostgres(benchUrl);
    try {
      await migrate(database);
    } finally {
      await database.close();
    }
    return;
  }
  log(`creating ${NAME}`);
  await admin(async (c) => {
    await c.query(`drop database if exists ${NAME} with (force)`);
    await c.query(`create database ${NAME}`);
  });
  const database = await connectPostgres(benchUrl);
  try {
    await migrate(database);
    const { db } = database;
    await sql`create table bench_export_load (params jsonb not null, complete boolean not null)`.execute(db);
    const province = await createProvince(db, params.agencies, YEARS, params.seed);
    log(`agency tree: ${province.agencyCount} agencies`);
    await load(
      db,
      benchUrl,
      {
        seed: params.seed,
        responses: params.responses,
        from: SELECTION.from,
        to: SELECTION.to,
        sipasShare: params.sipasShare,
        sipasVersionId: province.sipasVersionId,
        quickVersionId: province.quickVersionId,
        campaigns: province.campaigns,
        agencies: province.agencies,
      },
      log,
    );
    await sql`insert into bench_export_load (params, complete) values (${JSON.stringify(params)}::jsonb, true)`.execute(db);
  } finally {
    await database.close();
  }
}

interface ExportFigures {
  format: string;
  rows: number;
  bytes: number;
  ms: number;
  rssBefore: number;
  peakRss: number;
  sampledRss: number;
}

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));
const CAP_MB = 96;
const LIMIT = 256 * 2 ** 20;

/**
 * One export of the selection by the app's exporter, in a child process of its own, run as the
 * server runs (under tsx). `maxOldSpaceMb` caps V8's heap, to tell memory the export holds from
 * garbage V8 had no reason to collect yet.
 */
async function measureExport(
  format: 'csv' | 'xlsx' | 'pdf',
  opts: { responses?: boolean; maxOldSpaceMb?: number } = {},
): Promise<ExportFigures> {
  const args = [
    ...(opts.maxOldSpaceMb ? [`--max-old-space-size=${opts.maxOldSpaceMb}`] : []),
    '--import',
    'tsx',
    CHILD,
    format,
    benchUrl,
    JSON.stringify(SELECTION),
    ...(opts.responses ? ['responses'] : []),
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`the ${format} export exited ${code}`);
  return JSON.parse(out.trim().split('\n').at(-1)!) as ExportFigures;
}

/** The same rows and columns, in the same order, by the database itself (psql, COPY … TO STDOUT). */
async function copySelect(db: Kysely<Database>): Promise<string> {
  const root = await db.selectFrom('agencies').select('path').where('code', '=', SELECTION.agency).executeTakeFirstOrThrow();
  const sipas = (await findQuestionnaireVersion(db, SELECTION.questionnaire))!;
  const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
  const answers = answerQuestions(sipas.definition).map(
    (q) =>
      `${
        q.kind === 'multi'
          ? `nullif(array_to_string(array(select jsonb_array_elements_text(r.answers -> ${lit(q.code)})), ';'), '')`
          : `r.answers ->> ${lit(q.code)}`
      } as "${q.code}"`,
  );
  return `copy (
    select r.id, a.code as agency_code, a.name_vi as agency_name, sp.code as service_point, c.code as campaign,
           v.version as questionnaire_version, r.channel,
           to_char(r.submitted_at at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD"T"HH24:MI:SS"+07:00"') as submitted_at, r.locale,
           ${answers.join(', ')}, rc.body as comment
    from responses r
    join agencies a on a.id = r.agency_id
    join questionnaire_versions v on v.id = r.questionnaire_version_id
    left join service_points sp on sp.id = r.service_point_id
    left join campaigns c on c.id = r.campaign_id
    left join response_comments rc on rc.response_id = r.id
    where a.path like ${lit(`${root.path}%`)}
      and r.questionnaire_version_id = ${sipas.versionId}
      and r.submitted_at >= (date ${lit(SELECTION.from)})::timestamp at time zone 'Asia/Ho_Chi_Minh'
      and r.submitted_at < (date ${lit(SELECTION.to)} + 1)::timestamp at time zone 'Asia/Ho_Chi_Minh'
      and r.status = 'valid'
    order by r.submitted_at, r.id
  ) to stdout with (format csv, header)`;
}

async function measureCopy(statement: string): Promise<{ ms: number; bytes: number }> {
  const t0 = performance.now();
  const child = spawn('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', benchUrl, '-c', statement], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let bytes = 0;
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (bytes += c.length));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`psql exited ${code}: ${stderr}`);
  return { ms: performance.now() - t0, bytes };
}

const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;
const perSecond = (rows: number, ms: number) => Math.round(rows / (ms / 1000));

log(`load average (1 min) before: ${loadavg()[0]!.toFixed(2)}`);
await prepare();
const database = await connectPostgres(benchUrl);
try {
  const { db } = database;
  const version = (await sql<{ v: string }>`select version() as v`.execute(db)).rows[0]!.v;
  const count = await sql<{
    all: number;
    valid: number;
  }>`select count(*)::int as all, count(*) filter (where status = 'valid')::int as valid from responses`.execute(db);
  log(`machine: nproc ${cpus().length} (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM; ${version}`);
  log(`responses: ${count.rows[0]!.all.toLocaleString('en')} stored, ${count.rows[0]!.valid.toLocaleString('en')} reportable`);
  log(`selection: ${JSON.stringify(SELECTION)}`);
  const statement = await copySelect(db);

  const copies: { ms: number; bytes: number }[] = [];
  const csvs: ExportFigures[] = [];
  // Alternated, so that neither always runs on a cache the other warmed.
  for (let i = 0; i < runs; i++) {
    const c = await measureCopy(statement);
    copies.push(c);
    log(`  COPY (SELECT …) TO STDOUT: ${(c.ms / 1000).toFixed(2)} s, ${mb(c.bytes)}`);
    const e = await measureExport('csv');
    csvs.push(e);
    log(
      `  CSV exporter:              ${(e.ms / 1000).toFixed(2)} s, ${e.rows.toLocaleString('en')} rows, ${mb(e.bytes)}, peak RSS ${mb(e.peakRss)} (sampled ${mb(e.sampledRss)}, before the export ${mb(e.rssBefore)})`,
    );
  }
  const copy = copies.reduce((a, b) => (b.ms < a.ms ? b : a));
  const csv = csvs.reduce((a, b) => (b.ms < a.ms ? b : a));
  const peak = Math.max(...csvs.map((c) => c.peakRss));
  const before = Math.min(...csvs.map((c) => c.rssBefore));
  const ratio = copy.ms / csv.ms;
  const capped = await measureExport('csv', { maxOldSpaceMb: CAP_MB });
  log(
    `  CSV exporter, heap capped: ${(capped.ms / 1000).toFixed(2)} s, ${capped.rows.toLocaleString('en')} rows, peak RSS ${mb(capped.peakRss)} (before the export ${mb(capped.rssBefore)}; --max-old-space-size=${CAP_MB})`,
  );

  // ── XLSX hook (issue 6 point 6) ─────────────────────────────────────────────────────────────
  // The XLSX helper measures the workbook here, the same way: measureExport('xlsx', { responses:
  // true }) runs server/exports/xlsx.ts in its own process over the same selection (with the
  // raw-responses sheet) and returns its time and peak RSS; target: peak RSS ≤ 512 MB.
  let xlsx: ExportFigures | null = null;
  if (values.xlsx) {
    xlsx = await measureExport('xlsx', { responses: true });
    log(
      `  XLSX exporter:             ${(xlsx.ms / 1000).toFixed(2)} s, ${xlsx.rows.toLocaleString('en')} rows, ${mb(xlsx.bytes)}, peak RSS ${mb(xlsx.peakRss)}`,
    );
  }
  // ── end of the XLSX hook ────────────────────────────────────────────────────────────────────

  log('');
  log(
    `summary (best of ${runs}; targets: CSV ≥ 0.5× COPY's throughput, CSV peak RSS ≤ 256 MB${values.xlsx ? ', XLSX peak RSS ≤ 512 MB' : ''}):`,
  );
  log(`  COPY: ${(copy.ms / 1000).toFixed(2)} s = ${perSecond(csv.rows, copy.ms).toLocaleString('en')} rows/s (${mb(copy.bytes)})`);
  log(`  CSV:  ${(csv.ms / 1000).toFixed(2)} s = ${perSecond(csv.rows, csv.ms).toLocaleString('en')} rows/s (${mb(csv.bytes)})`);
  log(`  throughput CSV ÷ COPY = ${ratio.toFixed(2)}   ${ratio >= 0.5 ? 'met' : 'NOT met'}`);
  log(
    `  peak RSS, default heap: ${mb(peak)} (${mb(before)} before the first row: node, tsx, the modules)   ${peak <= LIMIT ? 'met' : 'NOT met'}`,
  );
  log(
    `  peak RSS, --max-old-space-size=${CAP_MB}: ${mb(capped.peakRss)} at ${(capped.ms / 1000).toFixed(2)} s   ${capped.peakRss <= LIMIT ? 'met' : 'NOT met'}`,
  );
  if (xlsx)
    log(`  XLSX: ${(xlsx.ms / 1000).toFixed(2)} s, peak RSS ${mb(xlsx.peakRss)}   ${xlsx.peakRss <= 512 * 2 ** 20 ? 'met' : 'NOT met'}`);
  // The same rows and header: the files differ only by the BOM, CRLF (one byte a line) and neutralised cells.
  log(`  bytes: CSV − COPY = ${(csv.bytes - copy.bytes).toLocaleString('en')} for ${(csv.rows + 1).toLocaleString('en')} lines`);
  log(`load average (1 min) after: ${loadavg()[0]!.toFixed(2)}`);
} finally {
  await database.close();
}
