// bench/submit: how many full SIPAS responses per second the real app accepts through
// POST /api/v1/responses, against the baseline of the same PostgreSQL server doing single-row
// INSERTs of an equivalent row with pgbench, measured in the same run; then proof that what was
// acknowledged is exactly what is stored.
//
//   node --import tsx bench/submit/run.ts [--seconds 20] [--clients 64] [--warmup 3]
//
// DATABASE_URL names the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres);
// a fresh database hailong_bench_<random> is created there and dropped at the end.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { connectPostgres } from '../../server/db/connection.ts';
import { migrate } from '../../server/db/migrator.ts';
import { insertAgency } from '../../server/db/queries/agencies.ts';
import { createApiToken } from '../../server/db/queries/api-tokens.ts';
import { insertCampaign } from '../../server/db/queries/campaigns.ts';
import { ensureBuiltInQuestionnaires, findQuestionnaireVersion } from '../../server/db/queries/questionnaires.ts';
import { insertServicePoint } from '../../server/db/queries/service-points.ts';
import { insertScript, runPgbench } from '../pgbench.ts';
import { percentile, replayAll, runLoad, type LoadResult } from './load.ts';
import { sipasAnswers } from './sipas.ts';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '20' },
    clients: { type: 'string', default: '64' },
    warmup: { type: 'string', default: '3' },
  },
});
const seconds = Number(values.seconds);
const clients = Number(values.clients);
const warmup = Number(values.warmup);
if (!(seconds > 0) || !(clients > 0 && Number.isInteger(clients)) || !(warmup >= 0)) {
  console.error('usage: node --import tsx bench/submit/run.ts [--seconds N] [--clients N] [--warmup N]');
  process.exit(2);
}
const serverUrl = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function setUp(url: string) {
  const database = await connectPostgres(url);
  try {
    await migrate(database);
    const { db } = database;
    await ensureBuiltInQuestionnaires(db);
    const province = await insertAgency(db, {
      code: 'BENCH',
      parentId: null,
      nameVi: 'Tỉnh Thử',
      nameEn: null,
      kind: 'province',
      validFrom: null,
      validTo: null,
    });
    const centre = await insertAgency(db, {
      code: 'BENCH-TTHC',
      parentId: province.id,
      nameVi: 'Trung tâm Phục vụ hành chính công',
      nameEn: null,
      kind: 'centre',
      validFrom: null,
      validTo: null,
    });
    const sp = await insertServicePoint(db, { code: 'BENCH-MC', agencyId: centre.id, nameVi: 'Bộ phận một cửa', nameEn: null });
    const version = (await findQuestionnaireVersion(db, 'sipas-2017', 1))!;
    // A campaign like the real ones, so that intake infers it on every submission as in production.
    await insertCampaign(db, {
      code: 'BENCH-SIPAS',
      nameVi: 'Đợt thử',
      nameEn: null,
      questionnaireVersionId: version.versionId,
      provinceId: province.id,
      startsOn: '2020-01-01',
      endsOn: null,
      channels: ['online', 'paper', 'api'],
      agencyIds: [province.id],
    });
    const { token } = await createApiToken(db, { name: 'bench', agencyId: province.id, scope: 'submit' });
    return { token, row: { versionId: version.versionId, agencyId: centre.id, servicePointId: sp.id, provinceId: province.id } };
  } finally {
    await database.close();
  }
}

type QueueStats = { batches: number; submissions: number; cpuMs: number };

function startApp(url: string, script = 'server.ts'): Promise<{ port: number; stop(): Promise<QueueStats | null> }> {
  // BENCH_CPU_PROF=DIR writes the app process's V8 CPU profile there (to see where its time goes).
  const profile = process.env['BENCH_CPU_PROF'] ? ['--cpu-prof', `--cpu-prof-dir=${process.env['BENCH_CPU_PROF']}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', join(here, script)], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening (\d+)/.exec(out);
      if (m) {
        resolve({
          port: Number(m[1]),
          stop: () =>
            new Promise((done) => {
              child.once('exit', () => {
                const stats = /stats (\{.*\})/.exec(out)?.[1];
                done(stats ? (JSON.parse(stats) as QueueStats) : null);
              });
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.once('exit', (code) => {
      if (!/listening/.test(out)) reject(new Error(`the app exited early (code ${code})`));
    });
  });
}

function runInsertBaseline(url: string, row: { versionId: number; agencyId: number; servicePointId: number; provinceId: number }) {
  // The same row the app writes (same columns, checks and indexes, same answers size), one INSERT
  // per transaction, committed — what a naive one-insert-per-request server would do.
  return runPgbench(url, {
    clients,
    seconds,
    script: insertScript('bench_responses', { ...row, channel: 'api' }, JSON.stringify(sipasAnswers(1))),
  });
}

async function check(url: string, acked: string[]): Promise<{ stored: number; lost: number; doubledAcks: number; unacknowledged: number }> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const rows = (await c.query<{ id: string }>('select id from responses')).rows;
    const stored = new Set(rows.map((r) => r.id));
    const ackedSet = new Set(acked);
    return {
      stored: rows.length,
      lost: [...ackedSet].filter((id) => !stored.has(id)).length,
      doubledAcks: acked.length - ackedSet.size,
      unacknowledged: rows.filter((r) => !ackedSet.has(r.id)).length,
    };
  } finally {
    await c.end();
  }
}

const name = `hailong_bench_${randomBytes(4).toString('hex')}`;
const u = new URL(serverUrl);
u.pathname = `/${name}`;
const url = u.toString();
await admin((c) => c.query(`create database ${name}`));
try {
  const { token, row } = await setUp(url);
  const app = await startApp(url);
  let warm: LoadResult | null = null;
  let load: LoadResult;
  let replays: Record<string, number>;
  let queue: QueueStats | null = null;
  const loadBefore = loadavg()[0]!;
  try {
    if (warmup > 0) warm = await runLoad({ port: app.port, token, servicePoint: 'BENCH-MC', clients, seconds: warmup, seedBase: 1 });
    load = await runLoad({ port: app.port, token, servicePoint: 'BENCH-MC', clients, seconds, seedBase: 10_000_000 });
    replays = await replayAll({ port: app.port, token, clients }, load.ackedBodies);
  } finally {
    queue = await app.stop();
  }

  const scratch = new pg.Client({ connectionString: url });
  await scratch.connect();
  await scratch.query('create table bench_responses (like responses including all)');
  const version = (await scratch.query<{ v: string }>(`select current_setting('server_version') as v`)).rows[0]!.v;
  const settings = (
    await scratch.query<{ name: string; setting: string }>(
      `select name, setting from pg_settings where name in ('synchronous_commit', 'fsync', 'commit_delay', 'max_connections', 'shared_buffers')`,
    )
  ).rows;
  await scratch.end();
  const bench = runInsertBaseline(url, row);

  // The same load against a route that does nothing but parse the body: the most any Node app
  // can accept on this machine with this load generator.
  const hello = await startApp(url, 'hello.ts');
  let ceiling: LoadResult;
  try {
    ceiling = await runLoad({ port: hello.port, token, servicePoint: 'BENCH-MC', clients, seconds, seedBase: 50_000_000 });
  } finally {
    await hello.stop();
  }
  const ceilingRate = ceiling.latenciesMs.length / ceiling.seconds;

  const acked = [...(warm?.created ?? []), ...load.created];
  const checked = await check(url, acked);

  const sorted = [...load.latenciesMs].sort((a, b) => a - b);
  const accepted = load.created.length / load.seconds;
  const ratio = accepted / bench.tps;
  const p50 = percentile(sorted, 50);
  const p99 = percentile(sorted, 99);
  const fmt = (n: number, d = 1) => n.toFixed(d);
  const lines = [
    `bench/submit — ${new Date().toISOString()}`,
    `machine: ${cpus().length} CPU (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM; PostgreSQL ${version} (${settings.map((s) => `${s.name}=${s.setting}`).join(', ')})`,
    `load average (1 min) before the run: ${loadBefore.toFixed(2)}, after: ${loadavg()[0]!.toFixed(2)} — other processes on the machine skew both figures`,
    `app: ${clients} clients, keep-alive, ${fmt(load.seconds)} s measured after ${warmup} s warm-up`,
    `  accepted (201):      ${load.created.length} = ${fmt(accepted, 0)} responses/s`,
    `  replays (200):       ${load.replayed} of ${load.replaysSent} sent during the run; replay pass after it: ${JSON.stringify(replays)}`,
    `  refused or failed:   ${JSON.stringify(load.refused)}`,
    `  group commit:        ${queue ? `${queue.submissions} submissions in ${queue.batches} transactions, ${(queue.submissions / Math.max(1, queue.batches)).toFixed(1)} per commit (whole run)` : 'unknown'}`,
    `  app process CPU:     ${queue ? `${fmt(queue.cpuMs / 1000)} s in all, ${fmt(queue.cpuMs / Math.max(1, acked.length + load.replaysSent + Object.values(replays).reduce((a, b) => a + b, 0)), 2)} ms per request served` : 'unknown'}`,
    `  latency:             p50 ${fmt(p50)} ms, p99 ${fmt(p99)} ms (all ${sorted.length} requests)`,
    `baseline: pgbench -M prepared, ${clients} clients, single-row INSERT of an equivalent row, ${seconds} s`,
    `  TPS:                 ${fmt(bench.tps, 0)} (latency average ${fmt(bench.latencyMs)} ms)`,
    `ceiling: a Fastify route that only parses the same body and answers 201, same clients and generator`,
    `  requests/s:          ${fmt(ceilingRate, 0)} = ${fmt(ceilingRate / bench.tps, 2)} × pgbench; the app reaches ${fmt((accepted + load.replayed / load.seconds) / ceilingRate, 2)} of this ceiling`,
    `ratio app/pgbench:     ${fmt(ratio, 2)}   (target ≥ 1.00: ${ratio >= 1 ? 'met' : 'NOT met'}; p99 target ≤ 50 ms: ${p99 <= 50 ? 'met' : 'NOT met'})`,
    `stored = acknowledged: ${checked.stored} rows for ${acked.length} acknowledgements (warm-up included); lost ${checked.lost}, duplicated ${checked.doubledAcks}, stored without acknowledgement ${checked.unacknowledged}`,
  ];
  console.log(lines.join('\n'));
  const failed =
    checked.lost > 0 || checked.doubledAcks > 0 || load.replayed !== load.replaysSent || Object.keys(replays).some((s) => s !== '200');
  if (failed) {
    console.error('FAILED: acknowledged and stored differ, or a replay was not answered 200');
    process.exitCode = 1;
  }
} finally {
  await admin((c) => c.query(`drop database if exists ${name} with (force)`));
}
