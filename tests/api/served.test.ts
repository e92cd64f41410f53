// POST /api/v1/served: a served-scope token only; every point in the token's subtree; all or
// nothing with each problem at its item's path in vi or en; sending the same counts again changes
// nothing (idempotent); audited; and GET /results carries the response rate as an additive field.
import t from 'tap';
import { listAudit } from '../../server/db/queries/audit.ts';
import { createApiToken } from '../../server/db/queries/api-tokens.ts';
import { localDay } from '../../server/i18n/format.ts';
import { apiWorld, bearer } from './setup.ts';

const world = await apiWorld();
const { app, tree } = world;
t.teardown(() => app.close());
const db = world.database.db;
const served = (await createApiToken(db, { name: 'một cửa', agencyId: tree.p1.id, scope: 'served' })).token;
const servedDept = (await createApiToken(db, { name: 'một cửa sở', agencyId: tree.d2.id, scope: 'served' })).token;

const post = (body: unknown, token: string | null = served, headers: Record<string, string> = {}) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/served',
    headers: { ...(token ? bearer(token) : {}), 'content-type': 'application/json', ...headers },
    payload: JSON.stringify(body),
  });
const count = async () => (await db.selectFrom('served_counts').select('served').execute()).length;

t.test('only a live served-scope token', async (t) => {
  const body = { served: [{ service_point: 'SP-XA', period: '2026-10', served: 1000 }] };
  t.equal((await post(body, null)).statusCode, 401);
  t.equal((await post(body, world.tokens.submit)).statusCode, 403, 'a submit token may not');
  t.equal((await post(body, world.tokens.read)).statusCode, 403, 'nor a read token');
  t.equal((await post(body, world.tokens.revoked)).statusCode, 401);
  t.equal(await count(), 0);
});

t.test('bad items refuse the whole request, each at its path, in vi and en', async (t) => {
  const tomorrowMonth = (() => {
    const d = new Date(`${localDay(new Date())}T00:00:00Z`);
    d.setUTCMonth(d.getUTCMonth() + 1, 1);
    return d.toISOString().slice(0, 7);
  })();
  const shapeFirst = await post({
    served: [
      { service_point: 'SP-XA', period: '2026-10', served: 1000 },
      { service_point: 'SP-XA', period: '2026-13', served: 5 },
    ],
  });
  t.equal(shapeFirst.statusCode, 422);
  t.match(shapeFirst.json(), {
    error: { code: 'HL_INVALID' },
    errors: [{ path: 'served.1.period', code: 'invalid-period', message: /Kỳ không hợp lệ/ }],
  });
  const res = await post({
    served: [
      { service_point: 'SP-XA', period: '2026-10', served: 1000 },
      { service_point: 'SP-P2', period: '2026-10', served: 5 },
      { service_point: 'SP-XA', period: tomorrowMonth, served: 5 },
      { service_point: 'SP-XA', period: '2026-10', served: 7 },
    ],
  });
  t.equal(res.statusCode, 422);
  t.same(
    res.json().errors.map((e: { path: string; code: string }) => [e.path, e.code]),
    [
      ['served.1.service_point', 'unknown-service-point'],
      ['served.2.period', 'period-in-future'],
      ['served.3.period', 'duplicate-period'],
    ],
    'every item checked, in the order sent',
  );
  t.match(res.json().errors[2].message, /mục 0/, 'the duplicate names the first item');
  t.equal(await count(), 0, 'nothing written');

  const en = await post({ served: [{ service_point: 'SP-P2', period: '2026-10', served: 5 }] }, served, { 'accept-language': 'en' });
  t.match(en.json().errors, [
    { path: 'served.0.service_point', code: 'unknown-service-point', message: 'There is no service point with this code.' },
  ]);
  const shape = await post({ served: [{ service_point: 'SP-XA', period: '2026-10', served: -1, extra: 1 }] });
  t.equal(shape.statusCode, 422);
  t.same(
    shape
      .json()
      .errors.map((e: { path: string; code: string }) => [e.path, e.code])
      .sort(),
    [
      ['served.0.extra', 'unknown-field'],
      ['served.0.served', 'too-small'],
    ],
  );
  t.equal((await post({ served: [] })).statusCode, 422, 'an empty list');
  t.equal(await count(), 0);
});

t.test('a point outside the token’s subtree is unknown', async (t) => {
  const res = await post({ served: [{ service_point: 'SP-XA', period: '2026-10', served: 5 }] }, servedDept);
  t.equal(res.statusCode, 422);
  t.match(res.json().errors, [{ path: 'served.0.service_point', code: 'unknown-service-point' }]);
});

t.test('stored, replaced, and the same request again changes nothing', async (t) => {
  const body = {
    served: [
      { service_point: 'SP-XA', period: '2026-10', served: 1000 },
      { service_point: 'SP-XA', period: '2026-11-02', served: 40 },
    ],
  };
  const first = await post(body);
  t.equal(first.statusCode, 200);
  t.same(first.json(), { rows: 2, created: 2, replaced: 0, unchanged: 0 });
  t.same((await post(body)).json(), { rows: 2, created: 0, replaced: 0, unchanged: 2 }, 'a resend is a no-op');
  const changed = await post({ served: [{ service_point: 'SP-XA', period: '2026-10', served: 1100 }] });
  t.same(changed.json(), { rows: 1, created: 0, replaced: 1, unchanged: 0 });
  const rows = await db
    .selectFrom('served_counts')
    .select(['period_kind', 'served', 'source', 'api_token_id'])
    .orderBy('period_start')
    .execute();
  t.match(rows, [
    { period_kind: 'month', served: 1100, source: 'api' },
    { period_kind: 'day', served: 40, source: 'api' },
  ]);
  const [entry] = await listAudit(db, { action: 'served.record', limit: 1 });
  t.match(entry, {
    actor_label: /^token:\d+$/,
    details: { source: 'api', replaced: 1, changes: [{ servicePoint: 'SP-XA', period: '2026-10', before: 1000, after: 1100 }] },
  });
});

t.test('GET /results carries the response rate', async (t) => {
  const res = await app.inject({
    method: 'GET',
    url: `/api/v1/results?agency=P1&from=2026-10-01&to=2026-10-31&questionnaire=sipas-2017`,
    headers: bearer(world.tokens.read),
  });
  t.equal(res.statusCode, 200);
  t.match(res.json().responseRate, {
    responses: 0,
    served: 1100,
    rate: 0,
    margin: null,
    floor: 0.05,
    belowFloor: true,
    inconsistent: false,
  });
  const none = await app.inject({
    method: 'GET',
    url: `/api/v1/results?agency=P1&from=2026-09-01&to=2026-09-30&questionnaire=sipas-2017`,
    headers: bearer(world.tokens.read),
  });
  t.equal(none.json().responseRate, null, 'no people served recorded: null, not 0');
});
