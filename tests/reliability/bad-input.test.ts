// Issue 11, findings 2 and 5: input PostgreSQL cannot store (a lone UTF-16 surrogate, NUL, control
// characters) and return paths a header cannot carry used to surface as 500s — for a batch, for the
// whole batch although its good items were committed, and again on every resend. Each case here
// answered 500 before; now a 400 or 422 names the place in the user's language, the good items of a
// batch are stored, and no 5xx body ever shows a database code.
import { sql } from 'kysely';
import t from 'tap';
import { classifyError } from '../../server/plugins/errors.ts';
import { apiWorld, sipasResponse } from '../api/setup.ts';
import { pairDevice, postJson, rating } from '../helpers/kiosk.ts';
import { createApiToken } from '../../server/db/queries/api-tokens.ts';
import { registerKiosk } from '../../server/db/queries/kiosks.ts';
import { insertServicePoint } from '../../server/db/queries/service-points.ts';
import { createUser, formToken, postForm, withCookies } from '../helpers/staff.ts';

const world = await apiWorld();
const { app, database, tokens, tree } = world;
const db = database.db;
t.teardown(() => app.close());

const LONE_HIGH = '\uD83D'; // the first half of 😀, cut off
const LONE_LOW = '\uDE00';

const post = (url: string, body: unknown, lang = 'vi') =>
  app.inject({
    method: 'POST',
    url: `/api/v1${url}`,
    headers: { authorization: `Bearer ${tokens.submit}`, 'content-type': 'application/json', 'accept-language': lang },
    payload: JSON.stringify(body),
  });
const count = async () => Number((await sql<{ n: string }>`select count(*) as n from responses`.execute(db)).rows[0]!.n);

t.test('one response: a lone surrogate or a NUL in any text field is a 422 on that field', async (t) => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['a lone high surrogate in the comment', { comment: `Tốt lắm ${LONE_HIGH}` }, 'comment'],
    ['a lone low surrogate in the comment', { comment: `${LONE_LOW} tốt` }, 'comment'],
    ['NUL in service_point', { service_point: 'SP-XA\u0000' }, 'service_point'],
    ['NUL in questionnaire', { questionnaire: 'sipas-2017\u0000' }, 'questionnaire'],
    ['NUL in campaign', { campaign: 'P1-SIPAS\u0000', questionnaire: undefined, version: undefined }, 'campaign'],
    ['a control character in an answer key', { answers: { 'E1.1\u0007': 4 } }, 'answers.E1.1\u0007'],
  ];
  const before = await count();
  for (const [what, over, path] of cases) {
    const res = await post('/responses', sipasResponse(over));
    t.equal(res.statusCode, 422, `${what}: 422`);
    const body = res.json();
    t.match(body.errors, [{ path, code: 'invalid-characters' }], `${what}: the problem names the field`);
    t.match(body.errors[0].message, /ký tự không hợp lệ/, 'in Vietnamese');
  }
  const en = await post('/responses', sipasResponse({ comment: LONE_HIGH }), 'en');
  t.match(en.json().errors[0].message, /not allowed/, 'and in English');
  t.equal(await count(), before, 'nothing stored');
});

t.test('a batch: the bad item answers in its own entry, the good ones are stored, a resend replays them', async (t) => {
  const good1 = sipasResponse();
  const bad = sipasResponse({ comment: `Nửa biểu tượng ${LONE_HIGH}` });
  const nul = sipasResponse({ service_point: 'SP-XA\u0000' });
  const good2 = sipasResponse({ comment: 'Cảm ơn 😀' });
  const before = await count();
  const first = await post('/responses/batch', { responses: [good1, bad, nul, good2] });
  t.equal(first.statusCode, 200, 'the batch answers 200');
  t.same(
    first.json().results.map((r: { status: number }) => r.status),
    [201, 422, 422, 201],
  );
  t.match(first.json().results[1].errors, [{ path: 'comment', code: 'invalid-characters' }]);
  t.match(first.json().results[2].errors, [{ path: 'service_point', code: 'invalid-characters' }]);
  t.equal(await count(), before + 2, 'the two good items are stored');
  const again = await post('/responses/batch', { responses: [good1, bad, nul, good2] });
  t.equal(again.statusCode, 200, 'a resend answers 200 too');
  t.same(
    again.json().results.map((r: { status: number }) => r.status),
    [200, 422, 422, 200],
    'the good ones are replays',
  );
  t.equal(await count(), before + 2, 'and nothing is stored twice');
  const emoji = await db
    .selectFrom('response_comments')
    .select('body')
    .where('response_id', '=', good2['id'] as string)
    .executeTakeFirst();
  t.equal(emoji?.body, 'Cảm ơn 😀', 'a whole emoji is kept');
});

t.test('a kiosk rating with a lone surrogate is a 422 the device sets aside, not a 500 it retries for ever', async (t) => {
  const point = await insertServicePoint(db, { code: 'SP-KIOSK-BAD', agencyId: tree.c1.id, nameVi: 'Quầy thử', nameEn: null });
  const { code } = await registerKiosk(db, { servicePointId: point.id, name: 'Máy thử' });
  const device = await pairDevice(app, code);
  const res = await postJson(app, '/kiosk/api/ratings', device, rating({ comment: `Chậm ${LONE_HIGH}` }));
  t.equal(res.statusCode, 422);
  t.match(res.json().errors, [{ path: 'comment', code: 'invalid-characters' }]);
  const nul = await postJson(app, '/kiosk/api/ratings', device, rating({ answers: { 'Q.OVERALL\u0000': 4 } }));
  t.equal(nul.statusCode, 422);
  const beat = await postJson(app, '/kiosk/api/heartbeat', device, { appVersion: 'x\u0000', queueLength: 0 });
  t.equal(beat.statusCode, 400, 'a heartbeat with NUL: 400');
  t.equal(beat.json().error.code, 'HL_BAD_TEXT');
});

t.test('return paths with characters a header cannot carry: a redirect, not ERR_INVALID_CHAR', async (t) => {
  const user = await createUser(db, { email: 'next@p1.gov.vn', role: 'viewer', agencyId: tree.d1.id });
  const page = await app.inject({ url: '/sign-in?next=%2F%E1%BA%BFch' });
  t.equal(page.statusCode, 200, 'the sign-in page with next=/ếch');
  const form = await formToken(app, '/sign-in');
  const sessionsBefore = Number((await sql<{ n: string }>`select count(*) as n from sessions`.execute(db)).rows[0]!.n);
  const res = await postForm(app, '/sign-in', form.cookies, { email: user.email, password: user.password, _csrf: form.csrf, next: '/ếch' });
  t.equal(res.statusCode, 303, 'signed in');
  t.equal(res.headers.location, '/%E1%BA%BFch', 'to the path, percent-encoded');
  const jar = withCookies(form.cookies, res);
  t.ok(jar['hl_session'], 'the session cookie arrives with it');
  const sessionsAfter = Number((await sql<{ n: string }>`select count(*) as n from sessions`.execute(db)).rows[0]!.n);
  t.equal(sessionsAfter, sessionsBefore + 1, 'one session, and its cookie was sent');

  const lang = await app.inject({ url: '/lang/en?back=%2F%E1%BA%BFch' });
  t.equal(lang.statusCode, 303);
  t.equal(lang.headers.location, '/%E1%BA%BFch');
  const control = await app.inject({ url: '/lang/en?back=%2F%01' });
  t.equal(control.statusCode, 400, 'a control character in back=: 400');
  t.match(control.body, /tham số địa chỉ back/, 'naming the parameter, in Vietnamese');
  const literal = await app.inject({ url: '/lang/en?back=%2F%2501' });
  t.equal(literal.statusCode, 303, 'the text "%01" itself is harmless');
  t.equal(literal.headers.location, '/%01');
  const nextControl = await app.inject({ url: '/sign-in?next=%2F%01' });
  t.equal(nextControl.statusCode, 400);
});

t.test('NUL in a path, a query, a cookie or a form field: 400 in the user language, never 500', async (t) => {
  const path = await app.inject({ url: '/ket-qua/%00' });
  t.equal(path.statusCode, 400, '/ket-qua/%00');
  t.match(path.body, /địa chỉ trang/);
  const pathEn = await app.inject({ url: '/ket-qua/%00', cookies: { lang: 'en' } });
  t.match(pathEn.body, /the page address/, 'in English with the lang cookie');
  t.equal((await app.inject({ url: '/ket-qua/%ED%A0%80' })).statusCode, 400, 'an encoded lone surrogate in the path');
  t.equal((await app.inject({ url: '/?q=%00' })).statusCode, 400, 'NUL in a query value');
  t.equal((await app.inject({ url: '/', cookies: { hl_session: 'a\u0001b' } })).statusCode, 400, 'a control character in a cookie');

  const form = await formToken(app, '/sign-in');
  const email = await postForm(app, '/sign-in', form.cookies, { email: 'a\u0000@p1.gov.vn', password: 'x', _csrf: form.csrf });
  t.equal(email.statusCode, 400, 'NUL in the sign-in email');
  t.match(email.body, /trường email/, 'naming the field');
  // A form cannot carry a lone surrogate (the browser and the decoder make it U+FFFD); JSON can.
  const surrogate = await app.inject({
    method: 'POST',
    url: '/sign-in',
    cookies: form.cookies,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ email: 'a@p1.gov.vn', password: `x${LONE_LOW}`, _csrf: form.csrf }),
  });
  t.equal(surrogate.statusCode, 400, 'a lone surrogate in a JSON password');

  const api = await app.inject({
    method: 'POST',
    url: '/api/v1/links',
    headers: { authorization: `Bearer ${tokens.submit}`, 'content-type': 'application/json', 'accept-language': 'en' },
    payload: JSON.stringify({ service_point: 'SP-XA', dossier: 'X\u0000' }),
  });
  t.equal(api.statusCode, 400, 'NUL in another API body');
  t.match(api.json(), { error: { status: 400, code: 'HL_BAD_TEXT' } });
  t.match(api.json().error.message, /field dossier/, 'named, in the language the API client asked for');
});

t.test('a 5xx never shows a database code or text', async (t) => {
  t.same(classifyError({ code: '22021' }), { status: 500, code: 'HTTP_500' }, 'a SQLSTATE becomes HTTP_500');
  t.same(classifyError({ code: '57P01' }), { status: 503, code: 'HL_UNAVAILABLE', retryAfter: 5 }, 'pg_terminate_backend: 503');
  t.same(classifyError({ code: 'ECONNREFUSED' }), { status: 503, code: 'HL_UNAVAILABLE', retryAfter: 5 }, 'server down: 503');
  t.same(classifyError(new Error('Connection terminated unexpectedly')), { status: 503, code: 'HL_UNAVAILABLE', retryAfter: 5 });
  t.same(classifyError({ statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY' }), { status: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY' });

  // A real database error through the real app: the table behind the home page and the API's
  // token look-up is gone for a moment (a token never used, so no look-up of it is remembered).
  const fresh = (await createApiToken(db, { name: 'fresh', agencyId: tree.p1.id, scope: 'submit' })).token;
  await sql`alter table agencies rename to agencies_away`.execute(db);
  try {
    const page = await app.inject({ url: '/' });
    t.equal(page.statusCode, 500, 'the page fails');
    t.notMatch(page.body, /42P01|agencies|relation|does not exist/, 'without the database code or text');
    const api = await app.inject({
      method: 'POST',
      url: '/api/v1/responses',
      headers: { authorization: `Bearer ${fresh}`, 'content-type': 'application/json' },
      payload: JSON.stringify(sipasResponse()),
    });
    t.equal(api.statusCode, 500, 'the API fails');
    t.same(Object.keys(api.json().error).sort(), ['code', 'message', 'status']);
    t.equal(api.json().error.code, 'HTTP_500');
    t.notMatch(api.body, /42P01|agencies|relation/, 'without the database code or text');
  } finally {
    await sql`alter table agencies_away rename to agencies`.execute(db);
  }
});
