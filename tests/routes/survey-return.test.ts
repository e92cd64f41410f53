// The survey's intro as a returning citizen and a newcomer meet it: the counter named with its agency,
// the length measured from finished drafts (the same on the poster), "Ông/Bà đang trả lời dở…" with
// Tiếp tục and Bắt đầu lại, and what a draft keeps of its progress for the drop-off figures once its
// answers are wiped.
import t from 'tap';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../helpers/app.ts';
import { Citizen, quickPlan, sipasPlan, surveyWorld, type SurveyWorld } from '../helpers/survey.ts';
import { createUser, signIn } from '../helpers/staff.ts';
import type { DatabaseHandle } from '../../server/db/connection.ts';
import { forgetLookups } from '../../server/db/lookup-cache.ts';
import { findDraft, wipeExpiredDrafts } from '../../server/db/queries/drafts.ts';
import { findQuestionnaireVersion } from '../../server/db/queries/questionnaires.ts';
import { MIN_MEASURED } from '../../server/domain/survey-estimate.ts';
import { draftIdHash } from '../../server/routes/survey/draft-cookie.ts';

let app: FastifyInstance;
let database: DatabaseHandle;
let world: SurveyWorld;

t.before(async () => {
  ({ app, database } = await buildTestApp());
  world = await surveyWorld(database.db);
});
t.teardown(() => app?.close());

const countResponses = async () => (await sql<{ n: number }>`select count(*)::int as n from responses`.execute(database.db)).rows[0]!.n;
const draftOf = (c: Citizen) =>
  database.db.selectFrom('survey_drafts').selectAll().where('id_hash', '=', draftIdHash(c.jar['hl_survey']!)).executeTakeFirst();
const scale = (codes: string[], value = '4') => codes.map((code): [string, string] => [code, value]);

t.test('the counter is named with its agency, unless its name already says it', async (t) => {
  const c = new Citizen(app);
  const own = await c.get('/s/SP-D2');
  t.match(own.body, /Nơi được phục vụ: <strong>Quầy hộ tịch<\/strong>, <span>Sở Tư pháp<\/span>/);
  const named = await c.get('/s/SP-D');
  t.match(named.body, /<strong>Bộ phận Một cửa Sở Tư pháp<\/strong><\/p>/, 'not "Bộ phận Một cửa Sở Tư pháp, Sở Tư pháp"');
  const en = await new Citizen(app, { lang: 'en' }).get('/s/SP-D2');
  t.match(en.body, /<strong lang="vi">Quầy hộ tịch<\/strong>, <span>Department of Justice<\/span>/, 'each name marked in its language');
});

t.test('the length: the default pace, then the median of finished drafts, on the intro and the poster alike', async (t) => {
  const c = new Citizen(app);
  t.match((await c.get('/s/SP-D')).body, /Khoảng 6 phút, gồm 10 trang câu hỏi\./, '42 questions at the default pace');
  t.match((await c.get('/c/P-QUICK')).body, /Khoảng 1 phút, gồm 3 trang câu hỏi\./);

  // Twenty citizens who took 2 min 30 s, and some slower ones who do not move the median past 3 min.
  const version = (await findQuestionnaireVersion(database.db, 'sipas-2017'))!;
  const province = world.provinceId;
  const now = Date.now();
  for (let i = 0; i < MIN_MEASURED + 5; i++) {
    const seconds = i < MIN_MEASURED ? 150 : 3000;
    const started = new Date(now - 3600_000 - seconds * 1000);
    await database.db
      .insertInto('survey_drafts')
      .values({
        id_hash: `measured-${i}`,
        response_id: crypto.randomUUID(),
        questionnaire_version_id: version.versionId,
        agency_id: world.departmentId,
        province_id: province,
        started_at: started,
        updated_at: started,
        expires_at: new Date(now + 3600_000),
        submitted_at: new Date(started.getTime() + seconds * 1000),
      })
      .execute();
  }
  forgetLookups();
  const intro = await c.get('/s/SP-D');
  t.match(intro.body, /Khoảng 3 phút, gồm 10 trang câu hỏi\./, 'the median, rounded up to the minute');

  await createUser(database.db, { email: 'manager@p.gov.vn', role: 'manager', agencyId: province });
  const staff = await signIn(app, 'manager@p.gov.vn');
  const poster = await app.inject({ url: '/admin/service-points/SP-D/poster', cookies: staff.cookies });
  t.equal(poster.statusCode, 200);
  t.match(poster.body, 'Trả lời 10 trang, khoảng 3 phút', 'the poster promises what the intro states');
  t.match(poster.body, 'about 3 min');
  await database.db.deleteFrom('survey_drafts').where('id_hash', 'like', 'measured-%').execute();
  forgetLookups();
});

t.test('a returning citizen chooses: continue where they stopped, or start again with nothing kept', async (t) => {
  const before = await countResponses();
  const c = new Citizen(app);
  await c.start('/s/SP-D');
  await c.post('/s/SP-D/p/1', scale(['E1.1', 'E1.2', 'E1.3', 'E1.4', 'E1.S']));
  await c.post('/s/SP-D/p/2', scale(['E2.1', 'E2.2', 'E2.3', 'E2.4', 'E2.5', 'E2.S']));
  const old = await draftOf(c);
  t.equal(old?.furthest_page, 3, 'the draft knows the citizen was sent to page 3');

  const intro = await c.get('/s/SP-D');
  t.equal(intro.statusCode, 200);
  t.match(intro.body, /<h2 id="resume-heading">Ông\/Bà đang trả lời dở phiếu này<\/h2>/);
  t.match(intro.body, /tiếp tục từ trang 3\/10/);
  t.match(
    intro.body,
    /<a class="button start-button" href="\/s\/SP-D\/p\/3">Tiếp tục<\/a>/,
    'Tiếp tục goes to the first page not answered',
  );
  t.match(intro.body, /<form method="post" action="\/s\/SP-D\/restart" novalidate>/, 'Bắt đầu lại is a form');
  t.notMatch(intro.body, /action="\/s\/SP-D" novalidate/, 'instead of the start button');
  t.match(intro.body, /Ông\/Bà có thể quay lại sửa/, 'the length and the privacy notice stay');
  t.match(intro.body, /<details class="privacy">/);

  const cont = await c.get('/s/SP-D/p/3');
  t.equal(cont.statusCode, 200, 'Tiếp tục opens the page');

  const restarted = await c.post('/s/SP-D/restart', []);
  t.equal(restarted.statusCode, 303);
  t.equal(restarted.headers.location, '/s/SP-D/p/1', 'Bắt đầu lại starts at page 1');
  t.notSame(c.jar['hl_survey'], undefined);
  t.equal(
    await database.db.selectFrom('survey_drafts').select('id_hash').where('id_hash', '=', old!.id_hash).executeTakeFirst(),
    undefined,
    'the old draft is gone, answers and all',
  );
  const fresh = await draftOf(c);
  t.not(fresh?.response_id, old?.response_id, 'a new draft with a new response id');
  t.strictSame(fresh?.answers, {}, 'holding nothing');
  t.notMatch((await c.get('/s/SP-D/p/1')).body, / checked/, 'page 1 shows nothing of the old answers');
  t.equal(await countResponses(), before, 'and nothing was stored');

  // The intro of a fresh draft offers to continue it from page 1.
  t.match((await c.get('/s/SP-D')).body, /tiếp tục từ trang 1\/10/);
  // Everything answered: only checking and sending are left.
  await c.answerUntilReview('/s/SP-D/p/1', sipasPlan);
  const done = await c.get('/s/SP-D');
  t.match(done.body, /chỉ còn kiểm tra và gửi/);
  t.match(done.body, /href="\/s\/SP-D\/review">Tiếp tục</);
  const after = await draftOf(c);
  t.equal(after?.furthest_page, 10, 'every page reached');
  t.ok(after?.reached_review_at, 'and the review');

  // Sent: the intro is a new start again.
  await c.post('/s/SP-D/review', []);
  t.equal(await countResponses(), before + 1);
  const next = await c.get('/s/SP-D');
  t.notMatch(next.body, /resume-heading/);
  t.match(next.body, /action="\/s\/SP-D" novalidate/);
});

t.test('starting again on a campaign address keeps the place chosen', async (t) => {
  const c = new Citizen(app, { lang: 'en' });
  await c.get('/c/P-QUICK');
  await c.post('/c/P-QUICK', [['place', 'SP-D2']]);
  const intro = await c.get('/c/P-QUICK');
  t.match(intro.body, /You have started this survey/);
  t.notMatch(intro.body, /name="place"/, 'no place to choose while a draft is under way');
  t.match(intro.body, /<strong lang="vi">Quầy hộ tịch<\/strong>/, 'the place of the draft is named');
  const again = await c.post('/c/P-QUICK/restart', []);
  t.equal(again.headers.location, '/c/P-QUICK/p/1');
  const sp2 = await database.db.selectFrom('service_points').select('id').where('code', '=', 'SP-D2').executeTakeFirstOrThrow();
  t.equal((await draftOf(c))?.service_point_id, sp2.id, 'the new draft is at the same counter');
  // A satisfied citizen skips the reason page: the draft still counts the comment page as reached.
  const visited = await c.answerUntilReview('/c/P-QUICK/p/1', quickPlan, (q) => (q.code === 'Q.OVERALL' ? ['4'] : undefined));
  t.same(visited, ['/c/P-QUICK/p/1', '/c/P-QUICK/p/3']);
  t.equal((await draftOf(c))?.furthest_page, 3);
});

t.test('Bắt đầu lại needs the form token, and without a draft simply starts', async (t) => {
  const c = new Citizen(app);
  await c.get('/s/SP-D');
  t.equal((await c.post('/s/SP-D/restart', [], { csrf: false })).statusCode, 403);
  const res = await c.post('/s/SP-D/restart', []);
  t.equal(res.headers.location, '/s/SP-D/p/1');
});

t.test('an expired draft loses its answers but keeps its progress for the drop-off figures', async (t) => {
  const c = new Citizen(app);
  await c.start('/s/SP-D');
  await c.post('/s/SP-D/p/1', scale(['E1.1', 'E1.2', 'E1.3', 'E1.4', 'E1.S']));
  const draft = (await draftOf(c))!;
  await database.db
    .updateTable('survey_drafts')
    .set({ expires_at: new Date(Date.now() - 1000), comment: 'Tên tôi là …' })
    .where('id_hash', '=', draft.id_hash)
    .execute();
  const wiped = await wipeExpiredDrafts(database.db, new Date());
  t.ok(wiped >= 1);
  const row = await database.db.selectFrom('survey_drafts').selectAll().where('id_hash', '=', draft.id_hash).executeTakeFirstOrThrow();
  t.strictSame(row.answers, {}, 'no answers');
  t.equal(row.comment, null, 'no comment');
  t.equal(row.dossier_hash, null);
  t.ok(row.wiped_at, 'marked wiped');
  t.equal(row.furthest_page, 2, 'how far it got is kept');
  t.equal(row.agency_id, draft.agency_id, 'and where');
  t.equal(await findDraft(database.db, draft.id_hash, new Date()), undefined, 'the survey no longer finds it');
  t.equal(await wipeExpiredDrafts(database.db, new Date()), 0, 'wiped once');
  const back = await c.get('/s/SP-D');
  t.notMatch(back.body, /resume-heading/, 'the citizen is offered a new start');
});
