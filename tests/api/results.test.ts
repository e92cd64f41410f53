// GET /api/v1/results on the demo province: the contract (auth, scope, problems in vi and en), the
// figures equal to the engine on counts taken straight from raw responses, targets inherited with
// their verdicts, and a response submitted through the API counted once the aggregator has run.
import { randomUUID } from 'node:crypto';
import t from 'tap';
import { createApiToken } from '../../server/db/queries/api-tokens.ts';
import { findAgencyByCode } from '../../server/db/queries/agencies.ts';
import { insertTargets } from '../../server/db/queries/targets.ts';
import { createDemo } from '../../server/demo/create.ts';
import { computeIndices, verdict, DEFAULT_MIN_N } from '../../server/domain/indices.ts';
import { selectQuestionnaire } from '../../server/results/selection.ts';
import { buildTestApp } from '../helpers/app.ts';
import { rawCounts, reportable, vnDay } from '../helpers/recount.ts';
import { bearer, sipasResponse } from './setup.ts';

const NOW = new Date('2026-11-20T03:00:00Z');
const { app, database } = await buildTestApp();
t.teardown(() => app.close());
const { db } = database;
await createDemo(db, { responses: 1200, now: NOW, seed: 'api-results' });
await app.results.flush();

const kha = (await findAgencyByCode(db, 'KHA'))!;
const sxd = (await findAgencyByCode(db, 'KHA-SXD'))!;
const read = (await createApiToken(db, { name: 'ministry', agencyId: kha.id, scope: 'read' })).token;
const readSxd = (await createApiToken(db, { name: 'department', agencyId: sxd.id, scope: 'read' })).token;
const submit = (await createApiToken(db, { name: 'portal', agencyId: kha.id, scope: 'submit' })).token;

const get = (query: string, token: string | null = read, headers: Record<string, string> = {}) =>
  app.inject({ method: 'GET', url: `/api/v1/results${query}`, headers: { ...(token ? bearer(token) : {}), ...headers } });

t.test('tokens and scope', async (t) => {
  const q = '?agency=KHA&from=2026-01-01&to=2026-06-30&questionnaire=sipas-2017';
  t.equal((await get(q, null)).statusCode, 401);
  t.equal((await get(q, 'hl_nonsense')).statusCode, 401);
  const wrongScope = await get(q, submit);
  t.equal(wrongScope.statusCode, 403, 'a submit token may not read');
  const outside = await get(q, readSxd);
  t.equal(outside.statusCode, 403, 'a department token may not read its province');
  t.equal(outside.json().error.code, 'HL_OUT_OF_SCOPE');
  t.equal(outside.json().errors[0].code, 'out-of-scope');
  const inside = await get('?agency=KHA-SXD&from=2026-01-01&to=2026-06-30&questionnaire=sipas-2017', readSxd);
  t.equal(inside.statusCode, 200, 'its own subtree is readable');
});

t.test('problems are listed, in the caller’s language, never a 500', async (t) => {
  const none = await get('');
  t.equal(none.statusCode, 422);
  t.same(
    none
      .json()
      .errors.map((e: { path: string }) => e.path)
      .sort(),
    ['agency', 'from', 'questionnaire', 'to'],
  );
  t.match(none.json().errors[0].message, /Thiếu tham số/);
  const en = await get('', read, { 'accept-language': 'en' });
  t.match(en.json().errors[0].message, /required parameter/);
  const cases: [string, string, string][] = [
    ['?agency=KHA&from=2026-02-30&to=2026-06-30&questionnaire=sipas-2017', 'from', 'invalid-date'],
    ['?agency=KHA&from=2026-07-01&to=2026-06-30&questionnaire=sipas-2017', 'to', 'date-order'],
    ['?agency=KHA&from=2016-01-01&to=2026-06-30&questionnaire=sipas-2017', 'to', 'period-too-long'],
    ['?agency=NOPE&from=2026-01-01&to=2026-06-30&questionnaire=sipas-2017', 'agency', 'unknown-agency'],
    ['?agency=KHA&from=2026-01-01&to=2026-06-30&questionnaire=nope', 'questionnaire', 'unknown-questionnaire'],
    ['?agency=KHA&from=2026-01-01&to=2026-06-30&questionnaire=sipas-2017&version=9', 'version', 'unknown-version'],
    ['?agency=KHA&from=2026-01-01&to=2026-06-30&questionnaire=sipas-2017&version=x', 'version', 'invalid-version'],
    ['?agency=KHA&from=2026-01-01&to=2026-06-30&questionnaire=sipas-2017&channel=fax', 'channel', 'invalid-channel'],
    ['?agency=KHA&from=2026-01-01&to=2026-06-30&questionnaire=sipas-2017&campaign=OTHER', 'campaign', 'unknown-campaign'],
    ['?agency=%3Cx%3E&from=2026-01-01&to=2026-06-30&questionnaire=sipas-2017', 'agency', 'invalid-agency'],
  ];
  for (const [query, path, code] of cases) {
    const r = await get(query);
    t.equal(r.statusCode, 422, query);
    t.ok(
      r.json().errors.some((e: { path: string; code: string }) => e.path === path && e.code === code),
      `${query}: ${path} ${code}`,
    );
  }
});

t.test('the figures equal the engine on a recount from raw responses', async (t) => {
  const sipas = await db.selectFrom('questionnaires').select('id').where('code', '=', 'sipas-2017').executeTakeFirstOrThrow();
  const selection = await selectQuestionnaire(db, Number(sipas.id));
  const raw = await reportable(db);
  const paths = new Map((await db.selectFrom('agencies').select(['id', 'path']).execute()).map((a) => [Number(a.id), a.path]));
  for (const [agency, from, to] of [
    [kha, '2025-11-01', '2026-10-31'],
    [sxd, '2026-02-10', '2026-09-20'],
  ] as const) {
    const r = await get(`?agency=${agency.code}&from=${from}&to=${to}&questionnaire=sipas-2017`);
    t.equal(r.statusCode, 200);
    const body = r.json();
    const expected = computeIndices(
      selection.definition,
      selection.rule,
      rawCounts(
        raw,
        (x) => {
          const day = vnDay(x.submitted_at);
          return (
            selection.versionIds.includes(x.questionnaire_version_id) &&
            paths.get(x.agency_id)!.startsWith(agency.path) &&
            day >= from &&
            day <= to
          );
        },
        selection,
      ),
    );
    t.ok(expected.responses > 0);
    t.equal(body.responses, expected.responses, `${agency.code}: responses`);
    t.same(body.agency, { code: agency.code, name: agency.name_vi });
    t.same(body.questionnaire, { code: 'sipas-2017', version: 1, versionsPooled: true });
    t.equal(body.rule, 'criterion-mean');
    const pick = (i: { code: string; share: number | null; n: number; noOpinion: number; blank: number; interval: unknown }) => [
      i.code,
      i.share,
      i.n,
      i.noOpinion,
      i.blank,
      i.interval,
    ];
    t.same(pick(body.overall), pick(expected.overall), `${agency.code}: overall`);
    t.same(body.elements.map(pick), expected.elements.map(pick), `${agency.code}: elements`);
    t.same(body.criteria.map(pick), expected.criteria.map(pick), `${agency.code}: criteria`);
    t.equal(body.elements.length, 5);
    t.equal(body.criteria.length, 22);
    // Issue 16's additive fields: no minimums set, so nothing is below one; the rules side by side.
    t.same(body.minimums, { criterion: 1, element: 1, overall: 1 }, `${agency.code}: minimums`);
    t.ok(
      [body.overall, ...body.elements, ...body.criteria].every(
        (i: { belowMinimum: boolean; leftOutBelowMinimum: string[] }) => i.belowMinimum === false && i.leftOutBelowMinimum.length === 0,
      ),
      `${agency.code}: nothing below its minimum`,
    );
    t.same(
      body.rules.map((r: { rule: string; official: boolean }) => [r.rule, r.official]),
      [
        ['criterion-mean', true],
        ['overall-question', false],
        ['units-equal', false],
      ],
    );
    t.equal(body.rules[0].share, body.overall.share, `${agency.code}: the official rule is the overall`);
  }
});

t.test('targets are inherited by the subtree and give verdicts', async (t) => {
  await insertTargets(db, [
    {
      agencyId: kha.id,
      questionnaireId: null,
      periodFrom: '2026-01-01',
      periodTo: '2026-12-31',
      indexCode: 'overall',
      comparator: '>',
      threshold: 0.8,
    },
    {
      agencyId: kha.id,
      questionnaireId: null,
      periodFrom: '2026-01-01',
      periodTo: '2026-12-31',
      indexCode: 'E1',
      comparator: '>=',
      threshold: 0.99,
    },
  ]);
  // A unit with no target of its own inherits the province's; the demo gives some units their own.
  const own = new Set((await db.selectFrom('targets').select('agency_id').execute()).map((r) => Number(r.agency_id)));
  const heir = (await db.selectFrom('agencies').selectAll().where('parent_id', '=', kha.id).orderBy('code').execute()).find(
    (a) => !own.has(Number(a.id)),
  )!;
  t.ok(heir, 'a unit without a target of its own');
  for (const agency of [kha, heir]) {
    const body = (await get(`?agency=${agency.code}&from=2026-01-01&to=2026-10-31&questionnaire=sipas-2017`)).json();
    t.same(body.overall.target, { comparator: '>', threshold: 0.8 }, `${agency.code} has the province’s target`);
    const v = verdict(body.overall, { comparator: '>', threshold: 0.8 }, DEFAULT_MIN_N);
    t.equal(body.overall.verdict, v.status);
    t.equal(body.overall.clear, 'clear' in v ? v.clear : null);
    const e1 = body.elements.find((e: { code: string }) => e.code === 'E1');
    t.same(e1.target, { comparator: '>=', threshold: 0.99 });
    if (e1.n >= DEFAULT_MIN_N) t.equal(e1.verdict, 'not-met', 'no unit reaches 99%');
    t.equal(body.elements.find((e: { code: string }) => e.code === 'E2').verdict, 'no-target');
  }
  const small = (await get(`?agency=${sxd.code}&from=2026-10-01&to=2026-10-02&questionnaire=sipas-2017`)).json();
  t.equal(small.overall.verdict, small.overall.n < DEFAULT_MIN_N ? 'insufficient' : small.overall.verdict, 'a small sample has no verdict');
});

t.test('a response submitted through the API is counted once the aggregator ran', async (t) => {
  const body = sipasResponse({ id: randomUUID(), service_point: 'KHA-SXD-MC' });
  // The day it was given, not today: an hour ago is yesterday between 00:00 and 01:00 in Viet Nam.
  const day = vnDay(new Date(String(body['submitted_at'])));
  const q = `?agency=KHA&from=${day}&to=${day}&questionnaire=sipas-2017`;
  const before = (await get(q)).json().responses;
  const sent = await app.inject({ method: 'POST', url: '/api/v1/responses', headers: bearer(submit), payload: body });
  t.equal(sent.statusCode, 201, sent.body);
  await app.results.flush();
  t.equal((await get(q)).json().responses, before + 1);
  // Sent again: stored once, counted once.
  await app.inject({ method: 'POST', url: '/api/v1/responses', headers: bearer(submit), payload: body });
  await app.results.flush();
  t.equal((await get(q)).json().responses, before + 1);
});
