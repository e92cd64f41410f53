// Improvement plans over the demo province: a plan started from the agency page's weak index
// records the figure the results service computes (never one sent in the form), 422s keep what was
// typed, the update is audited with before and after, overdue plans are marked and counted, and
// a plan outside the subtree is a 404 for reading and for changing.
import t from 'tap';
import { findAgencyByCode } from '../../server/db/queries/agencies.ts';
import { listAudit } from '../../server/db/queries/audit.ts';
import { planCounts } from '../../server/db/queries/improvement-plans.ts';
import { createDemo } from '../../server/demo/create.ts';
import { formatPercent, localDay } from '../../server/i18n/format.ts';
import { resolveQuery, ResultsQuery } from '../../server/results/params.ts';
import { agencyResults } from '../../server/results/service.ts';
import { buildTestApp } from '../helpers/app.ts';
import { createUser, postForm, signIn, type StaffSession } from '../helpers/staff.ts';

const { app, database } = await buildTestApp();
t.teardown(() => app.close());
const db = database.db;
const demo = await createDemo(db, { responses: 1500, now: new Date('2026-11-20T03:00:00Z'), seed: 'plans' });
await app.results.flush();

const KHA = (await findAgencyByCode(db, 'KHA'))!;
const SXD = (await findAgencyByCode(db, 'KHA-SXD'))!;
const account = (role: string) => demo.accounts.find((a) => a.role === role)!;
const coordinator = await signIn(app, account('coordinator').email, account('coordinator').password);
const manager = await signIn(app, account('manager').email, account('manager').password);
const viewerUser = await createUser(db, { email: 'viewer@plans.gov.vn', role: 'viewer', agencyId: KHA.id });
const viewer = await signIn(app, viewerUser.email, viewerUser.password);

const get = (s: StaffSession, url: string) => app.inject({ url, cookies: s.cookies });
const SELECTION = { agency: 'KHA-SXD', period: 'year', year: '2026' };

async function expectedIndex(code: string) {
  const resolved = await resolveQuery(db, { agencyId: KHA.id, path: KHA.path }, ResultsQuery.parse(SELECTION));
  if (!resolved.ok) throw new Error('the selection does not resolve');
  const r = await agencyResults(db, SXD, resolved.filter);
  return [r.overall, ...r.elements, ...r.criteria].find((i) => i.code === code)!;
}

let planId = 0;

t.test('the agency page offers a plan for its indices to those who plan', async (t) => {
  const page = await get(manager, `/admin/results/agency/KHA-SXD?period=year&year=2026`);
  t.equal(page.statusCode, 200);
  t.match(page.body, /action="\/admin\/plans\/new"/);
  t.match(page.body, /<option value="E1\.1"/);
  const forViewer = await get(viewer, `/admin/results/agency/KHA-SXD?period=year&year=2026`);
  t.notMatch(forViewer.body, /action="\/admin\/plans\/new"/, 'a viewer makes no plans');
});

t.test('a plan from a weak criterion records the figure of the results service', async (t) => {
  const expected = await expectedIndex('E1.2');
  const form = await get(manager, `/admin/plans/new?${new URLSearchParams({ ...SELECTION, index: 'E1.2' })}`);
  t.equal(form.statusCode, 200);
  t.match(form.body, new RegExp(formatPercent(expected.share!, 'vi').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), 'the figure is shown');

  const bad = await postForm(app, '/admin/plans', manager.cookies, {
    _csrf: manager.csrf,
    ...SELECTION,
    index: 'E1.2',
    weakness: 'Trang thiết bị chưa đủ',
    measures: '',
    responsibleAgencyId: String(SXD.id),
    dueOn: '31/02/2027',
  });
  t.equal(bad.statusCode, 422);
  t.match(bad.body, /href="#measures"/);
  t.match(bad.body, /href="#dueOn"/);
  t.match(bad.body, /value="31\/02\/2027"/, 'what was typed is kept');

  const outside = await postForm(app, '/admin/plans', manager.cookies, {
    _csrf: manager.csrf,
    ...SELECTION,
    index: 'E1.2',
    weakness: 'x',
    measures: 'y',
    responsibleAgencyId: String(KHA.id),
    dueOn: '30/06/2027',
  });
  t.equal(outside.statusCode, 404, 'a responsible agency above the manager is a 404');

  const ok = await postForm(app, '/admin/plans', manager.cookies, {
    _csrf: manager.csrf,
    ...SELECTION,
    index: 'E1.2',
    // A figure sent with the form is not read: the plan takes the service's.
    share: '0.99',
    weakness: 'Trang thiết bị tại bộ phận một cửa chưa đầy đủ',
    measures: 'Bổ sung máy tra cứu và ghế chờ trong quý 1',
    responsibleAgencyId: String(SXD.id),
    dueOn: '31/03/2026',
  });
  t.equal(ok.statusCode, 303);
  const m = /^\/admin\/plans\/(\d+)\?done=created$/.exec(ok.headers.location as string);
  t.ok(m, 'to the new plan');
  planId = Number(m![1]);
  const row = await db.selectFrom('improvement_plans').selectAll().where('id', '=', planId).executeTakeFirstOrThrow();
  t.same(
    [Number(row.share), Number(row.n), row.index_code, row.period_from, row.period_to, row.due_on, row.status],
    [expected.share, expected.n, 'E1.2', '2026-01-01', '2026-12-31', '2026-03-31', 'planned'],
  );
  const audit = (await listAudit(db, { action: 'plan.create', limit: 1 }))[0]!;
  t.equal((audit.details as { planId: number }).planId, planId);
});

t.test('the list marks overdue plans; the home counts them', async (t) => {
  const list = await get(manager, '/admin/plans');
  t.equal(list.statusCode, 200);
  t.match(list.body, new RegExp(`data-id="${planId}"`));
  t.match(list.body, /Quá hạn \(hạn 31\/03\/2026\)/);
  t.same(await planCounts(db, SXD.path, localDay(new Date())), { open: 1, overdue: 1 });
  t.equal((await get(viewer, '/admin/plans')).statusCode, 200, 'a viewer reads the plans');
  t.equal((await get(viewer, `/admin/plans/${planId}`)).statusCode, 200);
  t.notMatch((await get(viewer, `/admin/plans/${planId}`)).body, /name="measures"/, 'without the update form');
});

t.test('updating a plan: done needs its outcome; audited with before and after', async (t) => {
  const needOutcome = await postForm(app, `/admin/plans/${planId}`, coordinator.cookies, {
    _csrf: coordinator.csrf,
    status: 'done',
    measures: 'Bổ sung máy tra cứu và ghế chờ trong quý 1',
    responsibleAgencyId: String(SXD.id),
    dueOn: '31/03/2026',
    outcome: '',
  });
  t.equal(needOutcome.statusCode, 422);
  t.match(needOutcome.body, /href="#outcome"/);
  const ok = await postForm(app, `/admin/plans/${planId}`, coordinator.cookies, {
    _csrf: coordinator.csrf,
    status: 'done',
    measures: 'Bổ sung máy tra cứu và ghế chờ trong quý 1',
    responsibleAgencyId: String(SXD.id),
    dueOn: '31/03/2026',
    outcome: 'Đã lắp 2 máy tra cứu, 20 ghế chờ.',
  });
  t.equal(ok.statusCode, 303);
  const entry = (await listAudit(db, { action: 'plan.update', limit: 1 }))[0]!;
  t.same(entry.details, {
    planId,
    changed: ['status', 'outcome'],
    before: { status: 'planned', outcome: null },
    after: { status: 'done', outcome: 'Đã lắp 2 máy tra cứu, 20 ghế chờ.' },
  });
  t.same(await planCounts(db, SXD.path, localDay(new Date())), { open: 0, overdue: 0 });
});

t.test('scope: a plan of another subtree is a 404', async (t) => {
  const other =
    (await findAgencyByCode(db, 'KHA-STC')) ??
    (await db
      .selectFrom('agencies')
      .selectAll()
      .where('path', 'not like', `${SXD.path}%`)
      .where('depth', '=', 1)
      .executeTakeFirstOrThrow());
  const made = await postForm(app, '/admin/plans', coordinator.cookies, {
    _csrf: coordinator.csrf,
    agency: other.code,
    period: 'year',
    year: '2026',
    index: 'overall',
    weakness: 'Chỉ số chung thấp',
    measures: 'Rà soát quy trình',
    responsibleAgencyId: String(other.id),
    dueOn: '31/12/2026',
  });
  t.equal(made.statusCode, 303);
  const otherId = Number(/(\d+)/.exec(made.headers.location as string)![1]);
  t.equal((await get(manager, `/admin/plans/${otherId}`)).statusCode, 404);
  const refused = await postForm(app, `/admin/plans/${otherId}`, manager.cookies, {
    _csrf: manager.csrf,
    status: 'cancelled',
    measures: 'x',
    responsibleAgencyId: String(SXD.id),
    dueOn: '31/12/2026',
    outcome: '',
  });
  t.equal(refused.statusCode, 404);
  t.notMatch((await get(manager, '/admin/plans?status=all')).body, new RegExp(`data-id="${otherId}"`));
  t.equal((await get(manager, `/admin/plans/new?agency=${other.code}&index=overall&period=year&year=2026`)).statusCode, 404);
  t.equal((await get(manager, '/admin/plans/new')).statusCode, 200, 'without a weakness named: the chooser');
  t.equal((await get(manager, '/admin/plans/new?agency=KHA-SXD&index=ZZ9&period=year&year=2026')).statusCode, 422);
});
