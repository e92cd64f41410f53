// The questionnaires pages (issue 13, point 5): the list with versions; an upload with errors
// answered 422 with every error by its JSON path and the text kept, nothing stored; a checked
// upload compared with the current version and previewed through the survey's own page, marked as
// a preview and storing nothing; publishing as a new version, audited, the old version unchanged;
// the side-by-side comparison of two versions; and an admin's screens refused to a coordinator.
import { readFileSync } from 'node:fs';
import t from 'tap';
import { listAudit } from '../../server/db/queries/audit.ts';
import { ensureBuiltInQuestionnaires, findQuestionnaireVersion } from '../../server/db/queries/questionnaires.ts';
import { diffDefinitions } from '../../server/domain/questionnaire-diff.ts';
import { parseQuestionnaire, type QuestionnaireDefinition } from '../../server/domain/questionnaire.ts';
import { buildTestApp } from '../helpers/app.ts';
import { createUser, signIn, staffTree, type StaffSession } from '../helpers/staff.ts';

const { app, database } = await buildTestApp();
t.teardown(() => app.close());
const db = database.db;
await ensureBuiltInQuestionnaires(db);
const tree = await staffTree(db);
const admin = await createUser(db, { email: 'admin@p1.gov.vn', role: 'admin', agencyId: tree.p1.id });
const coordinator = await createUser(db, { email: 'coordinator@p1.gov.vn', role: 'coordinator', agencyId: tree.p1.id });
const s: StaffSession = await signIn(app, admin.email, admin.password);
const get = (url: string, lang = 'vi', session = s) => app.inject({ url, cookies: { ...session.cookies, lang } });
const post = (url: string, fields: Record<string, string>, session = s) =>
  app.inject({
    method: 'POST',
    url,
    cookies: session.cookies,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ ...fields, _csrf: session.csrf }).toString(),
  });
const quickText = readFileSync(new URL('../../content/questionnaires/counter-quick.json', import.meta.url), 'utf8');
const quick = JSON.parse(quickText) as Record<string, any>;
/** Version 2 of the counter rating: one reason reworded, one added, the comment question gone, a new question. */
const edited = structuredClone(quick);
edited.questions[1].options[0].vi = 'Phải chờ quá lâu';
edited.questions[1].options.push({ value: 'queue', vi: 'Không có số thứ tự', en: 'No queue ticket' });
edited.questions = edited.questions.filter((q: { code: string }) => q.code !== 'Q.COMMENT');
edited.questions.push({
  code: 'Q.AGAIN',
  type: 'single',
  vi: 'Ông/Bà có quay lại không?',
  en: 'Would you come back?',
  options: [
    { value: 'yes', vi: 'Có', en: 'Yes' },
    { value: 'no', vi: 'Không', en: 'No' },
  ],
});
const versionsOf = async () =>
  (await db.selectFrom('questionnaire_versions').select(['id', 'definition']).orderBy('id').execute()).map((r) => JSON.stringify(r));

t.test('the pure comparison: added, removed, changed by part, unchanged', async (t) => {
  const a = parseQuestionnaire(quick);
  const b = parseQuestionnaire(edited);
  if (!a.ok || !b.ok) throw new Error('fixtures must be valid');
  const d = diffDefinitions(a.definition, b.definition);
  t.same(
    d.rows.map((r) => [r.code, r.status]),
    [
      ['Q.OVERALL', 'same'],
      ['Q.REASON', 'changed'],
      ['Q.AGAIN', 'added'],
      // A removed question stands before the next question it preceded; the last one stays last.
      ['Q.COMMENT', 'removed'],
    ],
  );
  const reason = d.rows[1]!;
  t.same(reason.changes, ['options']);
  t.same(reason.options, { removed: [], added: ['queue'], relabelled: ['waiting'] });
  t.same(d.counts, { added: 1, removed: 1, changed: 1, same: 1 });
  t.same(diffDefinitions(a.definition, a.definition).counts, { added: 0, removed: 0, changed: 0, same: 3 }, 'a version against itself');
});

t.test('an admin’s screen: a coordinator neither sees nor opens it', async (t) => {
  const c = await signIn(app, coordinator.email, coordinator.password);
  t.notMatch((await get('/admin', 'vi', c)).body, /href="\/admin\/questionnaires"/);
  t.equal((await get('/admin/questionnaires', 'vi', c)).statusCode, 403);
  t.equal((await post('/admin/questionnaires/upload', { definition: quickText }, c)).statusCode, 403);
  t.match((await get('/admin')).body, /href="\/admin\/questionnaires"/, 'in the admin’s menu');
  const list = await get('/admin/questionnaires');
  t.equal(list.statusCode, 200);
  t.match(list.body, /href="\/admin\/questionnaires\/counter-quick\/1\/preview"/, 'each version previewed');
  t.match(list.body, /href="\/admin\/questionnaires\/sipas-2017\/1\/preview"/);
});

t.test('errors: 422, each by its JSON path, the text kept, nothing stored', async (t) => {
  const before = await versionsOf();
  const bad = structuredClone(quick);
  bad.questions[0].scale = 'nope';
  bad.questions[1].options[1].value = 'waiting';
  delete bad.title.vi;
  const text = JSON.stringify(bad, null, 1);
  const res = await post('/admin/questionnaires/upload', { definition: text });
  t.equal(res.statusCode, 422);
  t.match(res.body, /href="#definition"/, 'the summary links to the text');
  t.match(res.body, /\$\.title\.vi/, 'a missing text by its path');
  t.match(res.body, /\$\.questions\[0\]\.scale/, 'an unknown scale by its path');
  t.match(res.body, /\$\.questions\[1\]\.options\[1\]\.value/, 'a doubled option by its path');
  t.match(res.body, /Đánh giá nhanh mức độ hài lòng|Thời gian chờ lâu/, 'the text kept in the field');
  t.match(res.body, /<textarea id="definition"[^>]*aria-invalid="true"/);
  const broken = await post('/admin/questionnaires/upload', { definition: '{ "code": "x", <script> }' });
  t.equal(broken.statusCode, 422);
  t.match(broken.body, /dòng 1, cột/, 'bad JSON by line and column');
  t.match(broken.body, /&lt;script&gt;/, 'the text escaped');
  t.notMatch(broken.body, /<script> }/);
  const empty = await post('/admin/questionnaires/upload', { definition: '  ' });
  t.equal(empty.statusCode, 422);
  t.match(empty.body, /Chọn một tệp JSON hoặc dán nội dung/);
  const en = await app.inject({
    method: 'POST',
    url: '/admin/questionnaires/upload',
    cookies: { ...s.cookies, lang: 'en' },
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ definition: text, _csrf: s.csrf }).toString(),
  });
  t.match(en.body, /The questionnaire has \d+ errors; nothing was saved/);
  t.equal((await db.selectFrom('questionnaire_uploads').select('id').execute()).length, 0, 'no upload kept');
  t.same(await versionsOf(), before, 'no version written');
});

t.test('a file, checked, compared, previewed, published; the old version unchanged; audited', async (t) => {
  const v1 = JSON.stringify((await findQuestionnaireVersion(db, 'counter-quick', 1))!.definition);
  const boundary = '----hl' + Date.now();
  const body =
    `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${s.csrf}\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="counter-quick.json"\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(edited)}\r\n` +
    `--${boundary}--\r\n`;
  const up = await app.inject({
    method: 'POST',
    url: '/admin/questionnaires/upload',
    cookies: s.cookies,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.from(body, 'utf8'),
  });
  t.equal(up.statusCode, 303, 'POST → 303');
  const at = String(up.headers.location);
  t.match(at, /^\/admin\/questionnaires\/uploads\/[0-9a-f-]{36}$/);

  const page = await get(at);
  t.equal(page.statusCode, 200);
  t.match(page.body, /đây sẽ là phiên bản 2 của counter-quick/);
  t.match(page.body, /Thêm 1, bỏ 1, sửa 1, giữ nguyên 1 câu hỏi/, 'compared with version 1');
  t.match(page.body, /Lựa chọn thêm: queue/);
  t.match(page.body, /Lựa chọn đổi lời: waiting/);
  const other = await createUser(db, { email: 'admin2@p1.gov.vn', role: 'admin', agencyId: tree.p1.id });
  const s2 = await signIn(app, other.email, other.password);
  t.equal((await get(at, 'vi', s2)).statusCode, 404, 'another admin does not see someone’s upload');

  const preview = await get(`${at}/preview`);
  t.equal(preview.statusCode, 200);
  t.match(preview.body, /class="preview-banner" role="note"/, 'marked as a preview');
  t.match(preview.body, /<body class="survey">/, 'in the survey’s own layout');
  t.match(preview.body, /Ông\/Bà hài lòng với sự phục vụ hôm nay như thế nào\?/, 'the question as citizens read it');
  t.match(preview.body, /<form method="get" action="\/admin\/questionnaires\/uploads\/[^"]+\/preview"/, 'the button only turns the page');
  t.notMatch(preview.body, /method="post"/, 'nothing to send');
  const page2 = await get(`${at}/preview?page=2`);
  t.match(page2.body, /Phải chờ quá lâu/, 'the reworded reason on the next page');
  const last = await get(`${at}/preview?page=99`, 'en');
  t.match(last.body, /This is the last page/, 'beyond the end: the last page, in English');
  t.equal((await db.selectFrom('survey_drafts').select('id_hash').execute()).length, 0, 'no draft stored');
  t.equal((await db.selectFrom('responses').select('id').execute()).length, 0, 'no response stored');

  const published = await post(`${at}/publish`, {});
  t.equal(published.statusCode, 303);
  t.equal(published.headers.location, '/admin/questionnaires?published=counter-quick&version=2');
  const v2 = (await findQuestionnaireVersion(db, 'counter-quick', 2))!;
  t.ok(v2, 'version 2 exists');
  t.equal('questions' in v2.definition && v2.definition.questions.length, 3);
  t.equal(JSON.stringify((await findQuestionnaireVersion(db, 'counter-quick', 1))!.definition), v1, 'version 1 unchanged');
  const entry = (await listAudit(db, { action: 'questionnaire.publish' }))[0];
  t.ok(entry, 'audited');
  t.equal(entry!.actor_user_id, admin.id);
  t.equal((await get(at)).statusCode, 404, 'the upload is gone once published');
  const list = await get('/admin/questionnaires?published=counter-quick&version=2');
  t.match(list.body, /Đã xuất bản counter-quick phiên bản 2/);
  t.match(list.body, /href="\/admin\/questionnaires\/counter-quick\/diff\?from=1&amp;to=2"/, 'compared with the one before');
});

t.test('the comparison page: two versions side by side, vi and en', async (t) => {
  const res = await get('/admin/questionnaires/counter-quick/diff?from=1&to=2');
  t.equal(res.statusCode, 200);
  t.match(res.body, /<th scope="col">Phiên bản 1<\/th>\s*<th scope="col">Phiên bản 2<\/th>/);
  t.match(res.body, /Q\.AGAIN[\s\S]*?Thêm mới/);
  t.match(res.body, /Q\.COMMENT[\s\S]*?Bỏ đi/);
  t.match(res.body, /<p lang="en" class="muted">Would you come back\?<\/p>/, 'the English text beside');
  const en = await get('/admin/questionnaires/counter-quick/diff?from=1&to=2', 'en');
  t.match(en.body, /Questions added: 1, removed: 1, changed: 1, unchanged: 1\./);
  t.equal((await get('/admin/questionnaires/counter-quick/diff?from=1&to=9')).statusCode, 404);
  t.equal((await get('/admin/questionnaires/nope/diff?from=1&to=2')).statusCode, 404);
  t.equal((await get('/admin/questionnaires/counter-quick/7/preview')).statusCode, 404);
});
