import t from 'tap';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { apiWorld, bearer, sipasResponse } from './setup.ts';

const url = '/api/v1/responses';

t.test('POST /api/v1/responses: created, replayed, conflict', async (t) => {
  const w = await apiWorld();
  t.teardown(() => w.app.close());
  const body = sipasResponse();

  const created = await w.app.inject({ method: 'POST', url, headers: bearer(w.tokens.submit), payload: body });
  t.equal(created.statusCode, 201, created.body);
  t.same(created.json(), { id: body['id'], status: 'created', flagged: [] });
  t.equal(created.headers.location, `/api/v1/responses/${body['id']}`);

  const row = await w.database.db
    .selectFrom('responses')
    .selectAll()
    .where('id', '=', body['id'] as string)
    .executeTakeFirstOrThrow();
  t.equal(row.channel, 'api');
  t.equal(row.campaign_id, w.campaignId, 'the open campaign covering the place is inferred');
  t.match(
    row.answers,
    { 'E1.1': 4, 'E1.2': 0, 'E5.0': 1, 'B.AGE': '31-45', 'X.IMPROVE': ['time', 'online'] },
    'background merged into answers',
  );
  const comment = await w.database.db
    .selectFrom('response_comments')
    .select('body')
    .where('response_id', '=', row.id)
    .executeTakeFirstOrThrow();
  t.equal(comment.body, 'Cán bộ hướng dẫn tận tình.');

  // The same content again, spelled differently (key order, Z instead of +00:00): a replay.
  const respelled = {
    ...Object.fromEntries(Object.entries(body).reverse()),
    submitted_at: new Date(body['submitted_at'] as string).toISOString(),
  };
  const replay = await w.app.inject({ method: 'POST', url, headers: bearer(w.tokens.submit), payload: respelled });
  t.equal(replay.statusCode, 200, replay.body);
  t.same(replay.json(), { id: body['id'], status: 'replayed', flagged: [] });
  const upper = await w.app.inject({
    method: 'POST',
    url,
    headers: bearer(w.tokens.submit),
    payload: { ...body, id: (body['id'] as string).toUpperCase() },
  });
  t.equal(upper.statusCode, 200, 'an upper-case spelling of the id is the same id');

  const conflict = await w.app.inject({
    method: 'POST',
    url,
    headers: bearer(w.tokens.submit),
    payload: { ...body, answers: { ...(body['answers'] as object), OVERALL: 1 } },
  });
  t.equal(conflict.statusCode, 409);
  t.match(conflict.json(), {
    error: { status: 409, code: 'HL_CONFLICT' },
    id: body['id'],
    errors: [{ path: 'id', code: 'conflict', message: /Đã có một phiếu khác/ }],
  });
  const n = await sql<{ n: number }>`select count(*)::int as n from responses`.execute(w.database.db);
  t.equal(n.rows[0]!.n, 1, 'one row for all of it');

  // A campaign may replace questionnaire and version.
  const viaCampaign = sipasResponse({ questionnaire: undefined, version: undefined, campaign: 'P1-SIPAS' });
  const c = await w.app.inject({ method: 'POST', url, headers: bearer(w.tokens.submit), payload: viaCampaign });
  t.equal(c.statusCode, 201, c.body);
  const crow = await w.database.db
    .selectFrom('responses')
    .select('campaign_id')
    .where('id', '=', viaCampaign['id'] as string)
    .executeTakeFirstOrThrow();
  t.equal(crow.campaign_id, w.campaignId);
  const kiosk = await w.app.inject({
    method: 'POST',
    url,
    headers: bearer(w.tokens.submit),
    payload: sipasResponse({ questionnaire: undefined, version: undefined, campaign: 'P1-SIPAS', channel: 'kiosk' }),
  });
  t.equal(kiosk.statusCode, 422);
  t.match(kiosk.json().errors, [{ path: 'channel', code: 'channel-not-in-campaign' }]);

  // Minimal: one answer, no comment, no background, channel and locale defaulted; an agency instead of a service point.
  const minimal = {
    id: randomUUID(),
    questionnaire: 'counter-quick',
    agency: 'P1-XA',
    submitted_at: '2026-01-05T09:00:00+07:00',
    answers: { 'Q.OVERALL': 4 },
  };
  const m = await w.app.inject({ method: 'POST', url, headers: bearer(w.tokens.submit), payload: minimal });
  t.equal(m.statusCode, 201, m.body);
  const mrow = await w.database.db
    .selectFrom('responses')
    .select(['channel', 'locale', 'submitted_at', 'service_point_id'])
    .where('id', '=', minimal.id)
    .executeTakeFirstOrThrow();
  t.same(mrow, { channel: 'api', locale: 'vi', submitted_at: new Date('2026-01-05T02:00:00Z'), service_point_id: null });
});

t.test('422 lists every problem with its path, in Vietnamese or English', async (t) => {
  const w = await apiWorld();
  t.teardown(() => w.app.close());
  const post = (payload: unknown, lang?: string) =>
    w.app.inject({
      method: 'POST',
      url,
      headers: { ...bearer(w.tokens.submit), ...(lang ? { 'accept-language': lang } : {}) },
      payload: payload as object,
    });

  const base = sipasResponse();
  const answers = { ...(base['answers'] as Record<string, unknown>), 'E9.9': 4, 'E1.1': 7, 'E5.0': 2 };
  const bad = await post({ ...base, answers });
  t.equal(bad.statusCode, 422);
  const vi = bad.json();
  t.match(vi.error, { status: 422, code: 'HL_INVALID', message: /lỗi/ });
  const byPath = Object.fromEntries(vi.errors.map((e: { path: string; code: string; message: string }) => [`${e.path}`, e]));
  t.match(byPath['answers.E9.9'], { code: 'unknown-question', message: 'Bộ câu hỏi này không có câu hỏi mã này.' });
  t.match(byPath['answers.E1.1'], { code: 'not-allowed', message: /Giá trị không hợp lệ; các giá trị được chấp nhận: 1, 2, 3, 4, 5, 0/ });
  t.match(byPath['answers.E5.1'], { code: 'not-applicable', message: /câu E5\.0/ }, 'E5.1 needs E5.0 = 1');
  t.match(byPath['answers.E5.S'], { code: 'not-applicable' });

  const en = await post({ ...base, answers }, 'en-GB,en;q=0.9,vi;q=0.5');
  t.equal(en.statusCode, 422);
  const enByPath = Object.fromEntries(en.json().errors.map((e: { path: string; message: string }) => [e.path, e.message]));
  t.equal(enByPath['answers.E9.9'], 'This questionnaire has no question with this code.');
  t.match(enByPath['answers.E5.1'], /does not apply given the answer to E5\.0/);
  t.match(en.json().error.message, /problem/);
  const viPreferred = await post({ ...base, answers }, 'en;q=0.4, vi');
  t.match(viPreferred.json().errors[0].message, /[ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/, 'highest q wins');

  // The envelope: extra field, bad uuid, missing answers, wrong type, bad channel — all listed at once.
  const { answers: _drop, ...noAnswers } = base;
  void _drop;
  const shape = await post({ ...noAnswers, id: 'not-a-uuid', servicepoint: 'SP-XA', version: '1', channel: 'fax' }, 'en');
  t.equal(shape.statusCode, 422);
  t.same(
    shape
      .json()
      .errors.map((e: { path: string; code: string }) => `${e.path}:${e.code}`)
      .sort(),
    ['answers:missing-field', 'channel:invalid-value', 'id:invalid-uuid', 'servicepoint:unknown-field', 'version:invalid-type'],
  );
  t.match(shape.json().errors.find((e: { path: string }) => e.path === 'channel').message, /accepted values: kiosk, online, paper, api/);

  const future = await post({ ...base, submitted_at: new Date(Date.now() + 3600_000).toISOString() });
  t.match(future.json(), { errors: [{ path: 'submitted_at', code: 'in-future', message: 'Thời điểm trả lời nằm ở tương lai.' }] });
  const noOffset = await post({ ...base, submitted_at: '2026-01-05T09:00:00' }, 'en');
  t.match(noOffset.json(), { errors: [{ path: 'submitted_at', code: 'invalid-date', message: /offset/ }] });

  const clash = await post({ ...base, background: { 'B.AGE': '31-45', 'E1.1': 3 } });
  t.match(clash.json(), { errors: [{ path: 'background.E1.1', code: 'duplicate-answer' }] });
  const badBackground = await post({ ...base, background: { 'B.AGE': '17' } });
  t.match(badBackground.json(), { errors: [{ path: 'background.B.AGE', code: 'not-allowed' }] }, 'background problems keep their path');

  const unknownPlace = await post({ ...base, service_point: 'NOPE', questionnaire: 'nope', version: undefined }, 'en');
  t.same(
    unknownPlace
      .json()
      .errors.map((e: { path: string; code: string }) => `${e.path}:${e.code}`)
      .sort(),
    ['questionnaire:unknown-questionnaire', 'service_point:unknown-service-point'],
  );
  const inactive = await post({ ...base, service_point: 'SP-OLD' });
  t.match(inactive.json(), { errors: [{ path: 'service_point', code: 'service-point-inactive' }] });
  const tooLong = await post({ ...base, comment: 'x'.repeat(2001) });
  t.match(tooLong.json(), { errors: [{ path: 'comment', code: 'too-long' }] });
  const empty = await post({ ...base, answers: {}, background: undefined });
  t.match(empty.json(), { errors: [{ path: 'answers', code: 'empty-response' }] });

  const n = await sql<{ n: number }>`select count(*)::int as n from responses`.execute(w.database.db);
  t.equal(n.rows[0]!.n, 0, 'nothing stored from any of it');
});

t.test('tokens, scope, and malformed requests never reach a 500', async (t) => {
  const w = await apiWorld();
  t.teardown(() => w.app.close());
  const payload = sipasResponse();

  const none = await w.app.inject({ method: 'POST', url, payload });
  t.equal(none.statusCode, 401);
  t.match(none.json(), { error: { status: 401, code: 'HL_TOKEN_INVALID', message: /Thiếu mã truy cập API/ } });
  t.match(none.headers['www-authenticate'], /^Bearer/);
  const bad = await w.app.inject({
    method: 'POST',
    url,
    headers: { ...bearer('hl_00000000_' + 'A'.repeat(43)), 'accept-language': 'en' },
    payload,
  });
  t.equal(bad.statusCode, 401);
  t.match(bad.json().error.message, /missing, malformed or revoked/);
  t.equal((await w.app.inject({ method: 'POST', url, headers: bearer(w.tokens.revoked), payload })).statusCode, 401, 'revoked');
  t.equal((await w.app.inject({ method: 'POST', url, headers: { authorization: 'Basic abc' }, payload })).statusCode, 401);

  const read = await w.app.inject({ method: 'POST', url, headers: bearer(w.tokens.read), payload });
  t.equal(read.statusCode, 403);
  t.match(read.json(), { error: { code: 'HL_TOKEN_SCOPE' } });

  const elsewhere = await w.app.inject({
    method: 'POST',
    url,
    headers: bearer(w.tokens.department),
    payload: sipasResponse({ service_point: 'SP-P2' }),
  });
  t.equal(elsewhere.statusCode, 403);
  t.match(elsewhere.json(), { error: { code: 'HL_OUT_OF_SCOPE' }, errors: [{ path: 'service_point', code: 'out-of-scope' }] });
  const agencyElsewhere = await w.app.inject({
    method: 'POST',
    url,
    headers: bearer(w.tokens.department),
    payload: sipasResponse({ service_point: undefined, agency: 'P1' }),
  });
  t.equal(agencyElsewhere.statusCode, 403, 'a department token cannot submit for its province');
  const inside = await w.app.inject({ method: 'POST', url, headers: bearer(w.tokens.department), payload });
  t.equal(inside.statusCode, 201, 'a department token submits for the commune below it');

  const h = { ...bearer(w.tokens.submit), 'content-type': 'application/json' };
  const malformed = await w.app.inject({ method: 'POST', url, headers: h, payload: '{"id": ' });
  t.equal(malformed.statusCode, 400);
  t.match(malformed.json(), { error: { status: 400 } });
  const proto = await w.app.inject({ method: 'POST', url, headers: h, payload: '{"__proto__": {"x": 1}}' });
  t.equal(proto.statusCode, 400);
  const notObject = await w.app.inject({ method: 'POST', url, headers: h, payload: '[1, 2]' });
  t.equal(notObject.statusCode, 422);
  t.match(notObject.json(), { errors: [{ path: '', code: 'invalid-type' }] });
  const text = await w.app.inject({
    method: 'POST',
    url,
    headers: { ...bearer(w.tokens.submit), 'content-type': 'text/plain' },
    payload: 'hello',
  });
  t.equal(text.statusCode, 415);
  t.equal(text.headers['content-type'], 'application/json; charset=utf-8');
  const form = await w.app.inject({
    method: 'POST',
    url,
    headers: { ...bearer(w.tokens.submit), 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'id=1',
  });
  t.equal(form.statusCode, 415);
  const nothing = await w.app.inject({ method: 'POST', url, headers: bearer(w.tokens.submit) });
  t.equal(nothing.statusCode, 415);
  t.match(nothing.json(), { error: { code: 'HL_JSON_ONLY', message: /application\/json/ } });
  const huge = await w.app.inject({
    method: 'POST',
    url,
    headers: h,
    payload: JSON.stringify({ ...payload, comment: 'x'.repeat(300 * 1024) }),
  });
  t.equal(huge.statusCode, 413);
  const missing = await w.app.inject({ method: 'GET', url: '/api/v1/nothing-here', headers: { 'accept-language': 'en' } });
  t.equal(missing.statusCode, 404);
  t.match(missing.json(), { error: { status: 404 } });
});
