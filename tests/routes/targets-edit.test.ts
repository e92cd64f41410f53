// Targets (issue 13): editing a target's comparator and threshold (422 keeping the answers, audited
// with before and after), indices named rather than coded in the list, and the CSV import from the
// browser — line-numbered errors and nothing written on any error, an agency outside the subtree
// reported as unknown, the same counts as `hailong targets import`.
import t from 'tap';
import { listAudit } from '../../server/db/queries/audit.ts';
import { ensureBuiltInQuestionnaires } from '../../server/db/queries/questionnaires.ts';
import { insertTargets } from '../../server/db/queries/targets.ts';
import { buildTestApp } from '../helpers/app.ts';
import { createUser, multipart, postForm, signIn, staffTree, withCookies, type StaffSession } from '../helpers/staff.ts';

const { app, database } = await buildTestApp();
t.teardown(() => app.close());
const db = database.db;
await ensureBuiltInQuestionnaires(db);
const tree = await staffTree(db);
const sipas = (await db.selectFrom('questionnaires').select('id').where('code', '=', 'sipas-2017').executeTakeFirstOrThrow()).id;
const u = await createUser(db, { email: 'coordinator@snv.p1.gov.vn', role: 'coordinator', agencyId: tree.d1.id });
const s: StaffSession = await signIn(app, u.email, u.password);
const get = (url: string, lang = 'vi') => app.inject({ url, cookies: { ...s.cookies, lang } });

const [target] = await insertTargets(db, [
  {
    agencyId: tree.c1.id,
    questionnaireId: sipas,
    periodFrom: '2026-01-01',
    periodTo: '2026-12-31',
    indexCode: 'E1',
    comparator: '>',
    threshold: 0.8,
  },
]);

t.test('the list names indices, with the code beside', async (t) => {
  const res = await get('/admin/targets');
  t.match(res.body, /Tiếp cận dịch vụ[\s\S]{0,80}<code>E1<\/code>/, 'the element is named');
  t.match(res.body, new RegExp(`href="/admin/targets/${target!.id}/edit"`), 'with an edit link');
  t.match(res.body, /href="\/admin\/targets\/import"/, 'and the import');
});

t.test('editing the threshold', async (t) => {
  const form = await get(`/admin/targets/${target!.id}/edit`);
  t.equal(form.statusCode, 200);
  t.match(form.body, /value="80"/, 'the current threshold is filled in');
  const bad = await postForm(app, `/admin/targets/${target!.id}/edit`, s.cookies, { _csrf: s.csrf, comparator: 'x', threshold: '0,8' });
  t.equal(bad.statusCode, 422);
  t.match(bad.body, /href="#comparator"/);
  t.match(bad.body, /href="#threshold"/);
  t.match(bad.body, /value="0,8"/, 'the answer is kept');
  const ok = await postForm(app, `/admin/targets/${target!.id}/edit`, s.cookies, { _csrf: s.csrf, comparator: '>=', threshold: '82,5' });
  t.equal(ok.statusCode, 303);
  t.equal(ok.headers.location, `/admin/targets?done=edited&id=${target!.id}`);
  const row = await db.selectFrom('targets').selectAll().where('id', '=', target!.id).executeTakeFirstOrThrow();
  t.equal(row.comparator, '>=');
  t.equal(row.threshold, 0.825);
  const entry = (await listAudit(db, { action: 'target.update' }))[0];
  t.same(entry?.details.before, { comparator: '>', threshold: 0.8 });
  t.same(entry?.details.after, { comparator: '>=', threshold: 0.825 });
  const list = await app.inject({ url: ok.headers.location as string, cookies: withCookies(s.cookies, ok) });
  t.match(list.body, /Đã lưu chỉ tiêu E1/);
  const beside = (
    await insertTargets(db, [
      {
        agencyId: tree.d2.id,
        questionnaireId: null,
        periodFrom: '2026-01-01',
        periodTo: '2026-12-31',
        indexCode: 'overall',
        comparator: '>',
        threshold: 0.8,
      },
    ])
  )[0]!;
  t.equal((await get(`/admin/targets/${beside.id}/edit`)).statusCode, 404, 'a target beside the subtree is not found');
});

const upload = (content: Buffer | string | null) =>
  app.inject({
    method: 'POST',
    url: '/admin/targets/import',
    cookies: s.cookies,
    ...multipart({ _csrf: s.csrf }, content === null ? undefined : { name: 'chi-tieu.csv', content }),
  });
const header = 'agency_code,questionnaire_code,year,period_from,period_to,index_code,comparator,threshold\n';
const count = async () => (await db.selectFrom('targets').select('id').execute()).length;

t.test('importing a CSV from the browser', async (t) => {
  const page = await get('/admin/targets/import', 'en');
  t.equal(page.statusCode, 200);
  t.match(page.body, /enctype="multipart\/form-data"/);

  const before = await count();
  const missing = await upload(null);
  t.equal(missing.statusCode, 422);
  t.match(missing.body, /href="#file"/);
  t.equal((await upload(Buffer.from([0xff, 0xfe, 0x41]))).statusCode, 422, 'not UTF-8');

  const bad = await upload(`${header}P1-XA,sipas-2017,2027,,,overall,>,80\nP2-SNV,,2027,,,overall,>,80\nP1-XA,,2027,,,E9,>,170\n`);
  t.equal(bad.statusCode, 422);
  t.match(bad.body, /Dòng 3/, 'the agency beside the subtree is reported on its line');
  t.match(bad.body, /P2-SNV/);
  t.match(bad.body, /Dòng 4/);
  t.equal(await count(), before, 'nothing written');

  const ok = await upload(`${header}P1-XA,sipas-2017,2027,,,overall,>,80\nP1-SNV,,2027,,,overall,>=,"82,5"\n`);
  t.equal(ok.statusCode, 303);
  t.match(ok.headers.location, /done=imported&rows=2&created=2&updated=0&unchanged=0/);
  t.equal(await count(), before + 2);
  const entry = (await listAudit(db, { action: 'targets.import' }))[0];
  t.equal(entry?.actor_user_id, u.id, 'audited with the user');
  const list = await app.inject({ url: ok.headers.location as string, cookies: s.cookies });
  t.match(list.body, /Đã nhập 2 dòng: 2 chỉ tiêu mới/);
});
