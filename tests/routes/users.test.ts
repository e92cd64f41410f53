// The users pages: create (generated or typed password), disable and enable, each with its audit
// row; a coordinator's reach stops at their subtree and below the admin role.
import t from 'tap';
import { listAudit } from '../../server/db/queries/audit.ts';
import { buildTestApp } from '../helpers/app.ts';
import { createUser, postForm, signIn, staffTree, withCookies, type StaffSession } from '../helpers/staff.ts';

const { app, database } = await buildTestApp();
t.teardown(() => app.close());
const db = database.db;
const tree = await staffTree(db);
const admin = await createUser(db, { email: 'admin@p1.gov.vn', role: 'admin', agencyId: tree.p1.id });
const coordinator = await createUser(db, { email: 'coord@p1.gov.vn', role: 'coordinator', agencyId: tree.d1.id });
const outsider = await createUser(db, { email: 'someone@p2.gov.vn', role: 'viewer', agencyId: tree.d2.id });
const upperAdmin = await createUser(db, { email: 'admin2@p1.gov.vn', role: 'admin', agencyId: tree.c1.id });

const userCount = async () =>
  Number(
    (
      await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const auditCount = async () =>
  Number(
    (
      await db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const findUser = (email: string) => db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();

/** POST, then follow the 303 with the cookies it set, as a browser does. */
async function postAndFollow(s: StaffSession, url: string, fields: Record<string, string>) {
  const res = await postForm(app, url, s.cookies, { _csrf: s.csrf, ...fields });
  if (res.statusCode !== 303) return { res, page: null };
  const page = await app.inject({ url: res.headers.location as string, cookies: withCookies(s.cookies, res) });
  return { res, page };
}

t.test('admin creates a user with a generated password, shown once', async (t) => {
  const s = await signIn(app, admin.email, admin.password);
  const form = await app.inject({ url: '/admin/users/new', cookies: s.cookies });
  t.equal(form.statusCode, 200);
  t.match(form.body, /<option value="admin">Quản trị hệ thống<\/option>/, 'an admin may grant admin');
  t.match(form.body, new RegExp(`<option value="${tree.c1.id}">— — Xã Một \\(P1-XA\\)</option>`), 'the subtree, indented');
  t.notMatch(form.body, /Tỉnh Hai/, 'nothing from the other province');

  const { res, page } = await postAndFollow(s, '/admin/users', {
    email: ' New.Clerk@P1.gov.vn ',
    displayName: 'Nguyễn Văn A',
    role: 'clerk',
    agencyId: String(tree.d1.id),
    password: '',
  });
  t.equal(res.statusCode, 303);
  t.equal(res.headers.location, '/admin/users');
  t.equal(page?.statusCode, 200);
  const password = /id="generated-password">([^<]+)</.exec(page!.body)?.[1];
  t.ok(password && password.length >= 12, 'the generated password is on the page');
  t.match(page!.body, /Đã tạo người dùng new\.clerk@p1\.gov\.vn\./);

  const row = await findUser('new.clerk@p1.gov.vn');
  t.equal(row?.role, 'clerk');
  t.equal(row?.agency_id, tree.d1.id);
  t.equal(row?.display_name, 'Nguyễn Văn A'.normalize('NFC'));
  t.equal(row?.created_by, admin.id);
  t.match(row?.password_hash, /^\$argon2id\$/);
  const audit = (await listAudit(db, { action: 'user.create' }))[0];
  t.equal(audit?.actor_user_id, admin.id);
  t.same(audit?.details, { userId: row!.id, email: 'new.clerk@p1.gov.vn', role: 'clerk' });
  t.notMatch(JSON.stringify(audit), new RegExp(password!), 'the password is not in the audit log');

  const again = await app.inject({ url: '/admin/users', cookies: s.cookies });
  t.notMatch(again.body, /generated-password/, 'shown once only');
  const forged = await app.inject({ url: '/admin/users', cookies: { ...s.cookies, hl_flash: 'bm90IGEgcmVhbCBmbGFzaA' } });
  t.equal(forged.statusCode, 200, 'a forged flash is ignored');
  t.notMatch(forged.body, /notice success/);

  const clerk = await signIn(app, 'new.clerk@p1.gov.vn', password!);
  t.ok(clerk.cookies['hl_session'], 'the new user signs in with it');
});

t.test('a typed password of 12+ characters is used as is', async (t) => {
  const s = await signIn(app, admin.email, admin.password);
  const { res, page } = await postAndFollow(s, '/admin/users', {
    email: 'typed@p1.gov.vn',
    displayName: '',
    role: 'viewer',
    agencyId: String(tree.c1.id),
    password: 'một-hai-ba-bốn-năm',
  });
  t.equal(res.statusCode, 303);
  t.match(page!.body, /Đã tạo người dùng typed@p1\.gov\.vn với mật khẩu bạn đã nhập\./);
  t.notMatch(page!.body, /generated-password/);
  t.equal((await findUser('typed@p1.gov.vn'))?.display_name, null);
  await signIn(app, 'typed@p1.gov.vn', 'một-hai-ba-bốn-năm');
});

t.test('bad input re-renders the form with an error summary and keeps what was typed', async (t) => {
  const s = await signIn(app, admin.email, admin.password);
  const users = await userCount();
  const bad = await postForm(app, '/admin/users', s.cookies, {
    _csrf: s.csrf,
    email: 'not-an-email',
    displayName: 'Trần Thị B',
    role: 'overlord',
    agencyId: '',
    password: 'short',
  });
  t.equal(bad.statusCode, 422);
  t.match(bad.body, /<a href="#email">Nhập địa chỉ email hợp lệ/);
  t.match(bad.body, /<a href="#role">Chọn một vai trò\.<\/a>/);
  t.match(bad.body, /<a href="#agencyId">Chọn một cơ quan, đơn vị thuộc phạm vi của bạn\.<\/a>/);
  t.match(bad.body, /<a href="#password">Mật khẩu phải có ít nhất 12 ký tự\.<\/a>/);
  t.match(bad.body, /value="not-an-email"/);
  t.match(bad.body, /value="Trần Thị B"/);
  t.notMatch(bad.body, /value="short"/, 'the password is not sent back');

  const taken = await postForm(app, '/admin/users', s.cookies, {
    _csrf: s.csrf,
    email: 'COORD@p1.gov.vn',
    displayName: '',
    role: 'viewer',
    agencyId: String(tree.d1.id),
    password: '',
  });
  t.equal(taken.statusCode, 422);
  t.match(taken.body, /Email này đã được dùng cho một tài khoản khác\./);
  t.equal(await userCount(), users, 'nothing written');

  const en = await postForm(
    app,
    '/admin/users',
    { ...s.cookies, lang: 'en' },
    { _csrf: s.csrf, email: '', role: '', agencyId: '', password: '' },
  );
  t.equal(en.statusCode, 422);
  t.match(en.body, /There is a problem/);
  t.match(en.body, /Enter a valid email address/);
});

t.test('disable ends the user’s sessions and keeps them out; enable lets them back', async (t) => {
  const target = await createUser(db, { email: 'target@p1.gov.vn', role: 'manager', agencyId: tree.d1.id });
  const targetSession = await signIn(app, target.email, target.password);
  const s = await signIn(app, admin.email, admin.password);

  const { res, page } = await postAndFollow(s, `/admin/users/${target.id}/disable`, {});
  t.equal(res.statusCode, 303);
  t.match(page!.body, /Đã vô hiệu hóa người dùng target@p1\.gov\.vn\./);
  t.ok((await findUser(target.email))?.disabled_at, 'disabled');
  const kicked = await app.inject({ url: '/admin', cookies: targetSession.cookies });
  t.equal(kicked.statusCode, 303, 'their open session is over');
  const noSessions = await db.selectFrom('sessions').select('id_hash').where('user_id', '=', target.id).execute();
  t.equal(noSessions.length, 0);
  await t.rejects(signIn(app, target.email, target.password), /answered 422/, 'cannot sign in');
  const disableAudit = (await listAudit(db, { action: 'user.disable' }))[0];
  t.equal(disableAudit?.actor_user_id, admin.id);
  t.same(disableAudit?.details, { userId: target.id, email: target.email });
  t.match(page!.body, new RegExp(`action="/admin/users/${target.id}/enable"`), 'the list offers to enable');

  const twice = await auditCount();
  await postForm(app, `/admin/users/${target.id}/disable`, s.cookies, { _csrf: s.csrf });
  t.equal(await auditCount(), twice, 'disabling again changes and records nothing');

  const enabled = await postAndFollow(s, `/admin/users/${target.id}/enable`, {});
  t.equal(enabled.res.statusCode, 303);
  t.match(enabled.page!.body, /Đã kích hoạt lại người dùng target@p1\.gov\.vn\./);
  t.equal((await findUser(target.email))?.disabled_at, null);
  t.equal((await listAudit(db, { action: 'user.enable' }))[0]?.actor_user_id, admin.id);
  await signIn(app, target.email, target.password);
});

t.test('nobody can disable themselves', async (t) => {
  const s = await signIn(app, admin.email, admin.password);
  const res = await postForm(app, `/admin/users/${admin.id}/disable`, s.cookies, { _csrf: s.csrf });
  t.equal(res.statusCode, 422);
  t.match(res.body, /Bạn không thể tự vô hiệu hóa tài khoản của mình\./);
  t.equal((await findUser(admin.email))?.disabled_at, null);
  const list = await app.inject({ url: '/admin/users', cookies: s.cookies });
  t.notMatch(list.body, new RegExp(`/admin/users/${admin.id}/disable`), 'no button for oneself');
});

t.test('a coordinator works only inside their subtree and below admin', async (t) => {
  const s = await signIn(app, coordinator.email, coordinator.password);
  const list = await app.inject({ url: '/admin/users', cookies: s.cookies });
  t.equal(list.statusCode, 200);
  t.match(list.body, /coord@p1\.gov\.vn/);
  t.match(list.body, /admin2@p1\.gov\.vn/, 'an admin placed inside the subtree is listed');
  t.notMatch(list.body, /someone@p2\.gov\.vn/, 'not the other province');
  t.notMatch(list.body, /admin@p1\.gov\.vn/, 'not the province above');
  t.notMatch(list.body, new RegExp(`/admin/users/${upperAdmin.id}/disable`), 'no button against an admin');

  const form = await app.inject({ url: '/admin/users/new', cookies: s.cookies });
  t.notMatch(form.body, /<option value="admin">/, 'admin is not offered');
  t.match(form.body, /<option value="coordinator">/);
  t.notMatch(form.body, new RegExp(`<option value="${tree.p1.id}">`), 'the province above is not offered');

  const users = await userCount();
  const audits = await auditCount();
  const asAdmin = await postForm(app, '/admin/users', s.cookies, {
    _csrf: s.csrf,
    email: 'sneaky@p1.gov.vn',
    role: 'admin',
    agencyId: String(tree.d1.id),
    password: '',
  });
  t.equal(asAdmin.statusCode, 422);
  t.match(asAdmin.body, /Bạn không thể cấp vai trò này\./);
  for (const agency of [tree.p2, tree.d2, tree.p1]) {
    const outside = await postForm(app, '/admin/users', s.cookies, {
      _csrf: s.csrf,
      email: 'outside@p1.gov.vn',
      role: 'viewer',
      agencyId: String(agency.id),
      password: '',
    });
    t.equal(outside.statusCode, 404, `agency ${agency.code} is outside: 404`);
  }
  const missing = await postForm(app, '/admin/users', s.cookies, {
    _csrf: s.csrf,
    email: 'x@p1.gov.vn',
    role: 'viewer',
    agencyId: '999999',
    password: '',
  });
  t.equal(missing.statusCode, 404, 'a missing agency looks the same');
  t.equal(await userCount(), users, 'nothing written');
  t.equal(await auditCount(), audits, 'nothing audited');

  t.equal(
    (await postForm(app, `/admin/users/${outsider.id}/disable`, s.cookies, { _csrf: s.csrf })).statusCode,
    404,
    'a user outside: 404',
  );
  t.equal((await postForm(app, `/admin/users/${admin.id}/disable`, s.cookies, { _csrf: s.csrf })).statusCode, 404, 'a user above: 404');
  t.equal(
    (await postForm(app, `/admin/users/${upperAdmin.id}/disable`, s.cookies, { _csrf: s.csrf })).statusCode,
    403,
    'an admin inside: 403',
  );
  t.equal((await postForm(app, '/admin/users/999999/disable', s.cookies, { _csrf: s.csrf })).statusCode, 404);
  t.equal((await postForm(app, '/admin/users/abc/disable', s.cookies, { _csrf: s.csrf })).statusCode, 404);
  t.equal((await postForm(app, '/admin/users/1e3/enable', s.cookies, { _csrf: s.csrf })).statusCode, 404);
  for (const u of [outsider, admin, upperAdmin]) t.equal((await findUser(u.email))?.disabled_at, null);

  const { res } = await postAndFollow(s, '/admin/users', {
    email: 'clerk@p1-xa.gov.vn',
    role: 'clerk',
    agencyId: String(tree.c1.id),
    password: '',
  });
  t.equal(res.statusCode, 303, 'inside the subtree and below admin: created');
});

t.test('the users pages speak English too', async (t) => {
  const s = await signIn(app, admin.email, admin.password);
  const list = await app.inject({ url: '/admin/users', cookies: { ...s.cookies, lang: 'en' } });
  t.match(list.body, /<h1>Users<\/h1>/);
  t.match(list.body, /Add a user/);
  const form = await app.inject({ url: '/admin/users/new', cookies: { ...s.cookies, lang: 'en' } });
  t.match(form.body, /Choose an agency/);
  const dash = await app.inject({ url: '/admin', cookies: { ...s.cookies, lang: 'en' } });
  t.match(dash.body, /<h1>Dashboard<\/h1>/);
  t.match(dash.body, /Manage user accounts/);
});
