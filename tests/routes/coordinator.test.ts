// Issue 13's first screens, through the real app: the staff home per role (its live counts and
// exactly the screens the role may open, in the menu too), where each role lands after signing in,
// the API tokens page (create with the secret shown once, 422 keeping the answers, expiry enforced
// by the API, revoke) and the audit log page (filters, scope, before and after).
import t from 'tap';
import { createApiToken } from '../../server/db/queries/api-tokens.ts';
import { listAudit } from '../../server/db/queries/audit.ts';
import { registerKiosk } from '../../server/db/queries/kiosks.ts';
import { insertServicePoint } from '../../server/db/queries/service-points.ts';
import type { Role } from '../../server/db/schema.ts';
import { screensFor, STAFF_SCREENS } from '../../server/domain/staff-screens.ts';
import { ensureBuiltInQuestionnaires } from '../../server/db/queries/questionnaires.ts';
import { buildTestApp } from '../helpers/app.ts';
import { createUser, formToken, postForm, signIn, staffTree, withCookies, type StaffSession } from '../helpers/staff.ts';

const { app, database } = await buildTestApp();
t.teardown(() => app.close());
const db = database.db;
await ensureBuiltInQuestionnaires(db);
const tree = await staffTree(db);

const ROLES: Role[] = ['admin', 'coordinator', 'manager', 'clerk', 'viewer'];
const users = {} as Record<Role, { email: string; password: string }>;
const sessions = {} as Record<Role, StaffSession>;
for (const role of ROLES) {
  users[role] = await createUser(db, { email: `${role}@p1.gov.vn`, role, agencyId: tree.d1.id });
  sessions[role] = await signIn(app, users[role].email, users[role].password);
}
const get = (url: string, s: StaffSession, lang = 'vi') => app.inject({ url, cookies: { ...s.cookies, lang } });
const post = (url: string, s: StaffSession, fields: Record<string, string>) => postForm(app, url, s.cookies, { _csrf: s.csrf, ...fields });

t.test('each role lands on its everyday work after signing in', async (t) => {
  const expected: Record<Role, string> = {
    admin: '/admin',
    coordinator: '/admin',
    manager: '/admin/results',
    clerk: '/admin/paper',
    viewer: '/admin/results',
  };
  for (const role of ROLES) {
    const form = await formToken(app, '/sign-in');
    const res = await postForm(app, '/sign-in', form.cookies, {
      email: users[role].email,
      password: users[role].password,
      _csrf: form.csrf,
    });
    t.equal(res.headers.location, expected[role], `${role} lands on ${expected[role]}`);
    const landed = await app.inject({ url: expected[role], cookies: withCookies(form.cookies, res) });
    t.equal(landed.statusCode, 200, `${role} may open where they land`);
  }
});

t.test('the staff home and the menu list exactly the screens of the role, with no stale text', async (t) => {
  for (const role of ROLES) {
    for (const lang of ['vi', 'en']) {
      const res = await get('/admin', sessions[role], lang);
      t.equal(res.statusCode, 200);
      const nav = /<nav[^>]*class="site-nav"[\s\S]*?<\/nav>/.exec(res.body)![0];
      const navLinks = [...nav.matchAll(/href="(\/admin[^"]*)"/g)].map((m) => m[1]);
      const mine = screensFor(role).map((s) => s.href);
      t.same(navLinks, mine, `${role} (${lang}): the menu is the role's screens`);
      for (const s of STAFF_SCREENS) {
        if (s.id === 'home') continue;
        const listed = res.body.includes(`<li><a href="${s.href}">`);
        t.equal(
          listed,
          mine.includes(s.href),
          `${role} (${lang}): ${s.href} ${mine.includes(s.href) ? 'listed' : 'not listed'} on the home`,
        );
      }
      t.notMatch(res.body, /phiên bản tiếp theo|next version/, `${role} (${lang}): nothing promised for later`);
    }
    for (const s of screensFor(role)) {
      const res = await get(s.href, sessions[role]);
      t.equal(res.statusCode, 200, `${role} opens ${s.href}`);
    }
  }
  const manager = await get('/admin', sessions.manager);
  t.match(manager.body, /theo dõi kết quả khảo sát của đơn vị mình/, 'the home says what a manager does');
  const clerk = await get('/admin', sessions.clerk);
  t.match(clerk.body, /nhập các phiếu khảo sát giấy/, 'and what a clerk does');
  t.notMatch(clerk.body, /Đơn vị chưa đạt chỉ tiêu/, 'a clerk sees no results count');
});

t.test('the staff home counts kiosks gone quiet and tokens about to expire, in the subtree only', async (t) => {
  const before = await get('/admin', sessions.coordinator);
  t.match(before.body, /không có tín hiệu hơn 60 phút: 0/);
  t.match(before.body, /hết hạn trong 30 ngày tới: 0/);
  t.match(before.body, /Đơn vị chưa đạt chỉ tiêu năm \d{4}: 0/);

  const sp = await insertServicePoint(db, { code: 'SP-HOME', agencyId: tree.c1.id, nameVi: 'Quầy', nameEn: null });
  const beside = await insertServicePoint(db, { code: 'SP-HOME-2', agencyId: tree.d2.id, nameVi: 'Quầy khác', nameEn: null });
  for (const point of [sp.id, beside.id]) {
    const { kioskId } = await registerKiosk(db, { servicePointId: point, name: 'Màn hình' });
    await db
      .updateTable('kiosks')
      .set({ paired_at: new Date(Date.now() - 3 * 3600_000), last_seen_at: new Date(Date.now() - 2 * 3600_000) })
      .where('id', '=', kioskId)
      .execute();
  }
  const soon = new Date(Date.now() + 5 * 86400_000);
  await createApiToken(db, { name: 'Sắp hết hạn', agencyId: tree.c1.id, scope: 'read', expiresAt: soon });
  await createApiToken(db, { name: 'Còn lâu', agencyId: tree.c1.id, scope: 'read', expiresAt: new Date(Date.now() + 90 * 86400_000) });
  await createApiToken(db, { name: 'Tỉnh khác', agencyId: tree.d2.id, scope: 'read', expiresAt: soon });
  const after = await get('/admin', sessions.coordinator);
  t.match(after.body, /không có tín hiệu hơn 60 phút: 1/, 'one quiet kiosk in the subtree');
  t.match(after.body, /hết hạn trong 30 ngày tới: 1/, 'one token expiring soon in the subtree');
  const en = await get('/admin', sessions.coordinator, 'en');
  t.match(en.body, /Kiosks not heard from for over 60 minutes: 1/);
});

t.test('tokens: created with the secret shown once, usable, listed with last use, revoked', async (t) => {
  const s = sessions.coordinator;
  const bad = await post('/admin/tokens', s, { name: '  ', agencyId: '', scope: 'write', expiresOn: '31/02/2020' });
  t.equal(bad.statusCode, 422);
  for (const field of ['name', 'agencyId', 'scope', 'expiresOn'])
    t.match(bad.body, new RegExp(`href="#${field}"`), `summary links to ${field}`);
  const kept = await post('/admin/tokens', s, { name: 'Cổng dịch vụ công', agencyId: String(tree.c1.id), scope: '', expiresOn: '' });
  t.equal(kept.statusCode, 422);
  t.match(kept.body, /value="Cổng dịch vụ công"/, 'the answers are kept');
  t.match(kept.body, new RegExp(`<option value="${tree.c1.id}" selected>`));

  const outside = await post('/admin/tokens', s, { name: 'Ngoài', agencyId: String(tree.d2.id), scope: 'read', expiresOn: '' });
  t.equal(outside.statusCode, 404, 'an agency outside the subtree is not found');

  const res = await post('/admin/tokens', s, { name: 'Cổng dịch vụ công', agencyId: String(tree.c1.id), scope: 'read', expiresOn: '' });
  t.equal(res.statusCode, 303);
  t.equal(res.headers.location, '/admin/tokens');
  const cookies = withCookies(s.cookies, res);
  const page = await app.inject({ url: '/admin/tokens', cookies });
  const secret = /id="new-token"[^>]*value="(hl_[0-9a-f]{8}_[A-Za-z0-9_-]{43})"/.exec(page.body)?.[1];
  t.ok(secret, 'the secret is shown');
  t.match(page.body, /data-copy="new-token"/, 'with a copy button');
  const again = await app.inject({ url: '/admin/tokens', cookies: withCookies(cookies, page) });
  t.notOk(again.body.includes(secret!), 'and only once');

  const api = await app.inject({ url: `/api/v1/results?agency=${tree.c1.code}`, headers: { authorization: `Bearer ${secret}` } });
  t.not(api.statusCode, 401, 'the token works');
  const listed = await get('/admin/tokens', s);
  t.match(listed.body, /Cổng dịch vụ công/);
  t.notMatch(
    listed.body,
    /Chưa dùng<\/td>\s*<td>Không hết hạn<\/td>\s*<td><span class="tag">Đang hiệu lực[\s\S]*Cổng dịch vụ công/,
    'its last use is shown',
  );
  const row = await db.selectFrom('api_tokens').selectAll().where('name', '=', 'Cổng dịch vụ công').executeTakeFirstOrThrow();
  t.ok(row.last_used_at, 'last use recorded');
  const created = (await listAudit(db, { action: 'token.add' }))[0];
  t.equal(created?.actor_user_id !== null, true, 'audited with the user');

  const revoked = await post(`/admin/tokens/${row.id}/revoke`, s, {});
  t.equal(revoked.statusCode, 303);
  t.match(revoked.headers.location, /done=revoked/);
  const refused = await app.inject({ url: `/api/v1/results?agency=${tree.c1.code}`, headers: { authorization: `Bearer ${secret}x` } });
  t.equal(refused.statusCode, 401);
  const entry = (await listAudit(db, { action: 'token.revoke' }))[0];
  t.same(entry?.details.after, { revoked: true }, 'the audit entry says before and after');
  const twice = await post(`/admin/tokens/${row.id}/revoke`, s, {});
  t.match(twice.headers.location, /done=already/);
  const besideToken = (await createApiToken(db, { name: 'Bên cạnh', agencyId: tree.d2.id, scope: 'read' })).row.id;
  t.equal((await post(`/admin/tokens/${besideToken}/revoke`, s, {})).statusCode, 404, 'a token beside the subtree is not found');
});

t.test('an expired token is refused by the API', async (t) => {
  const s = sessions.admin;
  const tomorrow = new Date(Date.now() + 86400_000 + 7 * 3600_000).toISOString().slice(0, 10);
  const [y, m, d] = tomorrow.split('-');
  const res = await post('/admin/tokens', s, { name: 'Hết hạn', agencyId: String(tree.c1.id), scope: 'read', expiresOn: `${d}/${m}/${y}` });
  t.equal(res.statusCode, 303);
  const page = await app.inject({ url: '/admin/tokens', cookies: withCookies(s.cookies, res) });
  const secret = /id="new-token"[^>]*value="([^"]+)"/.exec(page.body)![1]!;
  t.match(page.body, new RegExp(`${d}/${m}/${y}`), 'the last day is listed as typed');
  const ok = await app.inject({ url: `/api/v1/results?agency=${tree.c1.code}`, headers: { authorization: `Bearer ${secret}` } });
  t.not(ok.statusCode, 401, 'accepted before its expiry');
  await db
    .updateTable('api_tokens')
    .set({ expires_at: new Date(Date.now() - 1000) })
    .where('name', '=', 'Hết hạn')
    .execute();
  // A fresh app instance's cache is not the question here: wait out the one-second memo.
  await new Promise((r) => setTimeout(r, 1100));
  const refused = await app.inject({ url: `/api/v1/results?agency=${tree.c1.code}`, headers: { authorization: `Bearer ${secret}` } });
  t.equal(refused.statusCode, 401, 'refused after it');
  const listed = await get('/admin/tokens', s);
  t.match(listed.body, /Đã hết hạn/);
});

t.test('the audit log: in scope, filtered by actor, action, agency and date', async (t) => {
  const s = sessions.coordinator;
  const all = await get('/admin/audit', s);
  t.equal(all.statusCode, 200);
  t.match(all.body, /token\.add/);
  t.match(all.body, /coordinator@p1\.gov\.vn/);
  t.notMatch(all.body, /Bên cạnh|Tỉnh Hai/, 'nothing from beside the subtree');
  const byAction = await get('/admin/audit?action=token.revoke', s);
  t.match(byAction.body, /token\.revoke/);
  t.notMatch(byAction.body, /<code>token\.add<\/code>/);
  t.match(byAction.body, /Trước|Sau/, 'before and after are shown');
  const byActor = await get('/admin/audit?actor=nobody', s);
  t.match(byActor.body, /Không có mục nào khớp/);
  const byAgency = await get(`/admin/audit?agency=${tree.c1.code}`, s);
  t.match(byAgency.body, /Xã Một \(P1-XA\)/);
  t.equal((await get(`/admin/audit?agency=${tree.d2.code}`, s)).statusCode, 404, 'an agency beside is not found');
  const badDate = await get('/admin/audit?from=32/13/2026', s);
  t.equal(badDate.statusCode, 422);
  t.match(badDate.body, /href="#from"/);
  const future = await get('/admin/audit?from=01/01/2099', s);
  t.match(future.body, /Không có mục nào khớp/);
  const en = await get('/admin/audit', s, 'en');
  t.match(en.body, /Audit log/);
});

t.test('the agency tree: the subtree in order, searchable with or without diacritics', async (t) => {
  const s = sessions.coordinator;
  const all = await get('/admin/agencies', s);
  t.equal(all.statusCode, 200);
  t.match(all.body, /Sở Nội vụ Tỉnh Một[\s\S]*Xã Một/, 'the department, then the commune under it');
  t.notMatch(all.body, /Tỉnh Hai|"agency-name">Tỉnh Một</, 'nothing above or beside the subtree');
  const found = await get('/admin/agencies?q=xa%20mot', s);
  t.match(found.body, /<mark>Xã Một<\/mark>/, 'found without diacritics');
  t.match(found.body, /Sở Nội vụ Tỉnh Một/, 'in its branch');
  const none = await get('/admin/agencies?q=Hai', s);
  t.notMatch(none.body, /Tỉnh Hai|P2-SNV/, 'a search never reaches beside the subtree');
  const en = await get('/admin/agencies', s, 'en');
  t.match(en.body, /<h1>Agencies<\/h1>/);
  t.match(all.body, /href="\/admin\/results\/agency\/P1-XA"/, 'each agency links to its results');
});
