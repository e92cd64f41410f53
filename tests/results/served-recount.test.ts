// The response rate against a recount (invariant 4): on the demo province, for whole months, a part
// of a month held by day rows, a year, and a period cutting a month that only has a month row, the
// rate the pages, exports and API show equals responses recounted from raw rows (status valid, Viet
// Nam days) at the points whose people served a second implementation of the rule finds known,
// divided by those people served; the pages show the same figure.
import t from 'tap';
import { listChildren } from '../../server/db/queries/agencies.ts';
import type { Agency } from '../../server/db/schema.ts';
import { marginOfError } from '../../server/domain/response-rate.ts';
import { responseRates } from '../../server/results/served.ts';
import { buildTestApp } from '../helpers/app.ts';
import { reportable, vnDay } from '../helpers/recount.ts';
import { signIn } from '../helpers/staff.ts';

const { app, database, demo } = await buildTestApp({ demo: true });
t.teardown(() => app.close());
const db = database.db;
await app.results.flush();

const agencies = await db.selectFrom('agencies').selectAll().execute();
const pathOf = new Map(agencies.map((a) => [Number(a.id), a.path]));
const points = await db.selectFrom('service_points').select(['id', 'agency_id']).execute();
const pointPath = new Map(points.map((p) => [Number(p.id), pathOf.get(Number(p.agency_id))!]));
const served = (await db.selectFrom('served_counts').selectAll().execute()).map((r) => ({
  point: Number(r.service_point_id),
  kind: r.period_kind,
  start: typeof r.period_start === 'string' ? r.period_start : vnDay(r.period_start as unknown as Date),
  served: r.served,
}));
const raw = await reportable(db);
const versions = await db
  .selectFrom('questionnaire_versions as v')
  .innerJoin('questionnaires as q', 'q.id', 'v.questionnaire_id')
  .select(['v.id', 'q.id as qid', 'q.code'])
  .execute();

/** The rule again, written from docs/methodology.md without the server's code. */
function knownServed(point: number, from: string, to: string): number | null {
  let total = 0;
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  for (let y = fy, m = fm; `${y}-${String(m).padStart(2, '0')}` <= to.slice(0, 7); m === 12 ? ((m = 1), y++) : m++) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    const first = `${month}-01`;
    const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
    const monthRow = served.find((s) => s.point === point && s.kind === 'month' && s.start === first);
    if (first >= from && last <= to && monthRow) {
      total += monthRow.served;
      continue;
    }
    const days = served.filter(
      (s) => s.point === point && s.kind === 'day' && s.start.startsWith(month) && s.start >= from && s.start <= to,
    );
    if (days.length === 0) return null;
    total += days.reduce((n, s) => n + s.served, 0);
  }
  return total;
}

function recount(agency: Agency, questionnaireId: number, from: string, to: string) {
  const ids = new Set(versions.filter((v) => Number(v.qid) === questionnaireId).map((v) => Number(v.id)));
  const withCounts = [...new Set(served.map((s) => s.point))].filter((p) => pointPath.get(p)!.startsWith(agency.path));
  let people = 0;
  const known = new Set<number>();
  for (const p of withCounts) {
    const n = knownServed(p, from, to);
    if (n === null) continue;
    known.add(p);
    people += n;
  }
  if (known.size === 0) return null;
  const responses = raw.filter(
    (r) =>
      r.service_point_id !== null &&
      known.has(r.service_point_id) &&
      ids.has(r.questionnaire_version_id) &&
      pathOf.get(r.agency_id)!.startsWith(agency.path) &&
      vnDay(r.submitted_at) >= from &&
      vnDay(r.submitted_at) <= to,
  ).length;
  return { responses, served: people };
}

const province = agencies.find((a) => a.code === 'KHA')!;
const units = [province, ...(await listChildren(db, province.id))];
const questionnaires = [...new Map(versions.map((v) => [Number(v.qid), v.code])).entries()];
// DEMO_TEMPLATE's now is 20 November 2026: November is held by day rows up to the 19th.
const PERIODS: [string, string][] = [
  ['2026-10-01', '2026-10-31'],
  ['2026-01-01', '2026-10-31'],
  ['2026-11-01', '2026-11-19'],
  ['2026-11-03', '2026-11-10'],
  ['2026-10-10', '2026-11-19'],
];

t.ok(demo && served.length > 0, 'the demo has people served');
t.ok(served.some((s) => s.kind === 'day') && served.some((s) => s.kind === 'month'), 'both kinds of row');

t.test('every unit, questionnaire and period equals the recount', async (t) => {
  let compared = 0;
  let known = 0;
  for (const [questionnaireId, code] of questionnaires)
    for (const [from, to] of PERIODS) {
      const rates = await responseRates(db, units, { agencyId: province.id, questionnaireId, from, to });
      for (const u of units) {
        const want = recount(u, questionnaireId, from, to);
        const got = rates.get(u.id) ?? null;
        compared++;
        if (want === null) {
          t.equal(got, null, `${u.code} ${code} ${from}–${to}: no people served known`);
          continue;
        }
        known++;
        t.match(got, { responses: want.responses, served: want.served }, `${u.code} ${code} ${from}–${to}`);
        t.equal(got?.rate, want.served > 0 ? want.responses / want.served : null);
        t.equal(got?.margin, marginOfError(want.responses, want.served));
      }
    }
  t.ok(known > compared / 2, `${known} of ${compared} selections have a rate`);
});

t.test('the agency page and the overview show the recounted rate', async (t) => {
  const coordinator = demo!.accounts.find((a) => a.role === 'coordinator')!;
  const s = await signIn(app, coordinator.email, coordinator.password);
  const sipas = questionnaires.find(([, c]) => c === 'sipas-2017')![0];
  const want = recount(province, sipas, '2026-10-01', '2026-10-31')!;
  const rate = new Intl.NumberFormat('vi-VN', { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(
    want.responses / want.served,
  );
  const query = `period=month&month=2026-10&questionnaire=sipas-2017`;
  const page = await app.inject({ url: `/admin/results/agency/KHA?${query}`, cookies: s.cookies });
  t.equal(page.statusCode, 200);
  t.match(page.body, `data-value="response-rate">${rate}`);
  t.match(page.body, `data-value="served">${new Intl.NumberFormat('vi-VN').format(want.served)}`);
  const overview = await app.inject({ url: `/admin/results?agency=KHA&${query}`, cookies: s.cookies });
  t.equal(overview.statusCode, 200);
  const row = overview.body.slice(overview.body.indexOf('<tr data-rate-agency="KHA">'));
  t.match(row.slice(0, row.indexOf('</tr>')), `data-value="response-rate">${rate}`, 'the overview’s rates table, the province’s row');
});
