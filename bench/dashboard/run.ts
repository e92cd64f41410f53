// bench/dashboard: how fast the results pages and API answer over a large province, against the
// baseline of computing the same figures by a full scan of raw responses, measured in the same run
// on the same PostgreSQL server.
//
//   node --import tsx bench/dashboard/run.ts [--responses 10000000] [--agencies 3000] [--months 24]
//        [--sipas-share 0.34] [--requests 50] [--warmup 5] [--scan-runs 2] [--fresh] [--load-only]
//
// DATABASE_URL names the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres).
// The data lives in the database hailong_bench_dashboard, kept between runs: a run with the same
// load parameters reuses it (loading takes long); other parameters or --fresh reload it.
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { connectPostgres } from '../../server/db/connection.ts';
import { findAgencyByCode } from '../../server/db/queries/agencies.ts';
import { setPublished } from '../../server/db/queries/publication.ts';
import { rebuildResults } from '../../server/db/queries/results-write.ts';
import type { Agency } from '../../server/db/schema.ts';
import { computeIndices, type Index } from '../../server/domain/indices.ts';
import {
  agencyResults,
  breakdown,
  expectations,
  heatMap,
  latestComments,
  overview,
  trend,
  type ResultsFilter,
} from '../../server/results/service.ts';
import { benchUrlOf, prepare, type LoadParams } from './database.ts';
import { closeClient, request, signIn, startApp } from './http.ts';
import { emptyCounts, scanCounts } from './scan.ts';
import { f1, machine, makeTimer, show as showTiming, type Timing } from './timing.ts';
import { LEVEL_ONE, PROVINCE_CODE, STAFF_EMAIL, STAFF_PASSWORD } from './tree.ts';

const { values } = parseArgs({
  options: {
    responses: { type: 'string', default: '10000000' },
    agencies: { type: 'string', default: '3000' },
    months: { type: 'string', default: '24' },
    'sipas-share': { type: 'string', default: '0.34' },
    requests: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '5' },
    'scan-runs': { type: 'string', default: '2' },
    seed: { type: 'string', default: 'bench-dashboard' },
    fresh: { type: 'boolean', default: false },
    'load-only': { type: 'boolean', default: false },
  },
});
const params: LoadParams = {
  responses: Number(values.responses),
  agencies: Number(values.agencies),
  months: Number(values.months),
  sipasShare: Number(values['sipas-share']),
  seed: values.seed!,
  generator: 1,
};
const requests = Number(values.requests);
const warmup = Number(values.warmup);
const scanRuns = Number(values['scan-runs']);
if (
  !(Number.isInteger(params.responses) && params.responses > 0) ||
  !(Number.isInteger(params.agencies) && params.agencies >= LEVEL_ONE) ||
  !(Number.isInteger(params.months) && params.months >= 24 && params.months % 12 === 0) ||
  !(params.sipasShare > 0 && params.sipasShare <= 1) ||
  !(requests > 0 && warmup >= 0 && scanRuns > 0)
) {
  console.error(
    'usage: node --import tsx bench/dashboard/run.ts [--responses N] [--agencies N ≥ 30] [--months 24|36|…] [--sipas-share 0–1] [--requests N] [--warmup N] [--scan-runs N] [--fresh] [--load-only]',
  );
  process.exit(2);
}

const serverUrl = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const benchUrl = benchUrlOf(serverUrl);
const log = (line: string) => console.log(line);

// The data covers whole calendar years ending with LAST_YEAR; the figures are for that year, with
// the year before as the overview's previous period.
const LAST_YEAR = 2025;
const years = Array.from({ length: params.months / 12 }, (_, i) => String(LAST_YEAR - params.months / 12 + 1 + i));
const year = { from: `${LAST_YEAR}-01-01`, to: `${LAST_YEAR}-12-31` };
const previousYear = { from: `${LAST_YEAR - 1}-01-01`, to: `${LAST_YEAR - 1}-12-31` };
// A period that does not start and end on month boundaries: its edges are read from the daily tables.
const ragged = { from: `${LAST_YEAR}-01-15`, to: `${LAST_YEAR}-12-20` };
const raggedBefore = { from: `${LAST_YEAR - 1}-01-26`, to: `${LAST_YEAR}-01-14` };

const time = makeTimer(warmup, requests);
const show = (t: Timing) => showTiming(t, requests);
const EXTRA_BUDGET_MS = 60_000;

function sameIndex(a: Index, b: Index): boolean {
  return a.code === b.code && a.share === b.share && a.n === b.n && a.noOpinion === b.noOpinion && a.blank === b.blank;
}

const stored = await prepare(serverUrl, params, { fresh: values.fresh!, years, lastYear: LAST_YEAR }, log);
if (values['load-only']) process.exit(0);

const database = await connectPostgres(benchUrl);
const { db } = database;
const out: string[] = [];
const say = (line: string) => {
  out.push(line);
  log(line);
};
try {
  const province = (await findAgencyByCode(db, PROVINCE_CODE))!;
  const department = (await findAgencyByCode(db, `${PROVINCE_CODE}-S01`))!;
  const sipas = (await sql<{ id: number }>`select id from questionnaires where code = 'sipas-2017'`.execute(db)).rows[0]!.id;
  const versions = (
    await sql<{
      id: number;
    }>`select v.id from questionnaire_versions v join questionnaires q on q.id = v.questionnaire_id where q.code = 'sipas-2017'`.execute(db)
  ).rows.map((r) => Number(r.id));
  const subtreeUnits = (
    await sql<{ n: number }>`select count(*)::int as n from agencies where path like ${department.path} || '%'`.execute(db)
  ).rows[0]!.n;
  const filter = (a: Agency, p: { from: string; to: string }, extra: Partial<ResultsFilter> = {}): ResultsFilter => ({
    agencyId: a.id,
    from: p.from,
    to: p.to,
    questionnaireId: sipas,
    ...extra,
  });

  say(`bench/dashboard — ${new Date().toISOString()}`);
  say(
    `data: ${stored.params.responses.toLocaleString('en')} responses (SIPAS share ${stored.params.sipasShare}, the rest counter-quick kiosk ratings) over ${stored.params.months} months ${years[0]}-01 … ${LAST_YEAR}-12, ${stored.agencyCount.toLocaleString('en')} agencies; loaded ${stored.loadedAt}`,
  );
  const t = stored.times;
  say(
    `load: generate + COPY ${f1(t.copySeconds)} s (${Math.round(stored.params.responses / t.copySeconds).toLocaleString('en')} rows/s), comments ${t.comments.toLocaleString('en')} in ${f1(t.commentsSeconds)} s, rebuildResults ${f1(t.rebuildSeconds)} s (${Math.round(stored.params.responses / t.rebuildSeconds).toLocaleString('en')} responses/s), vacuum analyze ${f1(t.vacuumSeconds)} s`,
  );
  for (const line of await machine(db)) say(line);
  say(
    `selection: sipas-2017, year ${LAST_YEAR} (previous ${LAST_YEAR - 1}); province ${PROVINCE_CODE} (${LEVEL_ONE} children); agency ${department.code} (${subtreeUnits} agencies in its subtree)`,
  );
  say(`load average (1 min) before timing: ${loadavg()[0]!.toFixed(2)}`);
  say(`timings: ${warmup} warm-up calls, then ${requests} timed calls one after another`);

  // Hello-world baselines: what any request costs before it reads a single count.
  const baselines = [await time('select 1 (round trip through the pool)', () => sql`select 1`.execute(db))];

  // The service the pages and the API call, in this process: figures even before the routes exist.
  const service: Timing[] = [];
  const svc = async (name: string, fn: () => Promise<unknown>, budgetMs = Infinity) => {
    const r = await time(name, fn, budgetMs);
    service.push(r);
    log(show(r));
  };
  log('service functions:');
  await svc(`overview(${PROVINCE_CODE}, year, previous year)`, () => overview(db, province, filter(province, year), previousYear));
  await svc(`agencyResults(${department.code}, year)`, () => agencyResults(db, department, filter(department, year)));
  await svc(`agencyResults(${PROVINCE_CODE}, year)`, () => agencyResults(db, province, filter(province, year)));
  // What the agency page asks the service for, all at once (server/routes/admin/results/agency-page.ts).
  const trendYear = { from: `${LAST_YEAR}-01-01`, to: year.to };
  const agencyPage = (a: Agency) =>
    Promise.all([
      agencyResults(db, a, filter(a, year)),
      trend(db, a, filter(a, trendYear)),
      breakdown(db, a, filter(a, year), 'channel'),
      breakdown(db, a, filter(a, year), 'servicePoint'),
      breakdown(db, a, filter(a, year), 'field'),
      heatMap(db, a, filter(a, year)),
      expectations(db, a, filter(a, year)),
      latestComments(db, a, filter(a, year), 20),
    ]);
  await svc(`agency page's calls together (${department.code}, year)`, () => agencyPage(department), EXTRA_BUDGET_MS);
  await svc(`trend(${department.code}, 12 months)`, () => trend(db, department, filter(department, trendYear)), EXTRA_BUDGET_MS);
  await svc(
    `breakdown(${department.code}, year, channel)`,
    () => breakdown(db, department, filter(department, year), 'channel'),
    EXTRA_BUDGET_MS,
  );
  await svc(
    `breakdown(${department.code}, year, servicePoint)`,
    () => breakdown(db, department, filter(department, year), 'servicePoint'),
    EXTRA_BUDGET_MS,
  );
  await svc(
    `breakdown(${department.code}, year, field)`,
    () => breakdown(db, department, filter(department, year), 'field'),
    EXTRA_BUDGET_MS,
  );
  await svc(`heatMap(${department.code}, year)`, () => heatMap(db, department, filter(department, year)), EXTRA_BUDGET_MS);
  await svc(`expectations(${department.code}, year)`, () => expectations(db, department, filter(department, year)), EXTRA_BUDGET_MS);
  await svc(
    `latestComments(${department.code}, year)`,
    () => latestComments(db, department, filter(department, year), 20),
    EXTRA_BUDGET_MS,
  );
  await svc(
    `agencyResults(${department.code}, ${ragged.from}…${ragged.to})`,
    () => agencyResults(db, department, filter(department, ragged)),
    EXTRA_BUDGET_MS,
  );
  await svc(
    `agencyResults(${department.code}, year, channel paper)`,
    () => agencyResults(db, department, filter(department, year, { channel: 'paper' })),
    EXTRA_BUDGET_MS,
  );
  await svc(
    `agencyResults(${PROVINCE_CODE}, year, channel paper)`,
    () => agencyResults(db, province, filter(province, year, { channel: 'paper' })),
    EXTRA_BUDGET_MS,
  );
  await svc(
    `overview(${PROVINCE_CODE}, ${ragged.from}…${ragged.to}, previous)`,
    () => overview(db, province, filter(province, ragged), raggedBefore),
    EXTRA_BUDGET_MS,
  );

  // The rebuild rate, in the same run: one province and one month recounted from raw responses
  // (its day and month rows replaced), as `hailong results rebuild --province BT --from … --to …`.
  const rebuildStart = performance.now();
  const rebuilt = await rebuildResults(db, { provinceId: province.id, from: `${LAST_YEAR}-06`, to: `${LAST_YEAR}-06` });
  const rebuildSeconds = (performance.now() - rebuildStart) / 1000;
  await sql`vacuum (analyze) rollup_days`.execute(db);
  await sql`vacuum (analyze) rollup_months`.execute(db);

  // The public page needs the province published.
  await setPublished(db, PROVINCE_CODE, true);

  // The routes, over HTTP against the app in its own process.
  const routeTimings: (Timing | { name: string; missing: string })[] = [];
  const app = await startApp(benchUrl);
  try {
    const has = (pattern: RegExp) => app.routes.some((r) => pattern.test(r));
    baselines.push(
      await time('GET /healthz (HTTP round trip + select 1)', async () => {
        const r = await request(app.port, 'GET', '/healthz');
        if (r.status !== 200) throw new Error(`/healthz answered ${r.status}`);
      }),
    );
    const cookie = await signIn(app.port, STAFF_EMAIL, STAFF_PASSWORD);
    const qs = (agency: string) => new URLSearchParams({ agency, from: year.from, to: year.to, questionnaire: 'sipas-2017' }).toString();
    const routes: { name: string; pattern: RegExp; path: string; headers: Record<string, string> }[] = [
      {
        name: 'GET /admin/results (overview)',
        pattern: /^GET \/admin\/results\/?$/,
        path: `/admin/results?${qs(PROVINCE_CODE)}`,
        headers: { cookie },
      },
      {
        // The page's own year selector: the previous period is then the whole year before, where
        // from/to make it the 365 days before (not month-aligned in a leap year).
        name: 'GET /admin/results?period=year (overview)',
        pattern: /^GET \/admin\/results\/?$/,
        path: `/admin/results?${new URLSearchParams({ agency: PROVINCE_CODE, period: 'year', year: String(LAST_YEAR), questionnaire: 'sipas-2017' })}`,
        headers: { cookie },
      },
      {
        name: `GET /admin/results/agency/${department.code}`,
        pattern: /^GET \/admin\/results\/agency\/:[^/]+$/,
        path: `/admin/results/agency/${department.code}?${new URLSearchParams({ from: year.from, to: year.to, questionnaire: 'sipas-2017' })}`,
        headers: { cookie },
      },
      {
        name: `GET /admin/results/agency/${PROVINCE_CODE}`,
        pattern: /^GET \/admin\/results\/agency\/:[^/]+$/,
        path: `/admin/results/agency/${PROVINCE_CODE}?${new URLSearchParams({ from: year.from, to: year.to, questionnaire: 'sipas-2017' })}`,
        headers: { cookie },
      },
      {
        name: `GET /admin/results/compare (${PROVINCE_CODE})`,
        pattern: /^GET \/admin\/results\/compare\/?$/,
        path: `/admin/results/compare?${qs(PROVINCE_CODE)}`,
        headers: { cookie },
      },
      {
        name: `GET /ket-qua/${PROVINCE_CODE} (public page)`,
        pattern: /^GET \/ket-qua\/:[^/]+$/,
        path: `/ket-qua/${PROVINCE_CODE}?nam=${LAST_YEAR}`,
        headers: {},
      },
      {
        name: `GET /api/v1/results (${PROVINCE_CODE})`,
        pattern: /^GET \/api\/v1\/results\/?$/,
        path: `/api/v1/results?${qs(PROVINCE_CODE)}`,
        headers: { authorization: `Bearer ${stored.token}` },
      },
      {
        name: `GET /api/v1/results (${department.code})`,
        pattern: /^GET \/api\/v1\/results\/?$/,
        path: `/api/v1/results?${qs(department.code)}`,
        headers: { authorization: `Bearer ${stored.token}` },
      },
    ];
    for (const r of routes) {
      if (!has(r.pattern)) {
        routeTimings.push({ name: r.name, missing: 'not in the route table yet' });
        continue;
      }
      const probe = await request(app.port, 'GET', r.path, r.headers);
      if (probe.status !== 200) {
        routeTimings.push({ name: r.name, missing: `answered ${probe.status}: ${probe.body.slice(0, 160).replace(/\s+/g, ' ')}` });
        continue;
      }
      routeTimings.push({
        ...(await time(r.name, async () => {
          const res = await request(app.port, 'GET', r.path, r.headers);
          if (res.status !== 200) throw new Error(`${r.path} answered ${res.status}`);
        })),
        note: `${(probe.body.length / 1024).toFixed(0)} KiB`,
      });
    }
  } finally {
    closeClient();
    await app.stop();
  }

  // The baseline: the same figures by a full scan of raw responses, and whether they agree.
  const scan = async (buckets: number[], periods: { key: string; from: string; to: string }[]) => {
    let best: Awaited<ReturnType<typeof scanCounts>> | null = null;
    const all: number[] = [];
    for (let i = 0; i < scanRuns; i++) {
      const r = await scanCounts(db, buckets, versions, periods);
      all.push(r.ms);
      if (!best || r.ms < best.ms) best = r;
    }
    return { ...best!, all };
  };
  const ov = await overview(db, province, filter(province, year), previousYear);
  const def = ov.questionnaire.definition;
  const rule = ov.questionnaire.rule;
  const overviewScan = await scan(
    [province.id, ...ov.rows.map((r) => r.agency.id)],
    [
      { key: 'current', ...year },
      { key: 'previous', ...previousYear },
    ],
  );
  const overviewAgrees = [ov.root, ...ov.rows].every((row) => {
    const c = overviewScan.counts.get(`${row.agency.id}:current`) ?? emptyCounts();
    return c.responses === row.responses && sameIndex(computeIndices(def, rule, c).overall, row.overall);
  });
  const agencyCheck = async (a: Agency) => {
    const s = await scan([a.id], [{ key: 'current', ...year }]);
    const res = await agencyResults(db, a, filter(a, year));
    const set = computeIndices(def, rule, s.counts.get(`${a.id}:current`) ?? emptyCounts());
    const agrees =
      res.responses === set.responses &&
      sameIndex(res.overall, set.overall) &&
      res.elements.every((e, i) => sameIndex(e, set.elements[i]!)) &&
      res.criteria.every((c, i) => sameIndex(c, set.criteria[i]!));
    return { ...s, agrees, responses: res.responses };
  };
  const departmentScan = await agencyCheck(department);
  const provinceScan = await agencyCheck(province);

  say('');
  say('baselines:');
  for (const b of baselines) say(show(b));
  say('service functions (in process, through the same pool):');
  for (const s of service) say(show(s));
  say('routes (HTTP, keep-alive, one request at a time):');
  for (const r of routeTimings) say('missing' in r ? `  ${r.name.padEnd(58)} MISSING: ${r.missing}` : show(r));
  say(`full scan of raw responses (best of ${scanRuns}; all: ms):`);
  say(
    `  overview: ${PROVINCE_CODE} + ${ov.rows.length} children, year and previous year   ${f1(overviewScan.ms)} ms  [${overviewScan.all.map(f1).join(', ')}]   figures agree with the service: ${overviewAgrees ? 'yes' : 'NO'}`,
  );
  say(
    `  agency:   ${department.code}, year (${departmentScan.responses.toLocaleString('en')} responses)            ${f1(departmentScan.ms)} ms  [${departmentScan.all.map(f1).join(', ')}]   figures agree: ${departmentScan.agrees ? 'yes' : 'NO'}`,
  );
  say(
    `  agency:   ${PROVINCE_CODE}, year (${provinceScan.responses.toLocaleString('en')} responses)             ${f1(provinceScan.ms)} ms  [${provinceScan.all.map(f1).join(', ')}]   figures agree: ${provinceScan.agrees ? 'yes' : 'NO'}`,
  );

  say('');
  say('summary (target: p95 ≤ 50 ms and scan ÷ p95 ≥ 100):');
  const verdictOf = (p95: number, scanMs: number) =>
    `${p95 <= 50 ? 'p95 met' : 'p95 NOT met'}, ${scanMs / p95 >= 100 ? 'ratio met' : 'ratio NOT met'}`;
  const line = (what: string, p95: number | null, scanMs: number) =>
    say(
      `  ${what.padEnd(58)} ${p95 === null ? 'no figure' : `p95 ${f1(p95).padStart(6)} ms   scan ${f1(scanMs).padStart(8)} ms   scan ÷ p95 = ${f1(scanMs / p95).padStart(6)}×   ${verdictOf(p95, scanMs)}`}`,
    );
  const route = (i: number) => {
    const r = routeTimings[i];
    return r && !('missing' in r) ? r.p95 : null;
  };
  line('overview page, from/to (route)', route(0), overviewScan.ms);
  line('overview page, period=year (route)', route(1), overviewScan.ms);
  line('agency page (route) vs the criteria scan', route(2), departmentScan.ms);
  line(`agency page ${PROVINCE_CODE} (route) vs the province scan`, route(3), provinceScan.ms);
  line(`compare page ${PROVINCE_CODE} (route) vs the overview scan`, route(4), overviewScan.ms);
  line(`public page ${PROVINCE_CODE} (route) vs the overview scan`, route(5), overviewScan.ms);
  line(`results API, ${PROVINCE_CODE} (route)`, route(6), provinceScan.ms);
  line(`results API, ${department.code} (route)`, route(7), departmentScan.ms);
  line('overview() (service)', service[0]!.p95, overviewScan.ms);
  line(`agencyResults(${department.code}) (service)`, service[1]!.p95, departmentScan.ms);
  line(`agencyResults(${PROVINCE_CODE}) (service)`, service[2]!.p95, provinceScan.ms);
  say(
    `rebuild of ${PROVINCE_CODE}, ${LAST_YEAR}-06: ${rebuilt.toLocaleString('en')} responses in ${f1(rebuildSeconds)} s = ${Math.round(rebuilt / rebuildSeconds).toLocaleString('en')} responses/s (target ≥ 30,000)`,
  );
  say(`load average (1 min) after: ${loadavg()[0]!.toFixed(2)}`);
  if (!overviewAgrees || !departmentScan.agrees || !provinceScan.agrees) {
    console.error('FAILED: the aggregates and the scan of raw responses disagree');
    process.exitCode = 1;
  }
} finally {
  await database.close();
}
