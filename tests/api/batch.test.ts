import t from 'tap';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { apiWorld, bearer, sipasResponse } from './setup.ts';

const url = '/api/v1/responses/batch';

t.test('POST /api/v1/responses/batch answers each item', async (t) => {
  const w = await apiWorld();
  t.teardown(() => w.app.close());
  const count = async () => (await sql<{ n: number }>`select count(*)::int as n from responses`.execute(w.database.db)).rows[0]!.n;

  const stored = sipasResponse();
  t.equal(
    (await w.app.inject({ method: 'POST', url: '/api/v1/responses', headers: bearer(w.tokens.submit), payload: stored })).statusCode,
    201,
  );

  const fresh = sipasResponse();
  const twin = sipasResponse();
  const items = [
    fresh,
    stored,
    { ...stored, comment: 'Nội dung khác' },
    sipasResponse({ answers: { 'E1.1': 9 } }),
    sipasResponse({ service_point: 'SP-P2' }),
    'not an object',
    twin,
    { ...twin },
    { ...twin, answers: { OVERALL: 1 } },
  ];
  const res = await w.app.inject({
    method: 'POST',
    url,
    headers: { ...bearer(w.tokens.submit), 'accept-language': 'en' },
    payload: { responses: items },
  });
  t.equal(res.statusCode, 200, res.body);
  const results = res.json().results as {
    index: number;
    id: string | null;
    status: number;
    errors?: { path: string; code: string; message: string }[];
  }[];
  t.same(
    results.map((r) => [r.index, r.status]),
    [
      [0, 201],
      [1, 200],
      [2, 409],
      [3, 422],
      [4, 403],
      [5, 422],
      [6, 201],
      [7, 200],
      [8, 409],
    ],
  );
  t.equal(results[0]!.id, fresh['id']);
  t.match(results[2]!.errors, [{ path: 'id', code: 'conflict', message: /different content/ }]);
  t.match(results[3]!.errors, [{ path: 'answers.E1.1', code: 'not-allowed' }]);
  t.match(results[4]!.errors, [{ path: 'service_point', code: 'out-of-scope' }]);
  t.match(results[5], { id: null, errors: [{ path: '', code: 'invalid-type' }] });
  t.equal(await count(), 3, 'the stored one, the fresh one, the twin');

  // Resending the whole batch is safe: nothing new is stored.
  const again = await w.app.inject({ method: 'POST', url, headers: bearer(w.tokens.submit), payload: { responses: [fresh, twin] } });
  t.same(
    again.json().results.map((r: { status: number }) => r.status),
    [200, 200],
  );
  t.equal(await count(), 3);

  // 500 at once are taken; 501 are refused whole with a clear message.
  const many = Array.from({ length: 500 }, () => sipasResponse());
  const full = await w.app.inject({ method: 'POST', url, headers: bearer(w.tokens.submit), payload: { responses: many } });
  t.equal(full.statusCode, 200);
  t.ok(full.json().results.every((r: { status: number }) => r.status === 201));
  t.equal(await count(), 503);
  const over = await w.app.inject({
    method: 'POST',
    url,
    headers: bearer(w.tokens.submit),
    payload: { responses: [...many, sipasResponse()] },
  });
  t.equal(over.statusCode, 413);
  t.match(over.json(), {
    error: { status: 413, code: 'HL_BATCH_TOO_LARGE', message: 'Mỗi lô nhận tối đa 500 phiếu; lô này có 501. Hãy chia nhỏ và gửi lại.' },
  });
  t.equal(await count(), 503, 'nothing of a refused batch is stored');

  const shape = await w.app.inject({ method: 'POST', url, headers: bearer(w.tokens.submit), payload: { responses: [], extra: 1 } });
  t.equal(shape.statusCode, 422);
  t.same(
    shape
      .json()
      .errors.map((e: { path: string; code: string }) => `${e.path}:${e.code}`)
      .sort(),
    ['extra:unknown-field', 'responses:too-small'],
  );
  const notList = await w.app.inject({
    method: 'POST',
    url,
    headers: bearer(w.tokens.submit),
    payload: { responses: { id: randomUUID() } },
  });
  t.match(notList.json(), { errors: [{ path: 'responses', code: 'invalid-type' }] });
  t.equal((await w.app.inject({ method: 'POST', url, payload: { responses: [fresh] } })).statusCode, 401);
  t.equal((await w.app.inject({ method: 'POST', url, headers: bearer(w.tokens.read), payload: { responses: [fresh] } })).statusCode, 403);
});
