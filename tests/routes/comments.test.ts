// The comments inbox over the demo province: scope (a manager sees their department's comments and
// no one else's), every filter against a recount from the stored rows, search with and without
// diacritics, paging, the CSV of the list, and the follow-up form: 422 keeping what was typed, a
// saved follow-up audited with before and after, overdue marked, contacts shown with their purpose.
import t from 'tap';
import { findAgencyByCode } from '../../server/db/queries/agencies.ts';
import { listAudit } from '../../server/db/queries/audit.ts';
import { saveContact } from '../../server/db/queries/comment-contacts.ts';
import { commentCounts } from '../../server/db/queries/comments.ts';
import { createDemo } from '../../server/demo/create.ts';
import { foldText } from '../../server/domain/fold.ts';
import { questionList, type QuestionnaireDefinition } from '../../server/domain/questionnaire.ts';
import { localDay } from '../../server/i18n/format.ts';
import { buildTestApp } from '../helpers/app.ts';
import { createUser, postForm, signIn, type StaffSession } from '../helpers/staff.ts';

const NOW = new Date('2026-11-20T03:00:00Z');
const { app, database } = await buildTestApp();
t.teardown(() => app.close());
const db = database.db;
const demo = await createDemo(db, { responses: 1500, now: NOW, seed: 'comments' });
await app.results.flush();

const KHA = (await findAgencyByCode(db, 'KHA'))!;
const SXD = (await findAgencyByCode(db, 'KHA-SXD'))!;
const account = (role: string) => demo.accounts.find((a) => a.role === role)!;
const coordinator = await signIn(app, account('coordinator').email, account('coordinator').password);
const manager = await signIn(app, account('manager').email, account('manager').password);
const viewerUser = await createUser(db, { email: 'viewer@comments.gov.vn', role: 'viewer', agencyId: KHA.id });
const viewer = await signIn(app, viewerUser.email, viewerUser.password);

interface Stored {
  id: string;
  body: string;
  path: string;
  submittedAt: Date;
  versionId: number;
  answers: Record<string, unknown>;
}
async function stored(): Promise<Stored[]> {
  const rows = await db
    .selectFrom('response_comments as c')
    .innerJoin('responses as r', 'r.id', 'c.response_id')
    .innerJoin('agencies as a', 'a.id', 'r.agency_id')
    .select([
      'c.response_id as id',
      'c.body',
      'a.path',
      'r.submitted_at as submittedAt',
      'r.questionnaire_version_id as versionId',
      'r.answers',
    ])
    .execute();
  return rows.map((r) => ({ ...r, versionId: Number(r.versionId), answers: r.answers as Record<string, unknown> }));
}
const all = await stored();
const under = (path: string) => all.filter((c) => c.path.startsWith(path));

const get = (s: StaffSession, url: string, opts: { htmx?: boolean; lang?: 'vi' | 'en' } = {}) =>
  app.inject({
    url,
    cookies: { ...s.cookies, ...(opts.lang ? { lang: opts.lang } : {}) },
    headers: opts.htmx ? { 'hx-request': 'true' } : {},
  });
const ids = (html: string) => [...html.matchAll(/data-id="([0-9a-f-]{36})"/g)].map((m) => m[1]!);
const heading = (html: string) => /<h2 id="comments-heading">([^<]*)<\/h2>/.exec(html)?.[1]?.trim() ?? '';

t.test('the inbox lists the scope, newest first, 25 a page', async (t) => {
  t.ok(all.length > 30, `the demo has ${all.length} comments`);
  const res = await get(coordinator, '/admin/comments');
  t.equal(res.statusCode, 200);
  t.match(res.headers['vary'], /HX-Request/);
  t.equal(heading(res.body), `${all.length.toLocaleString('vi-VN')} góp ý`);
  const newest = [...all].sort((a, b) => b.submittedAt.getTime() - a.submittedAt.getTime() || (a.id < b.id ? -1 : 1));
  t.same(
    ids(res.body),
    newest.slice(0, 25).map((c) => c.id),
    'the 25 newest, in order',
  );
  const page2 = await get(coordinator, '/admin/comments?page=2');
  t.same(
    ids(page2.body),
    newest.slice(25, 50).map((c) => c.id),
    'the next 25 on page 2',
  );

  const mine = await get(manager, '/admin/comments');
  const managerIds = new Set(under(SXD.path).map((c) => c.id));
  t.equal(heading(mine.body), `${managerIds.size.toLocaleString('vi-VN')} góp ý`, "the manager counts only their department's");
  t.ok(
    ids(mine.body).every((id) => managerIds.has(id)),
    'and sees nothing beside it',
  );
  t.equal((await get(manager, `/admin/comments?agency=KHA`)).statusCode, 404, 'an agency above the manager is a 404');
  t.equal((await get(viewer, '/admin/comments')).statusCode, 403, 'a viewer reads figures, not comments');

  const fragment = await get(coordinator, '/admin/comments', { htmx: true });
  t.notMatch(fragment.body, /<html/, 'htmx gets the panel only');
  t.match(fragment.body, /id="comments-panel"/);
});

t.test('search finds words with or without diacritics', async (t) => {
  const target = all.find((c) => /[ờâ]/.test(c.body))!;
  const word = target.body
    .split(/\s+/)
    .find((w) => /[ờâ]/.test(w))!
    .replace(/[.,!?]/g, '');
  const expected = all.filter((c) => foldText(c.body).includes(foldText(word))).length;
  for (const q of [word, foldText(word), word.toUpperCase()]) {
    const res = await get(coordinator, `/admin/comments?q=${encodeURIComponent(q)}`);
    t.equal(res.statusCode, 200);
    t.equal(heading(res.body), `${expected.toLocaleString('vi-VN')} góp ý khớp bộ lọc`, `"${q}" finds the same ${expected}`);
  }
  const none = await get(coordinator, `/admin/comments?q=${encodeURIComponent('%_\\ không-có-từ-này')}`);
  t.equal(heading(none.body), '0 góp ý khớp bộ lọc', 'LIKE wildcards are searched as text');
});

t.test('rating and element filters read each version’s own questions', async (t) => {
  const versions = await db.selectFrom('questionnaire_versions').select(['id', 'definition']).execute();
  const defs = new Map(versions.map((v) => [Number(v.id), v.definition as QuestionnaireDefinition]));
  const ratingOf = (c: Stored, element: string | null) => {
    const q = questionList(defs.get(c.versionId)!).find((x) =>
      element ? x.kind === 'element-satisfaction' && x.element === element : x.kind === 'overall' || x.kind === 'scale',
    );
    const v = q ? c.answers[q.code] : undefined;
    return typeof v === 'number' && q!.options.some((o) => o.value === v) ? q!.satisfied.includes(v) : null;
  };
  for (const [query, keep] of [
    ['rating=not-satisfied', (c: Stored) => ratingOf(c, null) === false],
    ['rating=satisfied', (c: Stored) => ratingOf(c, null) === true],
    ['rating=not-satisfied&element=E3', (c: Stored) => ratingOf(c, 'E3') === false],
    ['element=E1', (c: Stored) => ratingOf(c, 'E1') !== null],
  ] as const) {
    const n = all.filter(keep).length;
    const res = await get(coordinator, `/admin/comments?${query}`);
    t.equal(heading(res.body), `${n.toLocaleString('vi-VN')} góp ý khớp bộ lọc`, `${query}: ${n}`);
  }
});

t.test('bad filters are a 422 with the fields named; junk is no 500', async (t) => {
  const res = await get(coordinator, '/admin/comments?from=31/02/2026&to=01/01/2020&status=later&rating=x');
  t.equal(res.statusCode, 422);
  t.match(res.body, /href="#filter-from"/);
  t.match(res.body, /href="#filter-status"/);
  t.match(res.body, /href="#filter-rating"/);
  t.match(res.body, /value="31\/02\/2026"/, 'what was typed is kept');
  for (const q of ['q=%00%01', 'q=' + 'x'.repeat(5000), 'page=-3', 'page=99999999999', 'q=%ED%A0%80']) {
    const r = await get(coordinator, `/admin/comments?${q}`);
    t.ok(r.statusCode < 500, `${q.slice(0, 20)}: ${r.statusCode}`);
  }
});

t.test('the CSV of the list: every matching comment, neutralised, audited', async (t) => {
  const res = await get(coordinator, '/admin/comments/export.csv?agency=KHA-SXD');
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /text\/csv/);
  const lines = res.body
    .replace(/^\ufeff/, '')
    .trim()
    .split('\r\n');
  t.equal(lines.length - 1, under(SXD.path).length, 'one line per comment of the subtree');
  t.match(lines[0], /^Thời gian gửi,Mã đơn vị/);
  const entry = (await listAudit(db, { action: 'comments.export', limit: 1 }))[0];
  t.same((entry?.details as { rows: number }).rows, under(SXD.path).length);
  t.equal((await get(manager, '/admin/comments/export.csv?agency=KHA')).statusCode, 404);
});

t.test('following a comment up: 422, saved, audited, overdue, counts', async (t) => {
  const c = under(SXD.path)[0]!;
  const page = await get(manager, `/admin/comments/${c.id}`);
  t.equal(page.statusCode, 200);
  t.match(page.body, /người dân không để lại cách liên hệ|Người dân không để lại cách liên hệ/);
  const managerId = Number(
    (await db.selectFrom('users').select('id').where('email', '=', account('manager').email).executeTakeFirstOrThrow()).id,
  );

  const bad = await postForm(app, `/admin/comments/${c.id}`, manager.cookies, {
    _csrf: manager.csrf,
    status: 'answered',
    assigneeId: String(KHA.id + 100000),
    dueOn: '32/13/2026',
    note: '',
    reply: '',
  });
  t.equal(bad.statusCode, 422);
  for (const f of ['assigneeId', 'dueOn', 'reply']) t.match(bad.body, new RegExp(`href="#${f}"`), `${f} is named`);
  t.match(bad.body, /value="32\/13\/2026"/);

  const before = await commentCounts(db, SXD.path, localDay(new Date()));
  const ok = await postForm(app, `/admin/comments/${c.id}`, manager.cookies, {
    _csrf: manager.csrf,
    status: 'in_progress',
    assigneeId: String(managerId),
    dueOn: '01/01/2026',
    note: 'Gọi lại cho bộ phận một cửa',
    reply: '',
  });
  t.equal(ok.statusCode, 303);
  t.equal(ok.headers.location, `/admin/comments/${c.id}?done=saved`);
  const row = await db.selectFrom('response_comments').selectAll().where('response_id', '=', c.id).executeTakeFirstOrThrow();
  t.equal(row.follow_up_status, 'in_progress');
  t.equal(Number(row.assignee_id), managerId);
  const after = await commentCounts(db, SXD.path, localDay(new Date()));
  t.equal(after.new, before.new - 1, 'one fewer new');
  t.equal(after.overdue, before.overdue + 1, 'one more overdue (its deadline has passed)');
  const entry = (await listAudit(db, { action: 'comment.follow-up', limit: 1 }))[0]!;
  t.same((entry.details as { before: unknown }).before, { status: 'new', assigneeId: null, dueOn: null, note: null });
  t.same((entry.details as { after: unknown }).after, {
    status: 'in_progress',
    assigneeId: managerId,
    dueOn: '2026-01-01',
    note: 'Gọi lại cho bộ phận một cửa',
  });
  const overdue = await get(manager, '/admin/comments?status=overdue');
  t.ok(ids(overdue.body).includes(c.id), 'listed as overdue');
  t.match(overdue.body, /Quá hạn \(hạn 01\/01\/2026\)/);

  await saveContact(db, { responseId: c.id, provinceId: KHA.id, contact: '0912 345 678', now: new Date() });
  const withContact = await get(manager, `/admin/comments/${c.id}`);
  t.match(withContact.body, /0912 345 678/);
  t.match(withContact.body, /chỉ để được trả lời về góp ý này/);
  const answered = await postForm(app, `/admin/comments/${c.id}`, manager.cookies, {
    _csrf: manager.csrf,
    status: 'answered',
    assigneeId: String(managerId),
    dueOn: '01/01/2026',
    note: 'Gọi lại cho bộ phận một cửa',
    reply: 'Đã bố trí thêm quầy buổi sáng.',
  });
  t.equal(answered.statusCode, 303);
  const contact = await db.selectFrom('comment_contacts').select('expires_at').where('response_id', '=', c.id).executeTakeFirstOrThrow();
  t.ok(contact.expires_at.getTime() <= Date.now() + 31 * 86_400_000, 'an answered comment keeps its contact 30 days at most');

  const outside = all.find((x) => !x.path.startsWith(SXD.path))!;
  t.equal((await get(manager, `/admin/comments/${outside.id}`)).statusCode, 404, 'outside the subtree: 404');
  t.equal(
    (await postForm(app, `/admin/comments/${outside.id}`, manager.cookies, { _csrf: manager.csrf, status: 'closed' })).statusCode,
    404,
  );
  t.equal((await get(manager, '/admin/comments/not-a-uuid')).statusCode, 404);
});
