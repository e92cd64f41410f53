import t from 'tap';
import { sql } from 'kysely';
import { buildTestApp } from '../helpers/app.ts';
import { Citizen, idsOf, quickPlan, sipasPlan, summaryLinks, surveyWorld, type SurveyWorld } from '../helpers/survey.ts';
import { addressHash, minuteOf, SUBMISSION_LIMIT } from '../../server/domain/submission-limit.ts';
import { dossierHash, signDossierLink } from '../../server/domain/dossier-link.ts';
import { draftIdHash } from '../../server/routes/survey/draft-cookie.ts';
import { forgetLookups } from '../../server/db/lookup-cache.ts';
import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '../../server/db/connection.ts';

let app: FastifyInstance;
let database: DatabaseHandle;
let world: SurveyWorld;
const SECRET = 'test-secret-test-secret-test-secret-0123456789';

t.before(async () => {
  ({ app, database } = await buildTestApp());
  world = await surveyWorld(database.db);
});
t.teardown(() => app?.close());

const responses = async () =>
  database.db
    .selectFrom('responses')
    .select(['id', 'answers', 'channel', 'locale', 'campaign_id', 'service_point_id', 'status', 'status_reason', 'submitted_at'])
    .orderBy('received_at')
    .execute();
const countResponses = async () => (await sql<{ n: number }>`select count(*)::int as n from responses`.execute(database.db)).rows[0]!.n;
const answersOf = (r: { answers: unknown }) =>
  (typeof r.answers === 'string' ? JSON.parse(r.answers) : r.answers) as Record<string, unknown>;

t.test('the full SIPAS survey in Vietnamese, E5 answered Có', async (t) => {
  const before = await countResponses();
  const c = new Citizen(app);
  const intro = await c.get('/s/SP-D');
  t.equal(intro.statusCode, 200);
  t.match(intro.body, /<html lang="vi">/);
  t.match(intro.body, /Bộ phận Một cửa Sở Tư pháp/, 'names the service point');
  t.match(intro.body, /ẩn danh/, 'privacy notice: anonymous');
  t.match(intro.body, /lưu giữ 5 năm/, 'and how long answers are kept');
  t.match(intro.body, />Bắt đầu</);
  t.match(intro.body, /<form method="post" action="\/s\/SP-D" novalidate>/);
  t.match(intro.body, /Khoảng 6 phút, gồm 10 trang câu hỏi\./, 'every page counted, the time at the default pace');
  t.match(intro.body, /<details class="privacy">/, 'the privacy notice folded under its heading');

  const started = await c.post('/s/SP-D', []);
  t.equal(started.statusCode, 303);
  t.equal(started.headers.location, '/s/SP-D/p/1');
  const cookie = started.cookies.find((k) => k.name === 'hl_survey');
  t.ok(cookie, 'a draft cookie is set');
  t.equal(cookie?.path, '/s/SP-D', 'limited to the survey');
  t.ok(cookie?.httpOnly, 'HttpOnly');
  t.equal(cookie?.sameSite, 'Lax');
  const draft = await database.db
    .selectFrom('survey_drafts')
    .selectAll()
    .where('id_hash', '=', draftIdHash(cookie!.value))
    .executeTakeFirstOrThrow();
  t.equal(
    await database.db.selectFrom('survey_drafts').select('id_hash').where('id_hash', '=', cookie!.value).executeTakeFirst(),
    undefined,
    'the table holds the hash, not the cookie',
  );
  t.equal(Math.round((new Date(draft.expires_at).getTime() - new Date(draft.started_at).getTime()) / 3600_000), 24, 'expires after 24 h');

  const p1 = await c.get('/s/SP-D/p/1');
  t.match(p1.body, /<span class="progress-text" id="progress-text">Trang 1\/10<\/span>/, 'the page in words');
  t.match(p1.body, /<progress max="10" value="1" aria-labelledby="progress-text">/, 'and as a bar named by them');
  t.match(p1.body, /Tiếp cận dịch vụ hành chính công/, 'the element is the heading');
  t.match(p1.body, /<legend class="question-label"><span>Nơi ngồi chờ/, 'a fieldset and legend per criterion');
  t.match(p1.body, /Không ý kiến/, 'with "no opinion"');
  t.match(p1.body, /href="\/s\/SP-D">Quay lại</, 'a back link to the intro');

  const visited = await c.answerUntilReview('/s/SP-D/p/1', sipasPlan, (q) => (q.code === 'E5.0' ? ['1'] : undefined));
  t.same(
    visited.map((u) => u.replace('/s/SP-D/p/', '')),
    ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'],
    'Có: the E5 criteria page is asked',
  );

  const review = await c.get('/s/SP-D/review');
  t.equal(review.statusCode, 200);
  t.match(review.body, /Kiểm tra câu trả lời/);
  t.equal([...review.body.matchAll(/\?return=review">Thay đổi/g)].length, 9, 'a change link per section');
  t.match(review.body, /Cơ quan có bố trí hình thức tiếp nhận góp ý/, 'E5 criteria listed');
  t.match(review.body, /Cán bộ nhiệt tình, cảm ơn\./, 'the comment');

  const sent = await c.post('/s/SP-D/review', [
    ['response_id', draft.response_id],
    ['website', ''],
  ]);
  t.equal(sent.statusCode, 303);
  t.equal(sent.headers.location, '/s/SP-D/thanks');
  t.ok(
    sent.cookies.some((k) => k.name === 'hl_survey' && k.value === ''),
    'the draft cookie is cleared',
  );
  const thanks = await c.get('/s/SP-D/thanks');
  t.match(thanks.body, /Cảm ơn Ông\/Bà đã đánh giá/);

  t.equal(await countResponses(), before + 1);
  const stored = (await responses()).at(-1)!;
  t.equal(stored.id, draft.response_id, 'stored under the id fixed when the draft started');
  t.equal(stored.channel, 'online');
  t.equal(stored.locale, 'vi');
  t.equal(stored.campaign_id, world.sipasCampaignId, "the service point's open online campaign");
  const a = answersOf(stored);
  t.equal(a['E5.0'], 1);
  t.equal(a['E5.1'], 4, 'E5 criteria stored');
  t.same(a['X.IMPROVE'], ['information', 'facilities']);
  t.equal(a['B.SEX'], 'male');
  t.equal(stored.status, 'flagged', 'answered in milliseconds');
  t.equal(stored.status_reason, 'too-fast', 'flagged too fast (the draft start is the start), not as a honeypot');
  const done = await database.db
    .selectFrom('survey_drafts')
    .select('submitted_at')
    .where('response_id', '=', draft.response_id)
    .executeTakeFirstOrThrow();
  t.ok(done.submitted_at, 'the draft is marked submitted');
});

t.test('the full SIPAS survey in English, E5 answered Không; the language toggle keeps the page', async (t) => {
  const c = new Citizen(app, { lang: 'en' });
  const intro = await c.get('/s/SP-D');
  t.match(intro.body, /<html lang="en">/);
  t.match(intro.body, /One-stop counter, Department of Justice/);
  t.match(intro.body, /kept for 5 years/);
  t.match(intro.body, />Start</);
  await c.post('/s/SP-D', []);
  const p1 = await c.get('/s/SP-D/p/1');
  t.match(p1.body, /Page 1 of 10/);
  t.match(p1.body, /The waiting area at the one-stop counter has enough seats/);
  t.match(p1.body, /No opinion/);

  const visited = await c.answerUntilReview('/s/SP-D/p/1', sipasPlan, (q) => (q.code === 'E5.0' ? ['2'] : undefined));
  t.notOk(visited.includes('/s/SP-D/p/6'), 'Không: the E5 criteria page is skipped');
  t.ok(visited.includes('/s/SP-D/p/7'));
  const skipped = await c.get('/s/SP-D/p/6');
  t.equal(skipped.statusCode, 303, 'opening the E5 criteria page anyway moves on');
  t.equal(skipped.headers.location, '/s/SP-D/p/7');

  // The toggle returns to the same page, with the answers saved so far.
  const toggle = await c.get(`/lang/vi?back=${encodeURIComponent('/s/SP-D/p/2')}`);
  t.equal(toggle.headers.location, '/s/SP-D/p/2');
  const p2vi = await c.get('/s/SP-D/p/2');
  t.match(p2vi.body, /<html lang="vi">/);
  t.match(p2vi.body, /id="q-E2-1-4" name="E2.1" value="4" checked/, 'the answer is still there');
  await c.get(`/lang/en?back=${encodeURIComponent('/s/SP-D/review')}`);

  const review = await c.get('/s/SP-D/review');
  t.match(review.body, /Check your answers/);
  t.notMatch(review.body, /The agency provides a way to give comments/, 'no E5 criteria in the review');
  const back = /<a class="back-link" href="([^"]+)"/.exec(review.body)?.[1];
  t.equal(back, '/s/SP-D/p/10', 'back from the review goes to the last page');
  const sent = await c.post('/s/SP-D/review', []);
  t.equal(sent.headers.location, '/s/SP-D/thanks');
  const thanks = await c.get('/s/SP-D/thanks');
  t.match(thanks.body, /Thank you for your feedback/);
  const stored = (await responses()).at(-1)!;
  t.equal(stored.locale, 'en');
  const a = answersOf(stored);
  t.equal(a['E5.0'], 2);
  t.same(
    Object.keys(a).filter((k) => k.startsWith('E5.')),
    ['E5.0'],
    'no E5 criteria stored',
  );
});

t.test('changing E5.0 from the review: Không drops the E5 answers, Có asks them again', async (t) => {
  const c = new Citizen(app);
  await c.start('/s/SP-D');
  await c.answerUntilReview('/s/SP-D/p/1', sipasPlan, (q) => (q.code === 'E5.0' ? ['1'] : undefined));
  const change = await c.get('/s/SP-D/p/5?return=review');
  t.match(change.body, /href="\/s\/SP-D\/review">Quay lại</, 'back goes to the review');
  t.match(change.body, /action="\/s\/SP-D\/p\/5\?return=review"/);
  const no = await c.post('/s/SP-D/p/5?return=review', [['E5.0', '2']]);
  t.equal(no.headers.location, '/s/SP-D/review', 'back to the review');
  const draft = await database.db
    .selectFrom('survey_drafts')
    .select(['answers', 'response_id'])
    .where('submitted_at', 'is', null)
    .orderBy('started_at', 'desc')
    .executeTakeFirstOrThrow();
  const a = answersOf(draft);
  t.same(
    Object.keys(a).filter((k) => k.startsWith('E5.')),
    ['E5.0'],
    'E5 answers dropped',
  );
  const review = await c.get('/s/SP-D/review');
  t.notMatch(review.body, /Cơ quan có bố trí hình thức/);

  const yes = await c.post('/s/SP-D/p/5?return=review', [['E5.0', '1']]);
  t.equal(yes.headers.location, '/s/SP-D/p/6?return=review', 'Có: the E5 criteria are asked first');
  const fields: [string, string][] = ['E5.1', 'E5.2', 'E5.3', 'E5.4', 'E5.S'].map((k) => [k, '5']);
  const back = await c.post('/s/SP-D/p/6?return=review', fields);
  t.equal(back.headers.location, '/s/SP-D/review');
  const same = await c.post('/s/SP-D/p/1?return=review', [
    ['E1.1', '1'],
    ['E1.2', '1'],
    ['E1.3', '1'],
    ['E1.4', '1'],
    ['E1.S', '1'],
  ]);
  t.equal(same.headers.location, '/s/SP-D/review', 'another section returns straight to the review');
  const sent = await c.post('/s/SP-D/review', []);
  t.equal(sent.headers.location, '/s/SP-D/thanks');
  const stored = answersOf(
    await database.db.selectFrom('responses').select('answers').where('id', '=', draft.response_id).executeTakeFirstOrThrow(),
  );
  t.equal(stored['E5.S'], 5);
  t.equal(stored['E1.1'], 1);
});

t.test('a page with errors: 422, an error summary linking to each field, the answers kept', async (t) => {
  for (const lang of ['vi', 'en'] as const) {
    const c = new Citizen(app, { lang });
    await c.start('/s/SP-D');
    const res = await c.post('/s/SP-D/p/1', [
      ['E1.1', '5'],
      ['E1.3', '9'],
    ]);
    t.equal(res.statusCode, 422);
    t.match(res.body, lang === 'vi' ? /<title>Lỗi: / : /<title>Error: /, 'the title says there is an error');
    t.match(res.body, /class="error-summary"/);
    const links = summaryLinks(res.body);
    t.same(links, ['q-E1-2-1', 'q-E1-3-1', 'q-E1-4-1', 'q-E1-S-1'], 'one link per problem, in page order');
    const ids = idsOf(res.body);
    for (const l of links) t.ok(ids.has(l), `#${l} exists on the page`);
    t.match(res.body, /id="q-E1-1-5" name="E1.1" value="5" checked/, 'the answer given is kept');
    t.match(res.body, lang === 'vi' ? /Chọn một câu trả lời cho câu “Trang thiết bị/ : /Choose an answer for “Equipment/);
    t.match(res.body, /aria-describedby="q-E1-2-error"/, 'the error is tied to its question');
    const stillFirst = await c.get('/s/SP-D/p/2');
    t.equal(stillFirst.statusCode, 200, 'later pages can be opened');
    const draft = await database.db
      .selectFrom('survey_drafts')
      .select('answers')
      .where('submitted_at', 'is', null)
      .orderBy('started_at', 'desc')
      .executeTakeFirstOrThrow();
    t.same(answersOf(draft), {}, 'nothing saved from a page with errors');
  }

  const c = new Citizen(app);
  await c.start('/s/SP-D');
  const tooMany = await c.post(
    '/s/SP-D/p/8',
    ['information', 'facilities', 'simplify', 'time'].map((v) => ['X.IMPROVE', v] as [string, string]),
  );
  t.equal(tooMany.statusCode, 422);
  t.match(tooMany.body, /Chỉ chọn tối đa 3 ý/);
  t.match(tooMany.body, /name="X.IMPROVE" value="time" checked/, 'the four choices are shown again');
  const long = await c.post('/s/SP-D/p/10', [['C.TEXT', 'x'.repeat(2001)]]);
  t.equal(long.statusCode, 422);
  t.same(summaryLinks(long.body), ['q-C-TEXT']);
  t.ok(idsOf(long.body).has('q-C-TEXT'));
});

t.test('the final submit checks everything: a skipped page gives 422 on the review, nothing stored', async (t) => {
  const before = await countResponses();
  const c = new Citizen(app);
  await c.start('/s/SP-D');
  await c.post('/s/SP-D/p/1', [
    ['E1.1', '4'],
    ['E1.2', '4'],
    ['E1.3', '4'],
    ['E1.4', '4'],
    ['E1.S', '4'],
  ]);
  const res = await c.post('/s/SP-D/review', []);
  t.equal(res.statusCode, 422);
  t.match(res.body, /Kiểm tra câu trả lời/);
  const links = summaryLinks(res.body);
  t.ok(links.includes('review-q-E2-1'), 'the missing answers are listed');
  const ids = idsOf(res.body);
  for (const l of links) t.ok(ids.has(l), `#${l} exists on the review`);
  t.match(res.body, /href="\/s\/SP-D\/p\/2\?return=review">Thay đổi/, 'with the change link next to them');
  t.equal(await countResponses(), before, 'nothing half-stored');
});

t.test('a double submit, a refresh, a second tab: one response', async (t) => {
  const before = await countResponses();
  const c = new Citizen(app);
  await c.start('/s/SP-D');
  await c.answerUntilReview('/s/SP-D/p/1', sipasPlan);
  const review = await c.get('/s/SP-D/review');
  const responseId = /name="response_id" value="([^"]+)"/.exec(review.body)![1]!;
  const jar = { ...c.jar };
  const post = () =>
    app.inject({
      method: 'POST',
      url: '/s/SP-D/review',
      cookies: jar,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: c.csrf, response_id: responseId, website: '' }).toString(),
    });
  const both = await Promise.all([post(), post()]);
  t.same(
    both.map((r) => [r.statusCode, r.headers.location]),
    [
      [303, '/s/SP-D/thanks'],
      [303, '/s/SP-D/thanks'],
    ],
    'both clicks see the thank-you page',
  );
  const again = await post();
  t.equal(again.headers.location, '/s/SP-D/thanks', 'a refresh with the old cookie: thank-you again');
  const secondTab = await c.post('/s/SP-D/review', [['response_id', responseId]]);
  t.equal(secondTab.statusCode, 303);
  t.equal(c.jar['hl_survey'], undefined, 'the cookie was cleared');
  const noCookie = await app.inject({
    method: 'POST',
    url: '/s/SP-D/review',
    cookies: { hl_csrf: c.jar['hl_csrf']! },
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: c.csrf, response_id: responseId }).toString(),
  });
  t.equal(noCookie.headers.location, '/s/SP-D/thanks', 'a tab without the cookie any more: thank-you again');
  t.equal(await countResponses(), before + 1, 'stored once');
  const page = await app.inject({ url: '/s/SP-D/p/3', cookies: jar });
  t.equal(page.headers.location, '/s/SP-D/thanks', 'a submitted draft shows the thank-you page');
  const review2 = await app.inject({ url: '/s/SP-D/review', cookies: jar });
  t.equal(review2.headers.location, '/s/SP-D/thanks');
});

t.test('an expired draft: back to the intro with a notice, nothing stored', async (t) => {
  const before = await countResponses();
  const c = new Citizen(app);
  await c.start('/s/SP-D');
  await c.answerUntilReview('/s/SP-D/p/1', sipasPlan);
  await database.db
    .updateTable('survey_drafts')
    .set({ expires_at: new Date(Date.now() - 1000) })
    .where('submitted_at', 'is', null)
    .execute();
  const page = await c.get('/s/SP-D/p/2');
  t.equal(page.statusCode, 303);
  t.equal(page.headers.location, '/s/SP-D?expired=1');
  const intro = await c.get('/s/SP-D?expired=1');
  t.match(intro.body, /Phiên trả lời trước đã hết hạn/);
  const submit = await c.post('/s/SP-D/review', []);
  t.equal(submit.statusCode, 303);
  t.match(submit.headers.location as string, /^\/s\/SP-D(\?expired=1)?$/);
  t.equal(await countResponses(), before);
  const restarted = await c.post('/s/SP-D', []);
  t.equal(restarted.headers.location, '/s/SP-D/p/1', 'a new draft can start');
  const fresh = await c.get('/s/SP-D/p/1');
  t.notMatch(fresh.body, / checked/, 'with nothing of the old one');
});

t.test('a draft already under way is continued where it stopped', async (t) => {
  const c = new Citizen(app);
  await c.start('/s/SP-D');
  await c.post('/s/SP-D/p/1', [
    ['E1.1', '4'],
    ['E1.2', '4'],
    ['E1.3', '4'],
    ['E1.4', '4'],
    ['E1.S', '4'],
  ]);
  const again = await c.start('/s/SP-D');
  t.equal(again.headers.location, '/s/SP-D/p/2');
});

t.test('counter-quick through a campaign address: choose the place, Q.REASON only when not satisfied', async (t) => {
  const before = await countResponses();
  const c = new Citizen(app);
  const intro = await c.get('/c/P-QUICK');
  t.equal(intro.statusCode, 200);
  t.match(intro.body, /Ông\/Bà được phục vụ tại đâu\?/);
  t.match(intro.body, /type="radio" id="place-1" name="place" value="SP-D"/);
  t.match(intro.body, /value="SP-D2"/);
  const none = await c.post('/c/P-QUICK', []);
  t.equal(none.statusCode, 422);
  t.same(summaryLinks(none.body), ['place-1']);
  t.ok(idsOf(none.body).has('place-1'));
  const wrong = await c.post('/c/P-QUICK', [['place', 'SP-Q']]);
  t.equal(wrong.statusCode, 422, 'a place the campaign does not cover is refused');

  const started = await c.post('/c/P-QUICK', [['place', 'SP-D2']]);
  t.equal(started.headers.location, '/c/P-QUICK/p/1');
  t.equal(started.cookies.find((k) => k.name === 'hl_survey')?.path, '/c/P-QUICK');
  const p1 = await c.get('/c/P-QUICK/p/1');
  t.match(p1.body, /Trang 1\/3/);
  t.match(
    p1.body,
    /<h1 class="question-heading"><span>Ông\/Bà hài lòng với sự phục vụ hôm nay/,
    'a one-question page: the question is the heading',
  );
  const unhappy = await c.answerUntilReview('/c/P-QUICK/p/1', quickPlan, (q) =>
    q.code === 'Q.OVERALL' ? ['1'] : q.code === 'Q.REASON' ? ['waiting', 'late'] : undefined,
  );
  t.same(unhappy, ['/c/P-QUICK/p/1', '/c/P-QUICK/p/2', '/c/P-QUICK/p/3'], 'not satisfied: asked why');
  const p2 = await c.get('/c/P-QUICK/p/2');
  t.match(p2.body, /Trang 2\/3/, 'the reason is a page of its own');
  await c.post('/c/P-QUICK/review', []);
  t.equal(c.last.headers.location, '/c/P-QUICK/thanks');

  const happy = new Citizen(app, { lang: 'en' });
  await happy.get('/c/P-QUICK');
  await happy.post('/c/P-QUICK', [['place', 'SP-D']]);
  const visited = await happy.answerUntilReview('/c/P-QUICK/p/1', quickPlan, (q) =>
    q.code === 'Q.OVERALL' ? ['4'] : q.code === 'Q.COMMENT' ? [''] : undefined,
  );
  t.same(visited, ['/c/P-QUICK/p/1', '/c/P-QUICK/p/3'], 'satisfied: no reason asked');
  const review = await happy.get('/c/P-QUICK/review');
  t.match(review.body, /Not answered/, 'the optional comment left empty');
  await happy.post('/c/P-QUICK/review', []);

  t.equal(await countResponses(), before + 2);
  const [r1, r2] = (await responses()).slice(-2);
  t.same(answersOf(r1!), { 'Q.OVERALL': 1, 'Q.REASON': ['waiting', 'late'] });
  t.same(answersOf(r2!), { 'Q.OVERALL': 4 });
  t.equal(r1!.campaign_id, world.quickCampaignId);
  const sp2 = await database.db.selectFrom('service_points').select('id').where('code', '=', 'SP-D2').executeTakeFirstOrThrow();
  t.equal(r1!.service_point_id, sp2.id, 'stored at the chosen service point');
});

t.test('per-dossier links: checked, one rating per dossier, a friendly page otherwise', async (t) => {
  const in30days = new Date(Date.now() + 30 * 86400_000);
  const token = signDossierLink({ servicePointCode: 'SP-D', dossierCode: 'HS-2026-001', expiresAt: in30days }, SECRET);
  const a = new Citizen(app);
  const b = new Citizen(app, { ip: '198.51.100.8' });
  const intro = await a.get(`/s/SP-D?d=${token}`);
  t.equal(intro.statusCode, 200);
  t.match(intro.body, /mã hồ sơ/, 'the notice says the link carries the case number');
  t.match(intro.body, new RegExp(`name="d" value="${token}"`));
  await a.post('/s/SP-D', [['d', token]]);
  await b.get(`/s/SP-D?d=${token}`);
  await b.post('/s/SP-D', [['d', token]]);
  const hash = dossierHash('HS-2026-001', SECRET);
  const drafts = await database.db.selectFrom('survey_drafts').select('dossier_hash').where('dossier_hash', '=', hash).execute();
  t.equal(drafts.length, 2, 'both drafts carry the dossier hash');

  await a.answerUntilReview('/s/SP-D/p/1', sipasPlan);
  t.equal((await a.post('/s/SP-D/review', [])).headers.location, '/s/SP-D/thanks');
  const claimed = await database.db.selectFrom('response_dossiers').select('response_id').where('dossier_hash', '=', hash).execute();
  t.equal(claimed.length, 1, 'the dossier is claimed');

  await b.answerUntilReview('/s/SP-D/p/1', sipasPlan);
  const late = await b.post('/s/SP-D/review', []);
  t.equal(late.headers.location, '/s/SP-D/rated', 'the second draft of the dossier is refused kindly');
  const rated = await b.get('/s/SP-D/rated');
  t.equal(rated.statusCode, 200);
  t.match(rated.body, /Hồ sơ này đã được đánh giá/);

  const third = new Citizen(app, { lang: 'en' });
  const used = await third.get(`/s/SP-D?d=${token}`);
  t.equal(used.statusCode, 303, 'opening a used link again');
  t.equal(used.headers.location, '/s/SP-D/rated');
  t.match((await third.get('/s/SP-D/rated')).body, /This case has already been rated/);

  const bad = await third.get(`/s/SP-D?d=${token.slice(0, -2)}xx`);
  t.equal(bad.statusCode, 400);
  t.match(bad.body, /This survey link is not valid/);
  const elsewhere = await third.get(`/s/SP-D2?d=${token}`);
  t.equal(elsewhere.statusCode, 400, 'a link for another service point');
  const old = signDossierLink({ servicePointCode: 'SP-D', dossierCode: 'HS-2026-002', expiresAt: new Date(Date.now() - 1000) }, SECRET);
  const expired = await new Citizen(app).get(`/s/SP-D?d=${old}`);
  t.equal(expired.statusCode, 410);
  t.match(expired.body, /Đường dẫn khảo sát đã hết hạn/);
  const forger = new Citizen(app);
  await forger.get('/s/SP-D');
  const forged = await forger.post('/s/SP-D', [['d', 'abc.def']]);
  t.equal(forged.statusCode, 400, 'a forged token in the start form');
});

t.test('the per-address limit: 429 in the citizen language with Retry-After, other addresses unaffected', async (t) => {
  const ip = '203.0.113.9';
  const hash = addressHash(ip, SECRET);
  const c = new Citizen(app, { ip });
  await c.start('/s/SP-D');
  await c.answerUntilReview('/s/SP-D/p/1', sipasPlan);
  await database.db
    .insertInto('submission_counters')
    .values({ address_hash: hash, minute: minuteOf(new Date(Date.now() - 5 * 60_000)), hits: SUBMISSION_LIMIT })
    .execute();
  const before = await countResponses();
  const refused = await c.post('/s/SP-D/review', []);
  t.equal(refused.statusCode, 429);
  const retry = Number(refused.headers['retry-after']);
  t.ok(retry > 0 && retry <= 5 * 60 + 60, `Retry-After ${retry} s: when the full minute leaves the window`);
  t.match(refused.body, /Quá nhiều lượt gửi/);
  t.match(refused.body, /các câu trả lời đã nhập vẫn được giữ/);
  t.equal(await countResponses(), before, 'nothing stored');

  const en = new Citizen(app, { ip, lang: 'en' });
  await en.get('/s/SP-D');
  const start = await en.post('/s/SP-D', []);
  t.equal(start.statusCode, 429, 'starting a survey counts too');
  t.match(start.body, /Too many submissions/);

  const other = new Citizen(app, { ip: '203.0.113.10' });
  t.equal((await other.start('/s/SP-D')).statusCode, 303, 'another address is not affected');

  await database.db.deleteFrom('submission_counters').where('address_hash', '=', hash).execute();
  const later = await c.post('/s/SP-D/review', []);
  t.equal(later.headers.location, '/s/SP-D/thanks', 'once the window has room, the kept answers go through');
  const counted = await database.db.selectFrom('submission_counters').select('hits').where('address_hash', '=', hash).execute();
  t.same(
    counted.map((r) => Number(r.hits)),
    [1],
    'the accepted submit is counted, the refused ones are not',
  );
});

t.test('the honeypot: a filled hidden field is kept, flagged', async (t) => {
  const c = new Citizen(app);
  await c.start('/s/SP-D');
  await c.answerUntilReview('/s/SP-D/p/1', sipasPlan);
  const review = await c.get('/s/SP-D/review');
  t.match(review.body, /<div class="hp" aria-hidden="true">/);
  t.match(review.body, /<input type="text" id="hp-website" name="website" value="" tabindex="-1" autocomplete="off">/);
  const sent = await c.post('/s/SP-D/review', [['website', 'http://spam.example']]);
  t.equal(sent.headers.location, '/s/SP-D/thanks', 'the bot sees the same thank-you page');
  const stored = (await responses()).at(-1)!;
  t.equal(stored.status, 'flagged');
  t.match(stored.status_reason, /honeypot/);
});

t.test('addresses that do not run a survey, and the fallback questionnaire', async (t) => {
  const c = new Citizen(app);
  const unknown = await c.get('/s/NO-SUCH');
  t.equal(unknown.statusCode, 404);
  t.match(unknown.body, /Không tìm thấy khảo sát/);
  t.equal((await c.get('/s/bad%20code')).statusCode, 404);
  t.equal((await c.get('/c/NO-SUCH')).statusCode, 404);
  t.equal((await c.get('/s/SP-D/p/99')).statusCode, 303, 'no draft: to the intro');

  // Written behind the app's back, so the app's one-second memory of look-ups is told to forget, as
  // the app's own writes do.
  await database.db.updateTable('campaigns').set({ status: 'closed' }).where('code', '=', 'P-QUICK').execute();
  forgetLookups();
  const closed = await c.get('/c/P-QUICK');
  t.equal(closed.statusCode, 410);
  t.match(closed.body, /Đợt khảo sát này đã kết thúc/);
  await database.db.updateTable('campaigns').set({ status: 'open' }).where('code', '=', 'P-QUICK').execute();
  await database.db.updateTable('service_points').set({ active: false }).where('code', '=', 'SP-D2').execute();
  forgetLookups();
  t.equal((await c.get('/s/SP-D2')).statusCode, 410, 'an inactive service point');
  await database.db.updateTable('service_points').set({ active: true }).where('code', '=', 'SP-D2').execute();
  forgetLookups();

  // No campaign in province Q: the latest SIPAS version, no campaign on the response.
  const q = new Citizen(app);
  await q.start('/s/SP-Q');
  await q.answerUntilReview('/s/SP-Q/p/1', sipasPlan);
  t.equal((await q.post('/s/SP-Q/review', [])).headers.location, '/s/SP-Q/thanks');
  const stored = (await responses()).at(-1)!;
  t.equal(stored.campaign_id, null);
  t.ok(answersOf(stored)['E1.1'] !== undefined, 'a SIPAS response');
});

t.test('posts without the CSRF token are refused', async (t) => {
  const c = new Citizen(app);
  await c.get('/s/SP-D');
  const res = await c.post('/s/SP-D', [], { csrf: false });
  t.equal(res.statusCode, 403);
});

t.test('a campaign over many places asks with a select', async (t) => {
  const d = world.departmentId;
  for (let i = 1; i <= 10; i++) {
    await database.db
      .insertInto('service_points')
      .values({ code: `SP-X${i}`, agency_id: d, province_id: world.provinceId, name_vi: `Quầy số ${i}`, name_en: `Counter ${i}` })
      .execute();
  }
  const c = new Citizen(app);
  const intro = await c.get('/c/P-QUICK');
  t.match(intro.body, /<select id="place" name="place"/);
  t.match(intro.body, /<option value="SP-X10">Quầy số 10 — Sở Tư pháp<\/option>/);
  const none = await c.post('/c/P-QUICK', [['place', '']]);
  t.equal(none.statusCode, 422);
  t.same(summaryLinks(none.body), ['place']);
  t.ok(idsOf(none.body).has('place'));
  t.match(none.body, /aria-invalid="true"/);
  const ok = await c.post('/c/P-QUICK', [['place', 'SP-X7']]);
  t.equal(ok.headers.location, '/c/P-QUICK/p/1');
});
