// The targets page: the list of the user's subtree for anyone who reads results, adding (checked on
// the server, 422 with a summary linking to the fields and the answers kept) and deleting after a
// confirmation for those who manage targets — each form with its CSRF token, in Vietnamese and
// English, audited, and nothing outside the user's subtree.
import t from 'tap';
import { listAudit } from '../../server/db/queries/audit.ts';
import { ensureBuiltInQuestionnaires } from '../../server/db/queries/questionnaires.ts';
import { insertTargets } from '../../server/db/queries/targets.ts';
import { buildTestApp } from '../helpers/app.ts';
import { createUser, csrfFrom, postForm, signIn, staffTree, type StaffSession } from '../helpers/staff.ts';

const { app, database } = await buildTestApp();
t.teardown(() => app.close());
const db = database.db;
await ensureBuiltInQuestionnaires(db);
const tree = await staffTree(db);
const sipas = (await db.selectFrom('questionnaires').select('id').where('code', '=', 'sipas-2017').executeTakeFirstOrThrow()).id;

async function session(role: 'coordinator' | 'manager' | 'viewer', agencyId: number, email: string): Promise<StaffSession> {
  const u = await createUser(db, { email, role, agencyId });
  return signIn(app, u.email, u.password);
}
const coordinator = await session('coordinator', tree.d1.id, 'coordinator@snv.p1.gov.vn');
const manager = await session('manager', tree.d1.id, 'manager@snv.p1.gov.vn');
const viewer = await session('viewer', tree.c1.id, 'viewer@xa.p1.gov.vn');

const get = (url: string, s: StaffSession, headers: Record<string, string> = {}) => app.inject({ url, cookies: s.cookies, headers });
const post = (url: string, s: StaffSession, fields: Record<string, string>) => postForm(app, url, s.cookies, { _csrf: s.csrf, ...fields });
const valid = {
  agencyId: String(tree.c1.id),
  questionnaireId: String(sipas),
  periodKind: 'year',
  year: '2026',
  periodFrom: '',
  periodTo: '',
  indexCode: 'E1',
  comparator: '>=',
  threshold: '82,5',
};
const count = async () => (await db.selectFrom('targets').select('id').execute()).length;

const base = {
  questionnaireId: null,
  periodFrom: '2026-01-01',
  periodTo: '2026-12-31',
  indexCode: 'overall',
  comparator: '>' as const,
  threshold: 0.8,
};
const [above, inDept, beside] = await insertTargets(db, [
  { ...base, agencyId: tree.p1.id, threshold: 0.75 },
  {
    ...base,
    agencyId: tree.d1.id,
    questionnaireId: sipas,
    periodFrom: '2026-01-01',
    periodTo: '2026-06-30',
    comparator: '>=',
    threshold: 0.85,
  },
  { ...base, agencyId: tree.d2.id, threshold: 0.7 },
]);

t.test('the list: the subtree only, comparators in words, managing only for those allowed', async (t) => {
  const page = await get('/admin/targets', coordinator);
  t.equal(page.statusCode, 200);
  t.match(page.body, '<h1>Chỉ tiêu</h1>');
  t.match(page.body, `id="target-${inDept!.id}"`);
  t.match(page.body, 'Sở Nội vụ Tỉnh Một');
  t.match(page.body, '≥ 85%');
  t.match(page.body, 'từ 85% trở lên');
  t.match(page.body, '01/01/2026 – 30/06/2026', 'a period that is not a whole year shows its days');
  t.notMatch(page.body, `id="target-${above!.id}"`, 'not the province’s target above the user');
  t.notMatch(page.body, 'Tỉnh Hai', 'nor anything beside');
  t.match(page.body, 'href="/admin/targets/new"');
  t.match(page.body, `href="/admin/targets/${inDept!.id}/delete"`);

  const english = await get('/admin/targets', coordinator, { cookie: 'lang=en' });
  t.match(english.body, '<h1>Targets</h1>');
  t.match(english.body, 'at least 85%');

  const read = await get('/admin/targets', manager);
  t.equal(read.statusCode, 200, 'a manager reads the targets');
  t.match(read.body, '≥ 85%');
  t.notMatch(read.body, 'href="/admin/targets/new"', 'but gets no add button');
  t.notMatch(read.body, '/delete"', 'nor delete links');

  const commune = await get('/admin/targets', viewer);
  t.equal(commune.statusCode, 200);
  t.match(commune.body, 'Chưa có chỉ tiêu nào', 'the commune has none of its own (it inherits)');

  const home = await get('/admin', viewer);
  t.match(home.body, 'href="/admin/targets"', 'the staff home links to the page');
});

t.test('add: the form offers the subtree and the index codes, and a valid target is saved', async (t) => {
  const form = await get('/admin/targets/new', coordinator);
  t.equal(form.statusCode, 200);
  t.match(form.body, `<option value="${tree.c1.id}"`);
  t.notMatch(form.body, 'Tỉnh Một (P1)', 'no agency above the user');
  t.notMatch(form.body, 'Tỉnh Hai', 'nor beside');
  t.match(form.body, '<option value="overall" selected>');
  t.match(form.body, '<option value="E3.2"');
  t.match(form.body, 'novalidate');
  t.ok(csrfFrom(form.body));

  const noToken = await postForm(app, '/admin/targets', coordinator.cookies, valid);
  t.equal(noToken.statusCode, 403, 'no CSRF token, no target');

  const before = await count();
  const res = await post('/admin/targets', coordinator, valid);
  t.equal(res.statusCode, 303);
  const row = await db.selectFrom('targets').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
  t.equal(res.headers.location, `/admin/targets?done=added&id=${row.id}`);
  t.equal(await count(), before + 1);
  t.match(row, {
    agency_id: tree.c1.id,
    questionnaire_id: sipas,
    period_from: '2026-01-01',
    period_to: '2026-12-31',
    index_code: 'E1',
    comparator: '>=',
    threshold: 0.825,
  });
  t.ok(row.created_by, 'who set it');
  t.match((await listAudit(db, { action: 'target.create' }))[0], {
    agency_id: tree.c1.id,
    details: { targetId: row.id, indexCode: 'E1', threshold: 0.825 },
  });
  const list = await get(res.headers.location as string, coordinator);
  t.match(list.body, 'Đã thêm chỉ tiêu E1 của Xã Một.');
  t.match(list.body, '≥ 82,5%');

  const custom = await post('/admin/targets', coordinator, {
    ...valid,
    questionnaireId: '',
    periodKind: 'custom',
    year: '',
    periodFrom: '1/7/2026',
    periodTo: '2026-09-30',
    indexCode: 'overall',
    comparator: '>',
    threshold: '80%',
  });
  t.equal(custom.statusCode, 303, 'a custom period, day/month/year or ISO; any questionnaire');
  t.match(await db.selectFrom('targets').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow(), {
    questionnaire_id: null,
    period_from: '2026-07-01',
    period_to: '2026-09-30',
    index_code: 'overall',
    comparator: '>',
    threshold: 0.8,
  });

  const again = await post('/admin/targets', coordinator, valid);
  t.equal(again.statusCode, 422, 'the same agency, questionnaire, period and index twice');
  t.match(again.body, 'Đơn vị này đã có chỉ tiêu cho chỉ số, bộ câu hỏi và kỳ này.');
});

t.test('add: invalid answers → 422 with a summary linking to each field, the answers kept', async (t) => {
  const before = await count();
  const bad = await post('/admin/targets', coordinator, {
    agencyId: '',
    questionnaireId: String(sipas),
    periodKind: 'custom',
    year: '2026',
    periodFrom: '31/02/2026',
    periodTo: '2026-01-01',
    indexCode: 'E1',
    comparator: '=',
    threshold: '0,8',
  });
  t.equal(bad.statusCode, 422);
  const links = [...bad.body.matchAll(/<li><a href="#([A-Za-z]+)">([^<]+)<\/a><\/li>/g)].map((m) => m[1]);
  t.same(links, ['agencyId', 'periodFrom', 'comparator', 'threshold'], 'in form order');
  t.match(bad.body, 'Hãy chọn cơ quan, đơn vị.');
  t.match(bad.body, 'Ngày không hợp lệ; nhập ngày/tháng/năm');
  t.match(bad.body, 'Ngưỡng tính bằng phần trăm: nhập 80 cho 80%, không nhập 0,8.');
  t.match(bad.body, 'value="31/02/2026"', 'what was typed is kept');
  t.match(bad.body, 'id="periodKind-custom" name="periodKind" value="custom" checked');
  t.match(bad.body, 'id="comparator"', 'the first radio carries the group’s id, the summary’s link target');

  const more = await post('/admin/targets', coordinator, { ...valid, periodKind: 'year', year: '26', indexCode: 'E9', threshold: '101' });
  t.equal(more.statusCode, 422);
  t.match(more.body, 'Năm gồm 4 chữ số, từ 2000 đến 2100.');
  t.match(more.body, 'Ngưỡng phải từ 0 đến 100%.');
  t.match(more.body, 'Hãy chọn một chỉ số mà bộ câu hỏi đã chọn tính được.');
  const order = await post('/admin/targets', coordinator, {
    ...valid,
    periodKind: 'custom',
    periodFrom: '2026-12-31',
    periodTo: '2026-01-01',
  });
  t.match(order.body, 'Ngày kết thúc phải bằng hoặc sau ngày bắt đầu.');
  const kind = await post('/admin/targets', coordinator, { ...valid, periodKind: 'month' });
  t.match(kind.body, 'href="#periodKind"');
  const quick = (await db.selectFrom('questionnaires').select('id').where('code', '=', 'counter-quick').executeTakeFirstOrThrow()).id;
  const notInQuick = await post('/admin/targets', coordinator, { ...valid, questionnaireId: String(quick), indexCode: 'E1' });
  t.match(notInQuick.body, 'href="#indexCode"', 'the counter rating has no E1');
  const unknownQuestionnaire = await post('/admin/targets', coordinator, { ...valid, questionnaireId: '999999' });
  t.match(unknownQuestionnaire.body, 'href="#questionnaireId"');
  const garbage = await app.inject({
    method: 'POST',
    url: '/admin/targets',
    cookies: coordinator.cookies,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: `_csrf=${encodeURIComponent(coordinator.csrf)}&agencyId=1&agencyId=2&threshold[x]=1`,
  });
  t.equal(garbage.statusCode, 422, 'a malformed body is a form error, not a 500');

  const english = await postForm(app, '/admin/targets', coordinator.cookies, { _csrf: coordinator.csrf, ...valid, threshold: 'abc' });
  t.equal(english.statusCode, 422);
  const en = await app.inject({
    method: 'POST',
    url: '/admin/targets',
    cookies: { ...coordinator.cookies, lang: 'en' },
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: coordinator.csrf, ...valid, threshold: 'abc' }).toString(),
  });
  t.equal(en.statusCode, 422);
  t.match(en.body, 'There is a problem');
  t.match(en.body, 'Enter the threshold as a percentage, for example 80 or 82.5');
  t.equal(await count(), before, 'nothing saved by refused forms');
});

t.test('scope and permission: outside the subtree 404, a manager 403', async (t) => {
  const before = await count();
  t.equal(
    (await post('/admin/targets', coordinator, { ...valid, agencyId: String(tree.p1.id) })).statusCode,
    404,
    'an agency above the user',
  );
  t.equal((await post('/admin/targets', coordinator, { ...valid, agencyId: String(tree.d2.id) })).statusCode, 404, 'an agency beside');
  t.equal((await post('/admin/targets', coordinator, { ...valid, agencyId: '999999' })).statusCode, 404, 'an agency that does not exist');
  t.equal((await post('/admin/targets', manager, valid)).statusCode, 403, 'a manager cannot add');
  t.equal((await get('/admin/targets/new', manager)).statusCode, 403);
  t.equal((await get(`/admin/targets/${inDept!.id}/delete`, manager)).statusCode, 403);
  t.equal((await post(`/admin/targets/${inDept!.id}/delete`, manager, {})).statusCode, 403, 'nor delete');
  t.equal((await get(`/admin/targets/${above!.id}/delete`, coordinator)).statusCode, 404, 'a target above: 404');
  t.equal((await post(`/admin/targets/${beside!.id}/delete`, coordinator, {})).statusCode, 404, 'a target beside: 404');
  t.equal((await get('/admin/targets/abc/delete', coordinator)).statusCode, 404);
  t.equal(await count(), before, 'nothing changed');
  t.equal((await listAudit(db, { action: 'target.delete' })).length, 0);
});

t.test('delete: a confirmation page, then a POST with the token', async (t) => {
  const confirm = await get(`/admin/targets/${inDept!.id}/delete`, coordinator);
  t.equal(confirm.statusCode, 200);
  t.match(confirm.body, 'Xóa chỉ tiêu này?');
  t.match(confirm.body, '≥ 85%');
  t.match(confirm.body, `action="/admin/targets/${inDept!.id}/delete"`);
  t.ok(csrfFrom(confirm.body));
  t.equal((await postForm(app, `/admin/targets/${inDept!.id}/delete`, coordinator.cookies, {})).statusCode, 403, 'no token, no deletion');

  const res = await post(`/admin/targets/${inDept!.id}/delete`, coordinator, {});
  t.equal(res.statusCode, 303);
  t.equal(res.headers.location, '/admin/targets?done=deleted');
  t.equal(await db.selectFrom('targets').select('id').where('id', '=', inDept!.id).executeTakeFirst(), undefined);
  t.match((await listAudit(db, { action: 'target.delete' }))[0], {
    agency_id: tree.d1.id,
    details: { targetId: inDept!.id, threshold: 0.85 },
  });
  t.match((await get(res.headers.location as string, coordinator)).body, 'Đã xóa chỉ tiêu.');
  t.equal((await post(`/admin/targets/${inDept!.id}/delete`, coordinator, {})).statusCode, 404, 'gone: 404');
});
