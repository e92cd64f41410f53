// The route schemas (issue 12) check requests where the handlers used to: the answers must stay as
// they were, in the order they were — a malformed or non-JSON body before the token, the token
// before the schema, a batch too large before its envelope, and a null body told as not an object
// (POST /links alone reads it as {} and lists the missing fields).
import t from 'tap';
import { apiWorld, bearer, sipasResponse } from './setup.ts';

t.test('API requests are answered in the same order and words as before the route schemas', async (t) => {
  const w = await apiWorld();
  t.teardown(() => w.app.close());
  const post = (url: string, payload: string, headers: Record<string, string> = {}) =>
    w.app.inject({ method: 'POST', url: `/api/v1${url}`, payload, headers: { 'content-type': 'application/json', ...headers } });
  const auth = bearer(w.tokens.submit);

  // Not JSON, no token: 415 (the body is read first).
  const text = await w.app.inject({ method: 'POST', url: '/api/v1/responses', payload: 'x', headers: { 'content-type': 'text/plain' } });
  t.equal(text.statusCode, 415);
  // A body that breaks the schema, no token: 401, nothing said about the body.
  const stranger = await post('/responses', '{"nope":1}');
  t.equal(stranger.statusCode, 401);
  t.notOk(stranger.json().errors, 'no problems listed to a stranger');
  // A read token on a submit route: 403 before the schema.
  t.equal((await post('/links', '{"nope":1}', bearer(w.tokens.read))).statusCode, 403);

  // A null body: not an object, for one response and for a batch.
  for (const url of ['/responses', '/responses/batch']) {
    const res = await post(url, 'null', auth);
    t.equal(res.statusCode, 422, url);
    t.match(res.json(), { error: { status: 422, code: 'HL_INVALID' }, errors: [{ path: '', code: 'invalid-type' }] }, url);
  }
  const link = await post('/links', 'null', { ...auth, 'accept-language': 'en' });
  t.equal(link.statusCode, 422);
  t.same(
    link.json().errors.map((e: { path: string; code: string }) => `${e.path} ${e.code}`),
    ['service_point missing-field', 'dossier missing-field'],
  );
  t.match(link.json().error.message, /2 problem/);

  // 501 items and an unknown field: 413, the size is told first.
  const big = JSON.stringify({ responses: Array.from({ length: 501 }, () => ({})), extra: 1 });
  const tooMany = await post('/responses/batch', big, auth);
  t.equal(tooMany.statusCode, 413);
  t.equal(tooMany.json().error.code, 'HL_BATCH_TOO_LARGE');

  // A refused single response echoes the id it claimed, as sent.
  const claimed = 'NOT-A-UUID';
  const bad = await post('/responses', JSON.stringify(sipasResponse({ id: claimed })), auth);
  t.equal(bad.statusCode, 422);
  t.match(bad.json(), { id: claimed, errors: [{ path: 'id', code: 'invalid-uuid' }] });

  // The results query: missing parameters first, in the documented order, then the others.
  const results = await w.app.inject({
    url: '/api/v1/results?questionnaire=sipas-2017&version=x&channel=fax',
    headers: { ...bearer(w.tokens.read), 'accept-language': 'en' },
  });
  t.equal(results.statusCode, 422);
  t.same(
    results.json().errors.map((e: { path: string; code: string }) => `${e.path} ${e.code}`),
    ['agency missing-field', 'from missing-field', 'to missing-field', 'version invalid-version', 'channel invalid-channel'],
  );
});
