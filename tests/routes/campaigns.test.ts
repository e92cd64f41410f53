// The campaigns pages (issue 13, point 4): the list of the user's campaigns, create and change with
// 422 keeping the answers, the citizen's links, close; each write audited with before and after;
// CSRF, role and scope refused with nothing written; and `hailong campaign close` through the same
// use-case.
import { randomUUID } from 'node:crypto';
import t from 'tap';
import { runCli } from '../../server/cli/main.ts';
import { listAudit } from '../../server/db/queries/audit.ts';
import { insertCampaign } from '../../server/db/queries/campaigns.ts';
import { ensureBuiltInQuestionnaires, findQuestionnaireVersion } from '../../server/db/queries/questionnaires.ts';
import { insertResponses } from '../../server/db/queries/responses.ts';
import { insertServicePoint } from '../../server/db/queries/service-points.ts';
import { buildTestApp } from '../helpers/app.ts';
import { createUser, csrfFrom, signIn, staffTree, type StaffSession } from '../helpers/staff.ts';

const { app, database } = await buildTestApp();
t.teardown(() => app.close());
const db = database.db;
await ensureBuiltInQuestionnaires(db);
const tree = await staffTree(db);
const sipas = (await findQuestionnaireVersion(db, 'sipas-2017'))!;
const quick = (await findQuestionnaireVersion(db, 'counter-quick'))!;
await insertServicePoint(db, { code: 'SP-XA', agencyId: tree.c1.id, nameVi: 'Bộ phận một cửa Xã Một', nameEn: null });
await insertServicePoint(db, { code: 'SP-TINH', agencyId: tree.p1.id, nameVi: 'Trung tâm tỉnh', nameEn: null });
// A campaign over the whole province: above a department coordinator, so not theirs.
await insertCampaign(db, {
  code: 'P1-TOAN-TINH',
  nameVi: 'Toàn tỉnh',
  nameEn: null,
  questionnaireVersionId: sipas.versionId,
  provinceId: tree.p1.id,
  startsOn: '2026-01-01',
  endsOn: null,
  channels: ['online'],
  agencyIds: [tree.p1.id],
});

const coordinator = await createUser(db, { email: 'coordinator@snv.p1.gov.vn', role: 'coordinator', agencyId: tree.d1.id });
const manager = await createUser(db, { email: 'manager@snv.p1.gov.vn', role: 'manager', agencyId: tree.d1.id });
const s: StaffSession = await signIn(app, coordinator.email, coordinator.password);
const get = (url: string, lang = 'vi', session = s) => app.inject({ url, cookies: { ...session.cookies, lang } });
/** A form POST with repeated fields (checkbox lists), the session's CSRF token unless told otherwise. */
const post = (url: string, fields: [string, string][], opts: { csrf?: string | null; session?: StaffSession } = {}) => {
  const session = opts.session ?? s;
  const body = new URLSearchParams(fields);
  const csrf = opts.csrf === undefined ? session.csrf : opts.csrf;
  if (csrf !== null) body.set('_csrf', csrf);
  return app.inject({
    method: 'POST',
    url,
    cookies: session.cookies,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: body.toString(),
  });
};
const good = (over: Record<string, string | string[]> = {}): [string, string][] => {
  const fields: Record<string, string | string[]> = {
    code: 'P1-XA-2027',
    nameVi: 'Khảo sát Xã Một 2027',
    nameEn: 'Commune One survey 2027',
    versionId: String(sipas.versionId),
    agencyIds: [String(tree.c1.id)],
    channels: ['online', 'paper'],
    startsOn: '01/01/2027',
    endsOn: '31/12/2027',
    ...over,
  };
  return Object.entries(fields).flatMap(([k, v]) =>
    Array.isArray(v) ? v.map((x) => [k, x] as [string, string]) : [[k, v] as [string, string]],
  );
};
const auditCount = async () => (await listAudit(db, { limit: 1000 })).filter((a) => a.action.startsWith('campaign.')).length;
const campaignCount = async () => (await db.selectFrom('campaigns').select('id').execute()).length;

t.test('the menu and the list show the campaigns of the subtree only', async (t) => {
  const home = await get('/admin');
  t.match(home.body, /href="\/admin\/campaigns"/, 'in the coordinator’s menu');
  const managerSession = await signIn(app, manager.email, manager.password);
  t.notMatch((await get('/admin', 'vi', managerSession)).body, /href="\/admin\/campaigns"/, 'not in a manager’s');
  t.equal((await get('/admin/campaigns', 'vi', managerSession)).statusCode, 403, 'a manager is refused');
  const list = await get('/admin/campaigns');
  t.equal(list.statusCode, 200);
  t.notMatch(list.body, /P1-TOAN-TINH/, 'a campaign covering the province is above a department coordinator');
  t.match(list.body, /Chưa có đợt khảo sát nào/);
  const form = await get('/admin/campaigns/new');
  t.match(form.body, new RegExp(`name="agencyIds" value="${tree.c1.id}"`), 'their commune is offered');
  t.notMatch(form.body, new RegExp(`name="agencyIds" value="${tree.p1.id}"`), 'the province is not');
  t.notMatch(form.body, /Tỉnh Hai/, 'nor the other province');
  t.match(form.body, /Bộ câu hỏi khảo sát|SIPAS/i, 'the published questionnaires are offered');
});

t.test('a form with errors: 422, every error linked, the answers kept, nothing written', async (t) => {
  const before = await campaignCount();
  const res = await post(
    '/admin/campaigns',
    good({ code: 'có dấu', nameVi: '', channels: [], startsOn: '31/02/2027', endsOn: 'mai', nameEn: 'Kept <b>name</b>' }),
  );
  t.equal(res.statusCode, 422);
  for (const field of ['code', 'nameVi', 'channels', 'startsOn', 'endsOn'])
    t.match(res.body, new RegExp(`href="#${field}"`), `summary links ${field}`);
  t.match(res.body, /value="Kept &lt;b&gt;name&lt;\/b&gt;"/, 'the English name kept, escaped');
  t.match(res.body, new RegExp(`name="agencyIds" value="${tree.c1.id}" checked`), 'the agency kept');
  t.match(res.body, /value="có dấu"/, 'the code kept');
  const backwards = await post('/admin/campaigns', good({ startsOn: '01/06/2027', endsOn: '01/01/2027' }));
  t.equal(backwards.statusCode, 422);
  t.match(backwards.body, /Ngày kết thúc phải từ ngày bắt đầu trở đi/);
  const en = await app.inject({
    method: 'POST',
    url: '/admin/campaigns',
    cookies: { ...s.cookies, lang: 'en' },
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams([...good({ agencyIds: [] }), ['_csrf', s.csrf]]).toString(),
  });
  t.equal(en.statusCode, 422);
  t.match(en.body, /Choose at least one agency/);
  t.equal(await campaignCount(), before, 'nothing written');
});

let id = 0;
t.test('create: 303 to the campaign, its links, the audit entry', async (t) => {
  const res = await post('/admin/campaigns', good());
  t.equal(res.statusCode, 303);
  const m = /^\/admin\/campaigns\/(\d+)\?done=created$/.exec(String(res.headers.location));
  t.ok(m, 'to the new campaign');
  id = Number(m![1]);
  const row = await db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  t.match(row, {
    code: 'P1-XA-2027',
    name_vi: 'Khảo sát Xã Một 2027',
    province_id: tree.p1.id,
    starts_on: '2027-01-01',
    ends_on: '2027-12-31',
  });
  t.same([...row.channels].sort(), ['online', 'paper']);
  const covered = await db.selectFrom('campaign_agencies').select('agency_id').where('campaign_id', '=', id).execute();
  t.same(
    covered.map((c) => c.agency_id),
    [tree.c1.id],
  );
  const entry = (await listAudit(db, { action: 'campaign.add' }))[0]!;
  t.equal(entry.actor_user_id, coordinator.id);
  t.equal(entry.agency_id, tree.c1.id, 'audited under the agency covered, so the commune’s overseers see it');
  t.match(entry.details, { code: 'P1-XA-2027', after: { agencyIds: [tree.c1.id], startsOn: '2027-01-01' } });

  const page = await get(res.headers.location as string);
  t.equal(page.statusCode, 200);
  t.match(page.body, /Đã tạo đợt khảo sát P1-XA-2027/);
  t.match(page.body, /href="http:\/\/127\.0\.0\.1:3000\/c\/P1-XA-2027"/, 'the campaign link');
  t.match(page.body, /href="http:\/\/127\.0\.0\.1:3000\/s\/SP-XA"/, 'the covered service point’s link');
  t.match(page.body, /href="\/admin\/service-points\/SP-XA\/qr\.svg"/, 'with its QR code');
  t.notMatch(page.body, /SP-TINH/, 'a point outside the agencies covered is not listed');
  const list = await get('/admin/campaigns');
  t.match(list.body, new RegExp(`href="/admin/campaigns/${id}"`), 'listed');

  const again = await post('/admin/campaigns', good());
  t.equal(again.statusCode, 422, 'the same code twice');
  t.match(again.body, /Đã có một đợt khảo sát với mã này/);
});

t.test('refused: no CSRF token, a role without the permission, an agency outside the subtree', async (t) => {
  const before = { campaigns: await campaignCount(), audit: await auditCount() };
  t.equal((await post('/admin/campaigns', good({ code: 'NO-CSRF' }), { csrf: null })).statusCode, 403, 'no CSRF token');
  t.equal((await post('/admin/campaigns', good({ code: 'BAD-CSRF' }), { csrf: 'x'.repeat(43) })).statusCode, 403, 'a wrong one');
  const managerSession = await signIn(app, manager.email, manager.password);
  t.equal((await post('/admin/campaigns', good({ code: 'MANAGER' }), { session: managerSession })).statusCode, 403, 'a manager');
  t.equal((await post(`/admin/campaigns/${id}/close`, [], { session: managerSession })).statusCode, 403);
  const beside = await post('/admin/campaigns', good({ code: 'BESIDE', agencyIds: [String(tree.d2.id)] }));
  t.equal(beside.statusCode, 404, 'another province’s agency looks like none');
  t.notMatch(beside.body, /Tỉnh Hai|Sở Nội vụ Tỉnh Hai/);
  const above = await post('/admin/campaigns', good({ code: 'ABOVE', agencyIds: [String(tree.p1.id)] }));
  t.equal(above.statusCode, 404, 'the province above too');
  const theirs = (await db.selectFrom('campaigns').select('id').where('code', '=', 'P1-TOAN-TINH').executeTakeFirstOrThrow()).id;
  t.equal((await get(`/admin/campaigns/${theirs}`)).statusCode, 404, 'a campaign above cannot be opened');
  t.equal((await post(`/admin/campaigns/${theirs}/close`, [])).statusCode, 404, 'nor closed');
  t.equal((await post(`/admin/campaigns/${theirs}`, good())).statusCode, 404, 'nor changed');
  t.equal((await get('/admin/campaigns/99999999')).statusCode, 404);
  t.same({ campaigns: await campaignCount(), audit: await auditCount() }, before, 'nothing written');
  const stillOpen = await db.selectFrom('campaigns').select('status').where('id', '=', theirs).executeTakeFirstOrThrow();
  t.equal(stillOpen.status, 'open');
});

t.test('change: 422 keeping the answers, then saved with before and after; the version is fixed once answered', async (t) => {
  const bad = await post(`/admin/campaigns/${id}`, good({ nameVi: '   ', nameEn: 'Still here' }));
  t.equal(bad.statusCode, 422);
  t.match(bad.body, /value="Still here"/);
  t.match(bad.body, /href="#nameVi"/);
  const ok = await post(`/admin/campaigns/${id}`, good({ nameVi: 'Khảo sát Xã Một, năm 2027', channels: ['online', 'kiosk'], endsOn: '' }));
  t.equal(ok.statusCode, 303);
  t.equal(ok.headers.location, `/admin/campaigns/${id}?done=saved`);
  const row = await db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  t.equal(row.name_vi, 'Khảo sát Xã Một, năm 2027');
  t.equal(row.ends_on, null);
  const entry = (await listAudit(db, { action: 'campaign.change' }))[0]!;
  t.match(entry.details, {
    before: { nameVi: 'Khảo sát Xã Một 2027', endsOn: '2027-12-31' },
    after: { nameVi: 'Khảo sát Xã Một, năm 2027', endsOn: null },
  });

  // A version may still change while nothing was answered…
  t.equal((await post(`/admin/campaigns/${id}`, good({ versionId: String(quick.versionId) }))).statusCode, 303);
  await insertResponses(db, [
    {
      id: randomUUID(),
      questionnaireVersionId: quick.versionId,
      campaignId: id,
      agencyId: tree.c1.id,
      servicePointId: null,
      provinceId: tree.p1.id,
      channel: 'online',
      submittedAt: new Date('2027-01-02T03:00:00Z'),
      locale: 'vi',
      answers: { OVERALL: 4 },
      comment: null,
    },
  ]);
  // …not once answers were given to it (invariant 3).
  const fixed = await post(`/admin/campaigns/${id}`, good({ versionId: String(sipas.versionId) }));
  t.equal(fixed.statusCode, 422);
  t.match(fixed.body, /đã có phiếu trả lời nên giữ phiên bản/);
  t.equal(
    (await db.selectFrom('campaigns').select('questionnaire_version_id').where('id', '=', id).executeTakeFirstOrThrow())
      .questionnaire_version_id,
    quick.versionId,
  );
});

t.test('close: the link stops taking answers; a second close changes nothing', async (t) => {
  // Running now, on line: the citizen's link opens.
  await db
    .updateTable('campaigns')
    .set({ starts_on: '2020-01-01', ends_on: null, channels: ['online'] })
    .where('id', '=', id)
    .execute();
  const { forgetLookups } = await import('../../server/db/lookup-cache.ts');
  forgetLookups();
  t.equal((await app.inject({ url: '/c/P1-XA-2027' })).statusCode, 200, 'open before');
  const page = await get(`/admin/campaigns/${id}`);
  t.match(page.body, new RegExp(`action="/admin/campaigns/${id}/close"`));
  const res = await post(`/admin/campaigns/${id}/close`, []);
  t.equal(res.statusCode, 303);
  t.equal(res.headers.location, `/admin/campaigns/${id}?done=closed`);
  t.equal((await app.inject({ url: '/c/P1-XA-2027' })).statusCode, 410, 'the link says it ended');
  const entries = await listAudit(db, { action: 'campaign.close' });
  t.equal(entries.length, 1);
  t.match(entries[0]!.details, { before: { status: 'open' }, after: { status: 'closed' } });
  const second = await post(`/admin/campaigns/${id}/close`, []);
  t.equal(second.headers.location, `/admin/campaigns/${id}?done=already`);
  t.equal((await listAudit(db, { action: 'campaign.close' })).length, 1, 'no second entry');
  const en = await get(`/admin/campaigns/${id}?done=already`, 'en');
  t.match(en.body, /Campaign P1-XA-2027 was already closed/);
  t.match(en.body, /This campaign is closed/);
  t.notMatch(en.body, /action="\/admin\/campaigns\/\d+\/close"/, 'no close button any more');
});

t.test('`hailong campaign close` runs the same use-case, audited as cli', async (t) => {
  const out: string[] = [];
  const code = await runCli(['campaign', 'close', 'P1-TOAN-TINH'], { out: (s) => out.push(s), err: (s) => out.push(s) }, { database });
  t.equal(code, 0);
  t.match(out.join('\n'), /Đã kết thúc đợt P1-TOAN-TINH/);
  const entry = (await listAudit(db, { action: 'campaign.close' }))[0]!;
  t.equal(entry.actor_label, 'cli');
  t.equal(entry.agency_id, tree.p1.id);
  const missing = await runCli(['campaign', 'close', 'NONE'], { out: (s) => out.push(s), err: (s) => out.push(s) }, { database });
  t.equal(missing, 2);
  t.match(out.join('\n'), /Không có đợt khảo sát mã "NONE"/);
});
