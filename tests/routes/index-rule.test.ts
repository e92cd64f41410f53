// The province's index rule page (issue 16): a coordinator at the province sets the official rule
// and the minimums; wrong answers are a 422 that keeps them and links each problem to its field;
// every change is audited with before and after; a province outside the user's subtree, or a user
// below the province, gets a 404; the rule then reads every figure of the province.
import t from 'tap';
import { listAudit } from '../../server/db/queries/audit.ts';
import { getSetting } from '../../server/db/queries/settings.ts';
import { ruleSettingKey } from '../../server/domain/rule-settings.ts';
import { buildTestApp } from '../helpers/app.ts';
import { createUser, postForm, signIn, staffTree, type StaffSession } from '../helpers/staff.ts';

const { app, database } = await buildTestApp();
t.teardown(() => app.close());
const db = database.db;
const tree = await staffTree(db);
const session = async (email: string, role: 'coordinator' | 'manager' | 'admin', agencyId: number) => {
  const u = await createUser(db, { email, role, agencyId });
  return signIn(app, u.email, u.password);
};
const coordinator = await session('coordinator@p1.gov.vn', 'coordinator', tree.p1.id);
const departmentCoordinator = await session('coordinator@d1.gov.vn', 'coordinator', tree.d1.id);
const manager = await session('manager@p1.gov.vn', 'manager', tree.p1.id);
const post = (s: StaffSession, fields: Record<string, string>) =>
  postForm(app, '/admin/results/rule', s.cookies, { _csrf: s.csrf, ...fields });
const valid = { province: 'P1', rule: 'overall-question', criterion: '10', element: '30', overall: '40' };

t.test('the page: the province, the rules, the minimums; listed among the screens', async (t) => {
  const res = await app.inject({ url: '/admin/results/rule', cookies: coordinator.cookies });
  t.equal(res.statusCode, 200);
  t.match(res.body, 'Quy tắc tính chỉ số');
  t.match(res.body, 'Tỉnh Một');
  t.match(res.body, /<input type="radio" id="rule" name="rule" value="" checked>/, 'the default: each version’s own rule');
  t.match(res.body, /id="criterion" name="criterion" type="text" value="1"/, 'no minimum beyond one valid answer by default');
  const home = await app.inject({ url: '/admin', cookies: coordinator.cookies });
  t.match(home.body, 'href="/admin/results/rule"', 'the staff home lists it');
  t.equal((await app.inject({ url: '/admin/results/rule', cookies: manager.cookies })).statusCode, 403, 'a manager may not');
  const en = await app.inject({ url: '/admin/results/rule', cookies: { ...coordinator.cookies, hl_lang: 'en' } });
  t.equal(en.statusCode, 200);
});

t.test('wrong answers: 422, kept, each linked to its field; nothing stored', async (t) => {
  const res = await post(coordinator, { province: 'P1', rule: 'median', criterion: '0', element: 'ba mươi', overall: '30' });
  t.equal(res.statusCode, 422);
  t.match(res.body, '<a href="#rule">Chọn một quy tắc trong danh sách</a>');
  t.match(res.body, '<a href="#criterion">Nhập một số nguyên từ 1 đến 100000</a>');
  t.match(res.body, '<a href="#element">');
  t.notMatch(res.body, '<a href="#overall">', 'a valid field is not at fault');
  t.match(res.body, 'value="ba mươi"', 'the answers are kept');
  t.equal(await getSetting(db, ruleSettingKey(tree.p1.id)), undefined);
});

t.test('a change: 303, stored, audited with before and after', async (t) => {
  const res = await post(coordinator, valid);
  t.equal(res.statusCode, 303);
  t.equal(res.headers.location, '/admin/results/rule?province=P1&done=1');
  t.same(await getSetting(db, ruleSettingKey(tree.p1.id)), {
    rule: 'overall-question',
    minimums: { criterion: 10, element: 30, overall: 40 },
  });
  const entry = (await listAudit(db, { action: 'results.rule' }))[0]!;
  t.equal(Number(entry.agency_id), tree.p1.id);
  const details = (typeof entry.details === 'string' ? JSON.parse(entry.details) : entry.details) as Record<string, unknown>;
  t.same(details['before'], { rule: null, minimums: { criterion: 1, element: 1, overall: 1 } });
  t.same(details['after'], { rule: 'overall-question', minimums: { criterion: 10, element: 30, overall: 40 } });
  const page = await app.inject({ url: res.headers.location as string, cookies: coordinator.cookies });
  t.match(page.body, 'Đã lưu quy tắc tính chỉ số của Tỉnh Một.');
  t.match(page.body, /value="overall-question" checked/);
  await post(coordinator, valid);
  t.equal((await listAudit(db, { action: 'results.rule' })).length, 1, 'saving the same settings again records nothing');
});

t.test('scope and CSRF', async (t) => {
  t.equal((await post(coordinator, { ...valid, province: 'P2' })).statusCode, 404, 'another province');
  t.equal((await post(departmentCoordinator, valid)).statusCode, 404, 'a coordinator below the province');
  t.equal((await post(coordinator, { ...valid, province: 'NOPE' })).statusCode, 404);
  const forged = await postForm(app, '/admin/results/rule', coordinator.cookies, { ...valid, rule: '' });
  t.equal(forged.statusCode, 403, 'no CSRF token');
  t.equal((await getSetting(db, ruleSettingKey(tree.p2.id))) ?? null, null, 'nothing stored for the other province');
});

t.test('hostile input is a form error, never a 500', async (t) => {
  for (const payload of [
    `_csrf=${coordinator.csrf}&province=P1&rule=a&rule=b&criterion=1&element=1&overall=1`,
    `_csrf=${coordinator.csrf}&province=P1&rule=&criterion=${'9'.repeat(5000)}&element=%00&overall=-1`,
    `_csrf=${coordinator.csrf}&province=P1&rule=criterion-mean&criterion=1e3&element=0x10&overall=%20`,
  ]) {
    const res = await app.inject({
      method: 'POST',
      url: '/admin/results/rule',
      cookies: coordinator.cookies,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload,
    });
    // 422 from the form, or 400 from the app's guard on control characters: never a 500, never stored.
    t.ok(res.statusCode === 422 || res.statusCode === 400, `${res.statusCode}: ${payload.slice(60, 140)}`);
  }
  t.same(
    await getSetting(db, ruleSettingKey(tree.p1.id)),
    { rule: 'overall-question', minimums: { criterion: 10, element: 30, overall: 40 } },
    'the stored settings are unchanged',
  );
});
