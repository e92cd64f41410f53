// Staff sign-in and sign-out: the session cookie, identical failures for wrong and unknown emails,
// sign-out that really ends the session, CSRF on every form, the lockout and the address limit.
import t from 'tap';
import { listAudit } from '../../server/db/queries/audit.ts';
import { buildTestApp } from '../helpers/app.ts';
import { createUser, formToken, postForm, signIn, staffTree, withCookies } from '../helpers/staff.ts';

const { app, database } = await buildTestApp();
t.teardown(() => app.close());
const db = database.db;
const tree = await staffTree(db);
const admin = await createUser(db, { email: 'admin@p1.gov.vn', role: 'admin', agencyId: tree.p1.id });
const viewer = await createUser(db, { email: 'viewer@p1.gov.vn', role: 'viewer', agencyId: tree.d1.id });
const disabled = await createUser(db, { email: 'old@p1.gov.vn', role: 'manager', agencyId: tree.d1.id, disabled: true });

// Each sub-test signs in from its own address, so the per-address limit of one does not trip another.
let lastIp = 0;
const nextIp = () => `192.0.2.${++lastIp}`;

async function attempt(email: string, password: string, remoteAddress: string, extra: Record<string, string> = {}) {
  const form = await formToken(app, '/sign-in');
  return postForm(app, '/sign-in', form.cookies, { email, password, _csrf: form.csrf, ...extra }, { remoteAddress });
}

const summaryOf = (html: string) => /<div class="error-summary"[\s\S]*?<\/div>/.exec(html)?.[0].replace(/value="[^"]*"/g, '') ?? '';
const countRows = async (table: 'sessions' | 'sign_in_attempts' | 'users') =>
  Number(
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

t.test('the sign-in page is a plain labelled form with a CSRF token', async (t) => {
  const res = await app.inject({ url: '/sign-in' });
  t.equal(res.statusCode, 200);
  t.match(res.body, /<form method="post" action="\/sign-in" novalidate>/);
  t.match(res.body, /<label for="email">Địa chỉ email<\/label>/);
  t.match(res.body, /<label for="password">Mật khẩu<\/label>/);
  t.match(res.body, /name="_csrf" value="[A-Za-z0-9_-]{20,}"/);
  t.notMatch(res.body, /<script>/, 'no inline script');
  const en = await app.inject({ url: '/sign-in', cookies: { lang: 'en' } });
  t.match(en.body, /Staff sign-in/);
});

t.test('a good sign-in starts an HttpOnly, SameSite=Lax session and goes to the staff home', async (t) => {
  const ip = nextIp();
  const res = await attempt('  Admin@P1.gov.vn ', admin.password, ip);
  t.equal(res.statusCode, 303);
  t.equal(res.headers.location, '/admin', 'admins land on the staff home');
  const session = res.cookies.find((c) => c.name === 'hl_session');
  t.ok(session?.value, 'session cookie set');
  t.equal(session?.httpOnly, true);
  t.equal(session?.sameSite, 'Lax');
  t.equal(session?.path, '/');

  const page = await app.inject({ url: '/admin/users', cookies: { hl_session: session!.value } });
  t.equal(page.statusCode, 200);
  t.match(page.body, /admin@p1\.gov\.vn/);

  const rows = await listAudit(db, { action: 'auth.sign_in' });
  t.equal(rows[0]?.actor_user_id, admin.id);
  t.equal(rows[0]?.ip, ip);
  const user = await db.selectFrom('users').select('last_sign_in_at').where('id', '=', admin.id).executeTakeFirstOrThrow();
  t.ok(user.last_sign_in_at, 'last sign-in recorded');

  const other = await attempt(viewer.email, viewer.password, ip);
  t.equal(other.headers.location, '/admin/results', 'a viewer lands on their own results');
});

t.test('the next address is honoured only when it is a local path', async (t) => {
  const ip = nextIp();
  t.equal((await attempt(viewer.email, viewer.password, ip, { next: '/admin?x=1' })).headers.location, '/admin?x=1');
  for (const bad of ['//evil.example/', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)', '/sign-out']) {
    const res = await attempt(viewer.email, viewer.password, ip, { next: bad });
    t.equal(res.headers.location, '/admin/results', `refused ${bad}`);
  }
  const form = await app.inject({ url: '/sign-in?next=%2Fadmin%2Fusers' });
  t.match(form.body, /name="next" value="\/admin\/users"/);
  t.match(form.body, /Vui lòng đăng nhập để tiếp tục/);
  const offsite = await app.inject({ url: '/sign-in?next=%2F%2Fevil.example' });
  t.notMatch(offsite.body, /name="next"/);
});

t.test('wrong password, unknown email and disabled user fail alike', async (t) => {
  const ip = nextIp();
  const wrong = await attempt(admin.email, 'not the password at all', ip);
  const unknown = await attempt('Nobody@P1.gov.vn', 'not the password at all', ip);
  const off = await attempt(disabled.email, disabled.password, ip);
  for (const res of [wrong, unknown, off]) {
    t.equal(res.statusCode, 422);
    t.match(res.body, /Email hoặc mật khẩu không đúng\./);
    t.notOk(
      res.cookies.find((c) => c.name === 'hl_session'),
      'no session',
    );
  }
  t.equal(summaryOf(wrong.body), summaryOf(unknown.body), 'same summary');
  t.equal(summaryOf(wrong.body), summaryOf(off.body), 'same summary for a disabled user');
  t.match(wrong.body, /<a href="#email">/, 'the summary links to the field');
  t.match(unknown.body, /value="Nobody@P1\.gov\.vn"/, 'the email is kept');
  t.notMatch(unknown.body, /not the password at all/, 'the password is not echoed');

  const failures = await listAudit(db, { action: 'auth.sign_in_failed' });
  const labels = failures.map((r) => r.actor_label);
  t.ok(labels.includes('nobody@p1.gov.vn'), 'the typed email, lower-cased, is the actor label');
  t.ok(labels.includes(admin.email));
  const long = await attempt(`${'x'.repeat(400)}@p1.gov.vn`, 'whatever-password', ip);
  t.equal(long.statusCode, 422);
  const longRow = (await listAudit(db, { action: 'auth.sign_in_failed', limit: 1 }))[0];
  t.equal(longRow?.actor_label?.length, 200, 'the label is truncated');
});

t.test('missing fields are listed in an error summary, and nothing is recorded', async (t) => {
  const before = await countRows('sign_in_attempts');
  const res = await attempt('', '', nextIp());
  t.equal(res.statusCode, 422);
  t.match(res.body, /<a href="#email">Nhập địa chỉ email\.<\/a>/);
  t.match(res.body, /<a href="#password">Nhập mật khẩu\.<\/a>/);
  t.match(res.body, /aria-invalid="true"/);
  t.equal(await countRows('sign_in_attempts'), before);
});

t.test('sign-out ends the session: the old cookie no longer works', async (t) => {
  const s = await signIn(app, admin.email, admin.password, { remoteAddress: nextIp() });
  const sessionsBefore = await countRows('sessions');
  const out = await postForm(app, '/sign-out', s.cookies, { _csrf: s.csrf });
  t.equal(out.statusCode, 303);
  t.equal(out.headers.location, '/sign-in?signed_out=1');
  t.notOk(withCookies(s.cookies, out)['hl_session'], 'the browser is told to drop the cookie');
  t.equal(await countRows('sessions'), sessionsBefore - 1, 'the session row is gone');

  const replay = await app.inject({ url: '/admin/users', cookies: s.cookies });
  t.equal(replay.statusCode, 303, 'the old cookie is worth nothing');
  t.equal(replay.headers.location, '/sign-in?next=%2Fadmin%2Fusers');
  const rows = await listAudit(db, { action: 'auth.sign_out' });
  t.equal(rows[0]?.actor_user_id, admin.id);

  const notice = await app.inject({ url: '/sign-in?signed_out=1' });
  t.match(notice.body, /Bạn đã đăng xuất\./);
});

t.test('a POST without the right CSRF token is refused with 403 and changes nothing', async (t) => {
  const ip = nextIp();
  const form = await formToken(app, '/sign-in');
  const attempts = await countRows('sign_in_attempts');
  const sessions = await countRows('sessions');
  const none = await postForm(app, '/sign-in', form.cookies, { email: admin.email, password: admin.password }, { remoteAddress: ip });
  t.equal(none.statusCode, 403);
  t.match(none.body, /Biểu mẫu đã hết hạn/);
  const wrong = await postForm(
    app,
    '/sign-in',
    form.cookies,
    { email: admin.email, password: admin.password, _csrf: 'x'.repeat(43) },
    { remoteAddress: ip },
  );
  t.equal(wrong.statusCode, 403);
  const noCookie = await postForm(
    app,
    '/sign-in',
    {},
    { email: admin.email, password: admin.password, _csrf: form.csrf },
    { remoteAddress: ip },
  );
  t.equal(noCookie.statusCode, 403, 'a token without its cookie is refused');
  t.equal(await countRows('sign_in_attempts'), attempts, 'no attempt recorded');
  t.equal(await countRows('sessions'), sessions, 'no session started');

  const s = await signIn(app, admin.email, admin.password, { remoteAddress: ip });
  t.equal((await postForm(app, '/sign-out', s.cookies, {})).statusCode, 403, 'sign-out without a token');
  t.equal((await postForm(app, '/sign-out', s.cookies, { _csrf: form.csrf })).statusCode, 403, 'a token from before sign-in');
  t.equal((await app.inject({ url: '/admin', cookies: s.cookies })).statusCode, 200, 'still signed in');

  const users = await countRows('users');
  const crafted = await postForm(app, '/admin/users', s.cookies, { email: 'new@p1.gov.vn', role: 'viewer', agencyId: String(tree.d1.id) });
  t.equal(crafted.statusCode, 403);
  t.equal(await countRows('users'), users, 'no user created');
  const disable = await postForm(app, `/admin/users/${viewer.id}/disable`, s.cookies, { _csrf: 'nope' });
  t.equal(disable.statusCode, 403);
  const v = await db.selectFrom('users').select('disabled_at').where('id', '=', viewer.id).executeTakeFirstOrThrow();
  t.equal(v.disabled_at, null, 'not disabled');
  const header = await app.inject({ method: 'POST', url: '/sign-out', cookies: s.cookies, headers: { 'x-csrf-token': s.csrf } });
  t.equal(header.statusCode, 303, 'the token may come in a header too');
});

t.test('five failures lock an address out of an account for 15 minutes, even with the right password', async (t) => {
  const ip = nextIp();
  const user = await createUser(db, { email: 'lock@p1.gov.vn', role: 'viewer', agencyId: tree.d1.id });
  for (let i = 1; i <= 4; i++) t.equal((await attempt(user.email, `wrong password ${i}`, ip)).statusCode, 422, `failure ${i}`);
  const fifth = await attempt(user.email, 'wrong password 5', ip);
  t.equal(fifth.statusCode, 429, 'the fifth failure locks');
  t.match(fifth.body, /Tài khoản tạm thời bị khóa vì đăng nhập sai nhiều lần\. Vui lòng thử lại sau 15 phút\./);
  const right = await attempt(user.email, user.password, ip);
  t.equal(right.statusCode, 429, 'the right password does not get through');
  t.match(right.body, /thử lại sau 1[45] phút/);
  t.ok(Number(right.headers['retry-after']) > 800, 'Retry-After says how long');
  t.notOk(right.cookies.find((c) => c.name === 'hl_session'));
  const en = await formToken(app, '/sign-in', { lang: 'en' });
  const english = await postForm(
    app,
    '/sign-in',
    en.cookies,
    { email: user.email, password: user.password, _csrf: en.csrf },
    { remoteAddress: ip },
  );
  t.match(english.body, /temporarily locked .* Try again in 1[45] minutes\./);

  // The lock is this address's on this account: the owner elsewhere signs in (issue 11).
  t.equal((await attempt(user.email, user.password, nextIp())).statusCode, 303, 'another address is not locked out');
  t.equal((await attempt(user.email, user.password, ip)).statusCode, 429, 'and its success does not lift the lock here');

  // When the failures are older than the window the lock is over.
  await db
    .updateTable('sign_in_attempts')
    .set({ attempted_at: new Date(Date.now() - 16 * 60 * 1000) })
    .where('email', '=', user.email)
    .execute();
  const later = await attempt(user.email, user.password, ip);
  t.equal(later.statusCode, 303, 'signs in once the window has passed');
});

t.test('an unknown email is locked exactly like a real one', async (t) => {
  const ip = nextIp();
  const real = await createUser(db, { email: 'real@p1.gov.vn', role: 'viewer', agencyId: tree.d1.id });
  const answers: { status: number; summary: string }[][] = [[], []];
  for (const [i, email] of ['ghost@p1.gov.vn', real.email].entries()) {
    for (let n = 1; n <= 6; n++) {
      const res = await attempt(email, `wrong password ${n}`, ip);
      answers[i]!.push({ status: res.statusCode, summary: summaryOf(res.body).replace(/1[45] phút/, 'N phút') });
    }
  }
  t.same(answers[0], answers[1], 'same statuses and messages, attempt by attempt');
  t.same(
    answers[0]!.map((a) => a.status),
    [422, 422, 422, 422, 429, 429],
  );
});

t.test('a success clears the failures of the email', async (t) => {
  const ip = nextIp();
  const user = await createUser(db, { email: 'clear@p1.gov.vn', role: 'viewer', agencyId: tree.d1.id });
  for (let i = 0; i < 4; i++) await attempt(user.email, 'wrong wrong wrong', ip);
  t.equal((await attempt(user.email, user.password, ip)).statusCode, 303);
  t.equal((await attempt(user.email, 'wrong wrong wrong', ip)).statusCode, 422, 'one failure after a success does not lock');
});

t.test('30 attempts from one address within 15 minutes: the next gets 429', async (t) => {
  const ip = '198.51.100.7';
  for (let i = 0; i < 30; i++) {
    const res = await attempt(`spray${i}@p1.gov.vn`, 'guessing-password', ip);
    t.equal(res.statusCode, 422, `attempt ${i + 1}`);
  }
  const attempts = await countRows('sign_in_attempts');
  const limited = await attempt(admin.email, admin.password, ip);
  t.equal(limited.statusCode, 429);
  t.match(limited.body, /Có quá nhiều lần đăng nhập từ địa chỉ này\. Vui lòng thử lại sau 15 phút\./);
  t.ok(limited.headers['retry-after']);
  t.notOk(
    limited.cookies.find((c) => c.name === 'hl_session'),
    'even the right password is held back',
  );
  t.equal(await countRows('sign_in_attempts'), attempts, 'refused attempts are not recorded');
  t.equal((await attempt(admin.email, admin.password, nextIp())).statusCode, 303, 'another address is not affected');
  t.equal((await app.inject({ url: '/sign-in', remoteAddress: ip })).statusCode, 200, 'the page itself is not limited');
});

t.test('one address cannot lock other people out, however long it keeps trying', async (t) => {
  const attacker = '203.0.113.66';
  const victims = [];
  for (let i = 0; i < 6; i++) victims.push(await createUser(db, { email: `victim${i}@p1.gov.vn`, role: 'viewer', agencyId: tree.d1.id }));
  const statuses: number[] = [];
  for (const v of victims) for (let n = 0; n < 5; n++) statuses.push((await attempt(v.email, `wrong ${n}`, attacker)).statusCode);
  t.same(statuses.slice(0, 5), [422, 422, 422, 422, 429], 'the attacker locks itself out of the first account');
  t.equal((await attempt(victims[0]!.email, 'still guessing', attacker)).statusCode, 429, 'and then of every account, at its rate limit');
  for (const v of victims)
    t.equal((await attempt(v.email, v.password, nextIp())).statusCode, 303, `${v.email} signs in from their own address`);
  const alerts = await listAudit(db, { action: 'auth.account_under_attack' });
  t.equal(alerts.length, 0, 'one address is no attack on an account: no alert');
});

t.test('an account failing from many addresses: slowed for new addresses, not for familiar ones, and an alert', async (t) => {
  const owner = await createUser(db, { email: 'target@p1.gov.vn', role: 'viewer', agencyId: tree.d1.id });
  const home = '198.51.100.20';
  t.equal((await attempt(owner.email, owner.password, home)).statusCode, 303, 'the owner has signed in from home before');
  // Four addresses, five failures each: each locks itself out; together they reach the account's limit.
  for (let a = 0; a < 4; a++) for (let n = 0; n < 5; n++) await attempt(owner.email, `guess ${a}-${n}`, `203.0.113.${10 + a}`);
  const alerts = await listAudit(db, { action: 'auth.account_under_attack' });
  t.equal(alerts.length, 1, 'one alert in the audit log');
  t.match(alerts[0], { actor_label: owner.email, agency_id: tree.d1.id, details: { failures: 20, addresses: 4 } });

  const fifth = await attempt(owner.email, 'guess 5', '203.0.113.50');
  t.equal(fifth.statusCode, 429, 'a new address waits');
  t.match(fifth.body, /chỉ nhận một lần thử mỗi phút/);
  t.ok(Number(fifth.headers['retry-after']) <= 60, `for at most a minute (${fifth.headers['retry-after']} s)`);
  t.equal((await attempt(owner.email, owner.password, home)).statusCode, 303, 'the owner at a familiar address signs in at once');
  t.equal((await attempt(owner.email, 'oops', home)).statusCode, 422, 'and may even mistype');

  // A minute later a new address gets one attempt, then the next waits again.
  await db
    .updateTable('sign_in_attempts')
    .set({ attempted_at: new Date(Date.now() - 61_000) })
    .where('email', '=', owner.email)
    .where('attempted_at', '>', new Date(Date.now() - 61_000))
    .execute();
  t.equal((await attempt(owner.email, 'guess 6', '203.0.113.51')).statusCode, 422, 'one attempt after the minute');
  t.equal((await attempt(owner.email, 'guess 7', '203.0.113.52')).statusCode, 429, 'the next waits');
  t.equal((await listAudit(db, { action: 'auth.account_under_attack' })).length, 1, 'still one alert in the window');
  const refused = await db
    .selectFrom('sign_in_attempts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('email', '=', owner.email)
    .where('refused', '=', true)
    .executeTakeFirstOrThrow();
  t.ok(Number(refused.n) >= 2, 'refused attempts are recorded for the address limits, never as the account’s failures');
});

t.test('a signed-in user opening the sign-in page goes home', async (t) => {
  const s = await signIn(app, viewer.email, viewer.password, { remoteAddress: nextIp() });
  const res = await app.inject({ url: '/sign-in', cookies: s.cookies });
  t.equal(res.statusCode, 303);
  t.equal(res.headers.location, '/admin/results');
});

t.test('malformed sign-in bodies get a 4xx, never a 500', async (t) => {
  const form = await formToken(app, '/sign-in');
  const json = await app.inject({
    method: 'POST',
    url: '/sign-in',
    cookies: form.cookies,
    headers: { 'content-type': 'application/json', 'x-csrf-token': form.csrf },
    payload: JSON.stringify({ email: ['a'], password: { x: 1 } }),
    remoteAddress: nextIp(),
  });
  t.equal(json.statusCode, 422);
  const repeated = await app.inject({
    method: 'POST',
    url: '/sign-in',
    cookies: form.cookies,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: `_csrf=${form.csrf}&email=a@b.vn&email=c@d.vn&password=x`,
    remoteAddress: nextIp(),
  });
  t.equal(repeated.statusCode, 422);
});
