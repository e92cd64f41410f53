// Paper keying through the real app: choosing what to key, storing whole forms with the paper
// channel and the clerk's id (once per form id), errors that keep what was typed, the subtree and
// the campaign's channels enforced on the server, and the ten-minute correction of the last form.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import t from 'tap';
import { contentHash, contentOfStored } from '../../server/domain/response-content.ts';
import { localDay } from '../../server/i18n/format.ts';
import { buildTestApp } from '../helpers/app.ts';
import { keyPaperForm, paperFixture } from '../helpers/paper.ts';
import { createUser, postForm, signIn, staffTree, type StaffSession } from '../helpers/staff.ts';

const { app, database } = await buildTestApp();
t.teardown(() => app.close());
const db = database.db;
const tree = await staffTree(db);
const fx = await paperFixture(db, tree);
const clerk = await createUser(db, { email: 'clerk@p1.gov.vn', role: 'clerk', agencyId: tree.d1.id });
const otherClerk = await createUser(db, { email: 'clerk2@p1.gov.vn', role: 'clerk', agencyId: tree.d1.id });
const farClerk = await createUser(db, { email: 'clerk@p2.gov.vn', role: 'clerk', agencyId: tree.p2.id });
const session = await signIn(app, clerk.email, clerk.password);

const keyUrl = (servicePoint = fx.servicePoint.c1, campaign = fx.paperCampaign) =>
  `/admin/paper/key?campaign=${campaign}&service_point=${servicePoint}`;

function form(s: StaffSession, fields: Record<string, string>, over: Record<string, string> = {}) {
  return {
    _csrf: s.csrf,
    campaign: fx.paperCampaign,
    service_point: fx.servicePoint.c1,
    id: randomUUID(),
    form_date: localDay(new Date()),
    ...fields,
    ...over,
  };
}

const count = async (table: 'responses' | 'response_entries' | 'response_corrections') =>
  Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0]!.n);

t.test('the choose page offers paper campaigns and the service points inside the subtree', async (t) => {
  const res = await app.inject({ url: '/admin/paper', cookies: session.cookies });
  t.equal(res.statusCode, 200);
  t.match(res.body, /<option value="PAPER-2026" selected>/, 'the only paper campaign is chosen');
  t.notMatch(res.body, /ONLINE-2026/, 'a campaign without the paper channel is not offered');
  t.match(res.body, /<form method="get" action="\/admin\/paper\/key"/);
  t.match(res.body, /value="SP-D1"/);
  t.match(res.body, /value="SP-C1"/);
  for (const outside of ['SP-P1', 'SP-P2', 'SP-D2'])
    t.notMatch(res.body, new RegExp(`value="${outside}"`), `${outside} is outside the subtree`);

  const unknown = await app.inject({ url: '/admin/paper?campaign=NOPE', cookies: session.cookies });
  t.equal(unknown.statusCode, 200);
  t.match(unknown.body, /Không tìm thấy đợt khảo sát này/);
  const bare = await app.inject({ url: '/admin/paper/key', cookies: session.cookies });
  t.equal(bare.statusCode, 303, 'the keying page without its choice goes back to choosing');
  t.equal(bare.headers.location, '/admin/paper');
});

t.test('the keying page is a grid of one-digit boxes with a fresh form id', async (t) => {
  const res = await app.inject({ url: keyUrl(), cookies: session.cookies });
  t.equal(res.statusCode, 200);
  t.match(
    res.body,
    /<input class="paper-digit" type="text" id="q-E1.1" name="q.E1.1" value="" inputmode="numeric" maxlength="1" pattern="\[123450\]"/,
  );
  t.match(res.body, /<label for="q-E1.1"><span class="paper-code">E1.1<\/span>/);
  t.match(res.body, /id="q-E5.0" name="q.E5.0"[^>]*pattern="\[12\]"/, 'E5.0 takes 1 or 2');
  t.match(res.body, /id="q-E5.1"[^>]*data-condition="q-E5.0" data-condition-values="1"/, 'E5 criteria depend on E5.0 = 1');
  t.match(res.body, /<select id="q-B.TYPE" name="q.B.TYPE"/, 'background questions are selects');
  t.match(res.body, /type="checkbox" id="q-X.IMPROVE-1" name="q.X.IMPROVE"/, 'expectations are checkboxes');
  t.match(res.body, /<textarea id="comment" name="comment"/);
  t.match(
    res.body,
    new RegExp(`<input type="date" id="form_date" name="form_date" value="${localDay(new Date())}" max="${localDay(new Date())}"`),
  );
  t.match(res.body, /<input type="hidden" name="id" value="[0-9a-f-]{36}">/);
  t.match(res.body, /<script src="\/public\/js\/paper.js" defer><\/script>/);
  const again = await app.inject({ url: keyUrl(), cookies: session.cookies });
  const id = (html: string) => /name="id" value="([^"]+)"/.exec(html)![1];
  t.not(id(again.body), id(res.body), 'every drawing of the form has its own id');
});

t.test('three keyed forms are three paper responses entered by the clerk', async (t) => {
  const before = await count('responses');
  const ids: string[] = [];
  let last = '';
  for (const overall of ['5', '4', '2']) {
    const f = form(session, {
      'q.E1.1': '4',
      'q.E1.2': '0',
      'q.E5.0': '1',
      'q.E5.1': '3',
      'q.OVERALL': overall,
      'q.B.TYPE': 'individual',
      'q.X.IMPROVE': 'time',
      comment: ' Cần thêm ghế ',
    });
    const res = await postForm(app, '/admin/paper/key', session.cookies, f);
    t.equal(res.statusCode, 303, `form ${overall}: saved`);
    t.match(res.headers.location, new RegExp(`saved=${f.id}$`));
    ids.push(f.id);
    last = String(res.headers.location);
  }
  t.equal((await count('responses')) - before, 3);
  const rows = await db
    .selectFrom('responses as r')
    .innerJoin('response_entries as e', 'e.response_id', 'r.id')
    .leftJoin('response_comments as c', 'c.response_id', 'r.id')
    .select(['r.id', 'r.channel', 'r.answers', 'r.locale', 'e.entered_by', 'c.body', 'r.submitted_at'])
    .where('r.id', 'in', ids)
    .execute();
  t.equal(rows.length, 3);
  for (const r of rows) {
    t.equal(r.channel, 'paper');
    t.equal(r.entered_by, clerk.id, 'entered by the clerk');
    t.equal(r.body, 'Cần thêm ghế', 'the comment is kept apart, cleaned');
    t.same(localDay(new Date(r.submitted_at)), localDay(new Date()), 'dated the form’s day');
  }
  t.same(rows.find((r) => r.id === ids[2])!.answers, {
    'E1.1': 4,
    'E1.2': 0,
    'E5.0': 1,
    'E5.1': 3,
    OVERALL: 2,
    'B.TYPE': 'individual',
    'X.IMPROVE': ['time'],
  });

  const page = await app.inject({ url: last, cookies: session.cookies });
  t.equal(page.statusCode, 200);
  t.match(page.body, new RegExp(`Đã lưu phiếu số 3 \\(mã ${ids[2]!.slice(0, 8)}\\)`), 'the saved form is named with its number');
  t.match(page.body, /Trong phiên làm việc này bạn đã nhập 3 phiếu/, 'the running count comes from the database');
  t.match(page.body, new RegExp(`href="/admin/paper/correct/${ids[2]}"`), 'the last form may be corrected');
  t.match(page.body, /name="q.E1.1" value=""/, 'and the form is empty again');
});

t.test('a double submit of the same form is stored once', async (t) => {
  const f = form(session, { 'q.OVERALL': '4' });
  const before = await count('responses');
  const [a, b] = await Promise.all([
    postForm(app, '/admin/paper/key', session.cookies, f),
    postForm(app, '/admin/paper/key', session.cookies, f),
  ]);
  const c = await postForm(app, '/admin/paper/key', session.cookies, f);
  t.same([a.statusCode, b.statusCode, c.statusCode], [303, 303, 303], 'each answer says it is saved');
  t.equal((await count('responses')) - before, 1, 'one row');
  t.equal(
    Number((await sql<{ n: number }>`select count(*) as n from response_entries where response_id = ${f.id}`.execute(db)).rows[0]!.n),
    1,
  );

  // The page sent again with other answers under the same id: nothing stored, a fresh id offered.
  const changed = await postForm(app, '/admin/paper/key', session.cookies, { ...f, 'q.OVERALL': '1' });
  t.equal(changed.statusCode, 409);
  t.match(changed.body, /đã được lưu trước đó với nội dung khác/);
  t.notMatch(changed.body, new RegExp(`value="${f.id}"`), 'a new id is offered to save it as a new form');
  t.match(changed.body, /name="q.OVERALL" value="1"/, 'what was typed is kept');
  t.equal((await count('responses')) - before, 1);
});

t.test('errors answer 422 with a summary linking to each field and keep what was typed', async (t) => {
  const before = await count('responses');
  const f = form(session, {
    'q.E1.1': '7',
    'q.E1.2': '4',
    'q.E5.0': '2',
    'q.E5.1': '3',
    'q.B.TYPE': 'individual',
    'q.X.IMPROVE': ['time', 'fees', 'online', 'simplify'] as unknown as string,
    comment: 'Góp ý',
  });
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  const res = await app.inject({
    method: 'POST',
    url: '/admin/paper/key',
    cookies: session.cookies,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: body.toString(),
  });
  t.equal(res.statusCode, 422);
  const links = [...res.body.matchAll(/<li><a href="#([^"]+)">/g)].map((m) => m[1]);
  t.same(links, ['q-E1.1', 'q-E5.1', 'q-X.IMPROVE-1'], 'each problem links to its field, in form order');
  t.match(res.body, /E1.1: Giá trị không hợp lệ; các giá trị được chấp nhận: 1, 2, 3, 4, 5, 0/);
  t.match(res.body, /E5.1: Câu hỏi này không áp dụng với câu trả lời đã chọn ở câu E5.0/);
  t.match(res.body, /id="q-E1.1" name="q.E1.1" value="7"[^>]*aria-describedby="scale-satisfaction5 q-E1.1-error" aria-invalid="true"/);
  t.match(res.body, /name="q.E1.2" value="4"/);
  t.match(res.body, /name="q.E5.0" value="2"/);
  t.match(res.body, /<option value="individual" selected>/);
  t.match(res.body, /id="q-X.IMPROVE-4" name="q.X.IMPROVE" value="time" checked/);
  t.match(res.body, />Góp ý<\/textarea>/);
  t.match(res.body, new RegExp(`name="id" value="${f.id}"`), 'the same form id, so fixing and saving stores it once');
  t.notMatch(res.body, / autofocus/, 'the error summary, not the first box, gets the focus');

  const future = await postForm(app, '/admin/paper/key', session.cookies, form(session, { 'q.OVERALL': '4' }, { form_date: '2999-01-01' }));
  t.equal(future.statusCode, 422);
  t.match(future.body, /<a href="#form_date">Ngày trên phiếu không được sau hôm nay/);
  t.match(future.body, /value="2999-01-01"/);
  const garbled = await postForm(
    app,
    '/admin/paper/key',
    session.cookies,
    form(session, { 'q.OVERALL': '4' }, { form_date: '2026-02-30' }),
  );
  t.equal(garbled.statusCode, 422);
  t.match(garbled.body, /Ngày trên phiếu: hãy nhập một ngày hợp lệ/);
  const empty = await postForm(app, '/admin/paper/key', session.cookies, form(session, {}));
  t.equal(empty.statusCode, 422);
  t.match(empty.body, /<a href="#q-E1.1">Phiếu chưa có câu trả lời nào/);
  const noId = await postForm(app, '/admin/paper/key', session.cookies, form(session, { 'q.OVERALL': '4' }, { id: 'not-a-uuid' }));
  t.equal(noId.statusCode, 400);
  t.match(noId.body, /Biểu mẫu nhập phiếu không hợp lệ/);
  t.equal(await count('responses'), before, 'nothing stored');
});

t.test('the subtree and the paper channel are enforced whatever the URL', async (t) => {
  for (const sp of [fx.servicePoint.p1, fx.servicePoint.p2, fx.servicePoint.d2, 'NO-SUCH-SP', 'bad code']) {
    const res = await app.inject({ url: keyUrl(sp), cookies: session.cookies });
    t.equal(res.statusCode, 404, `${sp}: 404`);
  }
  const noPaper = await app.inject({ url: keyUrl(fx.servicePoint.c1, fx.kioskCampaign), cookies: session.cookies });
  t.equal(noPaper.statusCode, 404, 'a campaign without the paper channel: 404');

  const before = await count('responses');
  const outside = await postForm(
    app,
    '/admin/paper/key',
    session.cookies,
    form(session, { 'q.OVERALL': '4' }, { service_point: fx.servicePoint.d2 }),
  );
  t.equal(outside.statusCode, 404);
  t.notMatch(outside.body, /Tỉnh Hai|SP-D2/, 'the 404 reveals nothing');
  const wrongChannel = await postForm(
    app,
    '/admin/paper/key',
    session.cookies,
    form(session, { 'q.OVERALL': '4' }, { campaign: fx.kioskCampaign }),
  );
  t.equal(wrongChannel.statusCode, 404);
  t.equal(await count('responses'), before, 'nothing stored');

  const far = await signIn(app, farClerk.email, farClerk.password);
  const farPage = await app.inject({ url: keyUrl(fx.servicePoint.c1), cookies: far.cookies });
  t.equal(farPage.statusCode, 404, 'a clerk of the other province cannot key for this one');
  const farOwn = await app.inject({ url: keyUrl(fx.servicePoint.d2), cookies: far.cookies });
  t.equal(farOwn.statusCode, 200, 'but keys for their own');
});

t.test('the last form may be corrected for ten minutes, by its clerk only, and it is audited', async (t) => {
  const s = await signIn(app, clerk.email, clerk.password);
  const f = form(s, { 'q.E1.1': '4', 'q.OVERALL': '4', comment: 'Tốt' });
  t.equal((await postForm(app, '/admin/paper/key', s.cookies, f)).statusCode, 303);
  const url = `/admin/paper/correct/${f.id}`;

  const page = await app.inject({ url, cookies: s.cookies });
  t.equal(page.statusCode, 200);
  t.match(page.body, /Sửa phiếu vừa nhập/);
  t.match(page.body, /name="q.E1.1" value="4"/, 'prefilled');
  t.match(page.body, />Tốt<\/textarea>/);
  t.notMatch(page.body, /name="form_date"/, 'the date stays as keyed');

  const bad = await postForm(app, url, s.cookies, { _csrf: s.csrf, 'q.E1.1': '9', 'q.OVERALL': '4' });
  t.equal(bad.statusCode, 422);
  t.match(bad.body, /name="q.E1.1" value="9"/);

  const before = await db.selectFrom('responses').select(['answers', 'content_hash']).where('id', '=', f.id).executeTakeFirstOrThrow();
  const fixed = await postForm(app, url, s.cookies, { _csrf: s.csrf, 'q.E1.1': '5', 'q.OVERALL': '4', 'q.E1.2': '0', comment: 'Rất tốt' });
  t.equal(fixed.statusCode, 303);
  t.match(fixed.headers.location, new RegExp(`corrected=${f.id}$`));
  const after = await db.selectFrom('responses').selectAll().where('id', '=', f.id).executeTakeFirstOrThrow();
  const comment = await db.selectFrom('response_comments').select('body').where('response_id', '=', f.id).executeTakeFirst();
  t.same(after.answers, { 'E1.1': 5, 'E1.2': 0, OVERALL: 4 });
  t.equal(comment?.body, 'Rất tốt');
  t.not(after.content_hash, before.content_hash);
  t.equal(after.content_hash, contentHash(contentOfStored(after, 'Rất tốt')), 'the new hash is the hash of the new content');
  const correction = await db.selectFrom('response_corrections').selectAll().where('response_id', '=', f.id).executeTakeFirstOrThrow();
  t.same(correction.old_answers, before.answers);
  t.equal(correction.old_comment, 'Tốt');
  t.equal(correction.old_hash, before.content_hash);
  t.equal(correction.corrected_by, clerk.id);
  const entry = await db.selectFrom('response_entries').select('corrected_at').where('response_id', '=', f.id).executeTakeFirstOrThrow();
  t.ok(entry.corrected_at, 'the entry says it was corrected');
  const logged = await db.selectFrom('audit_log').selectAll().where('action', '=', 'paper.correct').execute();
  t.equal(logged.length, 1);
  t.equal(logged[0]!.actor_user_id, clerk.id);
  t.match(logged[0]!.details, { responseId: f.id });
  const shown = await app.inject({ url: String(fixed.headers.location), cookies: s.cookies });
  t.match(shown.body, new RegExp(`Đã lưu bản sửa của phiếu mã ${f.id.slice(0, 8)}`));

  // Someone else's form: refused, and nothing changes.
  const other = await signIn(app, otherClerk.email, otherClerk.password);
  const theirs = await app.inject({ url, cookies: other.cookies });
  t.equal(theirs.statusCode, 403);
  t.match(theirs.body, /Phiếu này do người khác nhập/);
  const theirsPost = await postForm(app, url, other.cookies, { _csrf: other.csrf, 'q.OVERALL': '1' });
  t.equal(theirsPost.statusCode, 403);

  // Outside the subtree: as if it did not exist.
  const far = await signIn(app, farClerk.email, farClerk.password);
  t.equal((await app.inject({ url, cookies: far.cookies })).statusCode, 404);

  // Ten minutes later: refused with a clear message, nothing changed.
  // Every form of the clerk moves back, so that this one is still their last.
  await sql`update response_entries set entered_at = entered_at - interval '11 minutes' where entered_by = ${clerk.id}`.execute(db);
  const late = await app.inject({ url, cookies: s.cookies });
  t.equal(late.statusCode, 403);
  t.match(late.body, /Đã quá 10 phút/);
  const latePost = await postForm(app, url, s.cookies, { _csrf: s.csrf, 'q.OVERALL': '1' });
  t.equal(latePost.statusCode, 403);
  const keyPage = await app.inject({ url: keyUrl(), cookies: s.cookies });
  t.notMatch(keyPage.body, /paper-correct-link/, 'no correction link once the time is up');
  t.same((await db.selectFrom('responses').select('answers').where('id', '=', f.id).executeTakeFirstOrThrow()).answers, after.answers);
  t.equal(await count('response_corrections'), 1);
  t.equal((await db.selectFrom('audit_log').selectAll().where('action', '=', 'paper.correct').execute()).length, 1);
});

t.test('only the last form may be corrected, and the same content changes nothing', async (t) => {
  const first = await keyPaperForm(db, { email: clerk.email, servicePointCode: fx.servicePoint.c1 });
  const s = await signIn(app, clerk.email, clerk.password);
  t.equal((await app.inject({ url: `/admin/paper/correct/${first}`, cookies: s.cookies })).statusCode, 200);
  const same = await postForm(app, `/admin/paper/correct/${first}`, s.cookies, { _csrf: s.csrf, 'q.E1.1': '4', 'q.OVERALL': '4' });
  t.equal(same.statusCode, 303);
  t.equal(
    await db.selectFrom('response_corrections').select('id').where('response_id', '=', first).executeTakeFirst(),
    undefined,
    'no correction recorded',
  );

  await keyPaperForm(db, { email: clerk.email, servicePointCode: fx.servicePoint.c1 });
  const older = await app.inject({ url: `/admin/paper/correct/${first}`, cookies: s.cookies });
  t.equal(older.statusCode, 403);
  t.match(older.body, /chỉ sửa được phiếu nhập gần nhất/);
  t.equal((await app.inject({ url: `/admin/paper/correct/${randomUUID()}`, cookies: s.cookies })).statusCode, 404);
  t.equal((await app.inject({ url: '/admin/paper/correct/not-a-uuid', cookies: s.cookies })).statusCode, 404);
});

t.test('the keying page in English', async (t) => {
  const res = await app.inject({ url: keyUrl(), cookies: { ...session.cookies, lang: 'en' } });
  t.equal(res.statusCode, 200);
  t.match(res.body, /<html lang="en">/);
  t.match(res.body, /Save form/);
  t.match(res.body, /The waiting area at the one-stop counter has enough seats/);
});
