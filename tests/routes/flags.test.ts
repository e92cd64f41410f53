// The flag review pages over the demo province: the list opens on what waits for review with the
// reasons in words, filters by reason and state, a review without a reason or a decision is a 422
// naming the fields and keeping the choices, a review of "all that match" decides exactly the
// matching ones, one response's page shows its history; every decision audited; a manager may not.
import t from 'tap';
import { findAgencyByCode } from '../../server/db/queries/agencies.ts';
import { listAudit } from '../../server/db/queries/audit.ts';
import { createDemo } from '../../server/demo/create.ts';
import { buildTestApp } from '../helpers/app.ts';
import { postForm, signIn, type StaffSession } from '../helpers/staff.ts';

const { app, database } = await buildTestApp();
t.teardown(() => app.close());
const db = database.db;
const demo = await createDemo(db, { responses: 1500, now: new Date('2026-11-20T03:00:00Z'), seed: 'flags' });
await app.results.flush();
const KHA = (await findAgencyByCode(db, 'KHA'))!;
const account = (role: string) => demo.accounts.find((a) => a.role === role)!;
const coordinator = await signIn(app, account('coordinator').email, account('coordinator').password);
const manager = await signIn(app, account('manager').email, account('manager').password);

// Some kiosk ratings that arrived late: a batch to count again.
const late = (
  await db
    .selectFrom('responses')
    .select('id')
    .where('status', '=', 'valid')
    .where('channel', '=', 'kiosk')
    .orderBy('submitted_at', 'desc')
    .limit(7)
    .execute()
).map((r) => r.id);
await db.updateTable('responses').set({ status: 'flagged', status_reason: 'late' }).where('id', 'in', late).execute();

const get = (s: StaffSession, url: string) => app.inject({ url, cookies: s.cookies });
const ids = (html: string) => [...html.matchAll(/<li class="flag-row[^"]*" data-id="([0-9a-f-]{36})"/g)].map((m) => m[1]!);
const found = (html: string) => Number(/<h2 id="flags-heading">([\d.]+) phiếu<\/h2>/.exec(html)?.[1]?.replace(/\./g, '') ?? NaN);
const flaggedIn = async (reason?: string) =>
  (await db.selectFrom('responses').select(['id', 'status_reason']).where('status', '=', 'flagged').execute()).filter(
    (r) => !reason || r.status_reason!.split(',').includes(reason),
  );

t.test('the list: what waits for review, reasons in words, filters', async (t) => {
  const res = await get(coordinator, '/admin/flags');
  t.equal(res.statusCode, 200);
  t.equal(found(res.body), (await flaggedIn()).length, 'every flagged response of the province');
  t.match(res.body, 'gửi đến muộn hơn 30 ngày', 'the late reason in words');
  t.match(res.body, 'trả lời nhanh bất thường', 'the too-fast reason in words');
  const onlyLate = await get(coordinator, '/admin/flags?flag=late');
  t.equal(found(onlyLate.body), 7);
  t.same(ids(onlyLate.body).sort(), [...late].sort());
  const bad = await get(coordinator, '/admin/flags?state=later&from=32/01/2026');
  t.equal(bad.statusCode, 422);
  t.match(bad.body, 'href="#filter-state"');
  t.match(bad.body, 'href="#filter-from"');
  t.equal((await get(manager, '/admin/flags')).statusCode, 403, 'a manager does not review flags');
});

t.test('a review needs a decision, a reason and something chosen', async (t) => {
  const res = await postForm(app, '/admin/flags/review', coordinator.cookies, {
    _csrf: coordinator.csrf,
    state: 'flagged',
    flag: 'late',
    scope: 'selected',
    decision: '',
    reason: ' ',
  });
  t.equal(res.statusCode, 422);
  for (const f of ['review-ids', 'decision', 'reason']) t.match(res.body, `href="#${f}"`, `${f} is named`);
  t.equal((await flaggedIn('late')).length, 7, 'nothing changed');
});

t.test('all that match: the late batch counted, audited, the list follows', async (t) => {
  const res = await postForm(app, '/admin/flags/review', coordinator.cookies, {
    _csrf: coordinator.csrf,
    state: 'flagged',
    flag: 'late',
    agency: '',
    channel: '',
    from: '',
    to: '',
    scope: 'all',
    decision: 'include',
    reason: 'Máy đánh giá mất mạng; lô phiếu hợp lệ',
  });
  t.equal(res.statusCode, 303);
  t.match(res.headers.location, /^\/admin\/flags\?state=flagged&flag=late&done=reviewed&n=7$/);
  const after = await db.selectFrom('responses').select(['status', 'status_reason']).where('id', 'in', late).execute();
  t.ok(
    after.every((r) => r.status === 'valid' && r.status_reason === 'late'),
    'all seven counted, still saying why they were flagged',
  );
  t.equal((await flaggedIn()).filter((r) => r.status_reason === 'too-fast').length > 0, true, 'the too-fast ones untouched');
  const entries = await listAudit(db, { action: 'response.review' });
  const decided = entries.flatMap((e) => (e.details as { responses: { id: string; before: string; after: string }[] }).responses);
  t.same(decided.map((d) => d.id).sort(), [...late].sort(), 'each response audited');
  t.ok(
    decided.every((d) => d.before === 'flagged' && d.after === 'valid'),
    'with its status before and after',
  );
  const back = await get(coordinator, res.headers.location as string);
  t.match(back.body, 'Đã ghi quyết định cho 7 phiếu.');
  t.equal(found(back.body), 0, 'nothing late waits any more');
  const included = await get(coordinator, '/admin/flags?state=included');
  t.same(ids(included.body).sort(), [...late].sort(), 'listed as counted again');
  t.match(included.body, 'Lần xem xét gần nhất: Tính lại phiếu vào chỉ số');
});

t.test('one response: its history, a 422 keeping the choice, then excluded', async (t) => {
  const id = late[0]!;
  const page = await get(coordinator, `/admin/flags/${id}`);
  t.equal(page.statusCode, 200);
  t.match(page.body, 'Máy đánh giá mất mạng; lô phiếu hợp lệ');
  const bad = await postForm(app, `/admin/flags/${id}`, coordinator.cookies, { _csrf: coordinator.csrf, decision: 'exclude', reason: '' });
  t.equal(bad.statusCode, 422);
  t.match(bad.body, 'href="#reason"');
  t.match(bad.body, /id="decision-exclude" name="decision" value="exclude" checked/, 'the decision is kept');
  const ok = await postForm(app, `/admin/flags/${id}`, coordinator.cookies, {
    _csrf: coordinator.csrf,
    decision: 'exclude',
    reason: 'Trùng với phiếu khác',
  });
  t.equal(ok.statusCode, 303);
  t.equal((await db.selectFrom('responses').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status, 'excluded');
  const history = await get(coordinator, `/admin/flags/${id}?done=reviewed`);
  t.match(history.body, 'Đã ghi quyết định.');
  t.match(history.body, /Loại phiếu, không tính \(Đã tính lại → Đã loại\)/);
  t.equal((await get(coordinator, `/admin/flags/${KHA.id}`)).statusCode, 404, 'not a response id: 404');
});
