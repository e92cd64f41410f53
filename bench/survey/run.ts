// bench/survey: what the online survey's pages cost to serve. GET of the intro (/s/{code}) and of a
// question page (/s/{code}/p/1, with a draft under way) on the real app, against a Fastify route
// answering a fixed page of the same size (bench/survey/fixed.ts), measured in the same run; then
// complete online respondents (intro, start, ten pages read and answered, review, send, thank-you)
// per second, against pgbench's single-row INSERT of a response row in the same run.
//
//   node --import tsx bench/survey/run.ts [--seconds 15] [--clients 32] [--warmup 3]
//
// DATABASE_URL names the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres);
// a fresh database hailong_bench_<random> is created there and dropped at the end.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { connectPostgres } from '../../server/db/connection.ts';
import { migrate } from '../../server/db/migrator.ts';
import { insertAgency } from '../../server/db/queries/agencies.ts';
import { insertCampaign } from '../../server/db/queries/campaigns.ts';
import { ensureBuiltInQuestionnaires, findQuestionnaireVersion } from '../../server/db/queries/questionnaires.ts';
import { insertServicePoint } from '../../server/db/queries/service-points.ts';
import { insertScript, runPgbench } from '../pgbench.ts';
import { RawClient } from '../submit/raw-client.ts';
import { sipasAnswers } from '../submit/sipas.ts';
import { flowLoad, getLoad, summary, walk, type GetLoad } from './load.ts';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '15' },
    clients: { type: 'string', default: '32' },
    warmup: { type: 'string', default: '3' },
  },
});
const seconds = Number(values.seconds);
const clients = Number(values.clients);
const warmup = Number(values.warmup);
if (!(seconds > 0) || !(clients > 0 && Number.isInteger(clients)) || !(warmup >= 0)) {
  console.error('usage: node --import tsx bench/survey/run.ts [--seconds N] [--clients N] [--warmup N]');
  process.exit(2);
}
const serverUrl = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const CODE = 'KHA-TTPVHCC-Q01';
const BASE = `/s/${CODE}`;

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A province, its service centre with the counter of the issue's example, an open online SIPAS campaign. */
async function setUp(url: string) {
  const database = await connectPostgres(url);
  try {
    await migrate(database);
    const { db } = database;
    await ensureBuiltInQuestionnaires(db);
    const agency = (code: string, parentId: number | null, nameVi: string, kind: 'province' | 'centre') =>
      insertAgency(db, { code, parentId, nameVi, nameEn: null, kind, validFrom: null, validTo: null });
    const province = await agency('KHA', null, 'Tỉnh Khánh Hòa', 'province');
    const centre = await agency('KHA-TTPVHCC', province.id, 'Trung tâm Phục vụ hành chính công tỉnh', 'centre');
    const sp = await insertServicePoint(db, { code: CODE, agencyId: centre.id, nameVi: 'Quầy số 1', nameEn: 'Counter 1' });
    const version = (await findQuestionnaireVersion(db, 'sipas-2017', 1))!;
    await insertCampaign(db, {
      code: 'KHA-SIPAS',
      nameVi: 'Khảo sát SIPAS',
      nameEn: null,
      questionnaireVersionId: version.versionId,
      provinceId: province.id,
      startsOn: '2020-01-01',
      endsOn: null,
      channels: ['online', 'paper'],
      agencyIds: [province.id],
    });
    return { versionId: version.versionId, agencyId: centre.id, servicePointId: sp.id, provinceId: province.id };
  } finally {
    await database.close();
  }
}

interface Child {
  port: number;
  /** CPU the process has used so far, user and system, in milliseconds (from /proc). */
  cpuMs(): number;
  stop(): Promise<void>;
}

const TICK_MS = 1000 / 100; // USER_HZ on Linux

function cpuOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime: fields 14 and 15 of stat, 12 and 13 after the command's closing parenthesis.
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

/** Runs `measure` and says how much CPU `child` spent meanwhile, per request served. */
async function withCpu<T extends { requests: number }>(child: Child, measure: () => Promise<T>): Promise<T & { cpuPerRequestMs: number }> {
  const before = child.cpuMs();
  const r = await measure();
  return { ...r, cpuPerRequestMs: (child.cpuMs() - before) / Math.max(1, r.requests) };
}

function start(script: string, args: string[], env: Record<string, string>): Promise<Child> {
  // BENCH_CPU_PROF=DIR writes each process's V8 CPU profile there (to see where its time goes).
  const profile = process.env['BENCH_CPU_PROF'] ? ['--cpu-prof', `--cpu-prof-dir=${process.env['BENCH_CPU_PROF']}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', script, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening (\d+)/.exec(out);
      if (m)
        resolve({
          port: Number(m[1]),
          cpuMs: () => cpuOf(child.pid!),
          stop: () =>
            new Promise((done) => {
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
    });
    child.once('exit', (code) => {
      if (!/listening/.test(out)) reject(new Error(`${script} exited early (code ${code})`));
    });
  });
}

const name = `hailong_bench_${randomBytes(4).toString('hex')}`;
const u = new URL(serverUrl);
u.pathname = `/${name}`;
const url = u.toString();
await admin((c) => c.query(`create database ${name}`));
try {
  const row = await setUp(url);
  const loadBefore = loadavg()[0]!;
  const app = await start(join(here, '..', 'submit', 'server.ts'), [], { DATABASE_URL: url, BENCH_TRUST_PROXY: '1' });
  type Measured = GetLoad & { cpuPerRequestMs: number };
  let intro: Measured, page: Measured, introBytes: number, pageBytes: number;
  let flows: Awaited<ReturnType<typeof flowLoad>> & { cpuPerRequestMs: number };
  try {
    // One connection per phone; each has walked to the start once, so it holds a draft and cookies.
    const phones = await Promise.all(
      Array.from({ length: clients }, async (_, i) => {
        const c = new RawClient(app.port);
        try {
          return await walk(c, BASE, `192.0.2.${i + 1}`, [], true);
        } finally {
          c.close();
        }
      }),
    );
    // The intro as a phone that has just scanned the QR code asks for it: no cookie yet (so each
    // answer also sets the CSRF seed). A question page with the draft's cookies, as on the way.
    const newcomers = phones.map((_, i) => `X-Forwarded-For: 198.18.0.${i + 1}\r\n`);
    const underway = phones.map((p, i) => `X-Forwarded-For: 192.0.2.${i + 1}\r\n${p.jar.header()}`);
    const sample = new RawClient(app.port);
    introBytes = Buffer.byteLength((await sample.get(BASE, newcomers[0])).body);
    pageBytes = Buffer.byteLength((await sample.get(phones[0]!.firstPage, underway[0])).body);
    sample.close();
    if (warmup > 0) {
      await getLoad({ port: app.port, path: BASE, headers: newcomers, seconds: warmup });
      await getLoad({ port: app.port, path: phones[0]!.firstPage, headers: underway, seconds: warmup });
      await flowLoad({ port: app.port, base: BASE, clients, seconds: warmup, firstAddress: 1 });
    }
    intro = await withCpu(app, () => getLoad({ port: app.port, path: BASE, headers: newcomers, seconds }));
    page = await withCpu(app, () => getLoad({ port: app.port, path: phones[0]!.firstPage, headers: underway, seconds }));
    flows = await withCpu(app, () => flowLoad({ port: app.port, base: BASE, clients, seconds, firstAddress: 1_000_000 }));
  } finally {
    await app.stop();
  }

  const fixed = await start(join(here, 'fixed.ts'), [JSON.stringify({ intro: introBytes, page: pageBytes })], {});
  let fixedIntro: Measured, fixedPage: Measured;
  try {
    const plain = Array.from({ length: clients }, () => '');
    if (warmup > 0) await getLoad({ port: fixed.port, path: '/fixed/intro', headers: plain, seconds: warmup });
    fixedIntro = await withCpu(fixed, () => getLoad({ port: fixed.port, path: '/fixed/intro', headers: plain, seconds }));
    fixedPage = await withCpu(fixed, () => getLoad({ port: fixed.port, path: '/fixed/page', headers: plain, seconds }));
  } finally {
    await fixed.stop();
  }

  const scratch = new pg.Client({ connectionString: url });
  await scratch.connect();
  await scratch.query('create table bench_responses (like responses including all)');
  const version = (await scratch.query<{ v: string }>(`select current_setting('server_version') as v`)).rows[0]!.v;
  const stored = (await scratch.query<{ n: number }>(`select count(*)::int as n from responses where channel = 'online'`)).rows[0]!.n;
  await scratch.end();
  const bench = runPgbench(url, {
    clients,
    seconds,
    script: insertScript('bench_responses', { ...row, channel: 'online' }, JSON.stringify(sipasAnswers(1))),
  });

  const fmt = (n: number, d = 1) => n.toFixed(d);
  const line = (what: string, l: Measured, base?: Measured) => {
    const s = summary(l);
    const ratio = base
      ? ` = ${fmt(s.perSecond / summary(base).perSecond, 3)} × the fixed page (CPU: ${fmt(base.cpuPerRequestMs / l.cpuPerRequestMs, 3)} ×)`
      : '';
    const failed = Object.keys(l.failed).length ? `; not 200: ${JSON.stringify(l.failed)}` : '';
    return `  ${what.padEnd(38)} ${fmt(s.perSecond, 0).padStart(6)} req/s, p50 ${fmt(s.p50)} ms, p99 ${fmt(s.p99)} ms, CPU ${fmt(l.cpuPerRequestMs, 3)} ms/request${ratio}${failed}`;
  };
  const introRatio = summary(intro).perSecond / summary(fixedIntro).perSecond;
  const pageRatio = summary(page).perSecond / summary(fixedPage).perSecond;
  const flowRate = flows.flows / flows.seconds;
  const flowSorted = [...flows.latenciesMs].sort((a, b) => a - b);
  const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
  console.log(
    [
      `bench/survey — ${new Date().toISOString()}`,
      `machine: ${cpus().length} CPU (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM; PostgreSQL ${version}`,
      `load average (1 min) before the run: ${loadBefore.toFixed(2)}, after: ${loadavg()[0]!.toFixed(2)} — other processes on the machine skew both figures`,
      `${clients} keep-alive connections, ${seconds} s each measure after ${warmup} s warm-up; pages: intro ${introBytes} B, page 1 ${pageBytes} B`,
      line(`GET ${BASE}`, intro, fixedIntro),
      line(`GET ${BASE}/p/1 (a draft under way)`, page, fixedPage),
      line('baseline: fixed page, intro size', fixedIntro),
      line('baseline: fixed page, page 1 size', fixedPage),
      `  complete respondents:                  ${flows.flows} in ${fmt(flows.seconds)} s = ${fmt(flowRate, 1)}/s (${flows.requests} requests, app CPU ${fmt(flows.cpuPerRequestMs, 2)} ms/request, p50 ${fmt(flowSorted[Math.floor(flowSorted.length / 2)] ?? NaN)} ms, p99 ${fmt(flowSorted[Math.ceil(flowSorted.length * 0.99) - 1] ?? NaN)} ms)${Object.keys(flows.failed).length ? `; failed: ${JSON.stringify(flows.failed)}` : ''}`,
      `  responses stored by the walks:         ${stored} (warm-up included)`,
      `baseline: pgbench -M prepared, ${clients} clients, single-row INSERT of a response row, ${seconds} s: ${fmt(bench.tps, 0)} TPS`,
      `  respondents ÷ pgbench INSERTs:         ${fmt(flowRate / bench.tps, 4)}`,
      `targets: intro ${fmt(introRatio, 3)} × (≥ 0.1: ${met(introRatio >= 0.1)}), page ${fmt(pageRatio, 3)} × (≥ 0.1: ${met(pageRatio >= 0.1)}); p99 ≤ 50 ms: intro ${met(summary(intro).p99 <= 50)}, page ${met(summary(page).p99 <= 50)}`,
    ].join('\n'),
  );
} finally {
  await admin((c) => c.query(`drop database if exists ${name} with (force)`));
}
